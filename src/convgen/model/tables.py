"""Tables: typed columns, rows and sub-lines, the totals and ceilings declared for them.

A table of ``tables:`` and the financing plan (``budget:``) are the same object here, so
that one set of rules checks both and one renderer prints both: the plan is a table whose
columns are its label, one amount per financing party and the line's amount (the sum of
the parties' shares).

Cells keep their value as written: a number, a text, a date (``AAAA-MM-JJ``) or a gap
(« ... », null). What does not fit the column's type is reported by a rule, not refused
here, so that the model of a draft still holds the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from convgen.foundation import french
from convgen.foundation.findings import Path_
from convgen.model.budget import Budget
from convgen.model.values import Amount, amount, number

ColumnType = Literal["text", "amount", "percent", "count", "date"]
COLUMN_TYPES: tuple[ColumnType, ...] = ("text", "amount", "percent", "count", "date")
NUMERIC: frozenset[str] = frozenset({"amount", "percent", "count"})
# Percentages of sub-lines or of rows do not add up to the parent's or the total's.
ADDITIVE: frozenset[str] = frozenset({"amount", "count"})

# The keys of the financing plan's own columns: a party id cannot take them (ids are
# lowercase letters, digits and hyphens), so a party's column never collides with them.
BUDGET_KEY = "budget"
LABEL_COLUMN = "_label"
TOTAL_COLUMN = "_total"

CellValue = int | float | str | None  # a number, a text or a date, or a gap as written


@dataclass
class Cell:
    value: CellValue
    path: Path_

    @property
    def number(self) -> float | None:
        return number(self.value)


@dataclass
class Column:
    key: str
    label: str  # as written; by default a party column's party's name, other columns' key
    type: ColumnType
    party: str | None
    sum_of: list[str]
    emphasis: bool
    path: Path_


@dataclass
class Ceiling:
    value: Amount
    path: Path_


@dataclass
class Row:
    key: str | None
    cells: dict[str, Cell]
    children: list[Row]
    ceilings: dict[str, Ceiling]
    path: Path_
    depth: int = 0

    def walk(self) -> Iterator[Row]:
        """This row, then its sub-lines depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Table:
    key: str
    title: str
    caption: str | None
    header: bool
    columns: list[Column]
    rows: list[Row]
    total: Row | None  # the declared total row, as written
    ceilings: dict[str, Ceiling]
    path: Path_
    from_budget: bool = False

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def party_column(self, party_id: str) -> Column | None:
        return next((c for c in self.columns if c.party == party_id), None)

    @property
    def label_column(self) -> Column | None:
        """The column that names the rows: the first text column."""
        return next((c for c in self.columns if c.type == "text"), None)

    def all_rows(self) -> Iterator[Row]:
        for row in self.rows:
            yield from row.walk()

    def row(self, key: str) -> Row | None:
        """The row (or sub-line) of key ``key``."""
        return next((r for r in self.all_rows() if r.key == key), None)

    def row_label(self, row: Row) -> str:
        """What names ``row`` in a message: its label cell, else its key, else its rank."""
        column = self.label_column
        cell = row.cells.get(column.key) if column else None
        if cell is not None and isinstance(cell.value, str) and cell.value.strip():
            return cell.value
        if row.key:
            return row.key
        if row is self.total:
            return "Total"
        for index, candidate in enumerate(self.all_rows()):
            if candidate is row:
                return f"ligne {index + 1}"
        return "ligne"

    def value(self, row: Row, key: str) -> float | None:
        """The figure of ``row`` in column ``key``: as written, else (when not written) the
        sum of its ``sum_of`` columns or of its sub-lines, else 0; ``None`` when a gap or a
        value of another type stands in the way."""
        cell = row.cells.get(key)
        if cell is not None:
            return cell.number
        column = self.column(key)
        if column is not None and column.sum_of:
            return _sum(self.value(row, member) for member in column.sum_of)
        if row.children:
            return _sum(self.value(child, key) for child in row.children)
        return 0

    def column_sum(self, key: str) -> float | None:
        """The sum of the top-level rows in column ``key`` (``None``: a gap in the way)."""
        return _sum(self.value(row, key) for row in self.rows)

    def column_total(self, key: str) -> float | None:
        """The total of column ``key``: the declared total when written, else the sum."""
        if self.total is not None and (cell := self.total.cells.get(key)) is not None:
            return cell.number
        return self.column_sum(key)


def _sum(values: Iterator[float | None]) -> float | None:
    total = 0.0
    for value in values:
        if value is None:
            return None
        total += value
    return int(total) if float(total).is_integer() else total


def _key(value: object) -> str:
    return str(value)


