"""Financing terms: who pays whom, how much, on what base, when, against which
documents, and under which budgetary reserves — the data a « Dispositions financières »
article is written from (:func:`convgen.rendering.clauses.financing`) and checked
against (rules CG420-CG429)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from convgen.foundation.findings import Path_
from convgen.model.values import (
    MAX_PERCENT,
    Amount,
    Duration,
    Gender,
    amount,
    duration,
    number,
    text,
)

DEFAULT_KIND = "subvention"


@dataclass
class Base:
    """What a rate applies to: « le coût total éligible de l'action », and its amount."""

    label: str | None
    gender: Gender
    amount: Amount
    path: Path_
    written: frozenset[str] = frozenset()  # the keys written, even as gaps


@dataclass
class Payment:
    """One payment of the schedule: a share of the amount, and when it is paid."""

    share: Amount  # a percentage of the amount
    when: str | None
    path: Path_


@dataclass
class Financing:
    """One financial commitment of a party towards another one."""

    key: str
    party: str  # who pays
    beneficiary: str  # who receives
    kind: str  # « subvention de fonctionnement »
    gender: Gender | None  # of ``kind``, when written
    amount: Amount
    rate: Amount  # a percentage of ``base``
    base: Base | None
    ceiling: Amount
    years: dict[str, Amount]  # {"2024": 20000}: per-year amounts, as written
    schedule: list[Payment]
    justification: list[str | None]
    deadline: Duration | None
    reimbursement: bool
    subject_to_credits: bool
    imputation: str | None
    in_words: bool
    path: Path_
    written: frozenset[str] = frozenset()  # the keys written, even as gaps

    @property
    def computed(self) -> Decimal | None:
        """rate × base, when both are figures."""
        rate = number(self.rate)
        base = number(self.base.amount) if self.base is not None else None
        if rate is None or base is None:
            return None
        return Decimal(str(rate)) * Decimal(str(base)) / 100

    @property
    def effective_amount(self) -> Decimal | None:
        """The amount written, else rate × base (capped by the ceiling), else None."""
        written = number(self.amount)
        if written is not None:
            return Decimal(str(written))
        computed = self.computed
        ceiling = number(self.ceiling)
        if computed is not None and ceiling is not None:
            return min(computed, Decimal(str(ceiling)))
        return computed

    @property
    def years_total(self) -> Decimal | None:
        """The sum of the per-year amounts, when every one is a figure."""
        values = [number(v) for v in self.years.values()]
        if not values or any(v is None for v in values):
            return None
        return sum((Decimal(str(v)) for v in values if v is not None), Decimal(0))


def _base(raw: object, path: Path_) -> Base | None:
    if not isinstance(raw, dict):
        return None
    return Base(
        label=text(raw.get("label")),
        gender="f" if raw.get("gender") == "f" else "m",
        amount=amount(raw.get("amount")),
        path=path,
        written=frozenset(raw),
    )


def _justification(raw: object) -> list[str | None]:
    if isinstance(raw, list):
        return [text(item) for item in raw]
    if raw is None:
        return []
    return [text(raw)]


def financing_item(raw: dict[str, Any], index: int) -> Financing:
    path: Path_ = ("financing", index)
    years = raw.get("years")
    schedule = raw.get("schedule")
    return Financing(
        key=str(raw.get("key", "")),
        party=str(raw.get("party", "")),
        beneficiary=str(raw.get("beneficiary", "")),
        kind=text(raw.get("kind")) or DEFAULT_KIND,
        gender=raw["gender"] if raw.get("gender") in ("m", "f") else None,
        amount=amount(raw.get("amount")),
        rate=amount(raw.get("rate"), MAX_PERCENT),
        base=_base(raw.get("base"), (*path, "base")),
        ceiling=amount(raw.get("ceiling")),
        years={str(y): amount(v) for y, v in years.items()} if isinstance(years, dict) else {},
        schedule=[
            Payment(
                share=amount(p.get("share"), MAX_PERCENT),
                when=text(p.get("when")),
                path=(*path, "schedule", i),
            )
            for i, p in enumerate(schedule if isinstance(schedule, list) else [])
            if isinstance(p, dict)
        ],
        justification=_justification(raw.get("justification")),
        deadline=duration(raw.get("deadline")),
        reimbursement=raw.get("reimbursement") is True,
        subject_to_credits=raw.get("subject_to_credits") is True,
        imputation=text(raw.get("imputation")),
        in_words=raw.get("in_words") is True,
        path=path,
        written=frozenset(raw),
    )


def financing(data: object) -> list[Financing]:
    """Every financing of the top-level ``financing`` list, in order."""
    if not isinstance(data, list):
        return []
    return [financing_item(raw, i) for i, raw in enumerate(data) if isinstance(raw, dict)]
