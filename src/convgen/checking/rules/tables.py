"""Tables and the financing plan: sums of sub-lines, of columns and of rows, declared
totals, ceilings, cells of the columns' types, and figures of commitments tied to a row.

Every table is checked alike, the financing plan (``budget:``) included: the model
makes it a table (:func:`convgen.model.tables.from_budget`). A finding names the table,
the row and the column, and gives both figures, the written one and the computed one.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from decimal import Decimal

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french, gaps
from convgen.foundation.findings import Severity
from convgen.model.convention import Convention, Figure, table_references
from convgen.model.tables import ADDITIVE, BUDGET_KEY, NUMERIC, Cell, Column, Row, Table

CENT = Decimal("0.01")

TYPE_NAMES = {
    "text": "un texte",
    "amount": "un montant",
    "percent": "un pourcentage",
    "count": "un nombre entier",
    "date": "une date",
}


def _same(a: float, b: float) -> bool:
    return abs(Decimal(str(a)) - Decimal(str(b))) < CENT


def _figure(column: Column, value: float) -> str:
    """``value`` as the column prints it: « 30 000 € », « 20 % », « 12 »."""
    if column.type == "percent":
        return french.format_percent(Decimal(str(value)).quantize(CENT).normalize())
    if column.type == "count":
        return french.format_number(value)
    return french.format_amount(value)


def _name(table: Table) -> str:
    return f"« {table.title} »" if table.title.strip() else f"tableau « {table.key} »"


def _where(table: Table, row: Row | None, column: Column | None = None) -> str:
    """« « Budget prévisionnel », ligne « Personnel », colonne « 2024 » »."""
    parts = [_name(table)]
    if row is not None:
        parts.append(
            "ligne de total" if row is table.total else f"ligne « {table.row_label(row)} »"
        )
    if column is not None:
        parts.append(f"colonne « {column.label or column.key} »")
    return ", ".join(parts)


def _numbers(values: list[float | None]) -> float | None:
    if any(value is None for value in values):
        return None
    return sum(value for value in values if value is not None)


@rule("CG403", "table-totals", Severity.ERROR, "Total d'un tableau différent de la somme")
def table_totals(convention: Convention) -> Iterator[Issue]:
    """La ligne de total d'un tableau (pour le plan de financement : le total
    général et le total de chaque partie) doit être, colonne par colonne, la
    somme des lignes. Le constat donne le chiffre écrit et le chiffre calculé ;
    une lacune dans la colonne suspend la vérification."""
    for table in convention.tables:
        if table.total is None:
            continue
        for column in table.columns:
            cell = table.total.cells.get(column.key)
            declared = cell.number if cell is not None else None
            if cell is None or declared is None or column.type not in ADDITIVE:
                continue
            computed = table.column_sum(column.key)
            if computed is not None and not _same(declared, computed):
                yield Issue(
                    cell.path,
                    f"{_where(table, table.total, column)} : {_figure(column, declared)} "
                    f"déclarés, {_figure(column, computed)} en additionnant les lignes",
                )


@rule("CG404", "table-ceiling", Severity.ERROR, "Plafond d'une colonne dépassé")
def table_ceiling(convention: Convention) -> Iterator[Issue]:
    """Le total d'une colonne (écrit, ou calculé s'il ne l'est pas) ne dépasse
    pas le plafond déclaré pour elle : plafond d'un partenaire, d'une année,
    ou de toute la période sur la colonne du total (le plafond du plan de
    financement est celui de son total général)."""
    for table in convention.tables:
        for key, ceiling in table.ceilings.items():
            column = table.column(key)
            limit = ceiling.value if isinstance(ceiling.value, (int, float)) else None
            total = table.column_total(key) if column is not None else None
            if column is None or limit is None or total is None or total <= limit:
                continue
            yield Issue(
                ceiling.path,
                f"{_where(table, None, column)} : le total de {_figure(column, total)} dépasse "
                f"le plafond de {_figure(column, limit)} de {_figure(column, total - limit)}",
            )


def _figures(convention: Convention) -> Iterator[tuple[str, Figure]]:
    for commitments in convention.commitment_sets():
        for item in commitments.items:
            for figure in item.figures.values():
                yield commitments.party, figure


def _row_of(convention: Convention, line: str) -> tuple[Table | None, Row | None, str]:
    """The table and row ``line`` names (« tableau.ligne », or a line of the plan), and
    what to list when there is none."""
    table_key, _, row_key = line.rpartition(".")
    table = convention.table(table_key or BUDGET_KEY)
    if table is None:
        known = ", ".join(t.key for t in convention.tables) or "aucun"
        what = f"tableau « {table_key} » inconnu" if table_key else "aucun plan de financement"
        return None, None, f"{what} (tableaux : {known})"
    row = table.row(row_key)
    keys = ", ".join(r.key for r in table.all_rows() if r.key) or "aucune ligne à clé"
    return table, row, f"lignes de {_name(table)} : {keys}"


def _row_total(table: Table, row: Row) -> tuple[Column | None, float | None]:
    """The row's own total: its column summing the others (the plan: the line's amount)."""
    column = next((c for c in table.columns if c.sum_of), None)
    return column, table.value(row, column.key) if column is not None else None


@rule(
    "CG405",
    "figure-table",
    Severity.ERROR,
    "Engagement chiffré et ligne de tableau",
)
def figure_table(convention: Convention) -> Iterator[Issue]:
    """Un chiffre d'engagement rattaché à une ligne de tableau (« line:
    tableau.ligne », ou « line: poste » pour le plan de financement) doit
    concorder avec elle : un montant avec la colonne de la partie sur cette
    ligne, un taux avec cette part rapportée au total de la ligne. La ligne
    doit exister."""
    for party, figure in _figures(convention):
        if not figure.line:
            continue
        table, row, known = _row_of(convention, figure.line)
        if table is None or row is None:
            shown = figure.line.rpartition(".")[2]
            yield Issue(
                (*figure.path, "line"),
                f"ligne « {shown} » inconnue ({known})"
                if table
                else f"« {figure.line} » : {known}",
            )
            continue
        column = table.party_column(party)
        value = figure.value if isinstance(figure.value, (int, float)) else None
        share = table.value(row, column.key) if column is not None else None
        if column is None or value is None or share is None:
            continue
        label = table.row_label(row)
        if figure.kind == "amount" and not _same(value, share):
            yield Issue(
                figure.value_path,
                f"engagement de {french.format_amount(value)}, mais {_name(table)} attribue "
                f"{french.format_amount(share)} à « {party} » sur la ligne « {label} »",
            )
        elif figure.kind == "percent":
            _, total = _row_total(table, row)
            if not total:
                continue
            expected = Decimal(str(share)) * 100 / Decimal(str(total))
            if abs(expected - Decimal(str(value))) >= CENT:
                percent = french.format_percent(Decimal(str(value)).quantize(CENT).normalize())
                rate = french.format_percent(expected.quantize(CENT).normalize())
                yield Issue(
                    figure.value_path,
                    f"taux de {percent}, mais la part de « {party} » sur la ligne « {label} » de "
                    f"{_name(table)} est de {french.format_amount(share)} sur "
                    f"{french.format_amount(total)}, soit {rate}",
                )


@rule("CG407", "table-sublines", Severity.ERROR, "Ligne différente de la somme de ses sous-lignes")
def table_sublines(convention: Convention) -> Iterator[Issue]:
    """Une ligne qui a des sous-lignes en est le sous-total : dans chaque
    colonne de montant ou de nombre que les sous-lignes détaillent, le chiffre
    de la ligne est leur somme."""
    for table in convention.tables:
        for row in table.all_rows():
            if not row.children:
                continue
            for column in table.columns:
                cell = row.cells.get(column.key)
                declared = cell.number if cell is not None else None
                detailed = any(column.key in child.cells for child in row.children)
                if cell is None or declared is None or column.type not in ADDITIVE or not detailed:
                    continue
                computed = _numbers([table.value(child, column.key) for child in row.children])
                if computed is not None and not _same(declared, computed):
                    yield Issue(
                        cell.path,
                        f"{_where(table, row, column)} : {_figure(column, declared)} déclarés, "
                        f"{_figure(column, computed)} en additionnant les sous-lignes",
                    )


@rule("CG408", "table-row-sum", Severity.ERROR, "Total d'une ligne différent de ses colonnes")
def table_row_sum(convention: Convention) -> Iterator[Issue]:
    """Une colonne « sum_of » est, sur chaque ligne et sous-ligne, la somme
    des colonnes qu'elle nomme (le total d'une ligne sur les années, ou le
    montant d'un poste du plan de financement, somme des parts des parties)."""
    for table in convention.tables:
        # not the total row: its sums follow from the lines' (this rule) and the columns'
        # (CG403), and a faulty line would be reported twice
        rows = list(table.all_rows())
        for column in (c for c in table.columns if c.sum_of):
            members = [table.column(key) for key in column.sum_of]
            if any(m is None or m.type not in NUMERIC for m in members):
                continue  # CG411 says so
            for row in rows:
                cell = row.cells.get(column.key)
                declared = cell.number if cell is not None else None
                written = [key for key in column.sum_of if key in row.cells]
                if cell is None or declared is None or not written:
                    continue
                computed = _numbers([table.value(row, key) for key in column.sum_of])
                if computed is not None and not _same(declared, computed):
                    names = french.join_words(
                        f"« {m.label or m.key} »" for m in members if m is not None
                    )
                    yield Issue(
                        cell.path,
                        f"{_where(table, row, column)} : {_figure(column, declared)} déclarés, "
                        f"{_figure(column, computed)} en additionnant les colonnes {names}",
                    )


