"""How a party, its representative and a signatory are written, in the order French
drafting uses.

« La Métropole Aix-Marseille-Provence, établissement public de coopération
intercommunale, SIREN 200 054 807, dont le siège est situé …, représentée par sa
Présidente, Madame Martine VASSAL, dûment habilitée par délibération du Conseil de la
Métropole n° … du 27 juin 2024, ci-après dénommée « la Métropole », » — and, under the
signature, « Pour la Métropole, / La Présidente, / Martine VASSAL ».
"""

from __future__ import annotations

from convgen.foundation import french, gaps
from convgen.model.convention import Authority, Collective, Party, Person

_KIND_WORDS = {
    "deliberation": "délibération",
    "decision": "décision",
    "arrete": "arrêté",
    "delegation": "délégation de signature",
    "decret": "décret",
}


def authority_words(authority: Authority, gender: str) -> str:
    """« dûment habilitée par délibération du Conseil de la Métropole n° HN 12 du 27 juin
    2024 », « nommé par décret du Président de la République du 15 janvier 2020 »,
    « dûment habilité en vertu des statuts »; ``gender`` is the representative's."""
    participle = french.agree("nommé" if authority.kind == "decret" else "habilité", gender)
    lead = participle if authority.kind == "decret" else f"dûment {participle}"
    if authority.text and authority.text.strip():
        return f"{lead} {authority.text.strip()}"
    if authority.kind == "statuts":
        return f"{lead} en vertu des statuts"
    words = [f"{lead} par {_KIND_WORDS[authority.kind]}"]
    if authority.body and authority.body.strip():
        words.append(french.definite(authority.body.strip(), authority.body_gender, form="de"))
    if authority.number is not None:
        words.append(f"n°{french.NBSP}{authority.number}")
    if authority.date is not None:
        words.append(f"du {french.lenient(french.format_date, authority.date) or '...'}")
    return " ".join(words)


def representation(person: Person, form: str = "long") -> str:
    """« sa Présidente, Madame Martine VASSAL », « Madame Martine VASSAL, Présidente du
    Conseil de Territoire », « Monsieur Jean ROTTNER » (no quality), each followed by
    the authority to sign when it is given; the civility in the document's ``form``
    (« Mme Martine VASSAL » in ``short``)."""
    quality = (person.quality or "").strip()
    if quality and french.quality_determiner(quality):
        text = f"{quality}, {person.titled(form)}"
    elif quality:
        text = f"{person.titled(form)}, {quality}"
    else:
        text = person.titled(form)
    if person.authority is not None:
        text += ", " + authority_words(person.authority, person.gender)
    return text


def identifier(party: Party) -> str:
    """« SIRET 200 054 807 00017 », « SIREN 200 054 807 » (the SIRET, of the signing
    establishment, when both are given), or ``""``."""
    for label, value, groups in (
        ("SIRET", party.siret, (3, 3, 3, 5)),
        ("SIREN", party.siren, (3, 3, 3)),
    ):
        if value and value.strip():
            return f"{label} {_grouped(value, groups)}"
    return ""


def _grouped(value: str, groups: tuple[int, ...]) -> str:
    """Digits grouped by no-break spaces (« 200 054 807 »); as written if not digits."""
    digits = "".join(value.split())
    if not digits.isdigit() or len(digits) != sum(groups):
        return value.strip()
    parts, start = [], 0
    for size in groups:
        parts.append(digits[start : start + size])
        start += size
    return french.NBSP.join(parts)


def designation(party: Party) -> str:
    """« ci-après désigné « Le CNAM » » (a short name written as a text, as drafted in the
    Saint-Dizier contract), « ci-après dénommé « le CFA du Pays d'Aix » », « ci-après
    « AMP » » (an object: its own gender and article), or ``""``."""
    short = party.short_name
    if short is None or not short.name.strip():
        return ""
    if short.plain:
        return f"ci-après {french.agree('désigné', party.gender)} « {party.phrase(capital=True)} »"
    if not short.article:
        return f"ci-après « {short.name.strip()} »"
    return f"ci-après {french.agree('dénommé', party.gender)} « {short.phrase()} »"


def opening(party: Party, form: str = "long") -> str:
    """The paragraph that introduces a party after « Entre : » or « Et », its
    representative's civility in the document's ``form``."""
    parts = [party.full_phrase(capital=True)]
    if party.legal_form:
        parts.append(party.legal_form)
    if number := identifier(party):
        parts.append(number)
    seat = party.seat
    if seat is not None:
        parts.append(f"dont le siège est situé {seat.text}")
        if not seat.same_place(party.address):
            parts.append(f"élisant domicile {party.address.text}")
    else:
        parts.append(party.address.text)
    text = ", ".join(parts)
    text += (
        f", {french.agree('représenté', party.gender)} par "
        f"{representation(party.representative, form)}"
    )
    if announced := designation(party):
        text += f", {announced}"
    return text + ","


def signer_quality(person: Person) -> str:
    """« La Présidente en exercice » from « sa Présidente en exercice », « Le Président du
    Conseil de Territoire » from « Président du Conseil de Territoire »: the capacity
    under the signature, with its definite article."""
    quality = (person.quality or "").strip()
    if not quality:
        return ""
    if gaps.is_gap(quality):  # highlighted as written, no article before « ... »
        return quality
    noun = quality[len(french.quality_determiner(quality)) :].strip()
    return french.definite(noun, person.gender, capital=True)


def signing_party(party: Party) -> str:
    """« Pour la Métropole, », « Pour AMP, »: the party as named after the opening."""
    return f"Pour {party.phrase()},"


def copies(count: int) -> str:
    """« six (6) exemplaires originaux », « un (1) exemplaire original »: the number in
    words, then in figures, as deeds write it."""
    if count == 1:
        return "un (1) exemplaire original"
    return f"{french.number_in_words(count)} ({count}) exemplaires originaux"


def collective(term: Collective) -> str:
    """« Ci-après ensemble dénommées « les Parties ». »"""
    participle = french.agree("dénommé", term.gender) + "s"
    return f"Ci-après ensemble {participle} « les {term.name.strip()} »."
