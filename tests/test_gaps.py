"""Gaps: what counts as unfinished, and agreement with a plain JSON Schema validator."""

from typing import Any

import jsonschema
import pytest

from convgen.checking.check import check_file
from convgen.foundation import gaps, resources
from convgen.foundation.codes import GAP_CODES
from convgen.loading.reader import load

from conftest import SAINT_DIZIER

GAPS = [
    "...",
    "…",
    "..... %",
    "Rectorat de..............",
    "de ... % du coût",
    "Fait à …, le …",
    "A définir",
    "À définir",
    "À DÉFINIR",
    "a compléter",
    "[à compléter]",
    "Les modalités (à préciser) de versement",
    "XX",
    "le XX/XX/2022",
    "montant : XXX €",
    "[ ]",
    "[…]",
    "[NOM DU SIGNATAIRE]",
    "signé par ______",
    "le ?? mars",
    "",
    "   ",
    None,
]

NOT_GAPS = [
    "diffusion sur les réseaux sociaux...)",
    "Co-organisation d'événements, etc…",
    "selon des modalités à définir d'un commun accord",
    "au XXe siècle",
    "Louis XIV",
    "Texas",
    "Article 3",
    "1er trimestre",
    "20 %",
    "(liste non exhaustive)",
    "la Maison des compétences [Cnam]",
    "Der & Blaise",
    "{{ 7*7 }}",
    0,
    12.5,
]


@pytest.mark.parametrize("value", GAPS)
def test_gaps_are_recognised(value: Any) -> None:
    assert gaps.is_gap(value), value


@pytest.mark.parametrize("value", NOT_GAPS)
def test_ordinary_text_is_not_a_gap(value: Any) -> None:
    assert not gaps.is_gap(value), value


def test_gap_spans_are_precise_and_merged() -> None:
    text = "une subvention de ... % du coût, soit XX €"
    spans = [(text[s.start : s.end], s.kind.name) for s in gaps.find_gaps(text)]
    assert spans == [("...", "gapEllipsis"), ("XX", "gapPlaceholder")]
    assert [(s.start, s.end) for s in gaps.find_gaps("[...]")] == [(0, 5)]


def test_classification_names_the_family() -> None:
    assert gaps.classify("A définir").title == "« à définir »"
    assert gaps.classify(None).name == "gapEmpty"
    assert gaps.classify("......").name == "gapEllipsis"


def test_gap_families_are_read_from_the_schema() -> None:
    defs = resources.schema("common")["$defs"]
    declared = [ref["$ref"].rsplit("/", 1)[1] for ref in defs["gap"]["anyOf"]]
    assert [kind.name for kind in gaps.gap_kinds()] == declared
    for kind in gaps.gap_kinds():
        assert kind.title == defs[kind.name]["title"]


def _gap_paths_by_plain_validator(instance: Any) -> set[tuple]:
    """Paths a stock jsonschema validator rejects through ``not: gap``."""
    schema = resources.schema("convention")
    validator = jsonschema.Draft202012Validator(schema, registry=resources.registry())
    found: set[tuple] = set()

    def walk(errors: Any) -> None:
        for error in errors:
            ref = error.validator_value.get("$ref", "") if error.validator == "not" else ""
            if ref in ("#/$defs/gap", "common.schema.json#/$defs/gap"):
                found.add(tuple(error.absolute_path))
            walk(error.context or [])

    walk(validator.iter_errors(instance))
    return found


def test_a_plain_json_schema_validator_flags_the_same_entries() -> None:
    result = check_file(SAINT_DIZIER)
    ours = {f.path for f in result.findings if f.code in GAP_CODES}
    assert ours == _gap_paths_by_plain_validator(load(SAINT_DIZIER).data)
    assert len(ours) == 6
