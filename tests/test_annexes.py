"""Annex files: resolved beside the YAML file, kept inside the project, readable (CG701-CG704)."""

import os
from pathlib import Path

import pytest

from convgen.checking.check import check_file
from convgen.foundation.findings import Severity
from convgen.foundation.paths import project_root, resolve
from convgen.model.annexes import annex_source

from conftest import ROOT, blank_pdf, codes, dump


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder (it has a convgen.toml) with a conventions/ folder."""
    (tmp_path / "convgen.toml").write_text("", encoding="utf-8")
    (tmp_path / "conventions" / "annexes").mkdir(parents=True)
    return tmp_path


def check_with_annexes(project: Path, minimal, annexes, *, status: str = "draft"):
    minimal["status"] = status
    minimal["annexes"] = annexes
    source = project / "conventions" / "essai.yaml"
    source.write_text(dump(minimal), encoding="utf-8")
    return check_file(source)


def test_project_root_is_the_nearest_marked_folder(project: Path, tmp_path_factory) -> None:
    source = project / "conventions" / "essai.yaml"
    assert project_root(source) == project.resolve()
    lone = tmp_path_factory.mktemp("seul") / "x.yaml"
    assert project_root(lone) == lone.parent.resolve()


def test_resolve_refuses_what_leaves_the_project(project: Path, tmp_path: Path) -> None:
    source = project / "conventions" / "essai.yaml"
    assert resolve(source, "annexes/a.pdf").usable
    assert resolve(source, "../commun/a.pdf").usable  # still inside the project
    outside = resolve(source, "../../a.pdf")
    assert not outside.usable and "par « .. »" in (outside.problem or "")
    absolute = resolve(source, "/etc/passwd")
    assert not absolute.usable and "chemin absolu" in (absolute.problem or "")
    secret = tmp_path.parent / "secret.pdf"
    (project / "conventions" / "annexes" / "lien.pdf").symlink_to(secret)
    linked = resolve(source, "annexes/lien.pdf")
    assert not linked.usable and "lien symbolique" in (linked.problem or "")


def test_files_that_can_be_joined_raise_nothing(project: Path, minimal) -> None:
    folder = project / "conventions" / "annexes"
    (folder / "plan.pdf").write_bytes(blank_pdf(2))
    (folder / "note.docx").write_bytes((ROOT / "templates" / "convention.docx").read_bytes())
    result = check_with_annexes(
        project,
        minimal,
        [
            {"key": "plan", "title": "Plan", "file": "annexes/plan.pdf"},
            {"key": "note", "title": "Note", "file": "annexes/note.docx"},
            {"key": "budget", "title": "Budget", "body": ["Le budget."]},
        ],
        status="final",
    )
    assert [c for c in codes(result) if c.startswith("CG7")] == []


@pytest.mark.parametrize(
    ("status", "severity"), [("draft", Severity.WARNING), ("final", Severity.ERROR)]
)
def test_missing_file_and_missing_annex(project: Path, minimal, status, severity) -> None:
    result = check_with_annexes(
        project,
        minimal,
        [
            {"key": "plan", "title": "Plan", "file": "annexes/plan.pdf"},
            {"key": "note", "title": "Note"},
        ],
        status=status,
    )
    found = {f.code: f for f in result.findings if f.code.startswith("CG7")}
    assert set(found) == {"CG701", "CG704"}
    assert found["CG701"].severity == severity == found["CG704"].severity
    assert found["CG701"].message.startswith("fichier introuvable : annexes/plan.pdf")
    assert found["CG701"].path == ("annexes", 0, "file")
    assert found["CG701"].subject == "Annexe 1 — Plan"
    assert (found["CG701"].line, found["CG701"].column) == (
        result.document.position(("annexes", 0, "file")).line,
        result.document.position(("annexes", 0, "file")).column,
    )
    assert ("pièce non jointe" in found["CG704"].message) is (status == "draft")


def test_a_path_outside_the_project_is_an_error_even_in_a_draft(project: Path, minimal) -> None:
    (project.parent / "ailleurs.pdf").write_bytes(blank_pdf())
    result = check_with_annexes(
        project, minimal, [{"key": "plan", "title": "Plan", "file": "../../ailleurs.pdf"}]
    )
    [finding] = [f for f in result.findings if f.code.startswith("CG7")]
    assert finding.code == "CG702" and finding.severity == Severity.ERROR
    assert "sort du dossier du projet" in finding.message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("plan.txt", b"du texte", "seuls les fichiers .pdf et .docx"),
        ("plan.pdf", b"%PDF-1.7 pas vraiment", "n'est pas un PDF lisible"),
        ("plan.pdf", None, "protégé par un mot de passe"),
        ("plan.docx", b"PK pas un zip", "n'est pas un document Word"),
    ],
)
def test_unreadable_files(project: Path, minimal, name, content, expected) -> None:
    target = project / "conventions" / "annexes" / name
    target.write_bytes(content if content is not None else blank_pdf(password="secret"))
    result = check_with_annexes(
        project, minimal, [{"key": "plan", "title": "Plan", "file": f"annexes/{name}"}]
    )
    [finding] = [f for f in result.findings if f.code.startswith("CG7")]
    assert finding.code == "CG703" and expected in finding.message


def test_a_gap_in_place_of_a_file_is_reported_once(project: Path, minimal) -> None:
    result = check_with_annexes(
        project, minimal, [{"key": "plan", "title": "Plan", "file": "À définir"}]
    )
    assert [c for c in codes(result) if c.startswith(("CG7", "CG1"))] == ["CG101"]
    source = annex_source(project / "conventions" / "essai.yaml", result.model.annexes[0])
    assert source.problem == "fichier à indiquer" and not source.provided


@pytest.mark.skipif(os.name == "nt", reason="liens symboliques")
def test_a_symbolic_link_inside_the_project_is_fine(project: Path, minimal) -> None:
    real = project / "commun" / "plan.pdf"
    real.parent.mkdir()
    real.write_bytes(blank_pdf())
    (project / "conventions" / "annexes" / "plan.pdf").symlink_to(real)
    result = check_with_annexes(
        project, minimal, [{"key": "plan", "title": "Plan", "file": "annexes/plan.pdf"}]
    )
    assert [c for c in codes(result) if c.startswith("CG7")] == []


def test_a_shared_folder_outside_the_project_can_be_allowed(project: Path, minimal) -> None:
    shared = project.parent / "commun"
    shared.mkdir(exist_ok=True)
    (shared / "plan.pdf").write_bytes(blank_pdf())
    annexes = [{"key": "plan", "title": "Plan", "file": "../../commun/plan.pdf"}]
    refused = check_with_annexes(project, minimal, annexes)
    [finding] = [f for f in refused.findings if f.code.startswith("CG7")]
    assert finding.code == "CG702" and "shared-folders" in finding.message
    (project / "convgen.toml").write_text('shared-folders = ["../commun"]\n', encoding="utf-8")
    allowed = check_with_annexes(project, minimal, annexes)
    assert [c for c in codes(allowed) if c.startswith("CG7")] == []