@rule("CG409", "row-ceiling", Severity.ERROR, "Plafond d'une ligne dépassé")
def row_ceiling(convention: Convention) -> Iterator[Issue]:
    """Le chiffre d'une ligne (écrit, ou calculé de ses sous-lignes ou de ses
    colonnes) ne dépasse pas le plafond déclaré pour elle dans cette colonne
    (« ceilings » de la ligne)."""
    for table in convention.tables:
        for row in table.all_rows():
            for key, ceiling in row.ceilings.items():
                column = table.column(key)
                limit = ceiling.value if isinstance(ceiling.value, (int, float)) else None
                value = table.value(row, key) if column is not None else None
                if column is None or limit is None or value is None or value <= limit:
                    continue
                yield Issue(
                    ceiling.path,
                    f"{_where(table, row, column)} : {_figure(column, value)} dépassent le "
                    f"plafond de {_figure(column, limit)} de {_figure(column, value - limit)}",
                )


def _cells(table: Table) -> Iterator[tuple[Row, str, Cell]]:
    rows = list(table.all_rows()) + ([table.total] if table.total is not None else [])
    for row in rows:
        for key, cell in row.cells.items():
            yield row, key, cell


def _fits(column: Column, value: object) -> bool:
    if column.type == "text" or isinstance(value, bool):
        return column.type == "text"
    if column.type in ("amount", "percent"):
        return isinstance(value, (int, float))
    if column.type == "count":
        return isinstance(value, (int, float)) and float(value).is_integer() and value >= 0
    if not isinstance(value, str):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


