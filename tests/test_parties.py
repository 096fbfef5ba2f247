"""Parties as legal persons, their representatives' capacity and authority to sign, short
names with their own article, the collective term and signatures en navette (issue 14, A
and B): the model, the wording, the rules CG305–CG313 and the built document."""

import pytest
from click.testing import CliRunner

from convgen.checking.check import check_file
from convgen.cli import main
from convgen.foundation import french
from convgen.foundation.findings import Severity
from convgen.model.convention import Authority, Person
from convgen.rendering import parties as wording
from convgen.rendering.ooxml import document_paragraphs

from conftest import FIXTURES, codes

NAVETTE = FIXTURES / "valid" / "metropole-navette.yaml"
NBSP = french.NBSP


def _of(result, code: str):
    return [f for f in result.findings if f.code == code]


def _person(civility: str, quality: str | None, authority: Authority | None = None) -> Person:
    return Person(civility, "Martine", "Vassal", quality, (), True, authority)


def _authority(kind: str, **fields) -> Authority:
    values = {"body": None, "body_gender": "m", "number": None, "date": None, "text": None}
    values.update(fields)
    return Authority(kind=kind, path=(), **values)


# -- wording ------------------------------------------------------------------------------


def test_a_quality_with_a_determiner_comes_before_the_name_otherwise_after() -> None:
    assert wording.representation(_person("Mme", "sa Présidente")) == (
        "sa Présidente, Madame Martine VASSAL"
    )
    assert wording.representation(_person("Mme", "Présidente du Conseil de Territoire")) == (
        "Madame Martine VASSAL, Présidente du Conseil de Territoire"
    )
    assert wording.representation(_person("M.", "l'administrateur général")).startswith(
        "l'administrateur général, Monsieur"
    )
    assert wording.representation(_person("Mme", None)) == "Madame Martine VASSAL"


def test_one_civility_form_for_the_whole_document() -> None:
    # « civility: short » writes every civility short, whatever the quality
    assert wording.representation(_person("Mme", None), "short") == "Mme Martine VASSAL"
    assert wording.representation(_person("Mme", "sa Présidente"), "short") == (
        "sa Présidente, Mme Martine VASSAL"
    )
    assert wording.representation(_person("M.", "Président du Conseil"), "short") == (
        "M. Martine VASSAL, Président du Conseil"
    )


@pytest.mark.parametrize(
    ("authority", "civility", "words"),
    [
        (
            _authority(
                "deliberation", body="Conseil de la Métropole", number="HN 12", date="2024-06-27"
            ),
            "Mme",
            f"dûment habilitée par délibération du Conseil de la Métropole n°{NBSP}HN 12 du "
            "27 juin 2024",
        ),
        (
            _authority(
                "decision", body="Commission permanente", body_gender="f", date="2024-01-01"
            ),
            "M.",
            "dûment habilité par décision de la Commission permanente du 1er janvier 2024",
        ),
        (
            _authority("arrete", number="2024-118", date="2024-03-04"),
            "M.",
            f"dûment habilité par arrêté n°{NBSP}2024-118 du 4 mars 2024",
        ),
        (
            _authority("delegation", body="Assemblée", body_gender="f", date="2024-03-04"),
            "Mme",
            "dûment habilitée par délégation de signature de l’Assemblée du 4 mars 2024",
        ),
        (
            _authority("decret", body="Président de la République", date="2020-01-15"),
            "Mme",
            "nommée par décret du Président de la République du 15 janvier 2020",
        ),
        (_authority("statuts"), "M.", "dûment habilité en vertu des statuts"),
        (
            _authority("statuts", text="en vertu de l'article 12 des statuts"),
            "Mme",
            "dûment habilitée en vertu de l'article 12 des statuts",
        ),
    ],
)
def test_authority_wording(authority: Authority, civility: str, words: str) -> None:
    assert wording.authority_words(authority, _person(civility, None).gender) == words


