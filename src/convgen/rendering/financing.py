"""The standard wording of the financial provisions (« Dispositions financières »),
written from the ``financing`` data: amount or rate of a base, ceiling, yearly split,
schedule of payments, supporting documents, reimbursement, budgetary reserve and
imputation.

Every figure is printed from data (« 50 000 € », « 20 % », « six mois »), so that the
text says what the checks verified; a value still to be written is printed as written
and highlighted as a gap.
"""

from __future__ import annotations

from decimal import Decimal

from convgen.foundation import french
from convgen.model.convention import Convention, Party, complete, number
from convgen.model.financing import Financing, Payment
from convgen.model.values import Amount

GAP_FIGURE = "..."


def _who(convention: Convention, party_id: str, *, form: str = "", capital: bool = False) -> str:
    party: Party | None = convention.party(party_id)
    if party is None:  # reported by CG201, which refuses the build
        return f"« {party_id} »"
    return party.phrase(form=form, capital=capital)


def _money(value: Amount | Decimal) -> str:
    figure = number(value) if not isinstance(value, Decimal) else value
    if figure is None:
        shown = value.strip() if isinstance(value, str) and value.strip() else GAP_FIGURE
        return f"{shown}{french.NBSP}€"
    return french.format_amount(figure)


def _percent(value: Amount) -> str:
    figure = number(value)
    if figure is None:
        shown = value.strip() if isinstance(value, str) and value.strip() else GAP_FIGURE
        return f"{shown}{french.NBSP}%"
    return french.format_percent(figure)


def kind_gender(item: Financing) -> str:
    """The gender of the financing's noun: as written (``gender``), else read from its
    first word: French nouns in -ion and -e are mostly feminine (« subvention »,
    « participation », « aide », « avance »), the others masculine (« financement »,
    « concours », « apport »)."""
    if item.gender in ("m", "f"):
        return item.gender
    first = item.kind.split()[0].lower() if item.kind.split() else ""
    return "f" if first.endswith(("ion", "e")) else "m"


def _indefinite(noun: str, gender: str) -> str:
    return f"{'une' if gender == 'f' else 'un'} {noun}"


def _this(noun: str, gender: str) -> str:
    """« Cette subvention », « Ce financement », « Cet apport »."""
    if gender == "f":
        return f"Cette {noun}"
    return f"{'Cet' if french.elides(noun) else 'Ce'} {noun}"


def _figure(item: Financing) -> str:
    """« de 20 % du coût total éligible de l'action (250 000 €), soit 50 000 € » or
    « d'un montant de 50 000 € »."""
    amount = item.amount if "amount" in item.written else None
    shown_amount = None
    if amount is not None:
        shown_amount = _money(amount)
    elif item.computed is not None:
        shown_amount = french.format_amount(item.computed)
    if shown_amount is not None and item.in_words and number(item.amount) is not None:
        shown_amount += f" ({french.amount_in_words(Decimal(str(number(item.amount))))})"
    if "rate" not in item.written:
        return f"d{french.APOSTROPHE}un montant de {shown_amount or _money(None)}"
    text = f"de {_percent(item.rate)}"
    base = item.base
    if base is not None:
        label = base.label if base.label and base.label.strip() else GAP_FIGURE
        text += f" {french.definite(label, base.gender, form='de')}"
        if "amount" in base.written:
            text += f" ({_money(base.amount)})"
    if shown_amount is not None:
        text += f", soit {shown_amount}"
    return text


def _years(item: Financing, gender: str) -> str:
    split = " ; ".join(f"{year} : {_money(value)}" for year, value in item.years.items())
    verb = "se répartit" if "amount" in item.written or item.computed is not None else "s'élève"
    subject = "Ce montant" if verb == "se répartit" else _this(item.kind, gender)
    if verb == "s'élève":
        return f"{subject} s'élève, par exercice, à : {split}."
    return f"{subject} se répartit par exercice comme suit : {split}."