def _cells(raw: dict[str, Any] | None, path: Path_) -> dict[str, Cell]:
    return {_key(k): Cell(v, (*path, k)) for k, v in (raw or {}).items()}


def _ceilings(raw: dict[str, Any] | None, path: Path_) -> dict[str, Ceiling]:
    return {_key(k): Ceiling(amount(v), (*path, k)) for k, v in (raw or {}).items()}


def _row(raw: dict[str, Any], path: Path_, depth: int) -> Row:
    return Row(
        key=raw.get("key"),
        cells=_cells(raw.get("cells"), (*path, "cells")),
        children=[
            _row(child, (*path, "rows", index), depth + 1)
            for index, child in enumerate(raw.get("rows") or [])
        ],
        ceilings=_ceilings(raw.get("ceilings"), (*path, "ceilings")),
        path=path,
        depth=depth,
    )


def _label(column: dict[str, Any], nouns: dict[str, str]) -> str:
    label = column.get("label")
    if isinstance(label, str) or "label" in column:
        return label or ""
    party = column.get("party")
    return nouns.get(party, party) if isinstance(party, str) else _key(column["key"])


def table(raw: dict[str, Any], path: Path_, nouns: dict[str, str]) -> Table:
    """The table written at ``path`` of ``tables:``; ``nouns`` names the parties (the
    default labels of their columns)."""
    columns = [
        Column(
            key=_key(column["key"]),
            label=_label(column, nouns),
            type=column.get("type") or "text",
            party=column.get("party"),
            sum_of=[_key(member) for member in column.get("sum_of") or []],
            emphasis=bool(column.get("emphasis")),
            path=(*path, "columns", index),
        )
        for index, column in enumerate(raw["columns"])
    ]
    total = raw.get("total")
    return Table(
        key=raw["key"],
        title=raw.get("title") or "",
        caption=raw.get("caption"),
        header=raw.get("header", True) is not False,
        columns=columns,
        rows=[_row(row, (*path, "rows", index), 0) for index, row in enumerate(raw["rows"])],
        total=Row(None, _cells(total, (*path, "total")), [], {}, (*path, "total"))
        if isinstance(total, dict)
        else None,
        ceilings=_ceilings(raw.get("ceilings"), (*path, "ceilings")),
        path=path,
    )


def tables(raw: list[dict[str, Any]] | None, nouns: dict[str, str]) -> list[Table]:
    return [table(item, ("tables", index), nouns) for index, item in enumerate(raw or [])]


BUDGET_CAPTIONS = {
    "annual": "Montants annuels, en euros.",
    "period": "Montants pour toute la durée de la convention, en euros.",
}


def from_budget(budget: Budget, nouns: dict[str, str]) -> Table:
    """The financing plan as a table: the line's label, one amount column per financing
    party (in the order of ``party_order``), and the line's amount, the sum of the shares;
    the declared total, party totals and ceiling become the total row and a ceiling."""
    party_ids = budget.party_ids(list(nouns))
    columns = [
        Column(LABEL_COLUMN, "Poste", "text", None, [], False, (*budget.path, "lines")),
        *(
            Column(pid, nouns[pid], "amount", pid, [], False, (*budget.path, "lines"))
            for pid in party_ids
        ),
        Column(TOTAL_COLUMN, "Total", "amount", None, party_ids, False, (*budget.path, "lines")),
    ]
    rows = []
    for line in budget.lines:
        cells = {LABEL_COLUMN: Cell(line.label, (*line.path, "label"))}
        cells.update(
            {pid: Cell(value, (*line.path, "shares", pid)) for pid, value in line.shares.items()}
        )
        if line.amount is not None:
            cells[TOTAL_COLUMN] = Cell(line.amount, (*line.path, "amount"))
        rows.append(Row(line.key, cells, [], {}, line.path))
    total_cells = {LABEL_COLUMN: Cell("Total", budget.path)}
    total_cells.update(
        {
            pid: Cell(value, (*budget.path, "party_totals", pid))
            for pid, value in budget.party_totals.items()
        }
    )
    if budget.total is not None:
        total_cells[TOTAL_COLUMN] = Cell(budget.total, (*budget.path, "total"))
    caption = BUDGET_CAPTIONS.get(budget.basis, BUDGET_CAPTIONS["period"])
    ceiling = number(budget.ceiling)
    if ceiling is not None:
        caption += f" Plafond : {french.format_amount(ceiling)}."
    return Table(
        key=BUDGET_KEY,
        title=budget.title,
        caption=caption,
        header=True,
        columns=columns,
        rows=rows,
        total=Row(None, total_cells, [], {}, budget.path),
        ceilings={TOTAL_COLUMN: Ceiling(ceiling, (*budget.path, "ceiling"))}
        if ceiling is not None
        else {},
        path=budget.path,
        from_budget=True,
    )
