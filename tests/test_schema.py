"""The JSON Schema itself, and the findings it produces for people."""

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from convgen.foundation import resources
from convgen.foundation.findings import Severity

from conftest import codes


def _properties(node: Any, where: str = "#") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.append((f"{where}/properties/{name}", sub))
        for key, value in node.items():
            found.extend(_properties(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_properties(value, f"{where}/{index}"))
    return found


SCHEMAS = ("convention", "deliberation", "avenant", "common")


@pytest.mark.parametrize("kind", SCHEMAS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = resources.schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", SCHEMAS)
def test_every_property_has_a_title_and_a_description(kind: str) -> None:
    missing = [
        where
        for where, sub in _properties(resources.schema(kind))
        if not (sub.get("title") and sub.get("description"))
    ]
    assert missing == []


@pytest.mark.parametrize("kind", ["convention", "deliberation", "avenant"])
def test_every_reference_resolves(kind: str) -> None:
    """File-relative references resolve, as an editor would resolve them from disk."""
    import json

    text = json.dumps(resources.schema(kind))
    for ref in set(re.findall(r'"\$ref": "([^"]+)"', text)):
        _, node = resources.resolve(ref, resources.schema(kind))
        assert isinstance(node, dict), ref
        target = ref.partition("#")[0]
        if target:
            assert (resources.schema_path(kind).parent / target).is_file()


def test_minimal_convention_is_clean(minimal, check_data) -> None:
    result = check_data(minimal)
    assert result.findings == []
    assert result.convention is not None


def test_missing_required_field(minimal, check_data) -> None:
    del minimal["parties"][1]["representative"]
    result = check_data(minimal)
    [finding] = result.findings
    assert finding.code == "CG010"
    assert "« representative » (Représentant)" in finding.message
    assert finding.subject == "Partie « cnam » (Cnam Grand Est)"
    assert finding.party == "cnam"
    assert result.convention is None


def test_unknown_field_suggests_the_right_one(minimal, check_data) -> None:
    minimal["parties"][0]["adress"] = minimal["parties"][0].pop("address")
    found = {f.code: f for f in check_data(minimal).findings}
    assert "vouliez-vous dire « address »" in found["CG011"].message
    assert found["CG011"].path == ("parties", 0, "adress")
    assert "CG010" in found  # address is now missing


def test_wrong_type_with_french_decimal_hint(minimal, check_data) -> None:
    minimal["articles"][1]["commitments"][0]["items"][0] = {
        "text": "Verser @{taux} du coût.",
        "figures": {"taux": {"percent": "12,5"}},
    }
    [finding] = check_data(minimal).findings
    assert finding.code == "CG012"
    assert "attendu un nombre" in finding.message
    assert "écrivez 12.5" in finding.message
    assert finding.subject.startswith(
        "Article 2.1 — Engagements de la Ville d'Essai, engagement n° 1"
    )


def test_enum_with_suggestion(minimal, check_data) -> None:
    minimal["status"] = "fnal"
    [finding] = check_data(minimal).findings
    assert finding.code == "CG013"
    assert "« draft », « final »" in finding.message
    assert "vouliez-vous dire « final »" in finding.message


def test_bad_date_and_bad_id(minimal, check_data) -> None:
    minimal["signature"]["date"] = "31/12/2022"
    minimal["parties"][0]["id"] = "Ville"
    minimal["sides"][0] = ["Ville"]
    minimal["articles"][1]["commitments"][0]["party"] = "Ville"
    minimal["signature"]["signatories"][0] = "Ville"
    messages = [f.message for f in check_data(minimal).findings if f.code == "CG014"]
    assert any("n'est pas une date valide (AAAA-MM-JJ)" in m for m in messages)
    assert any("minuscules, chiffres et tirets" in m for m in messages)


def test_figure_must_be_exactly_one_kind(minimal, check_data) -> None:
    minimal["articles"][1]["commitments"][0]["items"][0] = {
        "text": "Verser @{x}.",
        "figures": {"x": {"percent": 10, "amount": 100}},
    }
    [finding] = check_data(minimal).findings
    assert finding.code == "CG017"
    assert "un seul chiffre par entrée, trouvé : percent, amount" in finding.message


def test_empty_list_and_wrong_kind_of_value(minimal, check_data) -> None:
    minimal["parties"] = minimal["parties"][:1]
    minimal["articles"][0]["body"] = [42]
    found = codes(check_data(minimal))
    assert "CG016" in found
    assert "CG017" in found or "CG012" in found


def test_messages_never_leak_jsonschema_wording(minimal, check_data) -> None:
    minimal["status"] = "x"
    minimal["parties"][0]["gender"] = "feminin"
    minimal["articles"][0]["body"] = [{"bulets": ["a"]}]
    minimal["signature"]["copies"] = "trois"
    for finding in check_data(minimal).findings:
        for leak in ("is not valid", "should not be valid", "$ref", "{'", "is a required"):
            assert leak not in finding.message, finding.message


def test_gaps_are_warnings_in_a_draft_and_errors_in_a_final(minimal, check_data) -> None:
    minimal["parties"][0]["name"] = "Ville de ......"
    final = check_data(minimal)
    assert [(f.code, f.severity) for f in final.findings] == [("CG101", Severity.ERROR)]
    assert final.convention is not None  # a gap does not break the structure
    minimal["status"] = "draft"
    assert [f.severity for f in check_data(minimal).findings] == [Severity.WARNING]


def test_gap_in_a_number_is_a_figure_gap_not_a_type_error(minimal, check_data) -> None:
    minimal["status"] = "draft"
    minimal["signature"]["copies"] = "XX"
    minimal["parties"][1]["representative"]["quality"] = None
    found = {f.code: f for f in check_data(minimal).findings}
    assert set(found) == {"CG102", "CG103"}
    assert (
        "exemplaires originaux" in found["CG102"].message.lower() or "XX" in found["CG102"].message
    )
    assert found["CG103"].message == "Qualité : valeur vide, à compléter"


@pytest.mark.parametrize("strict", [False, True])
def test_strict_turns_warnings_into_errors(minimal, check_data, strict) -> None:
    minimal["status"] = "draft"
    minimal["title"]["name"] = "À définir"
    [finding] = check_data(minimal, strict=strict).findings
    assert finding.severity == (Severity.ERROR if strict else Severity.WARNING)


def test_out_of_range_values(minimal, check_data) -> None:
    minimal["signature"]["copies"] = 0
    minimal["title"]["period"]["from"] = 999
    found = [f for f in check_data(minimal).findings if f.code == "CG015"]
    assert {f.message for f in found} == {
        "Nombre d'exemplaires originaux : 0 hors limites (au moins 1)",
        "Année de début : 999 hors limites (au moins 1800)",
    }


def test_unforeseen_schema_keywords_still_get_a_finding(minimal, check_data) -> None:
    from jsonschema.exceptions import ValidationError

    from convgen.checking.schema import error_findings
    from convgen.loading.reader import parse
    from convgen.model.outline import Outline

    from conftest import dump

    doc = parse(dump(minimal), Path("essai.yaml"))
    error = ValidationError("3 is not a multiple of 2", validator="multipleOf", validator_value=2,
                            instance=3, schema={}, path=["signature", "copies"])  # fmt: skip
    [finding] = error_findings(error, doc, Outline(doc.data), Severity.WARNING, kind="convention")
    assert finding.code == "CG019"
    assert finding.message == "valeur non conforme (3 is not a multiple of 2)"
    assert finding.line > 1


def test_a_repeated_party_is_validated_once_with_its_own_paths(minimal, check_data) -> None:
    """The schema check remembers big objects it has seen (a shared party, a model's
    article); a remembered finding still points at the place of this document."""
    minimal["parties"][0]["representative"]["quality"] = "À définir"
    first = [f for f in check_data(minimal).findings if f.code == "CG101"]
    minimal["parties"].insert(0, minimal["parties"].pop(0))  # same party, same place
    moved = dict(minimal)
    moved["parties"] = [minimal["parties"][1], minimal["parties"][0], *minimal["parties"][2:]]
    second = [f for f in check_data(moved).findings if f.code == "CG101"]
    assert [f.path for f in first] == [("parties", 0, "representative", "quality")]
    assert [f.path for f in second] == [("parties", 1, "representative", "quality")]
    assert first[0].message == second[0].message
