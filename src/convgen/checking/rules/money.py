"""Rates and amounts written both in figures and in words (the financing plan is a table:
its checks are in :mod:`convgen.checking.rules.tables`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french
from convgen.foundation.findings import Severity
from convgen.model import markup
from convgen.model.convention import Convention, Figure, iter_prose, number

CENT = Decimal("0.01")


def _money(value: float | Decimal) -> str:
    return french.format_amount(value)


def _percent(value: float | Decimal) -> str:
    return french.format_percent(Decimal(str(value)).quantize(Decimal("0.01")).normalize())


def _figures(convention: Convention) -> Iterator[tuple[str, Figure]]:
    """(party id, figure) for every figure of every commitment."""
    for commitments in convention.commitment_sets():
        for item in commitments.items:
            for figure in item.figures.values():
                yield commitments.party, figure


def _same(a: float | Decimal, b: float | Decimal) -> bool:
    return abs(Decimal(str(a)) - Decimal(str(b))) < CENT


@rule("CG401", "rate-range", Severity.ERROR, "Taux hors de 0 à 100 %")
def rate_range(convention: Convention) -> Iterator[Issue]:
    """Un taux de participation s'exprime entre 0 et 100 % de sa base ; au-delà,
    c'est presque toujours une faute de frappe (« 200 % » pour « 20 % »)."""
    for _, figure in _figures(convention):
        value = number(figure.value)
        if figure.kind == "percent" and value is not None and not 0 <= value <= 100:
            yield Issue(
                figure.value_path,
                f"taux de {_percent(value)} : un taux doit être compris entre 0 et 100 %",
            )


def _base_key(figure: Figure) -> str | None:
    if figure.line:
        return f"line:{figure.line}"
    if figure.base:
        return "base:" + " ".join(figure.base.lower().split())
    return None


@rule("CG402", "line-shares", Severity.ERROR, "Parts d'une même dépense au-delà de 100 %")
def line_shares(convention: Convention) -> Iterator[Issue]:
    """Les taux que plusieurs parties prennent en charge sur une même base
    (le même poste du plan de financement, ou la même « base » écrite) ne
    peuvent pas dépasser 100 % à eux tous."""
    groups: dict[str, list[tuple[str, Figure, float]]] = {}
    for party, figure in _figures(convention):
        value = number(figure.value)
        key = _base_key(figure)
        if figure.kind == "percent" and value is not None and key:
            groups.setdefault(key, []).append((party, figure, value))
    for key, members in groups.items():
        total = sum(value for _, _, value in members)
        if len(members) < 2 or total <= 100:
            continue
        base = key.split(":", 1)[1]
        detail = " + ".join(f"{party} {_percent(value)}" for party, _, value in members)
        yield Issue(
            members[0][1].value_path,
            f"les parts de « {base} » dépassent 100 % : {detail} = {_percent(total)}",
        )


_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?"
_WORDS = r"[a-zàâçéèêëîïôûùüÿœ'’\- ]+?"
# « 10 000 € (dix mille euros) » and « dix mille euros (10 000 €) »
_FIGURES_THEN_WORDS = re.compile(
    rf"(?P<digits>{_DIGITS})\s*(?:€|euros?)\s*\(\s*(?P<words>{_WORDS}(?:euros?|centimes?)"
    rf"(?:\s+et\s+{_WORDS}centimes?)?)\s*\)",
    re.IGNORECASE,
)
_WORDS_THEN_FIGURES = re.compile(
    rf"(?P<words>{_WORDS}(?:d['’])?euros?(?:\s+et\s+{_WORDS}centimes?)?)\s*"
    rf"\(\s*(?P<digits>{_DIGITS})\s*(?:€|euros?)\s*\)",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(
    r"^(?:et|d['’]?euros?|euros?|centimes?|cents?|vingts?|mille|millions?|milliards?|zéro|un|une|"
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
    r"trente|quarante|cinquante|soixante)(?:-.*)?$",
    re.IGNORECASE,
)


_MONEY = re.compile(r"\d.*(?:€|euro)|(?:€|euro).*\d", re.IGNORECASE | re.DOTALL)


def _amount_words(captured: str) -> str:
    """The trailing number words of ``captured`` (drops « la somme de »)."""
    tokens = captured.split()
    start = len(tokens)
    while start > 0 and _NUMBER_WORD.match(tokens[start - 1]):
        start -= 1
    return " ".join(tokens[start:])


@rule(
    "CG406",
    "amount-in-words",
    Severity.ERROR,
    "Montant en lettres différent du montant en chiffres",
)
def amount_in_words(convention: Convention) -> Iterator[Issue]:
    """Quand un texte écrit un montant en chiffres et en lettres (« 10 000 €
    (dix mille euros) »), les deux doivent dire la même somme ; en cas de
    désaccord, c'est la somme en lettres qui fait foi, d'où l'importance de
    l'erreur. Les variantes d'orthographe d'un même nombre (traits d'union de
    1990) sont admises."""
    for prose in iter_prose(convention):
        text = markup.plain(prose.text)
        if "(" not in text or not _MONEY.search(text):
            continue  # the patterns start anywhere: spare them texts without an amount
        for pattern in (_FIGURES_THEN_WORDS, _WORDS_THEN_FIGURES):
            for match in pattern.finditer(text):
                digits = french.parse_amount_digits(match.group("digits"))
                words = _amount_words(match.group("words"))
                in_words = french.parse_amount_words(words)
                if digits is None or in_words is None or digits == in_words:
                    continue
                yield Issue(
                    prose.path,
                    f"« {match.group('digits')} € » et « {words} » ne disent pas la même somme : "
                    f"{_money(digits)} s'écrit « {french.amount_in_words(digits)} », et "
                    f"« {words} » vaut {_money(in_words)}",
                    words=match.group("digits"),
                )


@rule("CG428", "rate-without-base", Severity.WARNING, "Taux d'un engagement sans base ni plafond")
def rate_without_base(convention: Convention) -> Iterator[Issue]:
    """Un engagement chiffré en taux (« une subvention de @{taux} du coût total des
    investissements ») n'engage un montant que si la base est chiffrée ou le montant
    plafonné : rattachez le taux à une ligne d'un tableau (« line »), ou déclarez dans
    le même engagement le montant de la base ou le plafond (un chiffre « amount »,
    « dans la limite de @{plafond} »), ou rédigez le financement dans « financing ».
    Sans cela, le montant que la partie s'engage à verser ne peut pas être calculé :
    avertissement dans un projet, erreur dans une version finale."""
    severity = Severity.ERROR if convention.is_final else None
    for commitments in convention.commitment_sets():
        for item in commitments.items:
            amounts = [f for f in item.figures.values() if f.kind == "amount"]
            for figure in item.figures.values():
                if figure.kind != "percent" or figure.line or amounts:
                    continue
                base = f" (base : « {figure.base} »)" if figure.base else ""
                yield Issue(
                    figure.path,
                    f"taux sans montant de base ni plafond{base} : le montant "
                    "engagé ne peut pas être calculé (rattachez-le à une ligne de tableau avec "
                    "« line », ou déclarez le montant de la base ou le plafond)",
                    severity=severity,
                    key=True,
                    summary="montant de base ou plafond du taux à préciser",
                )
