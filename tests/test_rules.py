"""Each rule fires on a faulty convention and stays silent on a sound one."""

import re
from pathlib import Path

import pytest

from convgen.findings import Severity
from convgen.rules import REGISTRY

from conftest import codes


def test_registry_entries_are_documented() -> None:
    assert REGISTRY
    for code, rule in REGISTRY.items():
        assert re.fullmatch(r"CG\d{3}", code)
        assert rule.code == code
        assert rule.doc, code
        assert rule.title and rule.title[0].isupper()


def test_the_minimal_convention_trips_no_rule(minimal, check_data) -> None:
    assert codes(check_data(minimal)) == []


def test_unknown_party(minimal, check_data) -> None:
    minimal["articles"][1]["commitments"][0]["party"] = "vile"
    minimal["signature"]["signatories"].append("prefecture")
    result = check_data(minimal)
    assert codes(result) == ["CG201", "CG201"]
    first = result.findings[0]
    assert "« vile » inconnue dans les engagements" in first.message
    assert "vouliez-vous dire « ville »" in first.message


def test_unknown_and_unused_figures(minimal, check_data) -> None:
    minimal["articles"][1]["commitments"][0]["items"] = [
        {"text": "Verser @{montant}.", "figures": {"montnat": {"amount": 1000}}}
    ]
    minimal["articles"][0]["body"] = ["Un chiffre @{hors} d'un engagement."]
    found = codes(check_data(minimal))
    assert sorted(found) == ["CG202", "CG202", "CG203"]


def test_cited_figures_are_fine(minimal, check_data) -> None:
    minimal["articles"][1]["commitments"][0]["items"] = [
        {"text": "Verser @{montant}.", "figures": {"montant": {"amount": 1000}}}
    ]
    assert codes(check_data(minimal)) == []


def test_cross_references(minimal, check_data) -> None:
    minimal["articles"][0]["body"] = [
        "Voir l'@{article:duree}, l'@{article:engagements.ville} et l'@{annexe:plan}."
    ]
    result = check_data(minimal)
    assert codes(result) == ["CG204"]
    assert "aucune annexe n'a la clé « plan »" in result.findings[0].message
    minimal["annexes"] = [{"key": "plan", "title": "Plan"}]
    assert codes(check_data(minimal)) == []
    minimal["articles"][0]["body"] = ["Voir l'@{article:dure}."]
    [finding] = check_data(minimal).findings
    assert finding.code == "CG204" and "vouliez-vous dire « duree »" in finding.message


def test_malformed_markup(minimal, check_data) -> None:
    minimal["articles"][0]["body"] = ["Voir @{Article:duree}.", "Écrire @@{ littéralement."]
    assert codes(check_data(minimal)) == ["CG205"]


def test_duplicates(minimal, check_data) -> None:
    minimal["parties"].append(dict(minimal["parties"][0]))
    minimal["articles"].append({"key": "objet", "title": "Autre objet"})
    minimal["annexes"] = [{"key": "a", "title": "A"}, {"key": "a", "title": "B"}]
    result = check_data(minimal)
    duplicates = [f.message for f in result.findings if f.code == "CG206"]
    assert len(duplicates) == 3
    assert any(
        "identifiant de partie « ville » en double (déjà à la ligne" in m for m in duplicates
    )


def test_sides(minimal, check_data) -> None:
    minimal["sides"] = [["ville", "cnam"], ["cnam"]]
    assert codes(check_data(minimal)) == ["CG207"]
    minimal["sides"] = [["ville"], ["ville"]]
    messages = {f.message for f in check_data(minimal).findings if f.code == "CG207"}
    assert messages == {
        "la partie « ville » comparaît 2 fois",
        "la partie « cnam » n'apparaît pas dans la comparution (« sides »)",
    }


def test_clause_without_data_and_data_without_clause(minimal, check_data) -> None:
    minimal["articles"].append({"key": "copil", "clause": "governance"})
    minimal["terms"]["jurisdiction"] = {"court": "tribunal administratif de Nancy"}
    result = check_data(minimal)
    assert [(f.code, f.severity) for f in result.findings] == [
        ("CG208", Severity.ERROR),
        ("CG208", Severity.WARNING),
    ]
    minimal["articles"][0]["body"].append({"table": "budget"})
    assert codes(check_data(minimal)).count("CG208") == 3


def test_inserted_first(minimal, check_data) -> None:
    minimal["articles"][0]["inserted"] = True
    assert codes(check_data(minimal)) == ["CG209"]


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_rule_has_a_firing_test(code: str) -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    assert source.count(f'"{code}"') >= 1, f"no test makes {code} fire"
