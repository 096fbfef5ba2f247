"""Totals, ceilings and amounts written in the prose, compared with the tables and the
financing they refer to (CG414).

A drafter who corrects a table often forgets the sentence that announces its total
(« soit un total de 120 000 € »), or the ceiling a commitment repeats (« dans la limite
de 60 000 € »). Only amounts announced as a total or a ceiling are read: a unit price, a
threshold (« inférieure à 23 000 € ») or the amount of another text says nothing of this
convention's figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from convgen.checking.rules.annex_mentions import _NUMBERED, _numbers
from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french
from convgen.foundation.findings import Path_, Severity
from convgen.model import markup
from convgen.model.convention import Convention, Prose, iter_prose, number, table_references
from convgen.model.tables import ADDITIVE, Row, Table

CENT = Decimal("0.01")
_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?"
_AMOUNT = re.compile(
    rf"(?<![\d,.])(?P<digits>{_DIGITS})\s*(?:€|euros?\b|EUR\b)(?P<after>[^.;]{{0,40}})",
    re.IGNORECASE,
)
# What announces a total, or a ceiling, in the words before the amount.
_TOTAL = re.compile(r"\b(?:tota(?:l|le|ux|les)|globale?s?|cumulée?s?)\b", re.IGNORECASE)
_CEILING = re.compile(
    r"\bdans la limite (?:de|d['’]une?|du)\b|\bplafonnée?s? à\b|\bplafond\b|"
    r"\bne (?:peut|peuvent|pourra|pourront|saurait|sauraient|doit|doivent) (?:excéder|"
    r"dépasser)\b|\bn['’]exc[èé]de(?:ra)? pas\b|\bmaximum\b",
    re.IGNORECASE,
)
# Between the announcement and the amount, what makes it a threshold, not this total.
_THRESHOLD = re.compile(
    r"\b(?:inférieure?s?|supérieure?s?|au-delà|en deçà|seuil|dépasse|dépassant|excédant|"
    r"moins de|plus de|à partir de|minimum|minimal)",
    re.IGNORECASE,
)
# An amount per unit is a price, not a total.
_UNIT = re.compile(
    r"^\s*(?:HT|TTC|hors taxes?|toutes taxes comprises|nets?)?\s*(?:par|/|le|la|de l['’])\s*"
    r"(?:mois|heure|h\b|jour|journée|semaine|séance|personne|participant|famille|enfant|"
    r"élève|stagiaire|bénéficiaire|m²|m2|mètre|km|kilomètre|repas|nuit|nuitée|unité|place|"
    r"poste|action|créneau|atelier)",
    re.IGNORECASE,
)
_ANNUAL = re.compile(r"\bannuel(?:le)?s?\b|\bpar an\b|\bpar année\b|\bchaque année\b", re.I)
# The clause speaks of another text's figures: a threshold of a decree, an aid scheme.
OTHER_TEXT = re.compile(
    r"\b(?:décret|loi|règlement|arrêté|code|CGCT|circulaire|directive|minimis|article [LRD])\b",
    re.IGNORECASE,
)
_WINDOW = 80  # how far before the amount its announcement may be written
_ROW_CODE = re.compile(r"^[\d\s,.et—–-]+(?=\S)")  # « 64 — Charges de personnel »


def _same(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) < CENT


def _decimal(value: object) -> Decimal | None:
    figure = number(value) if not isinstance(value, Decimal) else value
    return None if figure is None else Decimal(str(figure))


@dataclass(frozen=True)
class Written:
    """An amount of the prose announced as a total or a ceiling."""

    prose: Prose
    value: Decimal
    shown: str  # as printed
    words: str  # as written in the file, to point at its line
    clause: str  # the clause around it (between « . » and « ; »)
    before: str  # the clause up to the amount
    ceiling: bool  # announced as a ceiling, not a total


@dataclass(frozen=True)
class Figure:
    """A figure of the document a written amount may refer to, and how to name it."""

    value: Decimal
    where: str  # « au tableau « Budget prévisionnel » »


def _text(convention: Convention, prose: Prose) -> tuple[str, dict[str, str]]:
    """The prose as printed for the amounts: the commitment's figures and the annexes'
    numbers in place of their markup; and what stands for each figure in the file."""
    out: list[str] = []
    sources: dict[str, str] = {}
    numbers = {annex.key: annex.number for annex in convention.annexes}
    for segment in markup.parse(prose.text):
        if isinstance(segment, markup.Literal):
            out.append(segment.text)
            continue
        if isinstance(segment, markup.FigureRef) and prose.figures:
            figure = prose.figures.get(segment.name)
            value = _decimal(figure.value) if figure and figure.kind == "amount" else None
            if value is not None:
                shown = french.format_amount(value).replace("\u00a0", " ").replace("\u202f", " ")
                sources[shown.removesuffix(" €")] = segment.source
                out.append(shown)
                continue
        if (
            isinstance(segment, markup.CrossRef)
            and segment.kind == "annexe"
            and segment.key in numbers
        ):
            out.append(f"annexe {numbers[segment.key]}")  # where the clause finds its table
            continue
        out.append(segment.source)
    return "".join(out), sources


def written_amounts(convention: Convention) -> Iterator[Written]:
    """Every amount of the prose announced as a total or a ceiling (not in the visas,
    which cite other texts)."""
    for prose in iter_prose(convention):
        if prose.path[:1] == ("visas",):
            continue
        text, sources = _text(convention, prose)
        for match in _AMOUNT.finditer(text):
            found = _announced(text, match)
            if found is None:
                continue
            clause, before, ceiling = found
            value = french.parse_amount_digits(match.group("digits"))
            if value is None:
                continue
            digits = match.group("digits")
            yield Written(
                prose,
                value,
                french.format_amount(value),
                sources.get(digits, digits),
                clause,
                before,
                ceiling,
            )


def _announced(text: str, match: re.Match[str]) -> tuple[str, str, bool] | None:
    """The clause of the amount, its words before it, and whether it is a ceiling (else a
    total), when the words before announce one; ``None`` for any other amount."""
    start = match.start()
    left = max(text.rfind(mark, 0, start) for mark in ".;") + 1
    right = min([i for i in (text.find(m, match.end()) for m in ".;") if i >= 0] or [len(text)])
    clause, before = text[left:right], text[max(left, start - _WINDOW) : start]
    # the announcement belongs to the nearest amount: none other between them
    previous = list(_AMOUNT.finditer(before))
    if previous:
        before = before[previous[-1].end() :]
    if _UNIT.match(match.group("after")) or OTHER_TEXT.search(clause):
        return None
    cues = [(m.end(), False) for m in _TOTAL.finditer(before)]
    cues += [(m.end(), True) for m in _CEILING.finditer(before)]
    if not cues:
        return None
    end, ceiling = max(cues)
    if _THRESHOLD.search(before[end:]) or re.search(r"\bseuil", clause, re.IGNORECASE):
        return None
    return clause, text[left:start], ceiling


# --- what the document's figures are ------------------------------------------------------


def _table_name(table: Table) -> str:
    return f"« {table.title} »" if table.title.strip() else f"« {table.key} »"


def _amount_columns(table: Table) -> list[str]:
    return [c.key for c in table.columns if c.type in ADDITIVE and c.type == "amount"]


def _table_values(table: Table) -> Iterator[Decimal | None]:
    """The totals of ``table``: of its columns, its total row, its rows (the column
    summing the others, or the only column of amounts) and its sub-totals; and its
    ceilings. Not the other cells: a total equal to one year of one line is no total."""
    amounts = _amount_columns(table)
    summing = {c.key for c in table.columns if c.sum_of} if len(amounts) > 1 else set(amounts)
    for key in amounts:
        yield _decimal(table.column_total(key))
        yield _decimal(table.column_sum(key))
        if table.total is not None:
            yield _decimal(table.value(table.total, key))
        for row in table.all_rows():
            if key in summing or row.children:
                yield _decimal(table.value(row, key))
    for ceiling in table.ceilings.values():
        yield _decimal(ceiling.value)
    for row in table.all_rows():
        yield from (_decimal(c.value) for c in row.ceilings.values())


def _financing_values(convention: Convention) -> Iterator[Decimal | None]:
    per_party: dict[str, Decimal] = {}
    for item in convention.financing:
        yield from (_decimal(item.amount), _decimal(item.ceiling), item.years_total)
        yield from (item.effective_amount, item.computed)
        yield _decimal(item.base.amount) if item.base is not None else None
        yield from (_decimal(v) for v in item.years.values())
        if item.effective_amount is not None:
            per_party[item.party] = per_party.get(item.party, Decimal(0)) + item.effective_amount
    yield from per_party.values()
    yield sum(per_party.values(), Decimal(0)) if per_party else None


def known_figures(convention: Convention) -> list[Decimal]:
    """Every total, ceiling and amount of the document: the tables' cells, rows' and
    columns' totals and ceilings, the financings' amounts, ceilings, years and bases.
    Not the commitments' figures: a figure cited in the text is what is checked here
    (CG405 compares the figures tied to a row)."""
    values: list[Decimal | None] = []
    for table in convention.tables:
        values.extend(_table_values(table))
    values.extend(_financing_values(convention))
    return [value for value in values if value is not None]


# --- what a written amount refers to ------------------------------------------------------


def _containers(convention: Convention) -> list[Path_]:
    paths = [article.path for article in convention.iter_articles()]
    return paths + [annex.path for annex in convention.annexes]


def _printed_near(convention: Convention, path: Path_) -> list[Table]:
    """The tables printed by the article (or sub-article, or annex) of ``path``: the
    nearest one that prints some, walking up from the sub-article to its article."""
    blocks = table_references(convention)
    for container in sorted(_containers(convention), key=len, reverse=True):
        if path[: len(container)] != container:
            continue
        keys = [b.name for b in blocks if b.path[: len(container)] == container]
        tables = [t for key in dict.fromkeys(keys) if (t := convention.table(key))]
        if tables:
            return tables
    return []


def _cited_annex_tables(convention: Convention, clause: str) -> list[Table]:
    """The tables of the annexes the clause names (« figurant à l'annexe 2 »)."""
    tables: list[Table] = []
    for match in _NUMBERED.finditer(clause):
        for number_ in _numbers(match.group("numbers")):
            if 1 <= number_ <= len(convention.annexes):
                annex = convention.annexes[number_ - 1]
                tables.extend(_printed_near(convention, annex.path))
    return tables


def _named(label: str, clause: str) -> bool:
    label = _ROW_CODE.sub("", label).strip()
    if len(label) < 4:
        return False
    return re.search(rf"(?<!\w){re.escape(label)}(?!\w)", clause, re.IGNORECASE) is not None


def _table_figures(table: Table, written: Written) -> list[Figure]:
    """What a total written beside ``table`` is: the cell of the row and column the
    clause names, else the named row's total, else the named column's total, else (a
    yearly total) each year's total, else the grand total."""
    amounts = _amount_columns(table)
    if not amounts:
        return []
    name = _table_name(table)
    summing = next((c for c in table.columns if c.sum_of and c.key in amounts), None)
    grand = summing.key if summing is not None else (amounts[0] if len(amounts) == 1 else None)
    labelled = [(r, table.row_label(r)) for r in table.all_rows()]
    rows = sorted(
        (pair for pair in labelled if _named(pair[1], written.clause)),
        key=lambda pair: -len(pair[1]),
    )
    columns = [
        c
        for c in table.columns
        if c.key in amounts and c is not summing and _named_column(c.label, written.clause)
    ]
    row: Row | None = rows[0][0] if rows else None
    figures: list[tuple[float | None, str]] = []
    if row is not None:
        label = table.row_label(row)
        for key in [c.key for c in columns] or ([grand] if grand else []):
            figures.append((table.value(row, key), f"à la ligne « {label} » du tableau {name}"))
    elif columns:
        for column in columns:
            figures.append(
                (
                    table.column_total(column.key),
                    f"au total de la colonne « {column.label} » du tableau {name}",
                )
            )
    elif _ANNUAL.search(written.clause) and (
        years := [c for c in table.columns if c.key in amounts and re.fullmatch(r"\d{4}", c.label)]
    ):
        for column in years:
            figures.append(
                (table.column_total(column.key), f"pour {column.label} au tableau {name}")
            )
    elif grand is not None:
        figures.append((table.column_total(grand), f"au tableau {name}"))
    return [Figure(v, where) for value, where in figures if (v := _decimal(value)) is not None]


def _named_column(label: str, clause: str) -> bool:
    return (
        len(label) >= 4 and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", clause, re.I) is not None
    )


def _parties_of(convention: Convention, written: Written) -> list[str]:
    """The parties a written amount is about: the commitments' party, else the parties
    the clause names before the amount."""
    for commitments in convention.commitment_sets():
        if written.prose.path[: len(commitments.path)] == commitments.path:
            return [commitments.party]
    named = []
    for party in convention.parties:
        nouns = {party.name, party.noun}
        if any(
            len(n) >= 3 and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", written.before, re.I)
            for n in nouns
        ):
            named.append(party.id)
    return named


def _financing_figures(convention: Convention, written: Written) -> list[Figure]:
    parties = _parties_of(convention, written)
    items = [item for item in convention.financing if item.party in parties]
    figures: list[Figure] = []
    for item in items:
        if written.ceiling:
            value = _decimal(item.ceiling)
            if value is not None:
                figures.append(Figure(value, f"au plafond du financement « {item.key} »"))
        else:
            value = item.effective_amount if item.effective_amount is not None else item.years_total
            if value is not None:
                figures.append(Figure(value, f"au financement « {item.key} »"))
    return figures


def _table_ceilings(tables: Iterable[Table]) -> list[Figure]:
    figures = []
    for table in tables:
        for key, ceiling in table.ceilings.items():
            value = _decimal(ceiling.value)
            column = table.column(key)
            label = column.label if column is not None else key
            if value is not None:
                figures.append(
                    Figure(
                        value,
                        f"au plafond de la colonne « {label} » du tableau {_table_name(table)}",
                    )
                )
    return figures


def referred(convention: Convention, written: Written) -> list[Figure]:
    """The figures a written total or ceiling refers to (empty: nothing sure)."""
    tables = _printed_near(convention, written.prose.path)
    tables += [t for t in _cited_annex_tables(convention, written.clause) if t not in tables]
    if len(tables) > 2:
        tables = []  # too many tables around to tell which one it announces
    figures = _financing_figures(convention, written)
    if written.ceiling:
        return figures or _table_ceilings(tables)
    for table in tables:
        figures.extend(_table_figures(table, written))
    return figures


@rule("CG414", "written-total", Severity.ERROR, "Total écrit différent du tableau")
def written_total(convention: Convention) -> Iterator[Issue]:
    """Un total, un plafond ou un montant global écrit dans le texte (« Total
    budget annuel : 120 000 € », « soit un total de … », « d'un montant total
    de … », « dans la limite de 60 000 € ») doit être le chiffre du tableau ou
    du financement qu'il annonce. Ce à quoi il renvoie : un total écrit dans un
    article ou une annexe qui imprime un tableau (ou deux), ou dans une phrase
    qui cite l'annexe qui l'imprime, est le total général de ce tableau — ou le
    total de la ligne dont la phrase nomme le libellé, de la colonne dont elle
    nomme l'intitulé (« Total 2025 »), de chaque année pour un total annuel ; un
    total écrit dans les engagements d'une partie, ou dans une phrase qui la
    nomme, est aussi le montant de ses financements. « Dans la limite de »,
    « plafonné à », « ne peut excéder » annoncent un plafond : celui d'un
    financement de la même partie, sinon celui d'un tableau voisin. Un montant
    égal à n'importe quel total, plafond ou montant du document est admis ; ne
    sont pas lus les montants qui ne sont ni des totaux ni des plafonds, les
    prix unitaires (« 15 € par heure »), les seuils (« inférieure à 23 000 € »)
    et les montants d'autres textes (décret, règlement, visas)."""
    known = known_figures(convention)
    for written in written_amounts(convention):
        if any(_same(written.value, value) for value in known):
            continue
        figures = referred(convention, written)
        if not figures or any(_same(written.value, f.value) for f in figures):
            continue
        found = " ou ".join(f"{french.format_amount(f.value)} {f.where}" for f in figures)
        yield Issue(written.prose.path, f"{written.shown} écrits, {found}", words=written.words)
