"""Typography in print: what French typography keeps on one line, on every shipped
document (the text of the .docx, as Word and LibreOffice lay it out)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from convgen.checking.check import check_file
from convgen.foundation import french
from convgen.rendering import render
from convgen.rendering.ooxml import document_paragraphs

from conftest import ROOT

NBSP = "\u00a0"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# a breakable (ordinary) space where a line must not break
BREAKS = {
    "inside a date": re.compile(rf"\b(?:1er|\d{{1,2}}) (?:{MONTHS})\b|\b(?:{MONTHS}) \d{{4}}\b"),
    "after a civility": re.compile(r"\b(?:M\.|Mme|Monsieur|Madame) (?=[A-ZÀ-Ý])"),
    "after « n° »": re.compile(r"\bn° (?=\S)"),
}


def _shipped() -> list[Path]:
    files = sorted((ROOT / "conventions").rglob("*.yaml"))
    files += sorted((ROOT / "tests" / "fixtures" / "valid").glob("*.yaml"))
    return [f for f in files if "parties" not in f.parts and "models" not in f.parts]


@pytest.mark.parametrize("file", _shipped(), ids=lambda f: str(f.relative_to(ROOT)))
def test_no_line_breaks_inside_a_date_a_civility_or_a_number(file: Path) -> None:
    model = check_file(file).model
    assert model is not None
    data, _ = render(model)
    for paragraph in document_paragraphs(data):
        for where, pattern in BREAKS.items():
            match = pattern.search(paragraph)
            assert match is None, f"{file.name} : espace sécable {where} : « {paragraph} »"


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
