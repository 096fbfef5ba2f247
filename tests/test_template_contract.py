"""One template contract: the renderers fill it, the shipped templates use only it, the
documentation shows it, and an institution's template is checked against it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from jinja2 import nodes

from convgen.checking.check import check_file
from convgen.foundation.codes import REGISTRY
from convgen.foundation.errors import TemplateError
from convgen.foundation.resources import template_path
from convgen.rendering import contract
from convgen.rendering.base import environment, prepared_xml, template_parts
from convgen.rendering.convention import Renderer
from convgen.rendering.deliberation import DeliberationRenderer
from convgen.rendering.template_check import RENDERED_PARTS, check_template

from conftest import FIXTURES, ROOT, load_tool

DOCUMENTS = sorted([*(ROOT / "conventions").glob("*.yaml"), *(FIXTURES / "valid").glob("*.yaml")])


def _parts(kind: str) -> dict[str, str]:
    """Every part of the shipped ``kind`` template Jinja renders, as Jinja reads it."""
    parts = template_parts(template_path(kind))
    return {
        name: prepared_xml(data.decode("utf-8"))
        for name, data in parts.items()
        if RENDERED_PARTS.fullmatch(name)
    }


def _unknown(kind: str, source: str) -> list[str]:
    tree = environment().parse(source)
    return [u.expression for u in contract.unknown_names(tree, kind)]


# --- the renderers fill the contract ------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_context_the_renderer_builds_is_the_contract(path: Path) -> None:
    result = check_file(path)
    if result.convention is not None and getattr(result, "deliberation", None) is None:
        kind, context = "convention", Renderer(result.convention).context()
    else:
        kind, context = "deliberation", DeliberationRenderer(result.deliberation).context()
    assert contract.conformity(context, kind) == []


def test_conformity_sees_a_missing_or_extra_field() -> None:
    context = Renderer(check_file(FIXTURES / "valid" / "chaumont-final.yaml").convention).context()
    context["title"] = {"kind": context["title"]["kind"], "nom": ""}
    context["body"][0]["style"] = "h9"
    problems = contract.conformity(context, "convention")
    assert "title.nom : champ absent du contrat" in problems
    assert "title.name : champ du contrat absent du contexte" in problems
    assert any(p.startswith("body[0].style") for p in problems)


# --- the shipped templates use only the contract -----------------------------------


@pytest.mark.parametrize("kind", contract.KINDS)
def test_every_part_of_the_shipped_templates_follows_the_contract(kind: str) -> None:
    parts = _parts(kind)
    assert {"word/document.xml", "word/header1.xml", "word/footer1.xml"} <= set(parts)
    for name, source in parts.items():
        assert _unknown(kind, source) == [], name


@pytest.mark.parametrize("kind", contract.KINDS)
def test_the_shipped_templates_use_every_variable(kind: str) -> None:
    used = set()
    for source in _parts(kind).values():
        tree = environment().parse(source)
        used |= {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}
    assert {f.name for f in contract.CONTEXTS[kind]} <= used


def test_the_walk_follows_attributes_loops_and_element_kinds() -> None:
    source = (
        "{% for party in first_side %}{{ party.opening }}{{ party.nom }}{% endfor %}"
        "{{ party.opening }}"
        "{% for el in body %}{% if el.style == 'h4' %}{% elif el.style == 'table' %}"
        "{% for line in el.table.rows %}{{ line.kind }}{{ line.cells|first }}{{ line.x }}"
        "{% endfor %}{{ el.table.caption }}{{ el.table.foot }}{% endif %}"
        "{{ loop.index }}{% endfor %}"
        "{{ title.period.upper() }}{{ title.kind.size }}{{ title['name'] }}{{ title['x'] }}"
        "{{ title.subtitle|default('') }}{% if title.subtitle is defined %}{% endif %}"
        "{% set n = signature_rows|first %}{{ n.left.party }}{{ n.middle }}"
        "{% for i in range(2) %}{{ i }}{% endfor %}"
        "{% for section in annex_sections %}{% for el in section.body %}{{ el.text }}"
        "{{ el.texte }}{% endfor %}{% endfor %}{{ titre }}"
    )
    assert _unknown("convention", source) == [
        "party.nom",
        "party",
        "el.style",
        "line.x",
        "el.table.foot",
        "title.kind.size",
        "title['x']",
        "n.middle",
        "el.texte",
        "titre",
    ]
    # the same tags in a deliberation template: other variables
    assert "first_side" in _unknown("deliberation", source)


def test_every_element_kind_is_laid_out_by_the_shipped_convention_template() -> None:
    body = _parts("convention")["word/document.xml"]
    for element in contract.ELEMENTS:
        if element.kind != contract.PARAGRAPH:  # the else branch
            assert f'el.style == "{element.kind}"' in body


# --- styles --------------------------------------------------------------------------


def test_styles_of_the_contract_are_those_of_the_shipped_templates() -> None:
    for kind in contract.KINDS:
        parts = template_parts(template_path(kind))
        styles = parts["word/styles.xml"].decode("utf-8")
        assert re.findall(r'w:styleId="([^"]+)"', styles) == [s.id for s in contract.STYLES]
        named = set()
        for name, data in parts.items():
            if RENDERED_PARTS.fullmatch(name):
                text = data.decode("utf-8")
                named |= set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', text))
        declared = {s.id for s in contract.STYLES if kind in s.kinds}
        assert named <= declared, named - declared
        based = {s.based for s in contract.STYLES if s.id in named}
        base = {s.id for s in contract.STYLES if s.default} | {contract.GAP_STYLE}
        assert declared - base <= named | based, declared - base - named - based


def test_the_renderer_takes_its_gap_style_from_the_contract() -> None:
    from convgen.rendering import base

    assert base.GAP_STYLE == contract.GAP_STYLE
    assert contract.STYLE_BY_ID[contract.GAP_STYLE].type == "character"


# --- the documentation -----------------------------------------------------------------


def test_docs_templates_md_tables_come_from_the_contract() -> None:
    text = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert load_tool("make_templates").documentation(text) == text, (
        "run: python tools/make_templates.py"
    )
    for field in contract.CONTEXTS["deliberation"]:
        assert f"| `{field.name}` |" in text


# --- check_template ----------------------------------------------------------------


def _edited(target: Path, kind: str, part: str, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(template_path(kind)) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                assert old in data, (part, old)
                data = data.replace(old, new)
            copy.writestr(info, data)
    return target


def test_codes_are_declared_in_their_family() -> None:
    for code in ("CG801", "CG802", "CG803"):
        assert REGISTRY[code].family == "Modèles Word"


@pytest.mark.parametrize("kind", contract.KINDS)
def test_the_shipped_templates_pass_the_check(kind: str) -> None:
    assert check_template(template_path(kind)) == []
    assert check_template(template_path(kind), kind) == []


def test_a_template_checked_as_the_other_kind() -> None:
    findings = check_template(template_path("convention"), "deliberation")
    assert findings and {f.code for f in findings} == {"CG802"}


def test_an_unknown_field_is_found_with_its_part_and_position(tmp_path: Path) -> None:
    path = _edited(
        tmp_path / "maison.docx",
        "convention",
        "word/document.xml",
        b"{{r party.opening }}",
        b"{{r party.nom }}",
    )
    findings = check_template(path)
    assert [f.code for f in findings] == ["CG802", "CG802"]  # the two sides
    first = findings[0]
    assert first.file == str(path) and first.subject == "word/document.xml"
    assert "« party.nom »" in first.message and "« opening »" in first.message
    line = prepared_xml(template_parts(path)["word/document.xml"].decode()).split("\n")[
        first.line - 1
    ]
    assert line[first.column - 1 :].startswith("party.nom")


def test_an_unknown_variable_in_a_header(tmp_path: Path) -> None:
    path = _edited(
        tmp_path / "maison.docx",
        "deliberation",
        "word/header1.xml",
        b"{{ version }}",
        b"{{ version }} {{ numero }}",
    )
    [finding] = check_template(path)
    assert finding.code == "CG802" and finding.subject == "word/header1.xml"
    assert "« numero »" in finding.message and "délibération" in finding.message


def test_a_syntax_error_and_an_unknown_filter(tmp_path: Path) -> None:
    path = _edited(
        tmp_path / "maison.docx",
        "convention",
        "word/document.xml",
        b"{{r copies }}",
        b"{{r copies ) }}",
    )
    [finding] = check_template(path)
    assert finding.code == "CG801" and finding.line > 1
    assert finding.severity.label == "error"
    path = _edited(
        tmp_path / "filtre.docx",
        "convention",
        "word/footer1.xml",
        b"Page ",
        b"{{ version|inconnu }}",
    )
    [finding] = check_template(path)
    assert finding.code == "CG801" and "« inconnu »" in finding.message
    assert finding.subject == "word/footer1.xml"


def test_missing_styles(tmp_path: Path) -> None:
    path = _edited(
        tmp_path / "styles.docx",
        "convention",
        "word/styles.xml",
        b'w:styleId="Lacune"',
        b'w:styleId="Surligne"',
    )
    [finding] = check_template(path)
    assert finding.code == "CG803" and "Lacune" in finding.message
    assert finding.subject == "word/styles.xml"
    path = _edited(
        tmp_path / "titre.docx",
        "convention",
        "word/styles.xml",
        b'w:styleId="Heading3"',
        b'w:styleId="Titre3"',
    )
    [finding] = check_template(path)
    assert finding.code == "CG803" and "« Heading3 »" in finding.message
    assert finding.subject == "word/document.xml" and finding.line > 1


def test_an_unreadable_template_is_a_template_error(tmp_path: Path) -> None:
    fake = tmp_path / "faux.docx"
    fake.write_text("pas un docx")
    with pytest.raises(TemplateError, match="pas un modèle Word") as caught:
        check_template(fake)
    assert caught.value.file == str(fake)
    with pytest.raises(TemplateError, match="introuvable"):
        check_template(tmp_path / "absent.docx")
    with pytest.raises(TemplateError, match="sorte de modèle"):
        check_template(template_path("convention"), "avenant")
