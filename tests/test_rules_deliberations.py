"""Deliberation checks (CG6xx), each firing and not firing."""

from pathlib import Path

import pytest

from convgen.checking.check import check_file
from convgen.foundation.findings import Severity

from conftest import CHAUMONT, codes, dump


def _six(result):
    return [f for f in result.findings if f.code.startswith("CG6")]


def test_the_minimal_deliberation_is_clean(deliberation, check_data) -> None:
    assert codes(check_data(deliberation)) == []


def test_quorum(deliberation, check_data) -> None:
    deliberation["attendance"]["absent"] += ["Mme Claire PETIT", "M. Luc ROUX"]
    deliberation["attendance"]["present"] = ["Mme Anne MARTIN", "M. Paul DURAND"]
    deliberation["secretary"] = "M. Paul DURAND"
    deliberation["vote"] = {}
    found = [f for f in _six(check_data(deliberation)) if f.code == "CG601"]
    assert [f.message for f in found] == [
        "quorum non atteint : 2 présents pour 7 membres en exercice, il en faut au moins 4 (plus "
        "de la moitié) ; sinon, la séance doit être une seconde convocation "
        "(session.second_convocation: true)"
    ]
    deliberation["session"]["second_convocation"] = True
    assert [f for f in _six(check_data(deliberation)) if f.code == "CG601"] == []


def test_names_without_a_family_name_in_capitals(deliberation, check_data) -> None:
    deliberation["attendance"]["present"][1] = "M. Paul Durand"
    deliberation["attendance"]["represented"][0]["proxy"] = "M. Paul Durand"
    found = [f for f in _six(check_data(deliberation)) if f.code == "CG602"]
    assert found[0].message == (
        "nom de famille non identifiable dans « M. Paul Durand » : écrivez-le en capitales "
        "(« M. Paul DURAND » ?)"
    )
    assert found[0].severity == Severity.WARNING


def test_pouvoir_given_to_an_absent_member(deliberation, check_data) -> None:
    deliberation["attendance"]["represented"][0]["proxy"] = "M. Marc NOIR"
    [finding] = _six(check_data(deliberation))
    assert finding.code == "CG603"
    assert finding.message == (
        "M. Marc NOIR porte le pouvoir de Mme Julie BLANC mais figure parmi les absents : seul un "
        "membre présent peut porter un pouvoir"
    )
    assert finding.path == ("attendance", "represented", 0, "proxy")


def test_pouvoir_given_to_a_misspelled_member(deliberation, check_data) -> None:
    deliberation["attendance"]["represented"][0]["proxy"] = "M. Paul DURANT"
    [finding] = _six(check_data(deliberation))
    assert finding.message == (
        "M. Paul DURANT, qui porte le pouvoir de Mme Julie BLANC, n'est pas parmi les présents ; "
        "vouliez-vous dire M. Paul DURAND ?"
    )


def test_one_pouvoir_per_holder_and_not_to_oneself(deliberation, check_data) -> None:
    deliberation["attendance"]["absent"] = ["Mme Sophie VERT"]
    deliberation["attendance"]["represented"].append(
        {"member": "M. Marc NOIR", "proxy": "DURAND Paul"}
    )
    messages = [f.message for f in _six(check_data(deliberation)) if f.code == "CG603"]
    assert messages == [
        "DURAND Paul porte deux pouvoirs (de Mme Julie BLANC et de M. Marc NOIR) : un membre ne "
        "peut en porter qu'un"
    ]
    deliberation["attendance"]["represented"][1]["proxy"] = "M. Marc NOIR"
    messages = [f.message for f in _six(check_data(deliberation)) if f.code == "CG603"]
    assert messages == ["M. Marc NOIR ne peut pas se donner pouvoir à lui-même"]


