"""Clauses in the drafters' own words, end dates, visas, the préambule's frame and
cited places: model, rendering, rules, and end to end through the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from convgen.cli import main
from convgen.foundation.findings import Severity
from convgen.rendering import render
from convgen.rendering.ooxml import document_paragraphs

from conftest import FIXTURES, codes

WORDED = FIXTURES / "valid" / "clauses-redigees.yaml"
NBSP, NNBSP = "\u00a0", "\u202f"


def _paragraphs(check_data: Any, data: dict[str, Any]) -> list[str]:
    convention = check_data(data).convention
    assert convention is not None
    return document_paragraphs(render(convention)[0])


def _article(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(a for a in data["articles"] if a["key"] == key)


# --- the standard duration clause ---------------------------------------------------


def test_the_standard_duration_clause_prints_the_end_and_the_last_signature(
    minimal, check_data
) -> None:
    minimal["terms"]["start"] = "last_signature"
    minimal["terms"]["end"] = "2025-12-31"
    minimal["title"]["period"] = {"from": 2022, "to": 2025}
    text = "\n".join(_paragraphs(check_data, minimal))
    assert (
        "La présente convention prend effet à compter de la date de sa signature par la "
        "dernière des parties. Elle est établie pour une durée de trois ans. Elle prend fin "
        "le 31\u00a0décembre\u00a02025." in text
    )


def test_an_end_date_may_stand_for_the_duration(minimal, check_data) -> None:
    del minimal["terms"]["duration"]
    minimal["terms"]["start"] = "2022-04-01"
    minimal["terms"]["end"] = "2025-03-31"
    result = check_data(minimal)
    assert not result.has_errors, result.findings
    text = "\n".join(document_paragraphs(render(result.convention)[0]))
    assert (
        "prend effet le 1er\u00a0avril\u00a02022. Elle prend fin le 31\u00a0mars\u00a02025." in text
    )


# --- wording ------------------------------------------------------------------------


def test_a_worded_clause_prints_the_drafters_words_with_the_values_of_the_data(
    minimal, check_data
) -> None:
    minimal["terms"].update(start="2022-01-01", end="2024-12-31")
    minimal["title"]["period"] = {"from": 2022, "to": 2024}
    _article(minimal, "duree")["wording"] = [
        "La présente convention prend effet à compter de @{terms.start} pour une durée de "
        "@{terms.duration}. Elle prendra fin le @{terms.end}."
    ]
    _article(minimal, "resiliation")["wording"] = [
        "Préavis de @{terms.termination.notice}, par @{terms.termination.form}."
    ]
    result = check_data(minimal)
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []
    paragraphs = document_paragraphs(render(result.convention)[0])
    assert (
        "La présente convention prend effet à compter du 1er\u00a0janvier\u00a02022 pour une durée de "
        "trois ans. Elle prendra fin le 31\u00a0décembre\u00a02024." in paragraphs
    )
    assert "Préavis de trois mois, par lettre recommandée." in paragraphs
    # the standard sentences are gone
    assert not any("est établie pour une durée" in p for p in paragraphs)


def test_a_changed_value_changes_the_worded_text(minimal, check_data) -> None:
    _article(minimal, "duree")["wording"] = ["Pour une durée de @{terms.duration}."]
    minimal["terms"]["duration"] = {"years": 1}
    minimal["title"]["period"] = {"from": 2022, "to": 2023}
    assert "Pour une durée d’un an." in _paragraphs(check_data, minimal)


def test_the_governance_wording_replaces_the_composition_only(minimal, check_data) -> None:
    minimal["governance"] = {
        "name": "comité de suivi",
        "gender": "m",
        "members": ["ville", "cnam"],
        "meetings_per_year": 2,
        "role": ["Le comité suit l'exécution."],
    }
    minimal["articles"].append(
        {
            "key": "comite",
            "clause": "governance",
            "wording": [
                "Un @{governance.name} réunit @{governance.members} @{governance.meetings}."
            ],
        }
    )
    paragraphs = _paragraphs(check_data, minimal)
    composition = paragraphs.index(
        f"Article 5.1{NBSP}: Composition et fonctionnement du comité de suivi"
    )
    assert paragraphs[composition + 1] == (
        "Un comité de suivi réunit la Ville d’Essai et le Cnam Grand Est deux fois par an."
    )
    assert "Le comité suit l’exécution." in paragraphs
    assert not any("sera composé" in p for p in paragraphs)


def test_an_absent_bound_value_is_an_error_and_shows_as_a_gap(minimal, check_data) -> None:
    _article(minimal, "duree")["wording"] = ["Pour @{terms.duration}, jusqu'au @{terms.end}."]
    minimal["status"] = "draft"
    result = check_data(minimal)
    assert "CG213" in codes(result)
    finding = next(f for f in result.findings if f.code == "CG213")
    assert "terms.end" in finding.message and finding.severity is Severity.ERROR
    content, gaps = render(result.convention)
    assert gaps >= 1
    assert "Pour trois ans, jusqu’au @{terms.end}." in document_paragraphs(content)


def test_unknown_binding_and_wording_without_its_value(minimal, check_data) -> None:
    _article(minimal, "duree")["wording"] = ["Pour une durée de trois ans (@{terms.durée})."]
    result = check_data(minimal)
    found = codes(result)
    assert "CG205" in found  # « é » is not a binding's name: malformed
    _article(minimal, "duree")["wording"] = ["Pour une durée de trois ans (@{terms.duree})."]
    result = check_data(minimal)
    unknown = next(f for f in result.findings if f.code == "CG212")
    assert "terms.duration" in unknown.message  # the closest name is suggested
    uncited = next(f for f in result.findings if f.code == "CG214")
    assert uncited.severity is Severity.WARNING
    assert "@{terms.duration} ni @{terms.end}" in uncited.message


def test_the_rules_that_read_prose_read_the_wording(minimal, check_data) -> None:
    _article(minimal, "duree")["wording"] = [
        "Pour @{terms.duration} ; voir l'article 9 et le contrat quinquennal 2919-2023."
    ]
    found = codes(check_data(minimal))
    assert "CG210" in found and "CG504" in found


def test_a_gap_in_a_wording_is_a_gap(minimal, check_data) -> None:
    _article(minimal, "duree")["wording"] = ["Pour @{terms.duration}, à compter du ..."]
    result = check_data(minimal)
    gap = next(f for f in result.findings if f.code == "CG101")
    assert gap.severity is Severity.ERROR  # a final version
    assert gap.subject.startswith("Article 3")


def test_a_worded_clause_needs_no_data_of_its_own(minimal, check_data) -> None:
    minimal["articles"].append(
        {
            "key": "communication",
            "clause": "communication",
            "wording": ["Les partenaires se concertent avant toute communication."],
        }
    )
    assert "CG208" not in codes(check_data(minimal))
    del minimal["articles"][-1]["wording"]
    assert "CG208" in codes(check_data(minimal))


def test_wording_needs_a_clause(minimal, check_data) -> None:
    _article(minimal, "objet")["wording"] = ["Texte."]
    [finding] = check_data(minimal).findings
    assert finding.code == "CG010" and "« clause »" in finding.message


# --- end dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-01-01", "2026-12-31", []),  # « du 1er janvier 2024 au 31 décembre 2026 »
        ("2024-01-01", "2027-01-01", []),  # the anniversary itself
        ("2024-01-01", "2026-06-30", ["CG505"]),
        ("2024-01-01", "2023-12-31", ["CG506"]),
    ],
)
def test_start_duration_and_end_agree(minimal, check_data, start, end, expected) -> None:
    minimal["terms"].update(start=start, end=end)
    minimal["title"]["period"] = {"from": 2024, "to": int(end[:4])}
    found = [c for c in codes(check_data(minimal)) if c in ("CG505", "CG506")]
    assert found == expected


def test_from_a_signature_to_be_dated_the_end_and_duration_may_disagree(
    minimal, check_data
) -> None:
    minimal["terms"]["end"] = "2025-12-31"
    result = check_data(minimal)
    [finding] = [f for f in result.findings if f.code == "CG505"]
    assert finding.severity is Severity.WARNING
    _article(minimal, "duree")["wording"] = [
        "Pour @{terms.duration} à compter de @{terms.start}, et au plus tard le @{terms.end}."
    ]
    assert "CG505" not in codes(check_data(minimal))


def test_with_a_signature_date_the_end_is_computed_from_it(minimal, check_data) -> None:
    minimal["signature"]["date"] = "2022-03-01"
    minimal["terms"]["end"] = "2025-02-28"
    assert "CG505" not in codes(check_data(minimal))
    minimal["terms"]["end"] = "2025-12-31"
    [finding] = [f for f in check_data(minimal).findings if f.code == "CG505"]
    assert finding.severity is Severity.WARNING  # the signature date may still move
    assert "28 février 2025" in finding.message


def test_the_title_period_follows_the_end_date(minimal, check_data) -> None:
    minimal["terms"]["end"] = "2024-12-31"
    minimal["title"]["period"] = {"from": 2022, "to": 2025}
    period = next(f for f in check_data(minimal).findings if f.code == "CG501")
    assert "31 décembre 2024" in period.message


# --- visas, préambule, opening ---------------------------------------------------------


def test_visas_come_after_the_parties_and_before_the_preamble(minimal, check_data) -> None:
    minimal["visas"] = [
        "le code général des collectivités territoriales",
        "Vu la délibération du 27 juin 2024 ;",
    ]
    minimal["preamble"] = ["Les parties souhaitent coopérer."]
    paragraphs = _paragraphs(check_data, minimal)
    first = paragraphs.index(f"VU le code général des collectivités territoriales{NNBSP};")
    assert paragraphs[first - 1] == "D’autre part,"
    assert paragraphs[first + 1] == "VU la délibération du 27\u00a0juin\u00a02024."
    assert paragraphs[first + 2] == f"ÉTANT PRÉALABLEMENT EXPOSÉ QUE{NBSP}:"


def test_the_last_visa_before_the_articles_ends_with_a_comma(minimal, check_data) -> None:
    minimal["visas"] = ["le code de l'éducation"]
    paragraphs = _paragraphs(check_data, minimal)
    visa = paragraphs.index("VU le code de l’éducation,")
    assert paragraphs[visa + 1] == f"IL EST ARRÊTÉ ET CONVENU CE QUI SUIT{NBSP}:"
    assert not any("PRÉALABLEMENT" in p or "Ceci précisé" in p for p in paragraphs)


def test_the_preamble_heading_closing_and_opening_as_drafted(minimal, check_data) -> None:
    minimal["preamble"] = {"heading": None, "closing": None, "body": ["Exposé."]}
    minimal["opening"] = "Il a été convenu ce qui suit :"
    paragraphs = _paragraphs(check_data, minimal)
    body = paragraphs.index("Exposé.")
    assert paragraphs[body - 1] == "D’autre part,"
    assert paragraphs[body + 1] == f"Il a été convenu ce qui suit{NBSP}:"
    minimal["preamble"] = {"heading": "Préambule", "body": ["Exposé."]}
    paragraphs = _paragraphs(check_data, minimal)
    body = paragraphs.index("Exposé.")
    assert paragraphs[body - 1] == "Préambule"
    assert paragraphs[body + 1] == "Ceci précisé,"


# --- places -----------------------------------------------------------------------------


def test_places_are_printed_with_their_article(minimal, check_data) -> None:
    minimal["places"] = {
        "gymnase": {"name": "gymnase Jean-Moulin", "gender": "m"},
        "salle": {"name": "salle des fêtes", "gender": "f"},
        "ville": {"name": "Aix-en-Provence", "article": False},
    }
    minimal["articles"][0]["body"] = [
        "Mise à disposition à @{lieu:gymnase}, à @{lieu:salle} et près de @{lieu:ville}.",
        "@{lieu:salle} ferme à 22 h ; les clés de @{lieu:gymnase} restent en mairie.",
    ]
    result = check_data(minimal)
    assert not result.has_errors, result.findings
    paragraphs = document_paragraphs(render(result.convention)[0])
    assert (
        "Mise à disposition au gymnase Jean-Moulin, à la salle des fêtes et près "
        "d’Aix-en-Provence." in paragraphs
    )
    assert (
        f"La salle des fêtes ferme à 22 h{NNBSP}; les clés du gymnase Jean-Moulin restent "
        "en mairie." in paragraphs
    )


def test_unknown_and_unused_places(minimal, check_data) -> None:
    minimal["places"] = {"gymnase": {"name": "gymnase", "gender": "m"}}
    minimal["articles"][0]["body"] = ["À @{lieu:salle}."]
    result = check_data(minimal)
    assert "CG215" in codes(result) and "CG216" in codes(result)
    assert result.convention is not None


def test_a_place_needs_its_gender_unless_it_takes_no_article(minimal, check_data) -> None:
    minimal["places"] = {"gymnase": {"name": "gymnase"}}
    minimal["articles"][0]["body"] = ["À @{lieu:gymnase}."]
    [finding] = check_data(minimal).findings
    assert finding.code == "CG010" and "« gender »" in finding.message
    minimal["places"] = {"ville": {"name": "Langres", "article": False}}
    minimal["articles"][0]["body"] = ["À @{lieu:ville}."]
    assert not check_data(minimal).has_errors


# --- end to end ---------------------------------------------------------------------------


def test_check_and_build_a_worded_convention_through_the_cli(tmp_path: Path) -> None:
    checked = CliRunner().invoke(main, ["check", str(WORDED)])
    assert checked.exit_code == 0, checked.output
    assert " erreur " not in checked.output
    target = tmp_path / "langres.docx"
    built = CliRunner().invoke(main, ["build", str(WORDED), "-o", str(target)])
    assert built.exit_code == 0, built.output
    paragraphs = document_paragraphs(target.read_bytes())
    text = "\n".join(paragraphs)
    assert (
        "VU le code général des collectivités territoriales, notamment son article "
        f"L.{NBSP}2144-3{NNBSP};" in paragraphs
    )
    assert f"VU le code de l’éducation, notamment son article L.{NBSP}212-15." in paragraphs
    assert "Préambule" in paragraphs and "Ceci précisé," not in paragraphs
    assert f"Il a été convenu ce qui suit{NBSP}:" in paragraphs
    assert "au gymnase Jean-Moulin les lundis, à la salle des fêtes" in text
    assert "à l’espace Coluche les jeudis. Les clés du gymnase Jean-Moulin" in text
    assert (
        "La présente convention prend effet à compter du 1er\u00a0janvier\u00a02024 pour une durée de "
        "trois ans. Elle prendra fin le 31\u00a0décembre\u00a02026, sans reconduction possible."
        in text
    )
    assert "relève de la compétence exclusive du tribunal administratif de " in text
    assert "Un comité de suivi est constitué" in text


def test_a_worded_convention_with_broken_bindings_fails_through_the_cli() -> None:
    result = CliRunner().invoke(
        main, ["check", str(FIXTURES / "invalid" / "clauses-liaisons.yaml")]
    )
    assert result.exit_code == 1
    assert "CG212" in result.output and "terms.termination.preavis" in result.output
