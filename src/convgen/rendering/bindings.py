"""How a bound value (``@{terms.duration}``) and a cited place (``@{lieu:gymnase}``)
are printed: as a French phrase that knows whether it takes an article, so that the
preposition written before it contracts with it (« à compter du 1er avril 2022 »,
« au gymnase Jean-Moulin », « pour une durée d'un an »)."""

from __future__ import annotations

from dataclasses import dataclass

from convgen.foundation import french
from convgen.model.bindings import Spec
from convgen.model.convention import Convention, Gender, Place, Whole, complete
from convgen.rendering import clauses


@dataclass(frozen=True)
class Phrase:
    """What a reference prints: ``text`` with or without its definite article."""

    text: str
    gender: Gender = "m"
    article: bool = False
    elision: bool | None = None


def place(value: Place) -> Phrase:
    return Phrase(value.name, value.gender, value.article, value.elision)


def _date(value: str) -> Phrase:
    # « le 1er avril 2022 », « du 31 décembre » (no elision before « 11 », « 8 »)
    return Phrase(french.lenient(french.format_date, value), "m", True, False)


def _count(value: Whole) -> str:
    if isinstance(value, int):
        return french.number_in_words(value, feminine=True)
    return value or "..."  # a gap, highlighted as such


def bound(convention: Convention, spec: Spec, value: object) -> Phrase:
    """The phrase of ``value``, the value ``spec`` reads from ``convention``."""
    kind = spec.kind
    if kind == "start":
        start = str(value)
        if start == "signature":
            return Phrase("sa signature", "f")
        words = clauses.start_words(start, clauses.PartiesTerm.of(convention.collective))
        if words is not None:  # « la date de sa signature par la dernière des Parties »
            return Phrase(words.removeprefix("la "), "f", True, False)
        return _date(start)
    if kind == "date":
        return _date(str(value))
    if kind == "duration" and isinstance(value, dict):
        whole = complete(value)
        return Phrase(french.format_duration(whole) if whole else clauses.duration_words(value))
    if kind == "court":
        court = str(value)
        return Phrase(court, clauses.court_gender(court), True)
    if kind == "body" and convention.governance is not None:
        return Phrase(str(value), convention.governance.gender, True)
    if kind == "members" and convention.governance is not None:
        governance = convention.governance
        members = (
            clauses.member_phrase(convention, governance, i) for i in range(len(governance.members))
        )
        return Phrase(french.join_words(members))
    if kind == "meetings" and isinstance(value, int):
        return Phrase(french.times_per_year(value))
    if kind == "meetings":
        return Phrase(f"{value or '...'} fois par an")
    if kind == "count" and isinstance(value, int | str):
        return Phrase(_count(value))
    return Phrase(str(value))
