"""convgen diff: the summary a reviewer reads."""

from pathlib import Path

import pytest

from convgen.review import review
from convgen.review.changes import ADDED, CHANGED, FILLED, MOVED

from conftest import SAINT_DIZIER
from review_cases import write_pair


def _summary(tmp_path: Path, case: str):
    old, new = write_pair(tmp_path, case)
    return review(str(old), str(new)).review


def test_filled_rates_and_a_longer_notice(tmp_path: Path) -> None:
    """The issue's own scenario: the Préfecture's two rates, and Article 7's notice."""
    summary = _summary(tmp_path, "rates-and-notice")
    sections = dict(summary.sections())
    assert list(sections) == [
        "Engagements de la Préfecture de Région Grand Est",
        "Durées et préavis",
        "Lacunes",
    ]
    rates = sections["Engagements de la Préfecture de Région Grand Est"]
    assert [(c.kind, c.subject, c.old, c.new) for c in rates] == [
        (
            FILLED,
            "Article 3.2 — Engagement de la Préfecture, engagement n° 3, chiffre « taux »",
            "... %",
            "20\u00a0%",
        ),
        (
            FILLED,
            "Article 3.2 — Engagement de la Préfecture, engagement n° 4, chiffre « taux »",
            "... %",
            "15\u00a0%",
        ),
    ]
    assert all(c.party == "prefecture" for c in rates)
    [notice] = sections["Durées et préavis"]
    assert (notice.subject, notice.old, notice.new) == (
        "Article 7 — Résiliation (clause de résiliation) : préavis",
        "trois mois",
        "six mois",
    )
    assert len(sections["Lacunes"]) == 2


def test_a_party_added(tmp_path: Path) -> None:
    sections = dict(_summary(tmp_path, "party-added").sections())
    parties = sections["Parties"]
    assert (parties[0].kind, parties[0].subject, parties[0].new) == (
        ADDED,
        "Partie « ville » (Ville de Saint-Dizier)",
        "Ville de Saint-Dizier",
    )
    assert any(c.path[0] == "sides" and c.new == "cnam, ville" for c in parties)
    assert any(c.section == "Signature" for c in sections["Signature"])


def test_an_inserted_article_is_reported_once(tmp_path: Path) -> None:
    summary = _summary(tmp_path, "article-inserted")
    assert [(c.section, c.kind, c.subject) for c in summary.changes] == [
        ("Articles", ADDED, "Article 5 — Évaluation")
    ]
    [change] = summary.changes
    assert change.new == (
        "« Le comité de pilotage évalue chaque année l'activité de la Maison des compétences. » ; "
        "les articles suivants sont renumérotés"
    )


def test_a_reworded_commitment_shows_the_words(tmp_path: Path) -> None:
    [change] = _summary(tmp_path, "commitment-reworded").changes
    assert change.section == "Engagements du CNAM en Grand Est"
    assert change.kind == CHANGED
    assert [(s.op, s.text) for s in change.segments] == [
        ("equal", "Participer"),
        ("insert", " activement"),
        ("equal", " aux instances de gouvernance du territoire."),
    ]


def test_a_moved_article(tmp_path: Path) -> None:
    summary = _summary(tmp_path, "article-moved")
    assert [(c.kind, c.subject) for c in summary.changes] == [(MOVED, "Article 8 — Communication")]


def test_a_changed_vote(tmp_path: Path) -> None:
    sections = dict(_summary(tmp_path, "vote-changed").sections())
    vote = {(c.subject, c.old, c.new) for c in sections["Vote"]}
    assert ("Décompte : contre", "0", "1") in vote
    assert ("Décompte : abstentions", "2", "1") in vote
    assert ("Décompte : suffrages exprimés", "37", "38") in vote
    assert ("Décompte : majorité absolue", "19", "20") in vote
    assert any("Mme Rachel ROUSSEL" in (c.new or "") for c in sections["Vote"])


def test_identical_versions(tmp_path: Path) -> None:
    old, _ = write_pair(tmp_path, "rates-and-notice")
    reformatted = tmp_path / "reformatted.yaml"
    reformatted.write_text("# une note\n" + old.read_text(encoding="utf-8"), encoding="utf-8")
    assert review(str(old), str(reformatted)).review.identical


@pytest.mark.parametrize("case", ["rates-and-notice", "article-inserted"])
def test_renumbering_is_never_a_change(tmp_path: Path, case: str) -> None:
    summary = _summary(tmp_path, case)
    assert not [c for c in summary.changes if c.path[-1:] == ("title",) or "numéro" in c.subject]


def test_a_reviewer_reads_texts_and_fields_as_the_document_prints_them(tmp_path: Path) -> None:
    """Markup is resolved (« l'article 7 », not « l'@{article:resiliation} ») and a party's
    field is named by what it is (« qualité du représentant », not « parties »)."""
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    text = SAINT_DIZIER.read_text(encoding="utf-8")
    old.write_text(text, encoding="utf-8")
    changed = text.replace(
        "        Cette convention a pour objet",
        "        Cette convention, résiliable selon l'@{article:resiliation}, a pour objet",
        1,
    ).replace("      quality: sa Présidente en exercice", "      quality: sa Présidente", 1)
    new.write_text(changed, encoding="utf-8")
    sections = dict(review(str(old), str(new)).review.sections())
    [party] = sections["Parties"]
    assert (
        party.subject == "Partie « cnam-grand-est » (CNAM en Grand Est) : qualité du représentant"
    )
    [article] = sections["Articles"]
    assert article.subject == "Article 1er — Objet"
    assert article.new is not None and "résiliable selon l’article 7," in article.new
    assert "@{" not in "".join(s.text for s in article.segments)
