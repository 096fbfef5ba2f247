"""convgen build --pdf end to end: LibreOffice converts, the PDF is read back with pypdf.

Skipped where LibreOffice is not installed, except in CI where ``.ci/run``
installs it and sets ``CONVGEN_REQUIRE_LIBREOFFICE=1``.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from convgen.building.build import build_file, build_files
from convgen.cli import main
from convgen.pdf import assembly as pdf

from conftest import (
    CHAUMONT,
    ROOT,
    SAINT_DIZIER,
    blank_pdf,
    load_tool,
    soffice_or_skip,
    uno_python_or_skip,
)

SOFFICE = soffice_or_skip()
DELIBERATION = ROOT / "conventions" / "saint-dizier-deliberation.yaml"
ARTICLES = [
    "Article 1er : Objet",
    "Article 2 : Objectif",
    "Article 3 : Engagements des parties",
    "Article 4 : Comité de pilotage et d’évaluation",
    "Article 5 : Communication",
    "Article 6 : Durée de la convention",
    "Article 6 bis : Avenant modification la convention en cours d’exercice",
    "Article 7 : Résiliation",
    "Article 8 : Attribution de juridiction",
]
ANNEXES = [
    "Annexe 1 : Note « Maison des compétences #skillshub by Le Cnam »",
    "Annexe 2 : Cahier des charges des locaux",
    "Annexe 3 : Annexe financière",
]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def top_outline(reader: PdfReader) -> list[tuple[str, int]]:
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def text(page) -> str:
    return " ".join(page.extract_text().replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """saint-dizier.yaml built with --pdfa, once for the module."""
    out = tmp_path_factory.mktemp("pdf")
    result = invoke("build", str(SAINT_DIZIER), "-o", f"{out}/", "--pdfa")
    return out / "saint-dizier.pdf", result


def test_one_pdf_with_the_contract_and_its_annexes(built) -> None:
    target, result = built
    assert result.exit_code == 0, result.output
    assert (
        f"PDF écrit : {target} (10 pages, PDF/UA-1, PDF/A-2a, 7 champs de signature)"
        in result.stdout
    )
    assert (
        "Pièce non jointe : Annexe 3 « Annexe financière » — aucun fichier (« file ») ni "
        "contenu imprimé (« body ») n'est indiqué"
    ) in result.stdout
    assert target.with_suffix(".docx").is_file()  # beside the .docx, same name
    reader = PdfReader(target)
    # numbered across the file, on paper and in the labels alike
    assert reader.page_labels == [str(n) for n in range(1, 11)]
    pages = [text(page) for page in reader.pages]
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} sur 10" in page or f"page {number} sur 10" in page
        assert " sur 7" not in page  # the document's own page count never shows
    assert pages[0].startswith("PROJET — document de travail, non signé")
    # each annexed page says what it is
    assert "Annexe 1 — Note « Maison des compétences #skillshub by Le Cnam » (p. 1/1)" in pages[7]
    assert "Annexe 2 — Cahier des charges des locaux (p. 1/1)" in pages[8]
    assert "PROJET — page 9 sur 10" in pages[8]  # an annexed file of a draft
    assert "Annexe 3 — Annexe financière (p. 1/1)" in pages[9]
    assert "CONTRAT TERRITORIAL PLURIANNUEL" in pages[0]
    document = " ".join(pages[:7])
    positions = [document.index(article) for article in ARTICLES]
    assert positions == sorted(positions)  # the articles, in order
    assert document.index("Liste des annexes") > positions[-1]
    assert "« Au cœur des territoires »" in pages[7]  # the Word note, converted
    assert "Cahier des charges des locaux" in pages[8]  # the PDF, as given
    assert "Pièce non jointe à ce projet" in pages[9]
    assert "Cette annexe n'a pas encore été fournie." in pages[9]
    # the draft's findings printed as notes at the foot of their page, not as annotations
    assert "1 CG101 — avertissement — Dénomination : mention à compléter" in pages[0]
    assert "CG301 — erreur — la convention est établie en 6 exemplaires originaux" in document
    assert document.count(" — avertissement — ") + document.count(" — erreur — ") == 14
    assert not [a for page in reader.pages for a in page.get("/Annots") or []
                if a.get_object().get("/Subtype") in ("/Text", "/Popup", "/FreeText")]  # fmt: skip
    assert "CG301" not in " ".join(pages[7:])  # the annexes are not commented


def test_outline_has_every_article_and_every_annex(built) -> None:
    reader = PdfReader(built[0])
    entries = top_outline(reader)
    assert [title for title, _ in entries] == ARTICLES + ANNEXES
    assert [page for title, page in entries if title.startswith("Annexe")] == [7, 8, 9]
    first_pages = [page for title, page in entries if title.startswith("Article")]
    assert first_pages == sorted(first_pages)
    for title, page in entries[: len(ARTICLES)]:
        assert title in text(reader.pages[page])  # each entry opens the page of its heading
    sub_articles = reader.outline[reader.outline.index(next(
        i for i in reader.outline if not isinstance(i, list) and i.title.startswith("Article 3 :")
    )) + 1]  # fmt: skip
    assert [i.title for i in sub_articles][:2] == [
        "Article 3.1 : Engagements communs",
        "Article 3.2 : Engagement de la Préfecture",
    ]


def test_metadata(built) -> None:
    reader = PdfReader(built[0])
    info = reader.metadata
    assert info["/Title"] == (
        "Contrat territorial pluriannuel — Maison des compétences de Saint-Dizier, Der & Blaise"
    )
    assert info["/Subject"].startswith("Création et développement d'une Maison des compétences")
    assert info["/Author"] == "CNAM en Grand Est"  # the party that drafts
    assert info["/Keywords"].startswith("convention; Préfecture de Région Grand Est;")
    assert "/CreationDate" not in info  # the draft has no date yet: none, not the clock's
    assert reader.xmp_metadata.dc_title == {"x-default": info["/Title"]}


def test_pdfa(built) -> None:
    data = built[0].read_bytes()
    assert pdf.pdfa_declaration(data) == "2A" and pdf.pdfua_declaration(data)
    assert pdf.pdfa_problems(data, conformance="A") == []


def test_dated_document_has_its_date_and_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build_file(CHAUMONT, output=tmp_path / "a" / "c.docx", pdf=True)
    second = build_file(CHAUMONT, output=tmp_path / "b" / "c.docx", pdf=True)
    assert first.pdf is not None and second.pdf is not None
    assert first.pdf.read_bytes() == second.pdf.read_bytes()
    date = yaml.safe_load(CHAUMONT.read_text(encoding="utf-8"))["date"]
    info = PdfReader(first.pdf).metadata
    assert info["/CreationDate"] == f"D:{str(date).replace('-', '')}000000Z"


def test_pdf_only(tmp_path: Path) -> None:
    result = invoke("build", str(CHAUMONT), "-o", f"{tmp_path}/", "--pdf-only")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chaumont-final.pdf"]
    assert "Document écrit" not in result.stdout


def _chaumont_with(tmp_path: Path, annexes: list[dict]) -> Path:
    data = yaml.safe_load(CHAUMONT.read_text(encoding="utf-8"))
    data["annexes"] = annexes
    source = tmp_path / "chaumont.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return source


PLAN = {"key": "plan", "title": "Plan de financement", "body": [{"table": "budget"}]}


def test_printed_and_file_annexes_keep_the_declared_order(tmp_path: Path) -> None:
    (tmp_path / "note.pdf").write_bytes(blank_pdf(2))
    source = _chaumont_with(tmp_path, [{"key": "note", "title": "Note", "file": "note.pdf"}, PLAN])
    result = build_file(source, pdf=True)
    assert result.pdf is not None, result.pdf_error or result.reason
    reader = PdfReader(result.pdf)
    total = len(reader.pages)
    assert reader.page_labels == [str(n) for n in range(1, total + 1)]
    pages = [text(page) for page in reader.pages]
    assert "Annexe 1 — Note (p. 1/2)" in pages[-3] and "Annexe 1 — Note (p. 2/2)" in pages[-2]
    assert "Plan de financement" in pages[-1]  # printed after the file annex
    # a printed annex is a page of the document: numbered at its foot, stamped like the others
    assert f"Page {total} sur {total}" in pages[-1]
    assert "Annexe 2 — Plan de financement (p. 1/1)" in pages[-1]
    assert [t for t, _ in top_outline(reader)][-2:] == [
        "Annexe 1 : Note",
        "Annexe 2 : Plan de financement",
    ]


def test_a_final_version_without_its_annex_file_is_refused(tmp_path: Path) -> None:
    source = _chaumont_with(tmp_path, [{"key": "note", "title": "Note", "file": "note.pdf"}, PLAN])
    result = invoke("build", str(source), "--pdf")
    assert result.exit_code == 1
    assert "erreur CG701 Annexe 1 — Note — fichier introuvable : note.pdf" in result.stdout
    assert "Génération refusée" in result.stdout
    assert not source.with_suffix(".docx").exists() and not source.with_suffix(".pdf").exists()


def test_pdfa_refuses_an_annex_that_is_not_pdfa(tmp_path: Path) -> None:
    (tmp_path / "note.pdf").write_bytes(blank_pdf())
    source = _chaumont_with(tmp_path, [{"key": "note", "title": "Note", "file": "note.pdf"}, PLAN])
    result = invoke("build", str(source), "--pdfa")
    assert result.exit_code == 1
    assert (
        "PDF non écrit : Annexe 1 : Note : ce PDF n'est pas au format PDF/A ; joignez-le en "
        "PDF/A ou en .docx, ou générez sans --pdfa"
    ) in result.stdout
    assert source.with_suffix(".docx").is_file() and not source.with_suffix(".pdf").exists()


def _project_copy(tmp_path: Path) -> Path:
    """saint-dizier.yaml, its annexes and a draft of its deliberation, in a folder of their own."""
    shutil.copy(SAINT_DIZIER, tmp_path / SAINT_DIZIER.name)
    shutil.copytree(ROOT / "conventions" / "annexes", tmp_path / "annexes")
    draft = DELIBERATION.read_text(encoding="utf-8").replace("status: final", "status: draft", 1)
    target = tmp_path / DELIBERATION.name
    target.write_text(draft, encoding="utf-8")
    return target


def test_a_deliberation_carries_the_convention_it_approves(tmp_path: Path) -> None:
    result = build_file(_project_copy(tmp_path), pdf=True)
    assert result.pdf is not None, result.pdf_error
    reader = PdfReader(result.pdf)
    entries = top_outline(reader)
    assert [t for t, _ in entries][:3] == [
        "Article 1er : D’approuver les termes du contrat territorial pluriannuel 2021-2026 relatif…",
        "Article 2 : D’autoriser le Président, ou son représentant, à signer ledit contrat ainsi…",
        "Article 3 : De dire que les crédits nécessaires seront inscrits au budget principal de…",
    ]
    title, page = entries[3]
    assert title == (
        "Annexe : Contrat territorial pluriannuel 2021-2026 — Maison des compétences de "
        "Saint-Dizier, Der & Blaise"
    )
    assert reader.page_labels[page] == str(page + 1)
    first = text(reader.pages[page])
    assert "CONTRAT TERRITORIAL PLURIANNUEL" in first
    total = len(reader.pages)
    assert f"Page {page + 1} sur {total}" in first and f"(p. 1/{total - page})" in first
    # the convention's own annexes, inside the deliberation's annex
    assert "Annexe › Annexe 2 — Cahier des charges des locaux (p. 1/1)" in text(reader.pages[-2])
    nested = [i.title for i in reader.outline[-1] if not isinstance(i, list)]
    assert nested == ARTICLES + ANNEXES  # the convention's own outline, under its entry
    assert result.placeholders == [
        "convention approuvée, Annexe 3 « Annexe financière » — aucun fichier (« file ») ni "
        "contenu imprimé (« body ») n'est indiqué"
    ]
    assert reader.metadata["/Title"] == "Délibération n° 2021-12-16-045"
    assert reader.metadata["/CreationDate"] == "D:20211216000000Z"


def test_a_final_deliberation_may_not_approve_an_unfinished_convention(tmp_path: Path) -> None:
    # The shipped extract is a draft; as a final one it would approve a convention still
    # in draft, with an annex not provided: neither its Word document nor its PDF is written.
    project = tmp_path / "projet"
    shutil.copytree(DELIBERATION.parent, project)
    final = project / DELIBERATION.name
    final.write_text(
        final.read_text(encoding="utf-8").replace("status: draft", "status: final", 1),
        encoding="utf-8",
    )
    result = invoke("build", str(final), "-o", f"{tmp_path}/sortie/", "--pdf")
    assert result.exit_code == 1
    assert "version finale avec des erreurs" in result.stdout
    assert not (tmp_path / "sortie").exists() or not any((tmp_path / "sortie").iterdir())


@pytest.mark.parametrize("bridge", ["uno", "ligne de commande"])
def test_one_libreoffice_process_for_many_documents(
    tmp_path: Path, monkeypatch, bridge: str
) -> None:
    if bridge == "uno":
        uno_python_or_skip()
    else:
        monkeypatch.setenv("CONVGEN_UNO_PYTHON", "")  # no UNO client: the command line
    log = tmp_path / "lancements.log"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'case "$*" in *--accept*) echo bureautique >> "{log}";; '
        f'*) echo conversion >> "{log}";; esac\n'
        f'exec "{SOFFICE}" "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("CONVGEN_SOFFICE", str(wrapper))
    project = tmp_path / "projet"
    project.mkdir()
    deliberation = _project_copy(project)
    sources = [CHAUMONT, deliberation.parent / "saint-dizier.yaml", deliberation]
    results = build_files(sources, output=tmp_path / "sorties", pdf=True)
    assert [r.pdf is not None for r in results] == [True, True, True]
    # one LibreOffice for the command, started first, never one per document
    launches = log.read_text().splitlines()
    assert launches[0] == "bureautique" and launches.count("bureautique") == 1
    if bridge == "uno":
        # each document handed over its UNO bridge: no other process at all
        assert launches.count("conversion") == 0
    else:
        # short processes hand it the documents as they are rendered (those waiting
        # together; once all are rendered, half of those left at a time)
        assert 1 <= launches.count("conversion") <= len(sources) + 1


def test_the_first_pages_as_images(built, tmp_path: Path) -> None:
    """For a reviewer to look at: the PNG paths are printed (pytest -s)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("CONVGEN_REQUIRE_LIBREOFFICE") == "1":
            raise RuntimeError("pdftoppm (poppler-utils) est requis en CI")
        pytest.skip("pdftoppm n'est pas installé")
    prefix = tmp_path / "page"
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "2", str(built[0]), str(prefix)],
        check=True,
        timeout=120,
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 2
    for image in images:
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 20_000
        print(f"\npage rendue : {image}")


