"""convgen diff through the command line: formats, outputs, exit status, git revisions."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from convgen.cli import main
from convgen.rendering.ooxml import document_paragraphs
from convgen.review.docx import accept_all, reject_all

from conftest import ROOT
from review_cases import CONVENTION_CASES, write_pair


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_exit_status_like_diff(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "rates-and-notice")
    assert invoke("diff", str(old), str(old)).exit_code == 0
    result = invoke("diff", str(old), str(new))
    assert result.exit_code == 1
    assert (
        "Article 7 — Résiliation (clause de résiliation) : préavis : trois mois → six mois"
        in result.stdout
    )
    assert invoke("diff", str(old), str(tmp_path / "absent.yaml")).exit_code == 2
    deliberation = ROOT / "conventions" / "saint-dizier-deliberation.yaml"
    mixed = invoke("diff", str(old), str(deliberation))
    assert mixed.exit_code == 2 and "pas du même type" in mixed.stderr
    assert invoke("diff", str(old), str(new), "--date", "hier").exit_code == 2


def test_text_marks_changed_words(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "commitment-reworded")
    result = invoke("diff", str(old), str(new))
    assert (
        "      Participer{+ activement+} aux instances de gouvernance du territoire."
        in result.stdout
    )


def test_json_follows_its_schema(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "rates-and-notice")
    report = json.loads(invoke("diff", "--format", "json", str(old), str(new)).stdout)
    schema = json.loads((ROOT / "schemas" / "review.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert report["identical"] is False
    assert report["sections"][0]["title"] == "Engagements de la Préfecture de Région Grand Est"


def test_markdown(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "rates-and-notice")
    markdown = invoke("diff", "--format", "markdown", str(old), str(new)).stdout
    assert "## Durées et préavis" in markdown
    assert (
        "- **Article 7 — Résiliation (clause de résiliation) : préavis** : ~~trois mois~~ → **six mois**"
        in markdown
    )


def test_docx_and_html_outputs(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "rates-and-notice")
    docx, html = tmp_path / "relecture.docx", tmp_path / "relecture.html"
    result = invoke(
        "diff",
        str(old),
        str(new),
        "--docx",
        str(docx),
        "--html",
        str(html),
        "--author",
        "Juriste",
        "--date",
        "2026-11-22",
    )
    assert result.exit_code == 1
    assert f"Modifications suivies : {docx} (6 révisions)" in result.stderr
    data = docx.read_bytes()
    assert "préavis de six mois" in "\n".join(document_paragraphs(accept_all(data)))
    assert "préavis de trois mois" in "\n".join(document_paragraphs(reject_all(data)))
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "<del>trois</del><ins>six</ins>" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # self-contained
    assert "<style>" in page and "@media print" in page


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git n'est pas installé")
def test_git_revisions(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    (repo / "conventions").mkdir(parents=True)
    target = repo / "conventions" / "saint-dizier.yaml"
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "relecture@example.invalid")
    _git(repo, "config", "user.name", "Relecture")
    target.write_text(
        (ROOT / "conventions" / "saint-dizier.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "projet")
    target.write_text(CONVENTION_CASES["rates-and-notice"], encoding="utf-8")
    _git(repo, "commit", "-qam", "taux et préavis")
    completed = subprocess.run(
        [sys.executable, "-m", "convgen", "diff", "HEAD~1:conventions/saint-dizier.yaml", "HEAD:conventions/saint-dizier.yaml"],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 1, completed.stderr
    assert (
        "Comparaison : HEAD~1:conventions/saint-dizier.yaml → HEAD:conventions/saint-dizier.yaml"
        in completed.stdout
    )
    assert "trois mois → six mois" in completed.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "convgen", "diff", "HEAD~5:conventions/saint-dizier.yaml", "conventions/saint-dizier.yaml"],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert missing.returncode == 2
    assert missing.stderr.startswith("convgen : git : ")


def test_a_version_that_cannot_be_laid_out_still_gets_its_summary(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "rates-and-notice")
    broken = new.read_text(encoding="utf-8").replace(
        "    notice: {months: 6}", "    notice: six mois"
    )
    new.write_text(broken, encoding="utf-8")
    docx, html = tmp_path / "relecture.docx", tmp_path / "relecture.html"
    result = invoke("diff", str(old), str(new), "--docx", str(docx), "--html", str(html))
    assert result.exit_code == 2
    assert "Durées et préavis" in result.stdout  # the summary is there
    assert "pas de document mis en forme" in result.stderr
    assert not docx.exists()
    page = html.read_text(encoding="utf-8")
    assert "Durées et préavis" in page and '<main class="document">' not in page


def test_no_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from convgen.reporting import review_reporter
    from convgen.reporting.terminal import colours

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert colours(sys.stdout) is False
    monkeypatch.setenv("NO_COLOR", "")  # set but empty: no-color.org says it does not count
    assert colours(sys.stdout) is True
    monkeypatch.delenv("NO_COLOR")
    assert colours(sys.stdout) is True
    assert review_reporter("text", colour=True).colour is True
    assert review_reporter("json", colour=True).colour is False  # a format without colours
