"""The standard wording of the clauses convgen writes from structured data.

Durations, notices and forms are data; the sentences that carry them are
fixed here, in the style of French public conventions, so that every
convention says « six mois » where the data says ``{months: 6}`` and a
notice changed in one place changes in the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from convgen.foundation import french
from convgen.model.convention import (
    Collective,
    Convention,
    Gender,
    Governance,
    Party,
    Person,
    Terms,
    complete,
)
from convgen.rendering import parties as _parties

_UNITS = {"years": "ans", "months": "mois", "weeks": "semaines", "days": "jours"}


def duration_words(duration: Mapping[str, object]) -> str:
    """« cinq ans », or, while a part is still a gap, « ... ans » (highlighted when rendered)."""
    whole = complete(duration)
    if whole is not None:
        return french.format_duration(whole)
    return french.join_words(f"{value} {_UNITS[unit]}" for unit, value in duration.items())


def court_gender(court: str) -> Gender:
    """« la cour administrative d'appel », « le tribunal administratif »."""
    return "f" if court.lower().startswith("cour") else "m"


def _court(court: str) -> str:
    return french.definite(court, court_gender(court), form="à")


@dataclass(frozen=True)
class PartiesTerm:
    """How the standard clauses name the parties: by the collective term the convention
    defines (« ci-après ensemble dénommées « les Parties » » — then « l'une ou l'autre
    des Parties », « chaque Partie »), or « les parties » when it defines none."""

    plural: str = "parties"
    gender: Gender = "f"

    @classmethod
    def of(cls, collective: Collective | None) -> PartiesTerm:
        if collective is None or not collective.name.strip():
            return cls()
        return cls(collective.name.strip(), collective.gender)

    @property
    def singular(self) -> str:
        """« Partie » from « Parties », « Partenaire » from « Partenaires »."""
        words = self.plural.split(" ")
        if words[0].endswith(("s", "x")) and len(words[0]) > 2:
            words[0] = words[0][:-1]
        return " ".join(words)

    @property
    def feminine(self) -> bool:
        return self.gender == "f"

    def the(self, *, capital: bool = False) -> str:
        """« les Parties »."""
        return f"{'Les' if capital else 'les'} {self.plural}"

    def one_or_other(self) -> str:
        """« l'une ou l'autre des Parties », « l'un ou l'autre des Partenaires »."""
        one = "l'une" if self.feminine else "l'un"
        return f"{one} ou l'autre des {self.plural}"

    def one_of(self) -> str:
        one = "l'une" if self.feminine else "l'un"
        return f"{one} des {self.plural}"

    def last_of(self) -> str:
        """« la dernière des Parties », « le dernier des Partenaires »."""
        return f"{'la dernière' if self.feminine else 'le dernier'} des {self.plural}"

    def each(self) -> str:
        return f"chaque {self.singular}"

    def others(self, party_count: int) -> str:
        """« à l'autre Partie » between two, « aux autres Parties » among more."""
        return f"à l'autre {self.singular}" if party_count <= 2 else f"aux autres {self.plural}"


DEFAULT_TERM = PartiesTerm()


def start_words(start: str, term: PartiesTerm = DEFAULT_TERM) -> str | None:
    """How a way of taking effect (``terms.start``) is said after « à compter de »;
    ``None`` for a date."""
    if start == "signature":
        return "la date de sa signature"
    if start == "last_signature":
        return f"la date de sa signature par {term.last_of()}"
    return None


def duration(terms: Terms, party_count: int, term: PartiesTerm = DEFAULT_TERM) -> list[str]:
    """Prise d'effet, durée et reconduction: one paragraph."""
    if (start := start_words(terms.start or "", term)) is not None:
        sentences = [f"La présente convention prend effet à compter de {start}."]
    else:
        start = french.lenient(french.format_date, terms.start)
        sentences = [f"La présente convention prend effet le {start}."]
    if terms.duration:
        sentences.append(
            f"Elle est établie pour une durée {french.of(duration_words(terms.duration))}."
        )
    if terms.end:
        sentences.append(f"Elle prend fin le {french.lenient(french.format_date, terms.end)}.")
    renewal = terms.renewal
    others = term.others(party_count)
    if renewal is not None:
        form = f" par {renewal.form}" if renewal.form else ""
        notice = (
            f" {duration_words(renewal.notice)} avant son échéance"
            if renewal.notice
            else " avant son échéance"
        )
        if renewal.kind == "express":
            sentences.append(
                f"Elle est reconductible par accord exprès notifié par {term.each()} "
                f"{others}{form}{notice}."
            )
        elif renewal.kind == "tacit":
            period = (
                f" par périodes {french.of(duration_words(renewal.length))}"
                if renewal.length
                else ""
            )
            limit = ""
            if isinstance(renewal.max_renewals, int):
                count = renewal.max_renewals
                limit = (
                    ", une seule fois"
                    if count == 1
                    else f", dans la limite de {french.number_in_words(count, feminine=True)} "
                    "reconductions"
                )
            sentences.append(
                f"Elle est reconduite tacitement{period}{limit}, sauf dénonciation par "
                f"{term.one_of()} notifiée {others}{form}{notice}."
            )
        else:
            sentences.append("Elle n'est pas reconductible.")
    return [" ".join(sentences)]


def termination(terms: Terms, term: PartiesTerm = DEFAULT_TERM) -> list[str]:
    """Résiliation: who, how, notice, force majeure."""
    clause = terms.termination
    if clause is None:
        return []
    by = clause.by or term.one_or_other()
    text = (
        f"La présente convention peut être résiliée par {by}, par {clause.form} moyennant "
        f"un préavis {french.of(duration_words(clause.notice))}."
    )
    if clause.force_majeure:
        text += (
            " En cas de force majeure, la durée du préavis peut être réduite d'un commun "
            f"accord entre {term.the()}."
        )
    return [text]