def test_readme_pdf_sample_is_the_real_output(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "convgen build conventions/saint-dizier.yaml -o sortie/ --pdf"
    sample = re.search(rf"\$ {re.escape(command)}\n…\n(.*?)```", readme, re.DOTALL)
    assert sample is not None
    result = CliRunner().invoke(main, ["build", str(SAINT_DIZIER), "-o", f"{tmp_path}/", "--pdf"])
    assert result.exit_code == 0, result.output
    tail = result.stdout.splitlines()[-3:]
    assert "\n".join(tail) + "\n" == sample.group(1).replace("sortie/", f"{tmp_path}/")
    image = re.search(r"!\[[^\]]*\]\((docs/images/[^)]+\.png)\)", readme)
    assert image is not None and (ROOT / image.group(1)).is_file()


def test_a_pdfa_that_fails_the_final_check_is_not_written(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(
        pdf, "pdfa_problems", lambda data, cache=None, conformance="B": ["police F1 non incorporée"]
    )
    result = build_file(CHAUMONT, output=tmp_path / "c.docx", pdfa=True)
    assert result.pdf is None and (tmp_path / "c.docx").is_file()
    assert result.pdf_error == "le PDF/A produit n'est pas conforme : police F1 non incorporée"


def test_committed_sample_pdf_matches_the_generator() -> None:
    tool = load_tool("make_sample_annexes")
    committed = (tool.FOLDER / "cahier-des-charges-locaux.pdf").read_bytes()
    assert committed == tool.specification_pdf(), "run python tools/make_sample_annexes.py"


def test_renderers_leave_each_libreoffice_its_processor(monkeypatch) -> None:
    """-j 2 on two processors while LibreOffice converts: one renders, one converts (a
    second renderer would take the office's processor); without PDF, -j as asked."""
    import os

    from convgen.building.build import _renderers

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert _renderers(2, 1) == 1 and _renderers(1, 1) == 1 and _renderers(2, 0) == 2
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert _renderers(4, 2) == 4 and _renderers(8, 2) == 6


def test_the_uno_bridge_and_the_command_line_write_the_same_pdf(
    tmp_path: Path, monkeypatch
) -> None:
    """The same export options reach LibreOffice either way: byte for byte the same PDF
    (PDF/A included), whether the document went over the UNO bridge or on soffice's
    command line."""
    uno_python_or_skip()
    over_uno = build_files([SAINT_DIZIER], output=tmp_path / "uno", pdfa=True)
    monkeypatch.setenv("CONVGEN_UNO_PYTHON", "")
    on_command_line = build_files([SAINT_DIZIER], output=tmp_path / "soffice", pdfa=True)
    first, second = over_uno[0].pdf, on_command_line[0].pdf
    assert first is not None and second is not None
    assert first.read_bytes() == second.read_bytes()