_HINTS = {
    "amount": " (écrivez le montant en chiffres, sans espace ni « € » : 30000)",
    "percent": " (écrivez le taux en chiffres, sans « % » : 20)",
    "count": " (écrivez un nombre entier positif)",
    "date": " (écrivez la date AAAA-MM-JJ : 2024-04-01)",
}


@rule("CG410", "cell-type", Severity.ERROR, "Cellule d'un autre type que sa colonne")
def cell_type(convention: Convention) -> Iterator[Issue]:
    """Une cellule porte une valeur du type de sa colonne : un montant ou un
    pourcentage en chiffres, un nombre entier, une date AAAA-MM-JJ. Une
    mention à compléter (« ... », « À définir ») n'est pas une erreur de type :
    c'est une lacune, signalée comme telle."""
    for table in convention.tables:
        for row, key, cell in _cells(table):
            column = table.column(key)
            value = cell.value
            if column is None or value is None or gaps.is_gap(value) or _fits(column, value):
                continue
            shown = f"« {value} »" if isinstance(value, str) else french.format_number(value)
            yield Issue(
                cell.path,
                f"{_where(table, row, column)} : {shown} n'est pas {TYPE_NAMES[column.type]}"
                f"{_HINTS.get(column.type, '')}",
            )


@rule("CG411", "unknown-column", Severity.ERROR, "Colonne inconnue ou mal définie")
def unknown_column(convention: Convention) -> Iterator[Issue]:
    """Une cellule, un total ou un plafond désigne une colonne déclarée dans
    « columns » ; une colonne « sum_of » additionne des colonnes déclarées, de
    montants, de pourcentages ou de nombres, et pas elle-même."""
    for table in convention.tables:
        keys = [c.key for c in table.columns]
        listed = ", ".join(keys)
        for row, key, cell in _cells(table):
            if key not in keys:
                yield Issue(
                    cell.path,
                    f"{_where(table, row)} : colonne « {key} » inconnue (colonnes : {listed})",
                    key=True,
                )
        ceilings = [(None, table.ceilings)] + [(row, row.ceilings) for row in table.all_rows()]
        for owner, declared in ceilings:
            for key, ceiling in declared.items():
                column = table.column(key)
                if column is None:
                    problem = f"colonne « {key} » inconnue (colonnes : {listed})"
                elif column.type not in ADDITIVE:
                    problem = f"la colonne « {column.label or key} » n'a pas de montants"
                else:
                    continue
                yield Issue(
                    ceiling.path, f"{_where(table, owner)} : plafond de {problem}", key=True
                )
        for column in table.columns:
            if column.sum_of and column.type not in NUMERIC:
                yield Issue(
                    (*column.path, "sum_of"),
                    f"{_where(table, None, column)} : une colonne « sum_of » est de type "
                    f"amount, percent ou count, pas {column.type}",
                    key=True,
                )
            for index, member in enumerate(column.sum_of):
                target = table.column(member)
                if target is None:
                    problem = f"additionne la colonne « {member} », inconnue (colonnes : {listed})"
                elif target is column:
                    problem = "s'additionne elle-même"
                elif target.type not in NUMERIC:
                    problem = f"additionne la colonne « {target.label or member} », de texte"
                else:
                    continue
                yield Issue(
                    (*column.path, "sum_of", index),
                    f"{_where(table, None, column)} {problem}",
                )