def test_lists(deliberation, check_data) -> None:
    deliberation["attendance"]["absent"] = ["M. Marc NOIR", "Mme Claire PETIT"]
    messages = [f.message for f in _six(check_data(deliberation)) if f.code == "CG604"]
    assert messages == ["Mme Claire PETIT figure à la fois parmi les présents et les absents"]
    deliberation["attendance"]["absent"] = ["M. Marc NOIR"]
    messages = [f.message for f in _six(check_data(deliberation)) if f.code == "CG604"]
    assert messages == [
        "les listes comptent 6 membres (4 présents, 1 représenté, 0 excusé, 1 absent) pour 7 "
        "membres en exercice : il en manque 1"
    ]


def test_officers_are_present(deliberation, check_data) -> None:
    deliberation["secretary"] = "Mme Sophie VERT"
    deliberation["rapporteur"] = {"name": "M. Luc ROUS", "quality": "adjoint"}
    messages = {f.message for f in _six(check_data(deliberation)) if f.code == "CG605"}
    assert messages == {
        "le secrétaire de séance, Mme Sophie VERT, figure parmi les absents",
        "le rapporteur, M. Luc ROUS, n'est pas parmi les présents ; vouliez-vous dire M. Luc ROUX ?",
    }


def test_named_voters_are_voting_members(deliberation, check_data) -> None:
    deliberation["vote"] = {
        "against": ["Mme Sophie VERT"],
        "abstentions": ["M. Luc ROUX", "Mme Julie BLANC"],
        "not_voting": ["M. Luc ROUX"],
    }
    messages = sorted(f.message for f in _six(check_data(deliberation)) if f.code == "CG606")
    assert messages == [
        "M. Luc ROUX est nommé à la fois dans « abstentions » et dans « ne prennent pas part au vote »",
        "Mme Sophie VERT (contre) figure parmi les absents",
    ]


def test_tally_against_the_lists(deliberation, check_data) -> None:
    deliberation["counts"] = {"present": 4, "voters": 6, "for": 4, "absolute_majority": 3}
    [finding] = _six(check_data(deliberation))
    assert (finding.code, finding.path) == ("CG607", ("counts", "voters"))
    assert finding.message == "Votants : 6 écrit, 5 d'après les listes (4 présents + 1 représenté)"


def test_result_and_unanimity_against_the_tally(deliberation, check_data) -> None:
    deliberation["vote"] = {
        "against": ["M. Paul DURAND", "Mme Julie BLANC", "M. Luc ROUX"],
        "unanimous": True,
    }
    deliberation["counts"] = {"result": "adopted"}
    messages = {f.message for f in _six(check_data(deliberation)) if f.code == "CG607"}
    assert messages == {
        "délibération écrite adoptée, mais le décompte donne 2 voix pour sur 5 suffrages exprimés "
        "(majorité absolue : 3) : rejetée",
        "unanimité déclarée, mais le décompte porte 3 voix contre",
    }


def test_dates_in_order(deliberation, check_data) -> None:
    deliberation["session"]["convocation"] = "2022-03-10"
    deliberation["signature"]["date"] = "2022-03-09"
    deliberation["publicity"]["publication"] = "2022-03-01"
    messages = [f.message for f in _six(check_data(deliberation)) if f.code == "CG608"]
    assert messages == [
        "séance le 10 mars 2022, avant la convocation du 10 mars 2022",
        "signature le 9 mars 2022, avant la séance du 10 mars 2022",
        "publication le 1er mars 2022, avant la séance du 10 mars 2022",
    ]


@pytest.mark.parametrize(
    ("assembly", "convocation", "fires"),
    [
        ("conseil municipal", "2022-03-04", False),  # 5 clear days
        ("conseil municipal", "2022-03-05", True),  # 4 clear days
        ("conseil régional", "2022-03-01", True),  # 8 clear days for 12
        ("bureau", "2022-03-09", False),  # no legal notice
    ],
)
def test_convocation_notice(deliberation, check_data, assembly, convocation, fires) -> None:
    deliberation["authority"]["assembly"] = assembly
    deliberation["session"]["convocation"] = convocation
    found = [f for f in _six(check_data(deliberation)) if f.code == "CG609"]
    assert bool(found) is fires
    if found:
        assert found[0].severity == Severity.WARNING