def amendment(terms: Terms, term: PartiesTerm = DEFAULT_TERM) -> list[str]:
    """Avenant: modification by common agreement, effective at signature."""
    if terms.amendment_effective is None:
        return []
    return [
        "Toute modification des conditions ou des modalités d'exécution de la présente "
        f"convention doit être décidée d'un commun accord entre {term.the()} et faire "
        "l'objet d'un avenant. Les modifications apportées à la convention prennent effet "
        f"dès la signature de l'avenant, sauf disposition contraire des {term.plural}."
    ]


def jurisdiction(terms: Terms, term: PartiesTerm = DEFAULT_TERM) -> list[str]:
    """Attribution de juridiction, after an amicable attempt if agreed."""
    if not terms.court:
        return []
    court = _court(terms.court)
    if terms.amicable:
        return [
            f"{term.the(capital=True)} s'engagent à résoudre, autant que faire se peut, "
            "à l'amiable, tout "
            "différend susceptible d'intervenir entre elles à l'occasion de l'interprétation "
            "ou de l'exécution des clauses de la présente convention. En cas de persistance "
            f"du litige, celui-ci sera soumis {court}."
        ]
    return [
        "Tout litige relatif à l'interprétation ou à l'exécution de la présente convention "
        f"sera soumis {court}."
    ]


def communication(consent: str | None) -> list[str]:
    """Use of each partner's name and logo."""
    if consent == "written":
        return [
            "Chaque partenaire peut, après avoir recueilli l'accord écrit de l'autre "
            "partenaire, indiquer le nom et le logo de ce dernier dans les supports de "
            "communication concernant toute action relevant de ce partenariat."
        ]
    if consent == "none":
        return [
            "Chaque partenaire peut indiquer le nom et le logo des autres partenaires dans les "
            "supports de communication concernant toute action relevant de ce partenariat."
        ]
    return []


def member_phrase(convention: Convention, governance: Governance, index: int) -> str:
    """« la Préfecture de Région Grand Est », « la Ville de Saint-Dizier »."""
    member = governance.members[index]
    if member.role is not None:
        return member.role.strip() or "..."
    if member.person is not None:
        return person_phrase(member.person, convention.civility)
    if member.party is not None:
        party = convention.party(member.party)
        return party.phrase() if party else f"« {member.party} »"
    return french.definite(member.name or "", member.gender)


def person_phrase(person: Person, form: str = "long") -> str:
    """« Madame Anne DUPONT, cheffe de projet », the civility in the document's ``form``."""
    name = person.titled(form)
    return f"{name}, {person.quality}" if person.quality else name


def governance_composition(convention: Convention) -> list[str]:
    """Composition and meetings of the governance body."""
    governance = convention.governance
    if governance is None:
        return []
    noun = governance.short_name or governance.name
    members = french.join_words(
        member_phrase(convention, governance, i) for i in range(len(governance.members))
    )
    the = french.definite(noun, governance.gender, capital=True)
    composed = french.agree("composé", governance.gender)
    # roles and persons are members, not partners
    who = "partenaires" if all(m.organisation for m in governance.members) else "membres"
    out = [f"{the} sera {composed} des {who} suivants : {members}."]
    pronoun = "Elle" if governance.gender == "f" else "Il"
    meetings = governance.meetings_per_year
    if isinstance(meetings, int):
        out.append(f"{pronoun} se réunira {french.times_per_year(meetings)}.")
    elif meetings is not None or governance.meetings_written:
        out.append(f"{pronoun} se réunira {meetings or '...'} fois par an.")
    return out


# The fixed sentences around the préambule and before the articles, unless the drafters
# wrote their own (``preamble.heading``, ``preamble.closing``, ``opening``).
PREAMBLE_HEADING = "ÉTANT PRÉALABLEMENT EXPOSÉ QUE :"
PREAMBLE_CLOSING = "Ceci précisé,"
OPENING = "IL EST ARRÊTÉ ET CONVENU CE QUI SUIT :"

_VISA_LEAD = re.compile(r"^\s*vu\b\s*", re.IGNORECASE)
_VISA_END = re.compile(r"[\s;,\u00a0\u202f]+$")


def visa_text(text: str) -> str:
    """A visa as written, without the « Vu » and the punctuation the renderer adds
    (drafters copy them from the draft: « Vu le code … ; »). Points of suspension are
    kept: they are a gap, « n° … du … »; a still empty visa is one."""
    text = _VISA_END.sub("", _VISA_LEAD.sub("", text, count=1))
    if text.endswith(".") and not text.endswith(".."):
        text = _VISA_END.sub("", text[:-1])
    return text or "..."


def commitments_intro(party: Party | None, party_id: str) -> str:
    """« La Préfecture de Région Grand Est s'engage à : »."""
    subject = party.phrase(capital=True) if party else f"« {party_id} »"
    return f"{subject} s'engage à :"


def opening(party: Party, form: str = "long") -> str:
    """The paragraph that introduces a party after « Entre : » or « Et »."""
    return _parties.opening(party, form)


def representation(person: Person, form: str = "long") -> str:
    """« sa Présidente en exercice, Madame Sylvie PETIOT » or « Monsieur Jean ROTTNER »."""
    return _parties.representation(person, form)


def signer_quality(person: Person) -> str:
    """« La Présidente en exercice » from « sa Présidente en exercice »."""
    return _parties.signer_quality(person)


def copies(count: int) -> str:
    """« sept (7) exemplaires originaux », « un (1) exemplaire original »."""
    return _parties.copies(count)
