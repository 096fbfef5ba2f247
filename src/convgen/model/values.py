"""Values of the model: what a field holds once the schema accepted it, and the bounds
a figure is checked against when the model is built.

A value may still be a gap (« ... », « À définir »): these helpers keep it as written, so
that rules report it and renderers highlight it instead of computing with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from convgen.foundation import french

Gender = Literal["m", "f"]
# What a field holds once the schema accepted the document: its value, or a gap as
# written (the schema's gap is null or a text: « ... », « À définir »).
Written = str | None
Whole = int | Written  # a whole number (a count, years, a part of a duration), or a gap
Amount = int | float | Written  # an amount or a rate, or a gap
Duration = dict[str, Whole]  # {years: 3}, {months: "..."}: unit, whole number or gap


# --- bounds of figures -------------------------------------------------------
#
# The schemas refuse a figure past these bounds, at its line (CG015), and a number that
# is none (nan, the infinite, a figure of more than fifteen digits: CG018); they repeat
# these values, and tests/test_hostile_numbers.py checks that both agree. The model
# checks them again when it is built: a figure past its bound is read as missing, so
# that no rule and no renderer ever computes on it, whatever let it through.

# Years of dates and periods: french.py writes them in words and babel in dates over
# this span; rule CG503 then checks a convention's own dates more narrowly.
YEAR_RANGE = (1800, 2999)
# Amounts: french.amount_in_words writes them up to « un billion d'euros » (10^12),
# a hundred times the largest State-region plan (contrat de plan) ever signed.
MAX_AMOUNT = 10**12
# Rates: past 100 % rule CG401 reports a typo (« 200 % » for « 20 % »); past 1000 % it
# is no rate at all.
MAX_PERCENT = 1000
# Originals: one per signatory and a few for the archives; no convention has a hundred
# signatories.
MAX_COPIES = 100
# Tacit renewals: « au plus 99 fois » is already a convention without end.
MAX_RENEWALS = 99
# A governance body that meets more than weekly is not described by a yearly count.
MAX_MEETINGS_PER_YEAR = 52
# Members of an assembly, and every count of a deliberation (present, voters, votes):
# the largest French deliberative assemblies have a few hundred members (Conseil de
# Paris 163, conseil de la Métropole du Grand Paris 208, Assemblée nationale 577).
MAX_MEMBERS = 1000
# A count cited in a commitment (« @{postes} postes ») is written in figures.
MAX_COUNT = 10**9
# Durations, notices and renewal periods: a hundred years at most in any unit, so that
# a start date plus any duration stays a date (datetime stops at 9999).
DURATION_LIMITS = {"years": 99, "months": 1200, "weeks": 5200, "days": 36500}
# Past fifteen digits a number is no figure of a convention (and a float no longer
# holds every unit): CG018, whatever the field.
MAX_MAGNITUDE = 10**15


def finite(value: object) -> bool:
    """Whether ``value`` is a number convgen can compute with: not a boolean, not nan nor
    infinite, at most :data:`MAX_MAGNITUDE` in size."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE


def number(
    value: object, *, low: float = -MAX_MAGNITUDE, high: float = MAX_MAGNITUDE
) -> float | None:
    """``value`` if it is a usable number (not a gap, not a boolean, finite, between
    ``low`` and ``high``), else ``None``."""
    if finite(value) and isinstance(value, (int, float)) and low <= value <= high:
        return value
    return None


def written(value: object) -> Written:
    """A gap as written (null or a text); ``None`` for any other value, which the schema
    refuses (a value of the wrong type is a structural error: no model is built)."""
    return value if isinstance(value, str) else None


def text(value: object) -> str | None:
    """A text field: the text, or ``None`` when absent or null (a gap)."""
    return value if isinstance(value, str) else None


def whole(value: object, low: int, high: int) -> Whole:
    """An integer field: ``value`` as an ``int`` when it is a whole number between ``low``
    and ``high`` (YAML's « 2.0 » included), ``None`` for any other number, and a gap or an
    absent value as written."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return written(value)
    if finite(value) and low <= value <= high and float(value).is_integer():
        return int(value)
    return None


def amount(value: object, high: float = MAX_AMOUNT) -> Amount:
    """An amount of the financing plan: a number within bounds, a gap as written."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return written(value)
    return number(value, low=0, high=high)


def complete(duration: Mapping[str, object] | None) -> dict[str, int] | None:
    """``duration`` if every part of it is a whole number within
    :data:`DURATION_LIMITS`, ``None`` if empty, or a part is a gap or out of bounds."""
    if not duration:
        return None
    parts = {
        unit: v
        for unit, v in duration.items()
        if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= DURATION_LIMITS.get(unit, 0)
    }
    return parts if len(parts) == len(duration) else None


def duration(value: object) -> Duration | None:
    """A duration, each part checked against :data:`DURATION_LIMITS` (see :func:`whole`)."""
    if not isinstance(value, dict):
        return None
    return {unit: whole(v, 0, DURATION_LIMITS.get(unit, 0)) for unit, v in value.items()}


def year(value: object) -> Whole:
    return whole(value, *YEAR_RANGE)


def printable(value: Any) -> Any:  # any value YAML reads, and the same cleaned
    """``value`` with every text stripped of the control characters a document cannot
    carry (:data:`convgen.foundation.french.CONTROL_CHARACTERS`, reported as CG032): the same object
    when there is none, so that the usual document costs a walk and no copy. Keys are
    kept as written, so that paths still lead to the file's positions."""
    if isinstance(value, str):
        return french.without_control_characters(value)
    if isinstance(value, dict):
        cleaned = {key: printable(child) for key, child in value.items()}
        same = all(cleaned[key] is child for key, child in value.items())
        return value if same else cleaned
    if isinstance(value, list):
        items = [printable(child) for child in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value