def test_the_signature_block_writes_the_capacity_with_its_article() -> None:
    assert wording.signer_quality(_person("Mme", "sa Présidente")) == "La Présidente"
    assert wording.signer_quality(_person("M.", "Président du Conseil de Territoire")) == (
        "Le Président du Conseil de Territoire"
    )
    assert wording.signer_quality(_person("M.", "l’administrateur général")) == (
        "L’administrateur général"
    )


def test_the_opening_of_a_legal_person_with_its_identity_seat_and_authority() -> None:
    convention = check_file(NAVETTE).convention
    assert wording.opening(convention.party("metropole")) == (
        "La Métropole Aix-Marseille-Provence, établissement public de coopération "
        f"intercommunale, SIREN 200{NBSP}054{NBSP}807, dont le siège est situé Le Pharo, 58 "
        "boulevard Charles-Livon, 13007 MARSEILLE, élisant domicile BP 48014, 13567 MARSEILLE "
        "Cedex, représentée par sa Présidente, Madame Martine VASSAL, dûment habilitée par "
        f"délibération du Conseil de la Métropole n°{NBSP}HN 001-8073/20/CM du 27 juin 2024, "
        "ci-après dénommée « la Métropole »,"
    )
    cfa = wording.opening(convention.party("cfa"))
    assert "représentée par Monsieur Paul DURAND, Président du conseil d'administration, " in cfa
    assert cfa.endswith("ci-après dénommée « le CFA du Pays d'Aix »,")


def test_a_short_name_has_its_own_gender_and_article(minimal, check_data) -> None:
    minimal["parties"][1]["short_name"] = {"name": "Association", "gender": "f"}
    minimal["parties"][0]["short_name"] = {"name": "AMP", "article": False}
    convention = check_data(minimal).convention
    cnam, ville = convention.party("cnam"), convention.party("ville")
    assert cnam.phrase(form="de") == "de l’Association"
    assert cnam.phrase(form="à") == "à l’Association"
    assert ville.phrase(capital=True) == "AMP"
    assert ville.phrase(form="de") == "d’AMP"
    assert wording.designation(ville) == "ci-après « AMP »"
    assert wording.signing_party(ville) == "Pour AMP,"
    assert convention.outline.by_key("engagements.cnam").title == "Engagements de l’Association"


def test_a_forced_elision_before_a_consonant_is_not_applied(minimal, check_data) -> None:
    minimal["status"] = "draft"
    minimal["parties"][1]["name"] = "Communauté d'agglomération"
    minimal["parties"][1]["gender"] = "f"
    minimal["parties"][1]["elision"] = True
    result = check_data(minimal)
    party = result.convention.party("cnam")
    assert party.full_phrase(capital=True) == "La Communauté d'agglomération"
    [finding] = _of(result, "CG307")
    assert finding.severity == Severity.WARNING
    assert finding.path == ("parties", 1, "elision")
    assert "convgen écrit « la Communauté d'agglomération »" in finding.message
    minimal["parties"][1]["name"] = "Haut-Commissariat"  # an h: the drafter knows
    assert _of(check_data(minimal), "CG307") == []


def test_a_forced_elision_of_a_short_name(minimal, check_data) -> None:
    minimal["parties"][1]["short_name"] = {"name": "Cnam", "elision": True}
    [finding] = _of(check_data(minimal), "CG307")
    assert finding.path == ("parties", 1, "short_name", "elision")


# -- identity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("siren", "200054806", "sa clé de contrôle est fausse"),
        ("siren", "20005480", "8 caractères au lieu de 9 chiffres"),
        ("siren", 20005480, "8 caractères au lieu de 9 chiffres"),
        ("siren", "2000548O7", "il ne contient pas que des chiffres"),
        ("siret", "20005480700018", "sa clé de contrôle est fausse"),
    ],
)
def test_a_wrong_siren_or_siret_is_an_error(minimal, check_data, field, value, words) -> None:
    minimal["parties"][0][field] = value
    [finding] = _of(check_data(minimal), "CG308")
    assert finding.severity == Severity.ERROR
    assert finding.path == ("parties", 0, field)
    assert words in finding.message


