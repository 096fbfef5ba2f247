"""Annexes that are other convgen documents of the project (``document:``): followed by
the check (CG707-CG713), listed under their title, joined to the PDF."""

import copy
from pathlib import Path

import pytest
from click.testing import CliRunner

from convgen.checking.check import check_file
from convgen.cli import main
from convgen.foundation.findings import Severity
from convgen.rendering import render
from convgen.rendering.ooxml import document_paragraphs

from conftest import DELIBERATION, MINIMAL, dump


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with a convention-cadre in cadre/ and an application
    convention in app/ that annexes it."""
    (tmp_path / "convgen.toml").write_text("", encoding="utf-8")
    (tmp_path / "cadre").mkdir()
    (tmp_path / "app").mkdir()
    cadre = copy.deepcopy(MINIMAL)
    cadre["title"] = {"kind": "Convention cadre de partenariat", "name": "Essai",
                      "period": {"from": 2024, "to": 2026}}  # fmt: skip
    write(tmp_path / "cadre" / "convention-cadre.yaml", cadre)
    write(tmp_path / "app" / "convention.yaml", application())
    return tmp_path


def write(path: Path, data) -> Path:
    path.write_text(dump(data), encoding="utf-8")
    return path


def application(annexes=None, *, status: str = "final"):
    data = copy.deepcopy(MINIMAL)
    data["status"] = status
    data["annexes"] = (
        annexes
        if annexes is not None
        else [{"key": "convention-cadre", "document": "../cadre/convention-cadre.yaml"}]
    )
    return data


def _codes(result, prefix="CG7"):
    return [f.code for f in result.findings if f.code.startswith(prefix)]


def test_a_sound_annexed_document_is_followed_and_titled(project: Path) -> None:
    result = check_file(project / "app" / "convention.yaml")
    assert [f for f in result.findings if f.severity >= Severity.WARNING] == []
    annex = result.convention.annexes[0]
    assert annex.annexed is not None and annex.annexed.kind == "convention"
    assert annex.annexed.result.convention.title.name == "Essai"
    paragraphs = document_paragraphs(render(result.convention)[0])
    assert "Annexe 1 : Convention cadre de partenariat 2024-2026 — Essai" in [
        p.replace("\u00a0", " ") for p in paragraphs
    ]


def test_a_written_title_wins(project: Path) -> None:
    annexes = [
        {"key": "cadre", "title": "Convention cadre", "document": "../cadre/convention-cadre.yaml"}
    ]
    write(project / "app" / "convention.yaml", application(annexes))
    paragraphs = document_paragraphs(
        render(check_file(project / "app" / "convention.yaml").convention)[0]
    )
    assert "Annexe 1\u00a0: Convention cadre" in paragraphs


def test_cg707_missing_document(project: Path) -> None:
    annexes = [{"key": "cadre", "title": "Cadre", "document": "../cadre/absente.yaml"}]
    write(project / "app" / "convention.yaml", application(annexes, status="draft"))
    result = check_file(project / "app" / "convention.yaml")
    [finding] = [f for f in result.findings if f.code == "CG707"]
    assert finding.severity == Severity.WARNING
    assert finding.message.startswith("document annexé introuvable : ../cadre/absente.yaml")
    assert finding.path == ("annexes", 0, "document")
    write(project / "app" / "convention.yaml", application(annexes, status="final"))
    [finding] = [
        f for f in check_file(project / "app" / "convention.yaml").findings if f.code == "CG707"
    ]
    assert finding.severity == Severity.ERROR


def test_cg708_document_outside_the_project(project: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("ailleurs") / "x.yaml"
    write(elsewhere, MINIMAL)
    annexes = [{"key": "x", "title": "X", "document": str(elsewhere)},
               {"key": "y", "title": "Y", "document": "../../y.yaml"}]  # fmt: skip
    write(project / "app" / "convention.yaml", application(annexes, status="draft"))
    result = check_file(project / "app" / "convention.yaml")
    found = [f for f in result.findings if f.code == "CG708"]
    assert [f.severity for f in found] == [Severity.ERROR, Severity.ERROR]
    assert "chemin absolu" in found[0].message
    assert "sort du dossier du projet" in found[1].message


def test_cg709_unreadable_document(project: Path) -> None:
    (project / "cadre" / "convention-cadre.yaml").write_text("document: [convention\n", "utf-8")
    result = check_file(project / "app" / "convention.yaml")
    [finding] = [f for f in result.findings if f.code == "CG709"]
    assert finding.message.startswith("document annexé illisible (../cadre/convention-cadre.yaml)")


def test_cg710_not_a_convention_nor_a_deliberation(project: Path) -> None:
    (project / "cadre" / "convention-cadre.yaml").write_text("document: party\nid: x\n", "utf-8")
    result = check_file(project / "app" / "convention.yaml")
    [finding] = [f for f in result.findings if f.code == "CG710"]
    assert "(« document: party »)" in finding.message


def test_cg711_the_annexed_document_has_errors(project: Path) -> None:
    cadre = copy.deepcopy(MINIMAL)
    cadre["signature"]["copies"] = 1  # CG301: fewer originals than signatories
    write(project / "cadre" / "convention-cadre.yaml", cadre)
    result = check_file(project / "app" / "convention.yaml")
    assert _codes(result) == ["CG711"]
    [finding] = [f for f in result.findings if f.code == "CG711"]
    assert finding.severity == Severity.ERROR  # a final version
    assert finding.message.startswith(
        "le document annexé « ../cadre/convention-cadre.yaml » comporte 1 erreur (convgen check"
    )


def test_cg712_a_document_that_annexes_itself_or_a_cycle(project: Path) -> None:
    annexes = [{"key": "moi", "title": "Moi", "document": "convention.yaml"}]
    write(project / "app" / "convention.yaml", application(annexes, status="draft"))
    result = check_file(project / "app" / "convention.yaml")
    [finding] = [f for f in result.findings if f.code == "CG712"]
    assert finding.message == "« convention.yaml » s'annexe lui-même : retirez cette annexe"
    # a cycle through another document: reported once, not counted as its error
    back = application(
        [{"key": "app", "title": "Application", "document": "../app/convention.yaml"}]
    )
    write(project / "cadre" / "convention-cadre.yaml", back)
    write(project / "app" / "convention.yaml", application())
    result = check_file(project / "app" / "convention.yaml")
    assert _codes(result) == ["CG712"]
    [finding] = result.findings
    assert finding.message == (
        "les documents s'annexent en boucle : « convention.yaml » → « convention-cadre.yaml » → "
        "« convention.yaml » ; retirez l'une de ces annexes"
    )


def test_cg713_a_final_version_annexing_a_draft(project: Path) -> None:
    cadre = copy.deepcopy(MINIMAL)
    cadre["status"] = "draft"
    write(project / "cadre" / "convention-cadre.yaml", cadre)
    result = check_file(project / "app" / "convention.yaml")
    assert _codes(result) == ["CG713"]
    assert result.findings[0].severity == Severity.WARNING
    write(project / "app" / "convention.yaml", application(status="draft"))
    assert _codes(check_file(project / "app" / "convention.yaml")) == []


def test_a_deliberation_may_be_annexed(project: Path) -> None:
    write(project / "cadre" / "deliberation.yaml", DELIBERATION)
    annexes = [{"key": "deliberation", "document": "../cadre/deliberation.yaml"}]
    write(project / "app" / "convention.yaml", application(annexes))
    result = check_file(project / "app" / "convention.yaml")
    assert _codes(result) == []
    paragraphs = [
        p.replace("\u00a0", " ") for p in document_paragraphs(render(result.convention)[0])
    ]
    assert (
        "Annexe 1 : Délibération n° 2022-03-10-001 du conseil municipal de la Ville d'Essai "
        "du 10 mars 2022"
    ).replace("'", "\u2019") in paragraphs


def test_cg714_an_annex_names_a_file_or_a_document_not_both(project: Path) -> None:
    annexes = [
        {"key": "x", "title": "X", "file": "x.pdf", "document": "../cadre/convention-cadre.yaml"}
    ]
    write(project / "app" / "convention.yaml", application(annexes))
    result = check_file(project / "app" / "convention.yaml")
    [finding] = [f for f in result.findings if f.code == "CG714"]
    assert finding.severity == Severity.ERROR
    assert finding.path == ("annexes", 0, "document")
    assert "à la fois un fichier (« file ») et un document" in finding.message


def test_cli_check_and_build(project: Path) -> None:
    runner = CliRunner()
    source = project / "app" / "convention.yaml"
    checked = runner.invoke(main, ["check", str(source)])
    assert checked.exit_code == 0, checked.output
    out = project / "out" / "convention.docx"
    built = runner.invoke(main, ["build", str(source), "-o", str(out)])
    assert built.exit_code == 0, built.output
    paragraphs = [p.replace("\u00a0", " ") for p in document_paragraphs(out.read_bytes())]
    assert "Annexe 1 : Convention cadre de partenariat 2024-2026 — Essai" in paragraphs
    annexes = [{"key": "moi", "title": "Moi", "document": "convention.yaml"}]
    write(source, application(annexes))
    refused = runner.invoke(main, ["check", str(source)])
    assert refused.exit_code == 1
    assert "erreur CG712" in refused.output


def test_build_pdf_joins_the_annexed_document_after_the_convention(project: Path) -> None:
    from pypdf import PdfReader

    from conftest import soffice_or_skip

    soffice_or_skip()
    cadre = project / "cadre" / "convention-cadre.yaml"
    data = copy.deepcopy(MINIMAL)
    data["title"] = {"kind": "Convention cadre de partenariat", "name": "Cadre régional"}
    data["articles"][0]["body"] = ["Texte propre à la convention cadre."]
    write(cadre, data)
    annexes = [
        {"key": "cadre", "document": "../cadre/convention-cadre.yaml"},
        {"key": "absente", "title": "Absente", "document": "../cadre/absente.yaml"},
    ]
    source = write(project / "app" / "convention.yaml", application(annexes, status="draft"))
    out = project / "out" / "convention.docx"
    built = CliRunner().invoke(main, ["build", str(source), "--pdf", "-o", str(out)])
    assert built.exit_code == 0, built.output
    assert "Pièce non jointe : Annexe 2 « Absente »" in built.output
    pages = [
        " ".join(p.extract_text().replace("\u00a0", " ").split())
        for p in PdfReader(out.with_suffix(".pdf")).pages
    ]
    own = next(i for i, text in enumerate(pages) if "Texte propre à la convention cadre." in text)
    assert "Liste des annexes" in " ".join(pages[:own])  # the convention comes first
    assert "Pièce non jointe à ce projet" in pages[-1]


def test_the_annexed_document_is_an_input_of_the_build(project: Path) -> None:
    from convgen.building.build import inputs

    result = check_file(project / "app" / "convention.yaml")
    cadre = (project / "cadre" / "convention-cadre.yaml").resolve()
    for pdf in (False, True):  # its title is in the .docx, its pages in the PDF
        assert cadre in [p.resolve() for p in inputs(result, None, pdf=pdf)]
