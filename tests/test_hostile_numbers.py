"""Numbers no convention writes: nan, the infinite, 1e308, integers of thousands of digits,
negative or tiny figures, in every figure of the Saint-Dizier convention and deliberation.

The check refuses them at the value's position (CG018, or CG015 past a field's bound),
never raises anything but :class:`ConvgenError`, never gives an « erreur interne », and
nothing rendered ever reads « 1e+308 », « nan » or « inf ». Derandomized like
tests/test_properties.py (``CONVGEN_FUZZ=random`` explores new examples).
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convgen.checking.check import check_document
from convgen.checking.schema import number_text
from convgen.foundation import resources
from convgen.foundation.errors import ConvgenError
from convgen.loading.reader import parse
from convgen.model import convention as model
from convgen.model.deliberation import Deliberation
from convgen.rendering.convention import Renderer, properties
from convgen.rendering.deliberation import DeliberationRenderer
from convgen.rendering.deliberation import properties as deliberation_properties

from conftest import ROOT, SAINT_DIZIER, dump

DELIBERATION = ROOT / "conventions" / "saint-dizier-deliberation.yaml"
EXPLORE = os.environ.get("CONVGEN_FUZZ") == "random"
HOSTILE = settings(
    derandomize=not EXPLORE,
    deadline=None,
    max_examples=int(os.environ.get("CONVGEN_FUZZ_EXAMPLES", "40")),
    suppress_health_check=[HealthCheck.too_slow],
)

# A financing plan, so that amounts, totals and the ceiling are there to be spoiled too.
BUDGET = {
    "title": "Plan de financement",
    "basis": "period",
    "lines": [
        {"key": "loyers", "label": "Loyers", "amount": 30000, "shares": {"agglomeration": 30000}},
        {
            "key": "animation",
            "label": "Animation",
            "amount": 20000,
            "shares": {"region": 10000, "cnam": 10000},
        },
    ],
    "total": 50000,
    "party_totals": {"agglomeration": 30000},
    "ceiling": 60000,
}


def _convention() -> dict[str, Any]:
    data = yaml.safe_load(SAINT_DIZIER.read_text(encoding="utf-8"))
    data["budget"] = BUDGET
    data["terms"]["renewal"]["length"] = {"years": 1}
    data["terms"]["renewal"]["max_renewals"] = 2
    [*_, last] = [a for a in data["articles"] if "commitments" in a]
    item = last["commitments"][0]["items"]
    item.append(
        {
            "text": "Verser @{montant} pendant @{duree} sur @{mois} et ouvrir @{postes} postes",
            "figures": {
                "montant": {"amount": 10000, "line": "animation"},
                "duree": {"years": 2},
                "mois": {"months": 6},
                "postes": {"count": 3},
            },
        }
    )
    return data


def _numbers(data: Any, path: tuple = ()) -> list[tuple]:
    """The path of every number of ``data``."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _numbers(value, (*path, key))]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in _numbers(value, (*path, index))]
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return [path]
    return []


