"""Typography in print: what French typography keeps on one line, on every shipped
document (the text of the .docx, as Word and LibreOffice lay it out)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from convgen.checking.check import check_file
from convgen.foundation import french
from convgen.rendering import render
from convgen.rendering.ooxml import document_paragraphs, is_text_part, keep_hyphens

from conftest import ROOT

NBSP = "\u00a0"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# a breakable (ordinary) space where a line must not break
BREAKS = {
    "inside a date": re.compile(rf"\b(?:1er|\d{{1,2}}) (?:{MONTHS})\b|\b(?:{MONTHS}) \d{{4}}\b"),
    "after a civility": re.compile(r"\b(?:M\.|Mme|Monsieur|Madame) (?=[A-ZÀ-Ý])"),
    "after « n° »": re.compile(r"\bn° (?=\S)"),
    "before « ; : ! ? »": re.compile(r"(?:[^\s\u00a0\u202f]|(?<=\S) )[;:!?](?=\s|$)"),
    "(a straight apostrophe)": re.compile("'"),
}


def _shipped() -> list[Path]:
    files = sorted((ROOT / "conventions").rglob("*.yaml"))
    files += sorted((ROOT / "tests" / "fixtures" / "valid").glob("*.yaml"))
    return [f for f in files if "parties" not in f.parts and "models" not in f.parts]


def _printed(file: Path) -> list[str]:
    """Every paragraph of every printed part (body, headers, footers), non-breaking
    hyphens read as U+2011."""
    model = check_file(file).model
    assert model is not None
    data, _ = render(model)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [name for name in package.namelist() if is_text_part(name)]
    return [text for part in parts for text in document_paragraphs(data, part, marks=True)]


@pytest.mark.parametrize("file", _shipped(), ids=lambda f: str(f.relative_to(ROOT)))
def test_no_line_breaks_inside_a_date_a_civility_or_a_number(file: Path) -> None:
    for paragraph in _printed(file):
        for where, pattern in BREAKS.items():
            match = pattern.search(paragraph)
            assert match is None, f"{file.name} : espace sécable {where} : « {paragraph} »"
        kept = french.kept_hyphens(paragraph)
        assert not kept, f"{file.name} : coupure possible au trait d'union : « {paragraph} »"


@pytest.mark.parametrize("file", _shipped(), ids=lambda f: str(f.relative_to(ROOT)))
def test_one_civility_form_per_document(file: Path) -> None:
    text = "\n".join(_printed(file))
    short = re.search(r"\b(?:M\.|Mme)\u00a0[A-ZÀ-Ý]", text)
    long = re.search(r"\b(?:Monsieur|Madame)\u00a0[A-ZÀ-Ý]", text)
    assert not (short and long), f"{file.name} : « {short[0]} » et « {long[0]} »"  # type: ignore[index]


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("article L. 5216-5 du code", "article L. 5216\u20115 du code"),
        ("la Ville de Saint-Dizier", "la Ville de Saint\u2011Dizier"),
        ("Bar-le-Duc", "Bar\u2011le\u2011Duc"),
        ("délibération n° 2021-045", "délibération n° 2021\u2011045"),
        (
            "délibération n°\u00a0CP-2025-01-11 du",
            "délibération n°\u00a0CP\u20112025\u201101\u201111 du",
        ),
        ("décision n° CA-2024-07", "décision n° CA\u20112024\u201107"),
        ("c'est-à-dire", "c'est-à-dire"),  # a common compound breaks like any word
        ("vice-président", "vice-président"),
    ],
)
def test_hyphens_of_references_and_names_are_kept(written: str, kept: str) -> None:
    shown = "".join(
        "\u2011" if i in french.kept_hyphens(written) else c for i, c in enumerate(written)
    )
    assert shown == kept


def test_a_kept_hyphen_is_words_own_non_breaking_hyphen() -> None:
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Ville de Saint-Dizier, art. L. 5216-5</w:t></w:r></w:p>"
        b"</w:body></w:document>"
    )
    out = keep_hyphens(xml).decode()
    assert out.count("<w:noBreakHyphen/>") == 2
    assert "Saint</w:t><w:noBreakHyphen/><w:t" in out


def test_the_space_before_a_semicolon_survives_an_inserted_figure() -> None:
    from convgen.rendering.base import Rich

    rich = Rich().verbatim("l’année 4").text(" ; puis")
    assert "\u202f; puis" in str(rich.rich)


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("le 16 décembre 2021", f"le 16{NBSP}décembre{NBSP}2021"),
        ("le 1er avril 2019", f"le 1er{NBSP}avril{NBSP}2019"),
        ("au 3 mars", f"au 3{NBSP}mars"),
        ("M. Karim KHELIF", f"M.{NBSP}Karim KHELIF"),
        ("Madame Anne MARTIN", f"Madame{NBSP}Anne MARTIN"),
        ("délibération n° 2021-045", f"délibération n°{NBSP}2021-045"),
        ("article L. 5216-5", f"article L.{NBSP}5216-5"),
        ("en mars, les comptes", "en mars, les comptes"),  # no date: nothing to join
        ("M. le Préfet", "M. le Préfet"),  # a civility before a title, not a name
    ],
)
def test_typography_keeps_together_what_must_stay_on_one_line(written, printed) -> None:
    assert french.typography(written) == printed