@rule("CG412", "table-percent", Severity.ERROR, "Pourcentage d'un tableau hors de 0 à 100 %")
def table_percent(convention: Convention) -> Iterator[Issue]:
    """Une colonne de pourcentages s'exprime entre 0 et 100 % ; au-delà,
    c'est presque toujours une faute de frappe (« 200 % » pour « 20 % »)."""
    for table in convention.tables:
        for row, key, cell in _cells(table):
            column = table.column(key)
            value = cell.number
            if column is None or column.type != "percent" or value is None or 0 <= value <= 100:
                continue
            yield Issue(
                cell.path,
                f"{_where(table, row, column)} : {_figure(column, value)}, un pourcentage doit "
                "être compris entre 0 et 100 %",
            )


@rule("CG413", "unprinted-table", Severity.WARNING, "Tableau déclaré mais jamais imprimé")
def unprinted_table(convention: Convention) -> Iterator[Issue]:
    """Un tableau de « tables » ne figure dans le document que là où un
    contenu l'appelle (« - table: clé » dans un article, des engagements ou
    une annexe) : sans appel, le lecteur ne le verra pas."""
    printed = {reference.name for reference in table_references(convention)}
    for table in convention.tables:
        if not table.from_budget and table.key not in printed:
            yield Issue(
                (*table.path, "key"),
                f"{_name(table)} n'est imprimé nulle part : ajoutez « - table: {table.key} » "
                "au contenu d'un article ou d'une annexe",
                key=True,
            )