def _payment_share(item: Financing, payment: Payment) -> str:
    share = _percent(payment.share)
    total = item.effective_amount
    part = number(payment.share)
    if total is not None and part is not None:
        share += f", soit {french.format_amount(total * Decimal(str(part)) / 100)}"
    return share


def _schedule(item: Financing, gender: str) -> str:
    # named again, not « Elle »: the sentence before may be about « ce montant »
    pronoun = _this(item.kind, gender)
    paid = french.agree("versé", gender)
    payments = item.schedule
    if len(payments) == 1 and number(payments[0].share) == 100:
        return f"{pronoun} est {paid} en une seule fois {payments[0].when or GAP_FIGURE}."
    parts = []
    for index, payment in enumerate(payments):
        if index == len(payments) - 1 and len(payments) > 1:
            label = "le solde"
        elif index == 0:
            label = "une avance"
        else:
            label = "un acompte"
        parts.append(f"{label} de {_payment_share(item, payment)}, {payment.when or GAP_FIGURE}")
    return (
        f"{pronoun} est {paid} selon l{french.APOSTROPHE}échéancier suivant : {' ; '.join(parts)}."
    )


def _delay(item: Financing) -> str:
    deadline = item.deadline
    if not deadline:
        return ""
    whole = complete(deadline)
    words = (
        french.format_duration(whole)
        if whole is not None
        else " ".join(f"{value or GAP_FIGURE} {unit}" for unit, value in deadline.items())
    )
    return f"dans un délai {french.of(words)} à compter de la fin de l{french.APOSTROPHE}action"


def _justification(convention: Convention, item: Financing) -> str | None:
    delay = _delay(item)
    documents = [d if d and d.strip() else GAP_FIGURE for d in item.justification]
    if not documents and not delay:
        return None
    beneficiary = _who(convention, item.beneficiary, capital=True)
    payer = _who(convention, item.party, form="à")
    if not documents:
        return f"{beneficiary} justifie {payer} de l{french.APOSTROPHE}emploi des fonds {delay}."
    when = f", {delay}," if delay else ""
    pieces = (
        "la pièce justificative suivante"
        if len(documents) == 1
        else ("les pièces justificatives suivantes")
    )
    return (
        f"{beneficiary} s{french.APOSTROPHE}engage à transmettre {payer}{when} {pieces} : "
        f"{french.join_words(documents)}."
    )


def financing_paragraphs(convention: Convention, item: Financing) -> list[str]:
    """The paragraphs of one financing."""
    gender = kind_gender(item)
    payer = _who(convention, item.party, capital=True)
    beneficiary = _who(convention, item.beneficiary, form="à")
    first = (
        f"{payer} s{french.APOSTROPHE}engage à verser {beneficiary} "
        f"{_indefinite(item.kind, gender)} {_figure(item)}"
    )
    if "ceiling" in item.written:
        first += f", dans la limite de {_money(item.ceiling)}"
    out = [first + "."]
    if item.years:
        out.append(_years(item, gender))
    if item.schedule:
        out.append(_schedule(item, gender))
    justification = _justification(convention, item)
    if justification:
        out.append(justification)
    payer_to = _who(convention, item.party, form="à")
    if item.reimbursement:
        out.append(
            "Toute somme non utilisée, non justifiée ou employée à un autre objet que celui "
            f"de la présente convention est reversée {payer_to}."
        )
    this = _this(item.kind, gender)
    if item.subject_to_credits:
        granted = french.agree("accordé", gender)
        out.append(
            f"{this} est {granted} sous réserve du vote des crédits correspondants par "
            f"l{french.APOSTROPHE}assemblée délibérante {_who(convention, item.party, form='de')}."
        )
    if "imputation" in item.written:
        imputation = item.imputation if item.imputation and item.imputation.strip() else GAP_FIGURE
        out.append(
            "La dépense correspondante est imputée sur le budget "
            f"{_who(convention, item.party, form='de')}, {imputation}."
        )
    return out


def financing(convention: Convention) -> list[str]:
    """Every financing of ``convention``, in the declared order."""
    out: list[str] = []
    for item in convention.financing:
        out.extend(financing_paragraphs(convention, item))
    return out
