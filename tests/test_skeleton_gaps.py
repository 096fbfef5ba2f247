"""A gap in a name (« À définir ») is highlighted wherever the name is printed and never
takes an elided article; a deliberation whose lists are gaps prints its counts as gaps and
announces no result. Checked on the documents `convgen new` writes."""

import re
import zipfile
from pathlib import Path

import pytest

from convgen.building.build import build_file
from convgen.building.skeleton import write_skeleton
from convgen.foundation import french
from convgen.rendering.ooxml import document_paragraphs


@pytest.mark.parametrize(
    ("gender", "form", "expected"),
    [
        ("f", "", "la À définir"),
        ("m", "", "le À définir"),
        ("f", "de", "de la À définir"),
        ("m", "de", "du À définir"),
        ("m", "à", "au À définir"),
        ("f", "à", "à la À définir"),
    ],
)
def test_a_gap_takes_the_article_of_its_gender(gender, form, expected) -> None:
    assert french.definite("À définir", gender, form=form) == expected
    assert french.definite("À définir", gender, form=form, elision=True) == expected
    assert french.definite("Agence", "f", form="de") == "de l’Agence"  # a name still elides


def test_other_gap_helpers() -> None:
    assert not french.elides("À définir") and not french.elides("[à compléter]")
    assert french.of("À définir") == "de À définir"
    assert french.upper_name("À définir") == "À définir" and french.upper_name("Roux") == "ROUX"
    assert french.with_preposition("à ", "À définir", "m") == ("", "au À définir")


def _build(tmp_path: Path, kind: str) -> tuple[list[str], list[str]]:
    source = write_skeleton(kind, "Essai", tmp_path / f"{kind}.yaml").path
    output = tmp_path / f"{kind}.docx"
    result = build_file(source, output=output)
    assert result.output == output, result
    data = output.read_bytes()
    xml = zipfile.ZipFile(output).read("word/document.xml").decode("utf-8")
    highlighted = re.findall(
        r"<w:r>(?:(?!</w:r>).)*?w:val=\"Lacune\"(?:(?!</w:r>).)*?<w:t[^>]*>([^<]*)</w:t>", xml
    )
    spaced = (p.replace("\u00a0", " ").replace("\u202f", " ") for p in document_paragraphs(data))
    return [p for p in spaced if p.strip()], highlighted


def test_the_convention_skeleton_highlights_every_gap_in_names(tmp_path: Path) -> None:
    paragraphs, highlighted = _build(tmp_path, "convention")
    text = "\n".join(paragraphs)
    assert "À définir" in text
    assert not re.search(r"[lL]’À définir|de l’À définir|À DÉFINIR", text)
    assert "Engagements de la À définir" in text and "Engagements du À définir" in text
    assert "Pour la À définir," in text
    # every « À définir » printed is highlighted: the names in the parties, the
    # representatives, the governance and the signature blocks included
    assert " ".join(highlighted).count("À définir") == text.count("À définir")


def test_the_deliberation_skeleton_counts_no_placeholder(tmp_path: Path) -> None:
    paragraphs, highlighted = _build(tmp_path, "deliberation")
    text = "\n".join(paragraphs)
    assert "Présents : ... — Représentés : ... — Absents : ... — Votants : ..." in text
    assert "Votants : 1" not in text and "Présents : 1" not in text
    assert not re.search(r"Adoptée|Rejetée|unanimité", text)
    assert paragraphs[paragraphs.index("Votants") + 1] == "..."
    # the sections a deliberation ends with, still to write
    assert "De dire que les crédits nécessaires seront inscrits au budget principal" in text
    assert "Acte rendu exécutoire après transmission au représentant de l’État le ..." in text
    assert "Identifiant de télétransmission : ..." in text
    assert "recours devant le tribunal administratif de [à compléter]" in text
    assert " ".join(highlighted).count("À définir") == text.count("À définir")
