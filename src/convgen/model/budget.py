"""The financing plan: lines, the parties' shares and the totals declared for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convgen.foundation.findings import Path_
from convgen.model.values import Amount, amount, number


@dataclass
class BudgetLine:
    key: str
    label: str
    amount: Amount
    shares: dict[str, Amount]
    path: Path_

    @property
    def shares_total(self) -> float:
        """The sum of the parties' shares of this line."""
        return sum(number(v) or 0 for v in self.shares.values())

    @property
    def effective_amount(self) -> float:
        """The declared amount of the line, or the sum of its shares when none is declared."""
        declared = number(self.amount)
        return declared if declared is not None else self.shares_total


@dataclass
class Budget:
    title: str
    basis: str
    lines: list[BudgetLine]
    total: Amount
    party_totals: dict[str, Amount]
    ceiling: Amount
    path: Path_

    def party_ids(self, order: list[str]) -> list[str]:
        """Parties that finance something, in the order of ``order``."""
        funding = {pid for line in self.lines for pid in line.shares} | set(self.party_totals)
        return [pid for pid in order if pid in funding]

    def column_total(self, party_id: str) -> float:
        """The sum of one party's shares over all lines."""
        return sum(number(line.shares.get(party_id)) or 0 for line in self.lines)

    @property
    def lines_total(self) -> float:
        """The sum of all lines."""
        return sum(line.effective_amount for line in self.lines)


def budget(raw: dict[str, Any]) -> Budget:
    return Budget(
        title=raw.get("title") or "",
        basis=raw["basis"],
        lines=[
            BudgetLine(
                key=line["key"],
                label=line.get("label") or "",
                amount=amount(line.get("amount")),
                shares={k: amount(v) for k, v in (line.get("shares") or {}).items()},
                path=("budget", "lines", index),
            )
            for index, line in enumerate(raw["lines"])
        ],
        total=amount(raw.get("total")),
        party_totals={k: amount(v) for k, v in (raw.get("party_totals") or {}).items()},
        ceiling=amount(raw.get("ceiling")),
        path=("budget",),
    )