CONVENTION = _convention()
DELIBERATION_DATA = yaml.safe_load(DELIBERATION.read_text(encoding="utf-8"))
FIELDS = [("convention", p) for p in _numbers(CONVENTION)] + [
    ("deliberation", p) for p in _numbers(DELIBERATION_DATA)
]
# The figures, as YAML writes them: non-finite, huge, negative, tiny.
WRITTEN = st.one_of(
    st.sampled_from(
        [
            "!!float nan",
            "!!float inf",
            "!!float -inf",
            "1e400",
            "-1e400",
            "1e308",
            "1e15",
            "1e16",
            "1000000000000000",
            "9" * 400,
            "-" + "9" * 4000,
            "5e-324",
            "1e-300",
            "-0.0",
            "0",
            "-1",
            "2.0",
            "0.30000000000000004",
            ".nan",
            ".inf",
            "nan",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-1e3, max_value=1e13).map(repr),
)


def _replace(data: Any, path: tuple, written: str) -> str:
    copy = yaml.safe_load(dump(data))
    node = copy
    for token in path[:-1]:
        node = node[token]
    node[path[-1]] = "@@FIGURE@@"
    return dump(copy).replace("'@@FIGURE@@'", written)


def _rendered(result) -> str:
    found = result.model
    if found is None:
        return ""
    if isinstance(found, Deliberation):
        renderer = DeliberationRenderer(found)
        context = renderer.context()
        props = deliberation_properties(found, renderer.object())
    else:
        context = Renderer(found).context()
        props = properties(found)
    return _text(context) + repr(props)


def _text(value: Any) -> str:
    """Every text of a rendering context (a RichText by its XML)."""
    if isinstance(value, dict):
        return "\n".join(_text(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(v) for v in value)
    if hasattr(value, "xml"):
        return str(value.xml)
    return str(value)


def _check(kind: str, path: tuple, written: str):
    data, source = (
        (CONVENTION, SAINT_DIZIER) if kind == "convention" else (DELIBERATION_DATA, DELIBERATION)
    )
    text = _replace(data, path, written)
    try:
        doc = parse(text, source)  # the approved convention is found next to the source
    except ConvgenError:
        return None, text  # an unreadable number (« !!float .nan »): the loader's message
    return check_document(doc), text


@HOSTILE
@given(st.sampled_from(FIELDS), WRITTEN)
def test_a_hostile_figure_anywhere_is_reported_never_computed(field: tuple, written: str) -> None:
    kind, path = field
    result, _ = _check(kind, path, written)  # never raises but ConvgenError
    if result is None:
        return
    internal = [f for f in result.findings if "erreur interne" in f.message]
    assert not internal, internal
    rendered = _rendered(result)
    # a message may quote the figure as written (« 1e400 »), never compute one
    messages = "\n".join(
        f.message.replace(f"« {written} »", "").replace("« nan » veut dire", "")
        for f in result.findings
    )
    for shown in (messages, rendered):
        assert not re.search(r"\d[eE][+-]?\d", shown), shown[:2000]
        assert not re.search(r"\b(?:nan|inf|infinity)\b", shown, re.IGNORECASE), shown[:2000]
    assert "e+" not in rendered


@pytest.mark.parametrize(("kind", "path"), FIELDS, ids=lambda v: ".".join(map(str, v)))
@pytest.mark.parametrize("written", ["!!float nan", "1e400", "1e308", "9" * 4000])
def test_an_impossible_number_is_refused_at_its_position(kind, path, written) -> None:
    result, text = _check(kind, path, written)
    [finding] = [f for f in result.findings if f.code == "CG018"]
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if written[:20] in row)
    assert (finding.line, finding.column) == (
        line,
        text.splitlines()[line - 1].index(written[:20]) + 1,
    )
    assert finding.severity.label == "error"
    assert result.model is None  # nothing computes on it
    assert "e+" not in finding.message and len(finding.message) < 400


def _bounds(node: Any, out: list) -> list:
    if isinstance(node, dict):
        if "maximum" in node:
            out.append(node["maximum"])
        for value in node.values():
            _bounds(value, out)
    elif isinstance(node, list):
        for value in node:
            _bounds(value, out)
    return out


def test_the_schema_bounds_are_the_model_constants() -> None:
    common = resources.schema("common")["$defs"]
    assert (common["year"]["minimum"], common["year"]["maximum"]) == model.YEAR_RANGE
    assert common["amount"]["maximum"] == model.MAX_AMOUNT
    parts = common["duration"]["properties"]
    assert {unit: parts[unit]["maximum"] for unit in parts} == model.DURATION_LIMITS
    convention = resources.schema("convention")
    props = convention["properties"]
    assert props["signature"]["properties"]["copies"]["maximum"] == model.MAX_COPIES
    renewal = props["terms"]["properties"]["renewal"]["properties"]
    assert renewal["max_renewals"]["maximum"] == model.MAX_RENEWALS
    meetings = props["governance"]["properties"]["meetings_per_year"]
    assert meetings["maximum"] == model.MAX_MEETINGS_PER_YEAR
    figure = convention["$defs"]["figure"]["properties"]
    assert figure["percent"]["maximum"] == model.MAX_PERCENT
    assert figure["count"]["maximum"] == model.MAX_COUNT
    deliberation = resources.schema("deliberation")
    assert deliberation["properties"]["members_in_office"]["maximum"] == model.MAX_MEMBERS
    assert deliberation["$defs"]["count"]["maximum"] == model.MAX_MEMBERS
    # every bound fits what convgen can write
    for name in ("common", "convention", "deliberation"):
        assert all(b <= model.MAX_MAGNITUDE for b in _bounds(resources.schema(name), []))


def _numeric_fields(node: Any, path: str, out: list) -> list:
    """Every numeric field of a schema, with whether it has a maximum."""
    if isinstance(node, dict):
        if node.get("type") in ("number", "integer"):
            out.append((path, "maximum" in node))
        for key, value in node.items():
            _numeric_fields(value, f"{path}/{key}", out)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _numeric_fields(value, f"{path}/{index}", out)
    return out


@pytest.mark.parametrize("name", ["common", "convention", "deliberation"])
def test_every_numeric_field_of_the_schemas_is_bounded(name: str) -> None:
    unbounded = [
        path for path, bounded in _numeric_fields(resources.schema(name), "", []) if not bounded
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (float("nan"), "« nan » (pas un nombre)"),
        (float("inf"), "l'infini"),
        (float("-inf"), "moins l'infini"),
        (1e308, "un nombre démesuré (de l'ordre de 10 puissance 308)"),
        (10**4000, "un nombre de 4001 chiffres"),
        (-(10**20), "un nombre négatif de 21 chiffres"),
        (2.0, "2"),
        (12.5, "12.5"),
        (1e-300, "un nombre infime (presque zéro)"),
        (115150, "115150"),
    ],
)
def test_numbers_in_messages(value, text) -> None:
    assert number_text(value) == text


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), -float("inf"), 1e308, 10**4000, True, "...", None]
)
def test_the_model_reads_an_unusable_figure_as_missing(value) -> None:
    assert model.number(value) is None
    assert model.complete({"years": value}) is None
    assert model.whole(value, 0, 100) in (None, value) and not (
        isinstance(model.whole(value, 0, 100), (int, float))
        and not isinstance(value, bool)
        and math.isnan(float(model.whole(value, 0, 100)))
    )


