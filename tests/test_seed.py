"""End to end on the Saint-Dizier contract: its gaps, and its text against the seed."""

from pathlib import Path

from click.testing import CliRunner

from convgen.check import check_file
from convgen.cli import main
from convgen.ooxml import document_paragraphs

from conftest import FIXTURES, SAINT_DIZIER
from textcompare import seed_paragraphs, similarity

SEED = FIXTURES / "seeds" / "saint-dizier-seed.txt"

EXPECTED_GAPS = [
    # (code, line, party, path) — every unfinished entry of the seed, and nothing else
    ("CG101", 46, "rectorat", ("parties", 2, "name")),
    (
        "CG102",
        232,
        "prefecture",
        ("articles", 2, "commitments", 0, "items", 2, "figures", "taux", "percent"),
    ),
    (
        "CG102",
        242,
        "prefecture",
        ("articles", 2, "commitments", 0, "items", 3, "figures", "taux", "percent"),
    ),
    ("CG101", 247, "rectorat", ("articles", 2, "commitments", 1, "items", 0)),
    (
        "CG102",
        263,
        "region",
        ("articles", 2, "commitments", 2, "items", 1, "figures", "taux", "percent"),
    ),
    (
        "CG102",
        272,
        "region",
        ("articles", 2, "commitments", 2, "items", 2, "figures", "taux", "percent"),
    ),
]


def test_exact_list_of_gaps() -> None:
    result = check_file(SAINT_DIZIER)
    assert [(f.code, f.line, f.party, f.path) for f in result.findings] == EXPECTED_GAPS
    lines = SAINT_DIZIER.read_text(encoding="utf-8").splitlines()
    for finding in result.findings:  # each position points at the unfinished value itself
        written = lines[finding.line - 1][finding.column - 1 :]
        assert written.startswith(("Rectorat de....", "...", "A définir")), written


def test_gap_messages_name_the_party_and_the_article() -> None:
    subjects = [f.subject for f in check_file(SAINT_DIZIER).findings]
    assert subjects == [
        "Partie « rectorat » (Rectorat de..............)",
        "Article 3.2 — Engagement de la Préfecture, engagement n° 3, chiffre « taux »",
        "Article 3.2 — Engagement de la Préfecture, engagement n° 4, chiffre « taux »",
        "Article 3.3 — Engagements du Rectorat de.............., engagement n° 1",
        "Article 3.4 — Engagements du Conseil Régional, engagement n° 2, chiffre « taux »",
        "Article 3.4 — Engagements du Conseil Régional, engagement n° 3, chiffre « taux »",
    ]


def test_built_document_reads_like_the_seed(tmp_path: Path) -> None:
    target = tmp_path / "saint-dizier.docx"
    result = CliRunner().invoke(main, ["build", str(SAINT_DIZIER), "-o", str(target)])
    assert result.exit_code == 0, result.output
    rendered = [p for p in document_paragraphs(target.read_bytes()) if p.strip()]
    comparison = similarity(seed_paragraphs(SEED.read_text(encoding="utf-8")), rendered)
    print()
    print(comparison.report())
    print(f"similarité avec le projet d'origine : {comparison.ratio:.3f}")
    assert comparison.ratio >= 0.90
    assert comparison.coverage >= 0.95
