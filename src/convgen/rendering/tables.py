"""The context of one table (a table of ``tables:`` or the financing plan): a header row,
rows of cells each with its style, the declared totals where written and sums otherwise.

Each cell says how the template lays it out (``cell.style``, the contract's
:data:`~convgen.rendering.contract.CELL_STYLES`): text, a figure aligned right, bold, or
the indented label of a sub-line; each row says what it is (``row.kind``: a line, the
subtotal of its sub-lines, a sub-line, the total).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from convgen.foundation import french
from convgen.model.tables import ADDITIVE, NUMERIC, Column, Row, Table
from convgen.model.values import number
from convgen.rendering.base import GAP_PLACEHOLDER, Rich, TextRenderer
from convgen.rendering.contract import (
    CELL_AMOUNT,
    CELL_INDENTED,
    CELL_STRONG,
    CELL_STRONG_AMOUNT,
    CELL_TEXT,
    ROW_LINE,
    ROW_SUBLINE,
    ROW_SUBTOTAL,
    ROW_TOTAL,
    TEXT_WIDTH,
)
from convgen.rendering.marks import place

NO_FIGURE = "—"  # a figure column left empty on a row: the party pays nothing there


def _formatted(column: Column, value: float) -> str:
    if column.type == "percent":
        return french.format_percent(value)
    if column.type == "count":
        return french.format_number(value)
    return french.format_amount(value)


# A column is given room after the longest thing it holds (a word of its label, a cell),
# within bounds, so that a label column is not squeezed by a figure column nor a long
# text column by a short one.
MIN_CHARACTERS, MAX_CHARACTERS = 6, 40


def _length(column: Column, value: object) -> int:
    figure = number(value)
    if column.type in NUMERIC and figure is not None:
        return len(_formatted(column, figure))
    if column.type == "date":
        return len("30 septembre 2024")
    return len(str(value)) if value is not None else 0


def column_widths(table: Table) -> list[int]:
    """The width of each column, in twips: the page's text width shared in proportion to
    what each column holds."""
    weights = []
    rows = list(table.all_rows()) + ([table.total] if table.total is not None else [])
    for column in table.columns:
        longest = (
            max((len(word) for word in column.label.split()), default=0) if table.header else 0
        )
        for row in rows:
            cell = row.cells.get(column.key)
            if cell is not None:
                extra = 2 if row.depth and column is table.label_column else 0  # the indent
                longest = max(longest, _length(column, cell.value) + extra)
        weights.append(min(max(longest, MIN_CHARACTERS), MAX_CHARACTERS))
    total = sum(weights)
    return [TEXT_WIDTH * weight // total for weight in weights]


class TableRenderer:
    """Builds the context of tables, counting its gaps in ``text``'s count."""

    def __init__(self, text: TextRenderer) -> None:
        self.text = text

    def context(self, table: Table) -> dict[str, Any]:
        context = self._context(table)
        widths = column_widths(table)
        for cells in [context["header"], *(line["cells"] for line in context["rows"])]:
            for cell, width in zip(cells, widths, strict=bool(cells)):
                cell["width"] = width
        context["widths"] = widths
        return context

    def _context(self, table: Table) -> dict[str, Any]:
        header = (
            [
                {
                    "text": self.text.marked(
                        self.text.plain(column.label) if column.label else self._plain(""),
                        place(column.path, table.path),
                    ),
                    "style": CELL_STRONG_AMOUNT if column.type in NUMERIC else CELL_STRONG,
                }
                for column in table.columns
            ]
            if table.header
            else []
        )
        rows: list[dict[str, Any]] = []
        for row in table.rows:
            self._rows(table, row, rows)
        if table.total is not None:
            rows.append(
                {
                    "kind": ROW_TOTAL,
                    "cells": [self._total_cell(table, column) for column in table.columns],
                }
            )
        return {
            "title": french.typography(table.title),
            "header": header,
            "rows": rows,
            "caption": french.typography(table.caption or ""),
        }

    def _rows(self, table: Table, row: Row, out: list[dict[str, Any]]) -> None:
        kind = ROW_SUBLINE if row.depth else ROW_SUBTOTAL if row.children else ROW_LINE
        out.append({"kind": kind, "cells": [self._cell(table, row, c) for c in table.columns]})
        for child in row.children:
            self._rows(table, child, out)

    def _cell(self, table: Table, row: Row, column: Column) -> dict[str, Any]:
        figure = column.type in NUMERIC
        if figure:
            style = CELL_AMOUNT
        elif row.depth and column is table.label_column:
            style = CELL_INDENTED
        else:
            style = CELL_TEXT
        if column.emphasis or (row.children and not row.depth):
            style = {CELL_AMOUNT: CELL_STRONG_AMOUNT, CELL_TEXT: CELL_STRONG}.get(style, style)
        cell = row.cells.get(column.key)
        if cell is None:
            computed = None
            if figure and (column.sum_of or row.children):
                computed = table.value(row, column.key)
            text = _formatted(column, computed) if computed is not None else ""
            shown = self._plain(text or (NO_FIGURE if figure else ""))
            return {"text": self.text.marked(shown, row.path), "style": style}
        shown = self.text.marked(self._value(column, cell.value), place(cell.path, row.path))
        return {"text": shown, "style": style}

    def _total_cell(self, table: Table, column: Column) -> dict[str, Any]:
        style = CELL_STRONG_AMOUNT if column.type in NUMERIC else CELL_STRONG
        assert table.total is not None
        cell = table.total.cells.get(column.key)
        if cell is not None:
            shown = self._value(column, cell.value)
            return {
                "text": self.text.marked(shown, place(cell.path, table.total.path)),
                "style": style,
            }
        computed = table.column_sum(column.key) if column.type in ADDITIVE else None
        if computed is not None:
            shown = self._plain(_formatted(column, computed))
            return {"text": self.text.marked(shown, table.total.path), "style": style}
        return {"text": self._plain(""), "style": style}

    def _plain(self, text: str) -> Any:
        return Rich().verbatim(text).rich

    def _value(self, column: Column, value: object) -> Any:
        """A written cell: its figure or date formatted, a text with typography, a gap
        highlighted (a value of another type is printed as written, reported by CG410)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return self.text.done(Rich().gap(GAP_PLACEHOLDER))
        amount = number(value)
        if column.type in NUMERIC and amount is not None:
            return self._plain(_formatted(column, amount))
        if column.type == "date" and isinstance(value, str):
            try:
                date = french.format_date(_dt.date.fromisoformat(value))
                return self._plain(french.typography(date))  # on one line
            except ValueError:
                pass
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self._plain(french.format_number(value))
        return self.text.plain(str(value))