@pytest.mark.parametrize(
    ("field", "value"),
    [("siren", "200054807"), ("siren", "200 054 807"), ("siret", "20005480700017"),
     ("siret", "35600000000048")],  # La Poste: its own rule, not Luhn's
)  # fmt: skip
def test_a_valid_siren_or_siret_passes(minimal, check_data, field, value) -> None:
    minimal["parties"][0][field] = value
    assert codes(check_data(minimal)) == []


def test_siret_and_siren_of_two_persons(minimal, check_data) -> None:
    minimal["parties"][0]["siren"] = "200054807"
    minimal["parties"][0]["siret"] = "35600000000048"
    [finding] = _of(check_data(minimal), "CG308")
    assert "n'est pas un établissement du SIREN 200054807" in finding.message


def test_the_siret_is_printed_rather_than_the_siren(minimal, check_data) -> None:
    minimal["parties"][0]["siren"] = "200054807"
    minimal["parties"][0]["siret"] = "20005480700017"
    party = check_data(minimal).convention.party("ville")
    assert wording.identifier(party) == f"SIRET 200{NBSP}054{NBSP}807{NBSP}00017"


def test_a_seat_that_is_the_address(minimal, check_data) -> None:
    minimal["parties"][0]["seat"] = dict(minimal["parties"][0]["address"])
    result = check_data(minimal)
    [finding] = _of(result, "CG311")
    assert finding.severity == Severity.INFO
    opening = wording.opening(result.convention.party("ville"))
    assert opening.count("1 place de la Mairie") == 1
    assert "dont le siège est situé 1 place de la Mairie, 52000 ESSAI, représentée" in opening


def test_two_parties_with_one_short_name(minimal, check_data) -> None:
    minimal["parties"][0]["short_name"] = "Cnam Grand Est"
    [finding] = _of(check_data(minimal), "CG312")
    assert finding.message.startswith("« Cnam Grand Est » désigne déjà")


# -- authority to sign ------------------------------------------------------------------


def test_no_authority_is_an_error_in_a_final_version_and_refuses_it(minimal, check_data) -> None:
    del minimal["parties"][1]["representative"]["authority"]
    result = check_data(minimal)
    [finding] = _of(result, "CG306")
    assert (finding.severity, finding.party) == (Severity.ERROR, "cnam")
    assert finding.summary == "habilitation du représentant à préciser"
    assert finding.message.startswith("habilitation à signer de M. Paul DURAND non précisée")
    minimal["status"] = "draft"
    [finding] = _of(check_data(minimal), "CG306")
    assert finding.severity == Severity.INFO


def test_a_particular_signer_needs_an_authority_too(minimal, check_data) -> None:
    signer = {"civility": "M.", "first_name": "Luc", "last_name": "Roux", "quality": "son VP"}
    minimal["signature"]["signatories"][1] = {"party": "cnam", "signer": signer}
    [finding] = _of(check_data(minimal), "CG306")
    assert finding.path == ("signature", "signatories", 1, "signer")
    assert "M. Luc ROUX (signataire)" in finding.message
    assert finding.party == "cnam"


def test_an_incomplete_authority(minimal, check_data) -> None:
    minimal["parties"][0]["representative"]["authority"] = {"kind": "deliberation"}
    [finding] = _of(check_data(minimal), "CG309")
    assert finding.severity == Severity.ERROR  # a final version
    assert finding.message == (
        "la délibération qui habilite Mme Anne MARTIN ne dit pas l'assemblée qui a délibéré, "
        "le numéro et la date (« body », « number », « date »)"
    )
    minimal["status"] = "draft"
    assert _of(check_data(minimal), "CG309")[0].severity == Severity.WARNING
    minimal["parties"][0]["representative"]["authority"]["text"] = "en vertu de la délibération"
    assert _of(check_data(minimal), "CG309") == []


def test_a_gap_in_an_authority_is_a_gap(minimal, check_data) -> None:
    minimal["parties"][0]["representative"]["authority"]["number"] = "..."
    result = check_data(minimal)
    assert codes(result) == ["CG101"]
    assert result.findings[0].severity == Severity.ERROR


