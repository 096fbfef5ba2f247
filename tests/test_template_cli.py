"""``convgen template check``: an institution's Word template against the contract."""

import importlib.util
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from convgen.cli import main

from conftest import ROOT

TEMPLATES = ROOT / "src" / "convgen" / "templates"


pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("convgen.rendering.template_check") is None,
    reason="convgen.rendering.template_check (check_template) is not written yet",
)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def _with_unknown_variable(tmp_path: Path) -> Path:
    """The shipped convention template, with a variable the contract does not know."""
    source = TEMPLATES / "convention.docx"
    target = tmp_path / "institution.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, sep, tail = text.partition("<w:body>")
                assert sep
                paragraph = "<w:p><w:r><w:t>{{ variable_inconnue }}</w:t></w:r></w:p>"
                data = (head + sep + paragraph + tail).encode("utf-8")
            new.writestr(item, data)
    return target


@pytest.mark.parametrize("kind", ["convention", "deliberation"])
def test_the_shipped_templates_are_clean(kind: str) -> None:
    result = invoke("template", "check", str(TEMPLATES / f"{kind}.docx"), "--kind", kind)
    assert result.exit_code == 0, result.output
    assert "CG80" not in result.stdout


def test_an_unknown_variable_is_a_finding(tmp_path: Path) -> None:
    template = _with_unknown_variable(tmp_path)
    result = invoke("template", "check", str(template), "--kind", "convention")
    assert "variable_inconnue" in result.stdout
    assert "CG80" in result.stdout
    report = json.loads(invoke("template", "check", str(template), "--format", "json").stdout)
    findings = report["files"][0]["findings"]
    assert findings and all(f["code"].startswith("CG80") for f in findings)
    errors = any(f["severity"] == "error" for f in findings)
    assert result.exit_code == (1 if errors else 0)


def test_an_unreadable_template(tmp_path: Path) -> None:
    broken = tmp_path / "modèle.docx"
    broken.write_text("pas un document Word", encoding="utf-8")
    result = invoke("template", "check", str(broken))
    assert result.exit_code == 2
    assert result.stderr.startswith("convgen : ")
    assert result.stdout == ""  # the text report leaves an unreadable file to stderr
    sarif = invoke("template", "check", str(broken), "--format", "sarif")
    assert sarif.exit_code == 2
    [run] = json.loads(sarif.stdout)["runs"]
    assert [r["level"] for r in run["results"]] == ["error"]


def test_a_copy_of_a_template_says_its_own_name(tmp_path: Path) -> None:
    copy = tmp_path / "copie.docx"
    shutil.copy(TEMPLATES / "convention.docx", copy)
    result = invoke("template", "check", str(copy), "--kind", "convention")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{copy} : aucune erreur")
