"""Financing terms (``financing``): schedule, yearly split, rate and base, ceiling, who
pays whom (CG420-CG429). Unknown party ids are CG201's (:mod:`.references`)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french
from convgen.foundation.findings import Severity
from convgen.model.convention import Convention, number

CENT = Decimal("0.01")


def _d(value: float | int | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _money(value: float | int | Decimal) -> str:
    return french.format_amount(value)


def _percent(value: float | int | Decimal) -> str:
    return french.format_percent(_d(value).quantize(Decimal("0.0001")).normalize())


@rule("CG420", "financing-schedule", Severity.ERROR, "Échéancier qui ne fait pas 100 %")
def financing_schedule(convention: Convention) -> Iterator[Issue]:
    """Les versements d'un échéancier (avance, acomptes, solde) partagent tout le
    montant : leurs parts font 100 %, ni moins (une part ne serait jamais versée)
    ni plus (davantage que le montant attribué). Une part encore à compléter
    suspend la vérification."""
    for item in convention.financing:
        shares = [number(p.share) for p in item.schedule]
        if not shares or any(s is None for s in shares):
            continue
        total = sum((_d(s) for s in shares if s is not None), Decimal(0))
        if abs(total - 100) >= CENT:
            detail = " + ".join(_percent(s) for s in shares if s is not None)
            yield Issue(
                (*item.path, "schedule"),
                f"les versements font {detail} = {_percent(total)} du montant, au lieu de 100 %",
                key=True,
            )


@rule("CG421", "financing-years", Severity.ERROR, "Montants par année et montant total")
def financing_years(convention: Convention) -> Iterator[Issue]:
    """Quand un financement donne son montant et sa répartition par année
    (« years »), la somme des années est égale au montant : sinon l'une des
    deux est fausse, et le texte imprime les deux."""
    for item in convention.financing:
        amount = number(item.amount)
        total = item.years_total
        if amount is None or total is None or abs(total - _d(amount)) < CENT:
            continue
        detail = " + ".join(
            f"{year} : {_money(figure)}"
            for year, written in item.years.items()
            if (figure := number(written)) is not None
        )
        yield Issue(
            (*item.path, "years"),
            f"la somme des années ({detail} = {_money(total)}) diffère du "
            f"montant de {_money(amount)} (écart de {_money(abs(total - _d(amount)))})",
            key=True,
        )


@rule("CG422", "financing-rate", Severity.ERROR, "Taux, base et montant discordants")
def financing_rate(convention: Convention) -> Iterator[Issue]:
    """Quand un financement donne un taux, le montant de sa base et un montant,
    le montant est le taux appliqué à la base — ou le plafond quand celui-ci
    le limite (« 20 % de 400 000 €, dans la limite de 60 000 € » fait
    60 000 €). Le constat donne le calcul."""
    for item in convention.financing:
        amount = number(item.amount)
        computed = item.computed
        if amount is None or computed is None or item.base is None:
            continue
        expected = computed
        ceiling = number(item.ceiling)
        if ceiling is not None and computed > _d(ceiling):
            expected = _d(ceiling)
        if abs(expected - _d(amount)) < CENT:
            continue
        base = number(item.base.amount)
        rate = number(item.rate)
        assert base is not None and rate is not None  # computed is not None
        capped = f", plafonné à {_money(expected)}" if expected != computed else ""
        yield Issue(
            (*item.path, "amount"),
            f"{_percent(rate)} de {_money(base)} font {_money(computed)}"
            f"{capped}, et non {_money(amount)}",
        )


@rule("CG423", "financing-ceiling", Severity.ERROR, "Financement au-delà de son plafond")
def financing_ceiling(convention: Convention) -> Iterator[Issue]:
    """Un financement accordé « dans la limite de » son plafond ne le dépasse
    pas : ni son montant, ni la somme de ses montants par année."""
    for item in convention.financing:
        ceiling = number(item.ceiling)
        if ceiling is None:
            continue
        amount = number(item.amount)
        if amount is not None and _d(amount) > _d(ceiling):
            yield Issue(
                (*item.path, "amount"),
                f"le montant de {_money(amount)} dépasse le plafond de "
                f"{_money(ceiling)} de {_money(_d(amount) - _d(ceiling))}",
            )
            continue
        total = item.years_total
        if total is not None and total > _d(ceiling):
            yield Issue(
                (*item.path, "years"),
                f"les montants par année font {_money(total)}, au-delà du "
                f"plafond de {_money(ceiling)} (de {_money(total - _d(ceiling))})",
                key=True,
            )


@rule("CG424", "financing-unbounded", Severity.WARNING, "Taux sans base chiffrée ni plafond")
def financing_unbounded(convention: Convention) -> Iterator[Issue]:
    """Un financement exprimé en taux (« 20 % du coût de l'action ») n'engage
    une somme connue que si sa base est chiffrée, ou s'il est plafonné, ou si
    son montant est écrit : sinon la partie qui finance s'engage sans limite.
    Un taux sans base du tout (« 20 % » de quoi ?) est signalé de même.
    Avertissement dans un projet, erreur dans une version finale."""
    severity = Severity.ERROR if convention.is_final else Severity.WARNING
    for item in convention.financing:
        if "rate" not in item.written:
            continue
        rate = number(item.rate)
        shown = _percent(rate) if rate is not None else "à compléter"
        if item.base is None:
            yield Issue(
                (*item.path, "rate"),
                f"taux de {shown} sans base (« base: {{label: …, amount: …}} ») :"
                " le texte ne dit pas à quoi il s'applique",
                severity=severity,
            )
            continue
        bounded = (
            "amount" in item.base.written,
            "ceiling" in item.written,
            "amount" in item.written,
        )
        if not any(bounded):
            yield Issue(
                (*item.path, "rate"),
                f"taux de {shown} d'une base sans montant, sans plafond ni "
                "montant écrit : l'engagement financier n'a pas de limite (ajoutez "
                "« base.amount » ou « ceiling »)",
                severity=severity,
            )


@rule("CG425", "financing-self", Severity.ERROR, "Partie qui se finance elle-même")
def financing_self(convention: Convention) -> Iterator[Issue]:
    """La partie qui verse un financement et son bénéficiaire sont deux parties
    différentes : une même partie des deux côtés est une erreur d'identifiant."""
    for item in convention.financing:
        if item.party and item.party == item.beneficiary:
            party = convention.party(item.party)
            who = french.capitalise(party.phrase()) if party else f"« {item.party} »"
            yield Issue(
                (*item.path, "beneficiary"),
                f"{who} verse et reçoit le même financement "
                "(« party » et « beneficiary » identiques)",
            )


@rule("CG426", "financing-rate-range", Severity.ERROR, "Taux ou part hors de 0 à 100 %")
def financing_rate_range(convention: Convention) -> Iterator[Issue]:
    """Le taux d'un financement et la part de chaque versement s'expriment entre
    0 et 100 % ; au-delà, c'est presque toujours une faute de frappe."""
    for item in convention.financing:
        values = [((*item.path, "rate"), number(item.rate), "taux")]
        values += [
            ((*p.path, "share"), number(p.share), "part du versement") for p in item.schedule
        ]
        for path, value, what in values:
            if value is None or 0 <= value <= 100:
                continue
            bound = "un taux doit être compris" if what == "taux" else "une part doit être comprise"
            yield Issue(path, f"{what} de {_percent(value)} : {bound} entre 0 et 100 %")


@rule("CG427", "financing-no-figure", Severity.ERROR, "Financement sans montant ni taux")
def financing_no_figure(convention: Convention) -> Iterator[Issue]:
    """Un financement dit combien : un montant (« amount »), un taux d'une base
    (« rate » et « base »), ou les deux. Sans l'un ni l'autre, la clause
    imprimerait une somme en blanc. Une valeur encore inconnue s'écrit
    « amount: ... » : c'est alors une lacune, pas cette erreur."""
    for item in convention.financing:
        if "amount" not in item.written and "rate" not in item.written:
            yield Issue(
                item.path,
                "ni montant (« amount ») ni taux (« rate ») : écrivez le montant, ou le taux "
                "et sa base ; « amount: ... » s'il reste à fixer",
                key=True,
            )
