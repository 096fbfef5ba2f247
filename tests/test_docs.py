"""The documentation says what the code does."""

import re
import subprocess
import sys

from convgen import resources

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_has_the_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.DOTALL)
    assert len(blocks) == 2
    install_and_build, install_and_test = (b.strip() for b in blocks)
    assert install_and_build.endswith("convgen build conventions/saint-dizier.yaml")
    assert install_and_test.endswith("pytest")
    assert "\n" not in install_and_build and "\n" not in install_and_test


def test_readme_check_sample_is_the_real_output() -> None:
    sample = re.search(
        r"```console\n\$ convgen check conventions/saint-dizier.yaml\n(.*?)```", README, re.DOTALL
    )
    assert sample is not None
    completed = subprocess.run(
        [sys.executable, "-m", "convgen", "check", "conventions/saint-dizier.yaml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert completed.stdout == sample.group(1)


def test_the_format_guide_covers_every_top_level_field() -> None:
    guide = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for name in resources.schema("convention")["properties"]:
        assert re.search(rf"^\s*{name}:", guide, re.MULTILINE), f"docs/format.md: « {name}: » ?"


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in script and "n == 2" in script
