"""Rendering: text is text, gaps show, output is reproducible, templates are checked."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate

from convgen.checking.check import check_file
from convgen.foundation.errors import TemplateError
from convgen.foundation.resources import template_path
from convgen.rendering import Renderer, render
from convgen.rendering.ooxml import document_paragraphs

from conftest import CHAUMONT, SAINT_DIZIER


def _render(check_data, data) -> tuple[bytes, list[str]]:
    convention = check_data(data).convention
    assert convention is not None
    content, _ = render(convention)
    return content, document_paragraphs(content)


def _part(content: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.read(name).decode("utf-8")


def test_yaml_text_is_text_never_a_template(minimal, check_data) -> None:
    minimal["parties"][0]["name"] = "Communauté de Der & Blaise <test>"
    minimal["articles"][0]["body"] = [
        "Calcul : {{ 7*7 }} et {% if true %}oui{% endif %} et {# commentaire #}.",
        "Guillemets \"doubles\" et 'simples' & chevrons < >.",
    ]
    content, paragraphs = _render(check_data, minimal)
    text = "\n".join(paragraphs)
    assert "Communauté de Der & Blaise <test>" in text
    assert (
        "{{ 7*7 }}" in text
        and "{% if true %}oui{% endif %}" in text
        and "{# commentaire #}" in text
    )
    assert "49" not in text
    assert "chevrons <\u202f>" in text or "chevrons < >" in text
    DocxTemplate(io.BytesIO(content)).init_docx()  # still a valid package python-docx can open


def test_gaps_are_highlighted_in_the_document() -> None:
    convention = check_file(SAINT_DIZIER).convention
    content, gap_count = render(convention)
    body = _part(content, "word/document.xml")
    assert body.count('<w:rStyle w:val="Lacune"/>') == gap_count
    # the rectorat's name appears in the opening, its heading, its intro, the committee
    # and the signature block; the four rates and « A définir » once each
    assert gap_count == 10
    assert "PROJET" in _part(content, "word/header1.xml")


def test_a_final_document_has_no_draft_header(minimal, check_data) -> None:
    content, _ = _render(check_data, minimal)
    assert "PROJET" not in _part(content, "word/header1.xml")
    minimal["status"] = "draft"
    minimal["version"] = "v2"
    content, _ = _render(check_data, minimal)
    assert "PROJET — v2" in _part(content, "word/header1.xml")


def test_output_is_byte_reproducible() -> None:
    convention = check_file(CHAUMONT).convention
    first, _ = render(convention)
    second, _ = render(check_file(CHAUMONT).convention)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_document_properties_come_from_the_document() -> None:
    content, _ = render(check_file(CHAUMONT).convention)
    core = _part(content, "docProps/core.xml")
    assert (
        "<dc:title>Convention de partenariat — Point d'accès à la formation de Chaumont</dc:title>"
        in core
    )
    assert "<dc:creator>Cnam Grand Est</dc:creator>" in core
    assert ">2022-03-14T00:00:00Z</dcterms:created>" in core
    assert "<dc:language>fr-FR</dc:language>" in core


def test_an_undated_draft_says_no_date_and_its_keywords_no_gap(monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content, _ = render(check_file(SAINT_DIZIER).convention)
    core = _part(content, "docProps/core.xml")
    # no date written yet: none, rather than an invented one (or the clock's)
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    assert "2000-01-01" not in core
    assert "<dc:language>fr-FR</dc:language>" in core
    keywords = re.search(r"<cp:keywords>(.*?)</cp:keywords>", core)[1]
    assert "; Rectorat de; " in keywords and "..." not in keywords  # the gap left out
    assert render(check_file(SAINT_DIZIER).convention)[0] == content  # reproducible


def test_source_date_epoch_dates_an_undated_draft(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    core = _part(render(check_file(SAINT_DIZIER).convention)[0], "docProps/core.xml")
    assert (
        '<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z</dcterms:created>' in core
    )


def test_keywords_leave_gaps_out() -> None:
    from convgen.rendering.base import keywords

    assert keywords("convention", "Rectorat de..............", "À définir", None, "Cnam") == (
        "convention; Rectorat de; Cnam"
    )


def test_figures_cross_references_and_budget() -> None:
    paragraphs = document_paragraphs(render(check_file(CHAUMONT).convention)[0])
    text = "\n".join(paragraphs)
    assert "Verser une subvention de 45\u202f000\u00a0€ (quarante-cinq mille euros)" in text
    assert "Prendre en charge 40\u00a0% des investissements pédagogiques." in text
    assert "leur financement figure à l’annexe 1." in text
    assert "(voir l’article 3)" in text
    assert "Article 4 bis\u00a0: Avenant" in paragraphs
    assert "165\u202f150\u00a0€" in paragraphs  # budget grand total
    assert "Fait à Chaumont, le 14\u00a0mars\u00a02022" in paragraphs


def test_article_headings_use_named_styles_and_superscript_ordinals() -> None:
    content, _ = render(check_file(SAINT_DIZIER).convention)
    body = _part(content, "word/document.xml")
    assert body.count('<w:pStyle w:val="Heading1"/>') == 9
    assert body.count('<w:pStyle w:val="Heading2"/>') == 10
    assert '<w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">er</w:t>' in body
    assert body.count('<w:pStyle w:val="ListBullet"/>') == 38  # every bullet of the seed


def test_template_variables_are_all_provided() -> None:
    convention = check_file(CHAUMONT).convention
    context = Renderer(convention).context()
    used = DocxTemplate(str(template_path("convention"))).get_undeclared_template_variables()
    assert used <= set(context), used - set(context)


def _edited_template(target: Path, part: str, old: bytes, new: bytes) -> Path:
    """A copy of the shipped template with one replacement in one of its parts."""
    with (
        zipfile.ZipFile(template_path("convention")) as source,
        zipfile.ZipFile(target, "w") as copy,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                assert old in data
                data = data.replace(old, new)
            copy.writestr(info, data)
    return target


def test_an_undefined_variable_is_an_error_naming_it(tmp_path: Path) -> None:
    broken = _edited_template(
        tmp_path / "maison.docx",
        "word/document.xml",
        b"{{r title.kind }}",
        b"{{ titre_inconnu }}",
    )
    with pytest.raises(TemplateError, match="titre_inconnu") as caught:
        render(check_file(CHAUMONT).convention, broken)
    assert caught.value.file == str(broken)


def test_a_file_that_is_not_a_template(tmp_path: Path) -> None:
    fake = tmp_path / "faux.docx"
    fake.write_text("pas un docx")
    with pytest.raises(TemplateError, match="pas un modèle Word"):
        render(check_file(CHAUMONT).convention, fake)
    with pytest.raises(TemplateError, match="introuvable"):
        render(check_file(CHAUMONT).convention, tmp_path / "absent.docx")


def test_an_institution_restyles_without_touching_tags(tmp_path: Path) -> None:
    """Change the heading style in styles.xml only; the build uses it."""
    custom = _edited_template(
        tmp_path / "institution.docx",
        "word/styles.xml",
        b'<w:name w:val="heading 1"/>',
        b'<w:name w:val="heading 1"/><w:rPr><w:color w:val="1F4E79"/></w:rPr>',
    )
    content, _ = render(check_file(CHAUMONT).convention, custom)
    assert b'w:val="1F4E79"' in zipfile.ZipFile(io.BytesIO(content)).read("word/styles.xml")
    assert document_paragraphs(content) == document_paragraphs(
        render(check_file(CHAUMONT).convention)[0]
    )


def test_deliberation_template_variables_are_all_provided() -> None:
    from convgen.rendering.deliberation import DeliberationRenderer

    deliberation = check_file(SAINT_DIZIER.parent / "saint-dizier-deliberation.yaml").deliberation
    context = DeliberationRenderer(deliberation).context()
    used = DocxTemplate(str(template_path("deliberation"))).get_undeclared_template_variables()
    assert used <= set(context), used - set(context)


def test_deliberation_rendering(deliberation, check_data) -> None:
    deliberation["vote"] = {"against": ["M. Paul DURAND"], "not_voting": ["M. Luc ROUX"]}
    deliberation["attendance"]["excused"] = ["Mme Sophie VERT"]
    deliberation["attendance"]["absent"] = ["M. Marc NOIR"]
    deliberation["imputation"] = {"budget": "budget principal", "year": 2022, "chapter": "65"}
    model = check_data(deliberation).deliberation
    content, _ = render(model)
    text = "\n".join(document_paragraphs(content))
    assert (
        "Le dix mars deux mille vingt-deux, à dix-huit heures, le Conseil municipal, légalement convoqué le 3\u00a0mars\u00a02022, s’est réuni en séance publique à la salle du conseil, sous la présidence de Mme\u00a0Anne MARTIN, Maire."
        in text
    )
    assert "Était excusée\u00a0: Mme\u00a0Sophie VERT" in text
    assert "Était absent\u00a0: M.\u00a0Marc NOIR" in text
    assert (
        "Était excusée et représentée\u00a0: Mme\u00a0Julie BLANC donne pouvoir à M.\u00a0Paul DURAND"
        in text
    )
    assert (
        "Article 3\u00a0: De dire que les crédits nécessaires seront inscrits au budget principal de l’exercice 2022 – Chapitre 65."
        in text
    )
    assert "Ne prennent pas part au vote\n1 (M.\u00a0Luc ROUX)" in text
    assert "Contre\n1 (M.\u00a0Paul DURAND)" in text
    assert "La Maire expose" not in text  # no exposé given
    assert "La Maire," in text and "Anne MARTIN" in text
    core = _part(content, "docProps/core.xml")
    assert "<dc:title>Délibération n° 2022-03-10-001</dc:title>" in core
    assert ">2022-03-10T00:00:00Z</dcterms:created>" in core
    again, _ = render(check_data(deliberation).deliberation)
    assert again == content