def test_an_integral_float_is_read_as_an_integer() -> None:
    assert model.whole(6.0, 1, 100) == 6 and isinstance(model.whole(6.0, 1, 100), int)
    assert model.whole(6.5, 1, 100) is None and model.whole(101, 1, 100) is None


def test_a_date_year_out_of_range(minimal, check_data) -> None:
    minimal["signature"]["date"] = "9999-12-31"
    minimal["date"] = "0001-01-01"
    found = [
        f for f in check_data(minimal).findings if f.path in (("date",), ("signature", "date"))
    ]
    assert [f.code for f in found] == ["CG015", "CG015"]
    assert all("année hors limites (de 1800 à 2999)" in f.message for f in found)
    minimal["date"] = "16/12/2021"
    found = [f for f in check_data(minimal).findings if f.path == ("date",)]
    assert [(f.code, f.message) for f in found] == [
        ("CG014", "Date du document : « 16/12/2021 » n'est pas une date valide (AAAA-MM-JJ)")
    ]


def test_amounts_up_to_a_thousand_billion_are_written(minimal, check_data, tmp_path: Path) -> None:
    from convgen.foundation.french import amount_in_words

    assert amount_in_words(model.MAX_AMOUNT) == "un billion d’euros"
    assert json.dumps(model.DURATION_LIMITS)
