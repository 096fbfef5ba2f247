"""Each rule fires on a faulty convention and stays silent on a sound one."""

import re
from pathlib import Path

import pytest

from convgen.checking.rules import REGISTRY
from convgen.foundation.findings import Severity

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
    assert [c for c in codes(result) if c.startswith("CG2")] == ["CG201", "CG201"]
    first = next(f for f in result.findings if f.code == "CG201")
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
    minimal["annexes"] = [{"key": "plan", "title": "Plan", "body": ["Le plan."]}]
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
def test_every_code_has_a_test_that_makes_it_fire(code: str) -> None:
    tests = Path(__file__).parent
    sources = [p.read_text(encoding="utf-8") for p in tests.glob("test_*.py")]
    sources += [p.read_text(encoding="utf-8") for p in (tests / "fixtures").rglob("*.yaml")]
    assert any(code in source for source in sources), f"no test makes {code} fire"


def test_literal_article_numbers(minimal, check_data) -> None:
    minimal["articles"][0]["body"] = [
        "En cas de manquement, la convention peut être résiliée dans les conditions de "
        "l'article 4.",
        "Voir aussi l'article 9 et l'article L. 5211-1 du code général des collectivités "
        "territoriales, ainsi que l'article 10 de la loi du 12 avril 2000.",
    ]
    found = [f for f in check_data(minimal).findings if f.code.startswith("CG21")]
    assert [f.code for f in found] == ["CG210"]
    assert found[0].message.startswith("« article 9 » : aucun article ne porte le numéro 9")
    assert found[0].path == ("articles", 0, "body", 1)


def test_article_number_whose_subject_is_elsewhere(minimal, check_data) -> None:
    minimal["articles"].insert(
        2,
        {"key": "copil", "title": "Comité de pilotage et d'évaluation", "body": ["Il se réunit."]},
    )
    minimal["articles"][0]["body"] = [
        "La convention peut être résiliée dans les conditions prévues à l'article 3."
    ]
    [finding] = [f for f in check_data(minimal).findings if f.code == "CG211"]
    assert finding.message == (
        "cette phrase parle de la résiliation mais renvoie à l'article 3 « Comité de pilotage "
        "et d'évaluation » ; la résiliation est traitée à l'article 5"
    )
    minimal["articles"][0]["body"] = [
        "La convention peut être résiliée dans les conditions prévues à l'article 5."
    ]
    assert [f for f in check_data(minimal).findings if f.code.startswith("CG21")] == []


def test_a_failing_rule_becomes_a_finding_not_a_traceback(minimal, check_data, monkeypatch) -> None:
    from convgen.checking.rules import registry

    def broken(convention):
        raise ZeroDivisionError("division par zéro")
        yield  # pragma: no cover

    entry = registry.REGISTRY["CG209"]
    monkeypatch.setitem(
        registry.REGISTRY, "CG209", registry.Rule(**{**entry.__dict__, "function": broken})
    )
    [finding] = check_data(minimal).findings
    assert finding.code == "CG209"
    assert finding.message.startswith(
        "erreur interne de convgen dans la règle CG209 (ZeroDivisionError"
    )


def test_a_party_is_committed_by_a_sentence_it_is_the_subject_of(minimal, check_data) -> None:
    minimal["articles"][1].pop("commitments", None)
    minimal["articles"][1]["body"] = ["Les parties coopèrent."]
    before = {f.path[1] for f in check_data(minimal).findings if f.code == "CG304"}
    assert before == {0, 1}  # no list of commitments, no sentence: both are reported
    first, second = (p["name"] for p in minimal["parties"][:2])
    minimal["articles"][1]["body"] = [
        f"{first} met à disposition les locaux nécessaires.",  # the subject: an obligation
        f"Les locaux sont mis à la disposition de {second}.",  # an object: none
    ]
    after = {f.path[1] for f in check_data(minimal).findings if f.code == "CG304"}
    assert after == {1}


def test_an_avenants_parties_keep_the_obligations_of_the_convention(minimal, check_data) -> None:
    minimal["articles"][1].pop("commitments", None)
    minimal["articles"][1]["body"] = ["L'article 3 de la convention du 1er mars 2022 est modifié."]
    assert [f.code for f in check_data(minimal).findings].count("CG304") == 2
    minimal["title"]["kind"] = "Avenant n° 1"
    assert "CG304" not in [f.code for f in check_data(minimal).findings]
