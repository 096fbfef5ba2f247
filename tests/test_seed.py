"""End to end on the Saint-Dizier contract: its gaps, and its text against the seed."""

from pathlib import Path

from click.testing import CliRunner

from convgen.checking.check import check_file
from convgen.cli import main
from convgen.rendering.ooxml import document_paragraphs

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


GAP_CODES = {"CG101", "CG102", "CG103"}


def test_exact_list_of_gaps() -> None:
    result = check_file(SAINT_DIZIER)
    gaps = [f for f in result.findings if f.code in GAP_CODES]
    assert [(f.code, f.line, f.party, f.path) for f in gaps] == EXPECTED_GAPS
    lines = SAINT_DIZIER.read_text(encoding="utf-8").splitlines()
    for finding in gaps:  # each position points at the unfinished value itself
        written = lines[finding.line - 1][finding.column - 1 :]
        assert written.startswith(("Rectorat de....", "...", "A définir")), written


def test_gap_messages_name_the_party_and_the_article() -> None:
    subjects = [f.subject for f in check_file(SAINT_DIZIER).findings if f.code in GAP_CODES]
    assert subjects == [
        "Partie « rectorat » (Rectorat de..............)",
        "Article 3.2 — Engagement de la Préfecture, engagement n° 3, chiffre « taux »",
        "Article 3.2 — Engagement de la Préfecture, engagement n° 4, chiffre « taux »",
        "Article 3.3 — Engagements du Rectorat de.............., engagement n° 1",
        "Article 3.4 — Engagements du Conseil Régional, engagement n° 2, chiffre « taux »",
        "Article 3.4 — Engagements du Conseil Régional, engagement n° 3, chiffre « taux »",
    ]


def test_the_seed_inconsistencies_are_found_at_their_lines() -> None:
    """Six originals for seven signatories, a committee member who signs nothing, « 2919 »."""
    result = check_file(SAINT_DIZIER)
    others = [(f.code, f.line, f.column) for f in result.findings if f.code not in GAP_CODES]
    assert ("CG301", 441, 11) in others
    assert ("CG303", 408, 7) in others
    assert ("CG504", 326, 51) in others
    lines = SAINT_DIZIER.read_text(encoding="utf-8").splitlines()
    assert lines[440].strip() == "copies: 6"
    assert lines[407].strip() == "- name: Ville de Saint-Dizier"
    assert lines[325][50:59] == "2919-2023"
    by_code = {f.code: f for f in result.findings}
    assert by_code["CG301"].message == (
        "la convention est établie en 6 exemplaires originaux pour 7 signataires : "
        "il manque 1 original (un par signataire)"
    )
    assert "vouliez-vous écrire 2019-2023 ?" in by_code["CG504"].message
    # CG704: the « annexe financière jointe » the seed refers to is not provided; CG306: the
    # seed cites no representative's authority to sign (none is invented for it); CG428: its
    # rates have no base amount nor ceiling
    assert {f.code for f in result.findings} - GAP_CODES == {
        "CG428",
        "CG301",
        "CG303",
        "CG305",
        "CG306",
        "CG504",
        "CG704",
    }


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


DELIBERATION = SAINT_DIZIER.parent / "saint-dizier-deliberation.yaml"
REFERENCE = FIXTURES / "seeds" / "deliberation-saint-dizier.txt"


def test_the_reference_deliberation_is_consistent() -> None:
    """Every count written in the reference follows from its lists."""
    result = check_file(DELIBERATION)
    assert result.deliberation is not None
    # it approves a convention still in draft, which M. BRIERE signs while the act
    # authorises M. LAMBERTIN
    assert [f.code for f in result.findings] == ["CG612", "CG613"]
    counts = result.deliberation.counts
    assert (counts.present, counts.represented, counts.absent, counts.voters) == (31, 8, 6, 39)
    assert (counts.votes_for, counts.expressed, counts.absolute_majority) == (37, 37, 19)


def test_built_deliberation_reads_like_the_reference(tmp_path: Path) -> None:
    target = tmp_path / "deliberation.docx"
    result = CliRunner().invoke(main, ["build", str(DELIBERATION), "-o", str(target)])
    assert result.exit_code == 0, result.output
    rendered = [p for p in document_paragraphs(target.read_bytes()) if p.strip()]
    reference = REFERENCE.read_text(encoding="utf-8").split("-" * 70, 1)[1]
    comparison = similarity(seed_paragraphs(reference), rendered)
    print()
    print(comparison.report())
    print(f"similarité avec l'extrait de référence : {comparison.ratio:.3f}")
    assert comparison.ratio >= 0.90
    assert comparison.coverage >= 0.95
