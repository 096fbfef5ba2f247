from convgen.loading.reader import load
from convgen.model.outline import Number, Outline

from conftest import SAINT_DIZIER


def _outline(articles, **extra) -> Outline:
    return Outline({"articles": articles, **extra})


def test_numbers() -> None:
    assert Number((1,)).text == "1er"
    assert Number((1,)).label == "Article 1er"
    assert Number((1, 1)).text == "1.1"
    assert Number((6,), "bis").label == "Article 6 bis"


def test_inserted_articles_take_bis_ter_and_do_not_shift_the_rest() -> None:
    outline = _outline(
        [
            {"key": "a", "title": "A"},
            {"key": "b", "title": "B"},
            {"key": "b2", "title": "B2", "inserted": True},
            {"key": "b3", "title": "B3", "inserted": True},
            {"key": "c", "title": "C"},
        ]
    )
    assert [e.number.text for e in outline.entries] == ["1er", "2", "2 bis", "2 ter", "3"]


def test_an_inserted_first_article_is_numbered_normally() -> None:
    outline = _outline([{"key": "a", "title": "A", "inserted": True}, {"key": "b", "title": "B"}])
    assert [e.number.text for e in outline.entries] == ["1er", "2"]


def test_sub_articles_then_generated_commitments() -> None:
    outline = _outline(
        [
            {"key": "objet", "title": "Objet"},
            {
                "key": "eng",
                "title": "Engagements",
                "articles": [{"key": "communs", "title": "Communs"}],
                "commitments": [
                    {"party": "ville", "items": []},
                    {"party": "inconnue", "items": []},
                ],
            },
        ],
        parties=[{"id": "ville", "name": "Ville de Troyes", "gender": "f"}],
    )
    headings = [(e.number.text, e.title, e.key) for e in outline.entries]
    assert headings == [
        ("1er", "Objet", "objet"),
        ("2", "Engagements", "eng"),
        ("2.1", "Communs", "communs"),
        ("2.2", "Engagements de la Ville de Troyes", "eng.ville"),
        ("2.3", "Engagements de « inconnue »", "eng.inconnue"),
    ]


def test_governance_clause_generates_composition_and_role() -> None:
    outline = _outline(
        [{"key": "copil", "clause": "governance"}],
        governance={"name": "commission de suivi", "gender": "f", "members": []},
    )
    assert [e.heading for e in outline.entries] == [
        "Article 1er : Commission de suivi",
        "Article 1.1 : Composition et fonctionnement de la commission de suivi",
        "Article 1.2 : Rôle de la commission de suivi",
    ]


def test_clause_articles_have_default_titles() -> None:
    outline = _outline([{"key": "d", "clause": "duration"}, {"key": "r", "clause": "termination"}])
    assert [e.title for e in outline.entries] == ["Durée", "Résiliation"]


def test_outline_tolerates_broken_data() -> None:
    outline = Outline({"articles": [None, 3, {"title": 5}, {"key": "ok", "title": "Bien"}]})
    assert [e.number.text for e in outline.entries] == ["1er", "2"]
    assert Outline(None).entries == []


def test_lookups_and_descriptions_on_the_seed() -> None:
    outline = Outline(load(SAINT_DIZIER).data)
    assert outline.by_key("resiliation").label == "Article 7"
    assert outline.by_number("6 bis").key == "avenant"
    assert outline.by_number("1er").key == "objet"
    assert outline.by_clause("termination").key == "resiliation"
    subject, party = outline.describe(("articles", 2, "commitments", 0, "items", 3, "figures"))
    assert subject == "Article 3.2 — Engagement de la Préfecture, engagement n° 4"
    assert party == "prefecture"
    assert outline.describe(("terms", "termination", "notice")) == (
        "Article 7 — Résiliation (clause de résiliation)",
        None,
    )
    assert outline.describe(("parties", 2, "name")) == (
        "Partie « rectorat » (Rectorat de..............)",
        "rectorat",
    )
    assert outline.describe(("signature", "signatories", 1)) == (
        "Signature — bloc de « region »",
        "region",
    )
    assert outline.describe(("annexes", 2)) == ("Annexe 3 — Annexe financière", None)