def test_small_communes_and_urgency(deliberation, check_data) -> None:
    deliberation["session"]["convocation"] = "2022-03-06"  # 3 clear days
    assert [f.code for f in _six(check_data(deliberation))] == ["CG609"]
    deliberation["authority"]["small_commune"] = True
    assert _six(check_data(deliberation)) == []
    deliberation["session"]["convocation"] = "2022-03-08"
    deliberation["session"]["urgency"] = True
    assert _six(check_data(deliberation)) == []


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        (
            "052-123456789-20220311-2022_03_10_001-DE",
            "la date de l'identifiant (20220311) n'est pas celle de la séance (20220310)",
        ),
        (
            "052-123456789-20220310-2022_03_10_002-DE",
            "le numéro de l'identifiant (2022_03_10_002) n'est pas celui de l'acte (2022-03-10-001)",
        ),
        (
            "052-123456789-20220310-2022_03_10_001-AR",
            "nature « AR » : une délibération se transmet avec la nature « DE »",
        ),
        (
            "52-123456789-20220310-x-DE",
            "« 52-123456789-20220310-x-DE » n'a pas la forme département-SIREN-AAAAMMJJ-numéro-nature (« 052-200067007-20211216-2021_12_16_045-DE »)",
        ),
    ],
)
def test_teletransmission_identifier(deliberation, check_data, identifier, message) -> None:
    deliberation["publicity"]["teletransmission_id"] = identifier
    [finding] = _six(check_data(deliberation))
    assert (finding.code, finding.message) == ("CG610", message)


def test_teletransmission_against_the_authority(deliberation, check_data) -> None:
    deliberation["authority"]["siren"] = "200067007"
    [finding] = _six(check_data(deliberation))
    assert (
        finding.message
        == "SIREN de l'identifiant : 123456789, celui de la collectivité : 200067007"
    )


def _with_convention(tmp_path: Path, deliberation, approves: str) -> Path:
    deliberation["approves"] = approves
    target = tmp_path / "deliberation.yaml"
    target.write_text(dump(deliberation), encoding="utf-8")
    return target


def test_approved_convention_missing_or_not_a_convention(tmp_path: Path, deliberation) -> None:
    result = check_file(_with_convention(tmp_path, deliberation, "absente.yaml"))
    [finding] = _six(result)
    assert finding.code == "CG611"
    assert finding.message.startswith("convention approuvée « absente.yaml » introuvable")
    (tmp_path / "autre.yaml").write_text("document: deliberation\n")
    [finding] = _six(check_file(_with_convention(tmp_path, deliberation, "autre.yaml")))
    assert finding.message == "« autre.yaml » n'est ni une convention ni un avenant"


def test_approved_convention_content(tmp_path: Path, deliberation) -> None:
    (tmp_path / "chaumont.yaml").write_text(CHAUMONT.read_text(encoding="utf-8"), encoding="utf-8")
    deliberation["authority"]["name"] = "Ville de Chaumont"
    deliberation["authorised"] = {"name": "Mme Christine GUILLEMY", "quality": "Maire"}
    deliberation["session"] |= {"date": "2022-03-10", "convocation": "2022-03-03"}
    assert _six(check_file(_with_convention(tmp_path, deliberation, "chaumont.yaml"))) == []
    deliberation["session"] |= {"date": "2022-03-20", "convocation": "2022-03-13"}
    deliberation["signature"]["date"] = "2022-03-21"
    deliberation["publicity"] |= {"transmission": "2022-03-22", "publication": "2022-03-22"}
    deliberation["publicity"]["teletransmission_id"] = "052-123456789-20220320-2022_03_10_001-DE"
    [finding] = _six(check_file(_with_convention(tmp_path, deliberation, "chaumont.yaml")))
    assert (finding.code, finding.severity) == ("CG612", Severity.ERROR)
    assert finding.message == (
        "la convention est datée du 14 mars 2022, avant la séance du 20 mars 2022 qui l'approuve"
    )