def test_an_authority_dated_after_the_signature(minimal, check_data) -> None:
    minimal["signature"]["date"] = "2022-03-01"  # the ville's deliberation: 10 March
    [finding] = _of(check_data(minimal), "CG310")
    assert finding.path == ("parties", 0, "representative", "authority", "date")
    assert finding.message == (
        "la délibération qui habilite Mme Anne MARTIN est du 10 mars 2022, après la "
        "signature de la Ville d'Essai du 1er mars 2022"
    )
    minimal["signature"]["date"] = "2022-03-10"
    assert _of(check_data(minimal), "CG310") == []


# -- signature ---------------------------------------------------------------------------


def test_places_and_dates_that_the_mode_does_not_print(minimal, check_data) -> None:
    minimal["signature"]["signatories"][0] = {"party": "ville", "place": "Essai"}
    [finding] = _of(check_data(minimal), "CG313")
    assert finding.path == ("signature", "signatories", 0, "place")
    minimal["signature"]["mode"] = "each"
    minimal["signature"]["place"] = "Nancy"
    [finding] = _of(check_data(minimal), "CG313")
    assert finding.path == ("signature", "place")


def test_each_signatory_dates_its_signature_after_its_own_authority(minimal, check_data) -> None:
    minimal["signature"]["mode"] = "each"
    minimal["signature"]["signatories"][0] = {"party": "ville", "date": "2022-03-09"}
    [finding] = _of(check_data(minimal), "CG310")
    assert finding.party == "ville"


def test_shared_parties_accept_the_new_fields(tmp_path) -> None:
    folder = tmp_path / "projet"
    (folder / "parties").mkdir(parents=True)
    (folder / "parties" / "metropole.yaml").write_text(
        NAVETTE.read_text(encoding="utf-8")
        .split("parties:\n  - ", 1)[1]
        .split("\n  - id: cfa", 1)[0]
        .replace("\n    ", "\n")
        .join(["document: party\n", "\n"]),
        encoding="utf-8",
    )
    text = NAVETTE.read_text(encoding="utf-8")
    start = text.index("  - id: metropole")
    end = text.index("  - id: cfa")
    (folder / "c.yaml").write_text(text[:start] + "  - use: metropole\n" + text[end:])
    result = check_file(folder / "c.yaml")
    assert codes(result) == [], result.findings
    assert result.convention.party("metropole").representative.authority.number == (
        "HN 001-8073/20/CM"
    )


# -- end to end ------------------------------------------------------------------------


def test_build_a_convention_signed_en_navette(tmp_path) -> None:
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(NAVETTE)])
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "navette.docx"
    built = runner.invoke(main, ["build", str(NAVETTE), "-o", str(out)])
    assert built.exit_code == 0, built.output
    text = "\n".join(document_paragraphs(out.read_bytes()))
    assert "D’autre part,\nCi-après ensemble dénommées «\u00a0les Parties\u00a0»." in text
    assert "La présente convention est établie en deux (2) exemplaires originaux." in text
    assert (
        "Fait à Marseille, le 3\u00a0juillet\u00a02024\nPour la Métropole,\nLa Présidente,\nMartine"
        in text
    )
    assert "Fait à Aix-en-Provence, le 5\u00a0juillet\u00a02024\nPour le CFA du Pays d’Aix," in text
    assert "Engagements du CFA du Pays d’Aix" in text
    assert "Le CFA du Pays d’Aix s’engage à\u00a0:" in text
    assert "Fait à \n" not in text and "Fait à ______" not in text  # no common line


def test_a_final_version_without_authority_is_refused(tmp_path) -> None:
    source = tmp_path / "sans-habilitation.yaml"
    text = NAVETTE.read_text(encoding="utf-8")
    start = text.index("      authority:\n        kind: deliberation")
    end = text.index("  - id: cfa")
    source.write_text(text[:start] + text[end:], encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1
    assert "erreur CG306" in result.output
    assert not (tmp_path / "x.docx").exists()
