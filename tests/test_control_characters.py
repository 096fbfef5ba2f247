"""Control characters written by YAML escapes (« "\\x01" », « "\\e[31m" »), or let through by
the YAML reader (U+0085, U+FDD0): reported where they are written (CG032), never in a
document, whose XML would no longer be valid, and a final version is refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from convgen.building.build import BuildOptions, build_paths
from convgen.checking.characters import describe
from convgen.foundation.french import CONTROL_CHARACTERS, typography, without_control_characters
from convgen.loading.reader import parse
from convgen.model.convention import build as build_convention
from convgen.model.outline import Outline

from conftest import CHAUMONT, dump

# (as written between double quotes in YAML, the character it gives)
ESCAPES = [
    ("\\x01", "\x01"),
    ("\\0", "\x00"),
    ("\\a", "\x07"),
    ("\\b", "\x08"),
    ("\\v", "\x0b"),
    ("\\f", "\x0c"),
    ("\\e", "\x1b"),
    ("\\x1b", "\x1b"),
    ("\\x7f", "\x7f"),
    ("\\N", "\x85"),
    ("\\u0085", "\x85"),
    ("\\x9f", "\x9f"),
    ("\\uFDD0", "\ufdd0"),
    ("\\uFFFE", "\ufffe"),
    ("\\uFFFF", "\uffff"),
    ("\\U0001FFFF", "\U0001ffff"),
    ("\\U0010FFFE", "\U0010fffe"),
]


def _text(minimal: dict, written: str, *, status: str = "draft") -> str:
    minimal["status"] = status
    minimal["title"]["name"] = "@@NAME@@"
    return (
        dump(minimal)
        .replace("'@@NAME@@'", f'"Essai {written} suite"')
        .replace("@@NAME@@", f'"Essai {written} suite"')
    )


@pytest.mark.parametrize(("written", "character"), ESCAPES, ids=[e[0] for e in ESCAPES])
def test_an_escaped_control_character_is_reported_at_its_escape(
    minimal, check_text, written: str, character: str
) -> None:
    text = _text(minimal, written)
    result = check_text(text)
    [finding] = [f for f in result.findings if f.code == "CG032"]
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "Essai" in row)
    row = text.splitlines()[line - 1]
    assert (finding.line, finding.column) == (line, row.index("\\") + 1)
    assert finding.severity.label == "error"
    assert describe(character) in finding.message
    assert "« Essai ⟨ici⟩ suite »" in finding.message
    assert not CONTROL_CHARACTERS.search(finding.message + finding.subject)
    assert result.model is not None  # a draft is still modelled…
    assert character not in result.model.title.name  # …without the character


def test_several_in_one_text_and_across_lines(minimal, check_text) -> None:
    minimal["status"] = "draft"
    minimal["articles"][0]["body"] = ["@@BODY@@"]
    text = dump(minimal).replace(
        "'@@BODY@@'", '"Premier \\e[31mrouge\\e[0m,\n    puis \\x01 et \\u0085 fin"'
    )
    found = [f for f in check_text(text).findings if f.code == "CG032"]
    lines = text.splitlines()
    first = next(i for i, row in enumerate(lines, start=1) if "Premier" in row)
    assert [(f.line, f.column) for f in found] == [
        (first, lines[first - 1].index("\\e[31m") + 1),
        (first, lines[first - 1].index("\\e[0m") + 1),
        (first + 1, lines[first].index("\\x01") + 1),
        (first + 1, lines[first].index("\\u0085") + 1),
    ]


def test_a_character_the_reader_lets_through_is_reported_where_it_stands(
    minimal, check_text
) -> None:
    minimal["status"] = "draft"
    minimal["title"]["name"] = "Essai \ufdd0 suite"
    text = dump(minimal)
    [finding] = [f for f in check_text(text).findings if f.code == "CG032"]
    row = text.splitlines()[finding.line - 1]
    assert row[finding.column - 1] == "\ufdd0"


def test_a_control_character_in_a_key(minimal, check_text) -> None:
    minimal["status"] = "draft"
    minimal["articles"][0]["body"] = ["Un taux de @{taux}."]
    text = dump(minimal) + '"cl\\x01e": 1\n'
    found = [f for f in check_text(text).findings if f.code == "CG032"]
    assert len(found) == 1 and "dans la clé" in found[0].message
    assert found[0].line == len(text.splitlines()) and found[0].column == 4


@pytest.mark.parametrize("allowed", ["\\t", "\\n", "\\r", "\\u00e9", "\\u00a0"])
def test_tab_line_breaks_and_ordinary_characters_are_not_control_characters(
    minimal, check_text, allowed: str
) -> None:
    assert "CG032" not in [f.code for f in check_text(_text(minimal, allowed)).findings]


def test_the_set_of_refused_characters() -> None:
    refused = {chr(c) for c in range(0x110000) if CONTROL_CHARACTERS.match(chr(c))}
    expected = (
        {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"}
        | {chr(c) for c in range(0x7F, 0xA0)}
        | {chr(c) for c in range(0xD800, 0xE000)}
        | {chr(c) for c in range(0xFDD0, 0xFDF0)}
        | {chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)}
    )
    assert refused == expected
    assert without_control_characters("a\x01b\u0085c\ud800d") == "abcd"
    assert typography("a\x1b[31mb") == "a[31mb"


def test_the_model_never_holds_them(minimal) -> None:
    minimal["status"] = "draft"
    minimal["title"]["kind"] = "Convention\x01"
    minimal["parties"][0]["name"] = "Ville\x7f d'Essai"
    minimal["articles"][0]["title"] = "Objet\x85"
    doc = parse(dump(minimal).replace("\\x85", "\\N"), Path("essai.yaml"))
    convention = build_convention(doc, Outline(doc.data))
    assert convention.title.kind == "Convention"
    assert convention.parties[0].name == "Ville d'Essai"
    assert convention.articles[0].title == "Objet"
    assert "\x01" in doc.data["title"]["kind"]  # the source keeps what was written


HOSTILE_VALUES = '"Essai\\x01 \\e[31mrouge\\e[0m \\x7f\\N\\x9f \\uFDD0\\uFFFE\\U0010FFFF fin"'


ENUMS = ("tacit", "express", "none", "annual", "total")


def _hostile(status: str, tmp_path: Path) -> Path:
    text = CHAUMONT.read_text(encoding="utf-8").replace("status: final", f"status: {status}")
    lines = []
    for row in text.splitlines():
        key, colon, value = row.partition(": ")
        # every plain text of the first level of fields and of the titles: kind, name,
        # subject, article titles, party names
        fields = ("kind", "name", "subject", "title", "city", "street")
        if (
            colon
            and key.strip() in fields
            and value
            and value[0] not in "'\"[{>|"
            and value not in ENUMS
        ):
            row = f'{key}: {HOSTILE_VALUES[:-1]} {value}"'
        lines.append(row)
    target = tmp_path / f"hostile-{status}.yaml"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_a_draft_is_built_as_valid_xml_without_them(tmp_path: Path) -> None:
    source = _hostile("draft", tmp_path)
    output = tmp_path / "projet.docx"
    [result] = build_paths([source], BuildOptions(output=output, rebuild=True))
    assert result.check.model is not None
    assert sum(f.code == "CG032" for f in result.check.findings) > 10
    assert output.is_file()
    document = docx.Document(str(output))  # python-docx opens it
    assert document.core_properties.title and "\x01" not in document.core_properties.title
    with zipfile.ZipFile(io.BytesIO(output.read_bytes())) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                data = package.read(name)
                etree.fromstring(data)  # every part is well-formed XML
                assert not CONTROL_CHARACTERS.search(data.decode("utf-8")), name
    text = "\n".join(p.text for p in document.paragraphs)
    assert "rouge" in text and "\x1b" not in text


def test_a_final_version_with_them_is_refused(tmp_path: Path) -> None:
    source = _hostile("final", tmp_path)
    output = tmp_path / "final.docx"
    [result] = build_paths([source], BuildOptions(output=output, rebuild=True))
    assert result.refused and "version finale avec des erreurs" in result.reason
    assert not output.exists()
