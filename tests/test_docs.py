"""The documentation says what the code does."""

import re
import shlex
import shutil
import subprocess
import sys

import pytest

from convgen.foundation import resources

from conftest import ROOT, SHAPES

# The six kinds of conventions of conventions/ (tests/test_shapes.py), not the programme.

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_has_the_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.DOTALL)
    assert len(blocks) == 2
    install_and_build, install_and_test = (b.strip() for b in blocks)
    assert install_and_build.endswith("convgen build conventions/saint-dizier.yaml")
    # the whole suite, on every core (pytest-xdist, which the test lock installs)
    assert install_and_test.endswith(".venv/bin/pytest -n auto")
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
    ("kind", "guide"),
    [("convention", "format.md"), ("deliberation", "deliberation.md"), ("avenant", "avenant.md")],
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


def _replay_review_sample(repo, sample: str) -> str:
    """Run the README's review session in a fresh repository; return what convgen prints."""
    from review_cases import CONVENTION_CASES, SAINT_DIZIER

    def run(arguments: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(arguments, cwd=repo, capture_output=True, text=True, check=False)

    (repo / "conventions").mkdir(parents=True)
    target = repo / "conventions" / "saint-dizier.yaml"
    target.write_text(SAINT_DIZIER, encoding="utf-8")
    run(["git", "init", "-q"])
    for key, value in (("user.email", "relecture@example.invalid"), ("user.name", "Relecture")):
        run(["git", "config", key, value])
    run(["git", "add", "."])
    commands = re.findall(r"^\$ (.*)$", sample, re.MULTILINE)
    assert [c.split()[:2] for c in commands] == [
        ["git", "commit"],
        ["git", "commit"],
        ["convgen", "diff"],
    ]
    assert run(shlex.split(commands[0])).returncode == 0
    target.write_text(CONVENTION_CASES["rates-and-notice"], encoding="utf-8")
    assert run(shlex.split(commands[1])).returncode == 0
    completed = run([sys.executable, "-m", "convgen", *shlex.split(commands[2])[1:]])
    assert completed.returncode == 1, completed.stderr
    return completed.stdout + completed.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git n'est pas installé")
def test_readme_review_sample_is_the_real_output(tmp_path) -> None:
    sample = re.search(r"```console\n(\$ git commit .*?\$ convgen diff .*?)```", README, re.DOTALL)
    assert sample is not None
    session = sample.group(1)
    printed = _replay_review_sample(tmp_path, session)
    assert session.split("\n", 3)[3] == printed
    assert (tmp_path / "relecture.docx").is_file() and (tmp_path / "relecture.html").is_file()


def test_review_guide_json_sample_follows_the_schema() -> None:
    import json

    import jsonschema

    guide = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    sample = re.search(r"```json\n(.*?)```", guide, re.DOTALL)
    assert sample is not None
    schema = json.loads((ROOT / "schemas" / "review.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(sample.group(1)), schema)


def _programme_build(tmp_path, monkeypatch) -> str:
    """``convgen build conventions/ -o sortie/`` in a fresh copy of the conventions."""
    from click.testing import CliRunner

    from convgen.cli import main

    project = tmp_path / "projet"
    shutil.copytree(
        ROOT / "conventions",
        project / "conventions",
        # the programme the README shows (the six kinds are tests/test_shapes.py's)
        ignore=shutil.ignore_patterns("sortie", *SHAPES),
    )
    for stale in (project / "conventions").glob("*.docx"):
        stale.unlink()
    (project / "convgen.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "conventions/", "-o", "sortie/"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_readme_programme_samples_are_real(tmp_path, monkeypatch) -> None:
    chaumont = (ROOT / "conventions" / "chaumont.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{chaumont}```" in README
    sample = re.search(r"\$ convgen build conventions/ -o sortie/\n(.*?)```", README, re.DOTALL)
    assert sample is not None
    assert _programme_build(tmp_path, monkeypatch) == sample.group(1)


def test_programme_guide_check_sample_is_real() -> None:
    guide = (ROOT / "docs" / "programme.md").read_text(encoding="utf-8")
    sample = re.search(r"\$ convgen check conventions/epinal.yaml\n(.*?)…\n", guide, re.DOTALL)
    assert sample is not None
    completed = subprocess.run(
        [sys.executable, "-m", "convgen", "check", "conventions/epinal.yaml"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert completed.stdout.startswith(sample.group(1))


def test_readme_benchmark_figures_are_the_recorded_results() -> None:
    import json

    section = README[README.index("## Performances") : README.index("## Relire")]
    for size in (100, 1000):
        results = json.loads((ROOT / "benchmarks" / "results" / f"run-{size}.json").read_text())
        assert results["n"] == size
        for key in ("check_vs_check_jsonschema", "build_vs_docxtpl", "pdf_vs_soffice"):
            shown = f"{results[key]:.2f}".replace(".", ",")
            assert shown in section, (size, key, shown)
