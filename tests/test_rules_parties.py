"""Signatories, originals, governance, commitments, representatives (CG3xx)."""

from convgen.foundation.findings import Severity

from conftest import codes


def _only(result, prefix: str = "CG3"):
    return [f for f in result.findings if f.code.startswith(prefix)]


def test_copies_match_signatories(minimal, check_data) -> None:
    assert codes(check_data(minimal)) == []


def test_fewer_copies_than_signatories_is_an_error(minimal, check_data) -> None:
    minimal["signature"]["copies"] = 1
    [finding] = _only(check_data(minimal))
    assert (finding.code, finding.severity) == ("CG301", Severity.ERROR)
    assert finding.message == (
        "la convention est établie en 1 exemplaire original pour 2 signataires : "
        "il manque 1 original (un par signataire)"
    )
    assert finding.path == ("signature", "copies")


def test_more_copies_than_signatories_is_a_warning(minimal, check_data) -> None:
    minimal["signature"]["copies"] = 3
    [finding] = _only(check_data(minimal))
    assert (finding.code, finding.severity) == ("CG301", Severity.WARNING)


def test_a_party_that_does_not_sign(minimal, check_data) -> None:
    minimal["signature"] = {"copies": 1, "signatories": ["ville"]}
    found = _only(check_data(minimal))
    assert [f.code for f in found] == ["CG302"]
    assert found[0].message.startswith("Le Cnam Grand Est ne signe pas : ajoutez « cnam »")


def test_a_party_that_signs_twice(minimal, check_data) -> None:
    minimal["signature"] = {"copies": 3, "signatories": ["ville", "cnam", "ville"]}
    assert [f.message for f in _only(check_data(minimal)) if f.code == "CG302"] == [
        "la partie « ville » signe deux fois"
    ]


def test_governance_member_who_signs_nothing(minimal, check_data) -> None:
    minimal["governance"] = {
        "name": "commission de suivi",
        "gender": "f",
        "members": ["ville", "cnam", {"name": "Région Grand Est", "gender": "f"}],
    }
    minimal["articles"].append({"key": "suivi", "clause": "governance"})
    [finding] = _only(check_data(minimal))
    assert finding.code == "CG303"
    assert finding.message.startswith(
        "La Région Grand Est siège à la commission de suivi sans être partie à la convention"
    )
    assert finding.path == ("governance", "members", 2)
    minimal["governance"]["members"].pop()
    assert _only(check_data(minimal)) == []


def test_party_without_commitment(minimal, check_data) -> None:
    minimal["articles"][1]["commitments"].pop()
    [finding] = _only(check_data(minimal))
    assert finding.code == "CG304"
    assert finding.message.startswith("Le Cnam Grand Est ne prend aucun engagement")


def test_representative_without_quality(minimal, check_data) -> None:
    del minimal["parties"][0]["representative"]["quality"]
    [finding] = _only(check_data(minimal))  # a final version: refused without it
    assert (finding.code, finding.severity, finding.party) == ("CG305", Severity.ERROR, "ville")
    assert finding.summary == "qualité du représentant à préciser"
    minimal["status"] = "draft"
    [finding] = _only(check_data(minimal))
    assert (finding.code, finding.severity) == ("CG305", Severity.INFO)


def test_signer_without_quality(minimal, check_data) -> None:
    signer = {"civility": "M.", "first_name": "Luc", "last_name": "Roux"}
    signer["authority"] = {"kind": "delegation", "body": "Président", "date": "2022-01-10"}
    minimal["signature"]["signatories"][1] = {"party": "cnam", "signer": signer}
    [finding] = _only(check_data(minimal))
    assert (finding.code, finding.severity, finding.party) == ("CG305", Severity.ERROR, "cnam")
    assert finding.message.startswith("qualité du signataire M. Luc ROUX non précisée")


def test_a_local_authority_signs_on_a_deliberation(minimal, check_data) -> None:
    def cg314() -> list[str]:
        return [f.message for f in check_data(minimal).findings if f.code == "CG314"]

    assert cg314() == []  # the Ville signs on its council's deliberation
    authority = minimal["parties"][0]["representative"]["authority"]
    authority.clear()
    authority.update({"kind": "statuts"})
    [message] = cg314()
    assert message.startswith("La Ville d'Essai est une collectivité : son représentant signe")
    authority.update({"kind": "deliberation", "text": "en vertu de l'article 12 des statuts"})
    assert len(cg314()) == 1  # a text that cites no deliberation
    authority["text"] = "en vertu de la délibération n° 2022-03-10-001 du conseil municipal"
    assert cg314() == []
    # the Cnam centre is no local authority: its statutes empower its president
    minimal["parties"][1]["representative"]["authority"] = {"kind": "statuts"}
    assert cg314() == []
    # nor a service of the State named after its region: the préfète is appointed by decree
    minimal["parties"][1]["name"] = "Préfecture de Région Grand Est"
    minimal["parties"][1]["representative"]["authority"] = {"kind": "decret", "date": "2020-07-29"}
    assert cg314() == []
    minimal["parties"][1]["name"] = "Région Grand Est"
    assert len(cg314()) == 1