def test_approving_an_unfinished_convention_or_one_the_authority_is_not_party_to(
    tmp_path: Path, deliberation
) -> None:
    (tmp_path / "chaumont.yaml").write_text(CHAUMONT.read_text(encoding="utf-8"), encoding="utf-8")
    deliberation["authority"]["name"] = "Ville d'Ailleurs"
    deliberation["authorised"] = {"name": "Mme Christine GUILLEMY", "quality": "Maire"}
    [finding] = _six(check_file(_with_convention(tmp_path, deliberation, "chaumont.yaml")))
    assert finding.message == (
        "La Ville d'Ailleurs n'est pas partie à la convention qu'elle approuve (authority.party ?)"
    )
    deliberation["authority"]["party"] = "ville"
    assert _six(check_file(_with_convention(tmp_path, deliberation, "chaumont.yaml"))) == []
    draft = CHAUMONT.read_text(encoding="utf-8").replace("percent: 40", "percent: ...")
    (tmp_path / "chaumont.yaml").write_text(draft, encoding="utf-8")
    [finding] = _six(check_file(_with_convention(tmp_path, deliberation, "chaumont.yaml")))
    assert finding.message.startswith(
        "la convention approuvée comporte encore 1 mention à compléter et 0 erreur"
    )


def test_the_authorised_signatory_signs_the_approved_convention(
    tmp_path: Path, deliberation
) -> None:
    (tmp_path / "chaumont.yaml").write_text(CHAUMONT.read_text(encoding="utf-8"), encoding="utf-8")
    deliberation["authority"] |= {"name": "Ville de Chaumont"}
    deliberation["session"] |= {"date": "2022-03-10", "convocation": "2022-03-03"}
    # By default the act authorises its session's president, who is not the signatory.
    [finding] = _six(check_file(_with_convention(tmp_path, deliberation, "chaumont.yaml")))
    assert (finding.code, finding.severity) == ("CG613", Severity.ERROR)
    assert finding.message == (
        "la délibération autorise Anne MARTIN, Maire, à signer, mais la convention est signée "
        "pour le compte de la Ville de Chaumont par Christine GUILLEMY, sa Maire (authorised, "
        "ou le représentant dans la convention)"
    )
    # The same person in another capacity is not covered by the authorisation.
    deliberation["authorised"] = {
        "name": "GUILLEMY Christine",
        "quality": "Présidente du Conseil de Territoire",
    }
    [finding] = _six(check_file(_with_convention(tmp_path, deliberation, "chaumont.yaml")))
    assert finding.message == (
        "la délibération autorise GUILLEMY Christine à signer en qualité de « Présidente du "
        "Conseil de Territoire », la convention lui donne « sa Maire »"
    )
    # « Maire » and « sa Maire » are one capacity; the name may be written in any order.
    deliberation["authorised"]["quality"] = "Maire"
    assert _six(check_file(_with_convention(tmp_path, deliberation, "chaumont.yaml"))) == []


def test_the_authority_signs_after_the_session_each_on_its_own_date(
    tmp_path: Path, deliberation
) -> None:
    text = CHAUMONT.read_text(encoding="utf-8").replace(
        "  signatories: [ville, agence, cnam-grand-est]",
        "  mode: each\n  signatories:\n"
        "    - {party: ville, place: Chaumont, date: 2022-03-09}\n"
        "    - {party: agence, place: Reims, date: 2022-03-21}\n"
        "    - {party: cnam-grand-est, place: Nancy, date: 2022-03-22}",
    )
    assert "mode: each" in text
    (tmp_path / "chaumont.yaml").write_text(text, encoding="utf-8")
    deliberation["authority"]["name"] = "Ville de Chaumont"
    deliberation["authorised"] = {"name": "Mme Christine GUILLEMY", "quality": "Maire"}
    deliberation["session"] |= {"date": "2022-03-10", "convocation": "2022-03-03"}
    messages = [
        f.message
        for f in _six(check_file(_with_convention(tmp_path, deliberation, "chaumont.yaml")))
        if f.code == "CG612"
    ]
    assert messages == [
        "la collectivité signe la convention le 9 mars 2022, avant la séance du 10 mars 2022 "
        "qui l'approuve"
    ]
