"""The documentation says what the code does."""

import re
import subprocess
import sys

import pytest

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


@pytest.mark.parametrize(
    ("kind", "guide"), [("convention", "format.md"), ("deliberation", "deliberation.md")]
)
def test_the_format_guides_cover_every_top_level_field(kind: str, guide: str) -> None:
    text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
    for name in resources.schema(kind)["properties"]:
        assert re.search(rf"^\s*{name}:", text, re.MULTILINE), f"docs/{guide}: « {name}: » ?"


@pytest.mark.parametrize(
    "command",
    [
        "convgen build conventions/saint-dizier-deliberation.yaml -o sortie/",
        "convgen check tests/fixtures/invalid/deliberation-pouvoir-mal-orthographie.yaml",
    ],
)
def test_readme_deliberation_samples_are_the_real_output(command: str, tmp_path) -> None:
    sample = re.search(rf"```console\n\$ {re.escape(command)}\n(.*?)```", README, re.DOTALL)
    assert sample is not None
    arguments = command.split()[1:]
    if "-o" in arguments:
        arguments[arguments.index("-o") + 1] = str(tmp_path) + "/"
    completed = subprocess.run(
        [sys.executable, "-m", "convgen", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    expected = sample.group(1).replace("sortie/", str(tmp_path) + "/")
    assert completed.stdout == expected


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in script and "n == 2" in script
