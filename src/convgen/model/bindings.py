"""The values a text may bind by name (``@{terms.duration}``), and what each clause
exists to print.

A clause in the drafters' own words still takes its figures from the data: « pour une
durée de @{terms.duration} » prints « cinq ans » from ``terms.duration``, and the
checks of durations, notices and dates still see the value. This table is the one
list of what can be bound: the renderer prints from it, the rules check against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from convgen.foundation.findings import Path_
from convgen.model.convention import Convention, Governance, Terms

# How a bound value is printed (rendering/bindings.py): a start (« sa signature »,
# « le 1er avril 2022 »), a duration (« cinq ans »), a date, a text as written, the name
# of a court, of the governance body, its members, its meetings, a count in words.
Kind = Literal["start", "duration", "date", "text", "court", "body", "members", "meetings", "count"]


@dataclass(frozen=True)
class Spec:
    """One bindable value: its dotted name, what it is (French), where it is written,
    how it prints and how to read it (``None``: not given)."""

    name: str
    label: str
    path: Path_
    kind: Kind
    read: Callable[[Convention], object | None]


def _terms(read: Callable[[Terms], object | None]) -> Callable[[Convention], object | None]:
    return lambda c: read(c.terms) if c.terms is not None else None


def _governance(
    read: Callable[[Governance], object | None],
) -> Callable[[Convention], object | None]:
    return lambda c: read(c.governance) if c.governance is not None else None


def _some(value: object) -> object | None:
    """``None`` for what is not written: no value, an empty duration."""
    return value if value not in (None, {}, "") else None


SPECS: tuple[Spec, ...] = (
    Spec(
        "terms.start",
        "prise d'effet",
        ("terms", "start"),
        "start",
        _terms(lambda t: _some(t.start)),
    ),
    Spec(
        "terms.duration",
        "durée",
        ("terms", "duration"),
        "duration",
        _terms(lambda t: _some(t.duration)),
    ),
    Spec("terms.end", "date de fin", ("terms", "end"), "date", _terms(lambda t: _some(t.end))),
    Spec(
        "terms.renewal.notice",
        "délai de reconduction",
        ("terms", "renewal", "notice"),
        "duration",
        _terms(lambda t: _some(t.renewal.notice) if t.renewal else None),
    ),
    Spec(
        "terms.renewal.length",
        "durée de chaque reconduction",
        ("terms", "renewal", "length"),
        "duration",
        _terms(lambda t: _some(t.renewal.length) if t.renewal else None),
    ),
    Spec(
        "terms.renewal.max",
        "nombre maximal de reconductions",
        ("terms", "renewal", "max_renewals"),
        "count",
        _terms(lambda t: t.renewal.max_renewals if t.renewal else None),
    ),
    Spec(
        "terms.renewal.form",
        "forme de la notification de reconduction",
        ("terms", "renewal", "form"),
        "text",
        _terms(lambda t: _some(t.renewal.form) if t.renewal else None),
    ),
    Spec(
        "terms.termination.notice",
        "préavis de résiliation",
        ("terms", "termination", "notice"),
        "duration",
        _terms(lambda t: _some(t.termination.notice) if t.termination else None),
    ),
    Spec(
        "terms.termination.form",
        "forme de la résiliation",
        ("terms", "termination", "form"),
        "text",
        _terms(lambda t: _some(t.termination.form) if t.termination else None),
    ),
    Spec(
        "terms.termination.by",
        "qui peut résilier",
        ("terms", "termination", "by"),
        "text",
        # the standard clause's default, so that the wording says what the clause would
        _terms(
            lambda t: (
                (t.termination.by or "l'une ou l'autre des parties") if t.termination else None
            )
        ),
    ),
    Spec(
        "terms.jurisdiction.court",
        "tribunal compétent",
        ("terms", "jurisdiction", "court"),
        "court",
        _terms(lambda t: _some(t.court)),
    ),
    Spec(
        "governance.name",
        "nom de l'instance de gouvernance",
        ("governance", "name"),
        "body",
        _governance(lambda g: _some(g.name)),
    ),
    Spec(
        "governance.short_name",
        "nom court de l'instance de gouvernance",
        ("governance", "short_name"),
        "body",
        _governance(lambda g: _some(g.short_name)),
    ),
    Spec(
        "governance.members",
        "membres de l'instance de gouvernance",
        ("governance", "members"),
        "members",
        _governance(lambda g: g.members or None),
    ),
    Spec(
        "governance.meetings",
        "nombre de réunions par an",
        ("governance", "meetings_per_year"),
        "meetings",
        _governance(lambda g: g.meetings_per_year),
    ),
)
BY_NAME: dict[str, Spec] = {spec.name: spec for spec in SPECS}

# The value a clause exists to print: a wording of the clause that cites none of them
# leaves it unprinted, and unchecked (amendment and communication print no value).
CLAUSE_VALUES: dict[str, tuple[str, ...]] = {
    "duration": ("terms.duration", "terms.end"),
    "termination": ("terms.termination.notice",),
    "jurisdiction": ("terms.jurisdiction.court",),
    "governance": ("governance.members",),
}


def spec(name: str) -> Spec | None:
    return BY_NAME.get(name)
