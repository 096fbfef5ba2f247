from convgen.checking.check import check_file
from convgen.model.convention import BulletList, Paragraph, iter_prose

from conftest import CHAUMONT, SAINT_DIZIER


def test_saint_dizier_model() -> None:
    convention = check_file(SAINT_DIZIER).convention
    assert convention is not None
    assert [p.id for p in convention.parties] == [
        "prefecture",
        "region",
        "rectorat",
        "agglomeration",
        "banque-des-territoires",
        "cnam-grand-est",
        "cnam",
    ]
    assert [a.label for a in convention.articles] == [
        "Article 1er",
        "Article 2",
        "Article 3",
        "Article 4",
        "Article 5",
        "Article 6",
        "Article 6 bis",
        "Article 7",
        "Article 8",
    ]
    commitments = convention.commitment_sets()
    assert [c.party for c in commitments][:3] == ["prefecture", "rectorat", "region"]
    taux = commitments[0].items[2].figures["taux"]
    assert (taux.kind, taux.value, taux.base) == (
        "percent",
        "...",
        "coût total des investissements à caractère pédagogique",
    )
    assert taux.value_path == (
        "articles",
        2,
        "commitments",
        0,
        "items",
        2,
        "figures",
        "taux",
        "percent",
    )
    cnam = convention.party("cnam")
    assert cnam.address.text == "292 rue Saint-Martin, 75003 PARIS"
    assert convention.party("rectorat").address.text == "1 rue NAVIER, 51082 REIMS Cedex"
    assert cnam.representative.full_name == "Olivier FARON"
    assert cnam.phrase(capital=True) == "Le CNAM"
    assert cnam.full_phrase(form="de") == "du Conservatoire national des arts et métiers"
    assert convention.terms.duration == {"years": 5}
    assert convention.terms.renewal.notice == {"months": 6}
    assert convention.signature.copies == 6
    assert [a.number for a in convention.annexes] == [1, 2, 3]


def test_blocks_and_prose() -> None:
    convention = check_file(SAINT_DIZIER).convention
    preamble = convention.preamble
    assert isinstance(preamble[2], Paragraph)
    assert isinstance(preamble[3], BulletList) and len(preamble[3].items) == 3
    prose = iter_prose(convention)
    with_figures = [p for p in prose if p.figures]
    assert len(with_figures) == 5  # four rates and the rent year
    assert all("@{" in p.text for p in with_figures)
    assert prose[0].path == ("preamble", 0)


def test_numeric_postal_codes_are_padded(minimal, check_data) -> None:
    minimal["parties"][0]["address"]["postal_code"] = 1000
    convention = check_data(minimal).convention
    assert convention.party("ville").address.postal_code == "01000"


def test_budget_and_signatories() -> None:
    convention = check_file(CHAUMONT).convention
    assert [line.key for line in convention.budget.lines] == ["investissement", "fonctionnement"]
    budget = convention.budget
    assert budget.party_totals["cnam-grand-est"] == 100150
    assert budget.party_ids(["cnam-grand-est", "ville", "agence", "autre"]) == [
        "cnam-grand-est",
        "ville",
        "agence",
    ]
    assert budget.column_total("cnam-grand-est") == 100150
    assert budget.lines_total == 165150
    assert [line.shares_total for line in budget.lines] == [50000, 115150]
    assert [s.party for s in convention.signature.signatories] == [
        "ville",
        "agence",
        "cnam-grand-est",
    ]


def test_budget_line_without_amount_is_the_sum_of_its_shares(minimal, check_data) -> None:
    minimal["budget"] = {
        "title": "Plan",
        "basis": "annual",
        "lines": [
            {"key": "a", "label": "A", "shares": {"ville": 100, "cnam": 50.5}},
            {"key": "b", "label": "B", "amount": 10, "shares": {"ville": 10}},
        ],
    }
    budget = check_data(minimal).convention.budget
    assert [line.effective_amount for line in budget.lines] == [150.5, 10]
    assert budget.lines_total == 160.5


def test_parties_are_read_from_typed_fields() -> None:
    """No raw dict behind a party: its noun and phrase come from its fields."""
    convention = check_file(SAINT_DIZIER).convention
    assert convention is not None
    party = convention.parties[-1]
    assert not hasattr(party, "raw")
    assert party.noun == (party.short_name.name if party.short_name else party.name).strip()
    assert party.phrase(form="de").endswith(party.noun)
