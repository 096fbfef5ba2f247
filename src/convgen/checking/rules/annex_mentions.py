"""Annexes named by hand in the prose: « annexe 3 », « Cf. Annexe 1 », « aux annexes 1 et
2 », « l'annexe financière » (CG217–CG219).

The renvois written ``@{annexe:clé}`` are numbered at rendering and checked by CG204;
a number typed by hand does not follow a reordering of the annexes, and a topic
mismatch between the sentence and the annex it names is the trace of one. The topics
are those of the article references (:data:`convgen.checking.rules.references.TOPICS`),
with the subjects only annexes have (fiches actions, locaux, état des lieux…).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from convgen.checking.rules.references import (
    OTHER_TEXT,
    RELATED_TOPICS,
    TOPICS,
    of_another_text,
    of_topic,
    sentence_span,
)
from convgen.checking.rules.registry import Issue, rule
from convgen.foundation.findings import Severity
from convgen.model import markup
from convgen.model.content import Table
from convgen.model.convention import Annex, Convention, Prose, iter_prose

# Subjects of annexes that no article topic names: what a list of annexes is made of.
ANNEX_TOPICS: dict[str, tuple[str, ...]] = {
    "les actions": ("fiche action", "fiches action", "fiche-action", "fiches-actions",
                    "programme d'action", "plan d'action", "actions"),
    "les locaux": ("locaux", "cahier des charges des locaux", "plan des locaux", "salle",
                   "bâtiment", "surface"),
    "l'état des lieux": ("état des lieux", "inventaire"),
    "la convention-cadre": ("convention-cadre", "convention cadre"),
    "le calendrier": ("calendrier", "planning", "échéancier"),
}  # fmt: skip
# « les annexes » is what every annex mention is about: it says nothing of which one.
_ALL_TOPICS = {t: s for t, s in {**TOPICS, **ANNEX_TOPICS}.items() if t != "les annexes"}
# The named annexes a text may cite without a number, and the topic each one is about.
_NAMED = {"financière": "le financement", "budgétaire": "le financement"}

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10}  # fmt: skip
_NUMBER = r"(?:\d{1,2}|X|IX|IV|V?I{1,3}|V)(?![\w-])"
# « annexe 3 », « Annexe n° 2 », « aux annexes 1 et 2 », « annexes 1 à 3 », « annexe I »;
# not « annexé », « en annexe », nor « annexe 2025 » (three digits or more: not an annex).
_NUMBERED = re.compile(
    rf"\b[Aa]nnexes?\s+(?:n[°o]\s*)?(?P<numbers>{_NUMBER}(?:\s*(?:,|et|à|-)\s*(?:n[°o]\s*)?"
    rf"{_NUMBER})*)(?P<after>[^.;:]{{0,40}})"
)
_NAMED_ANNEX = re.compile(
    r"\b[Aa]nnexe\s+(?P<adjective>financière|budgétaire)(?P<after>[^.;:]{0,40})"
)
# Besides the texts the article references know (loi, décret, convention…), an annex
# may be one of a budget document, an application or a market.
_OTHER_DOCUMENT = re.compile(
    r"^\s*(?:,\s*)?(?:du|de la|de l['’]|des|au|à la)\s+(?!présente?\b)(?:compte|budget|"
    r"demande|dossier|marché|CCAP|CCTP|rapport|document|programme|plan|appel)",
    re.IGNORECASE,
)


_ABBREVIATION = re.compile(r"\b(Cf|cf|Voir|voir|art|al|p|pp|etc|M|MM|Mme|Dr|St|ex)\.")


@dataclass(frozen=True)
class Mention:
    """An annex named by hand: where, the words as written, the numbers it names."""

    prose: Prose
    text: str  # the prose, markup left as written
    match: re.Match[str]
    numbers: list[int]

    @property
    def shown(self) -> str:
        return self.text[self.match.start() : self.match.end("numbers")]

    @property
    def words(self) -> str:
        """The words to find the line by: « annexe 3 » as written (its line, when a
        paragraph names several annexes)."""
        return self.shown


def _numbers(written: str) -> list[int]:
    """1, 2 for « 1 et 2 »; 1, 2, 3 for « 1 à 3 »."""
    tokens = re.findall(rf"{_NUMBER}|à|-", written)
    numbers: list[int] = []
    ranged = False
    for token in tokens:
        if token in ("à", "-"):
            ranged = bool(numbers)
            continue
        value = _ROMAN[token] if token in _ROMAN else int(token)
        if ranged and numbers and numbers[-1] < value <= numbers[-1] + 20:
            numbers.extend(range(numbers[-1] + 1, value + 1))
        else:
            numbers.append(value)
        ranged = False
    return numbers


def _of_other_document(text: str, match: re.Match[str]) -> bool:
    """Whether the annex is one of another text: « l'annexe I du règlement (UE) »,
    « l'annexe 2 de la convention-cadre », « le règlement …, notamment son annexe 3 »."""
    return (
        of_another_text(text, match)
        or bool(_OTHER_DOCUMENT.match(match.group("after")))
        or bool(OTHER_TEXT.match(match.group("after")))
    )


def mentions(convention: Convention) -> Iterator[Mention]:
    """Every annex of this convention named by its number in the prose (not the visas:
    they cite other texts)."""
    for prose in iter_prose(convention):
        if prose.path[:1] == ("visas",):
            continue
        text = markup.plain(prose.text)
        for match in _NUMBERED.finditer(text):
            if not _of_other_document(text, match):
                yield Mention(prose, text, match, _numbers(match.group("numbers")))


def _stems_at(text: str, topic: str) -> list[int]:
    lowered = text.lower()
    return [i for stem in _ALL_TOPICS[topic] for i in [lowered.find(stem)] if i >= 0]


def _topics(text: str) -> set[str]:
    return {topic for topic in _ALL_TOPICS if _stems_at(text, topic)}


def annex_topics(convention: Convention, annex: Annex) -> set[str]:
    """What an annex is about: the topics of its title, and financing when it prints a
    table of amounts (a budget, a plan de financement)."""
    found = _topics(annex.title)
    for block in annex.body:
        table = convention.table(block.name) if isinstance(block, Table) else None
        if table is not None and any(c.type == "amount" for c in table.columns):
            found.add("le financement")
    for topic in list(found):
        found |= RELATED_TOPICS.get(topic, set())
    return found


def _listed(convention: Convention) -> str:
    shown = ", ".join(f"{a.number} « {a.title} »" if a.title else str(a.number)
                      for a in convention.annexes)  # fmt: skip
    return f"annexes déclarées : {shown}" if shown else "la convention ne déclare aucune annexe"


@rule("CG217", "unknown-annex-number", Severity.ERROR, "Renvoi à une annexe qui n'existe pas")
def unknown_annex_number(convention: Convention) -> Iterator[Issue]:
    """Un texte qui écrit « annexe 3 », « Cf. Annexe 3 » ou « aux annexes 2 et 3 »
    à la main renvoie à un numéro : si aucune annexe déclarée ne le porte (une
    annexe retirée, une liste réordonnée), le renvoi est faux. Les annexes
    d'autres textes (« l'annexe 2 de la convention-cadre », « l'annexe I du
    règlement (UE) n° 651/2014 », « l'annexe du compte administratif ») et les
    visas ne sont pas concernés ; « en annexe », qui ne nomme aucune annexe,
    non plus. Écrire ``@{annexe:clé}`` évite le problème : le numéro est calculé."""
    count = len(convention.annexes)
    for mention in mentions(convention):
        for number in mention.numbers:
            if not 1 <= number <= count:
                yield Issue(
                    mention.prose.path,
                    f"« {mention.shown} » : aucune annexe ne porte le numéro {number} "
                    f"({_listed(convention)} ; écrivez @{{annexe:clé}} pour un renvoi qui suit "
                    "la numérotation)",
                    words=mention.words,
                )


def _agreed(topic: str, word: str) -> str:
    """« traité », « traitée », « traités » after ``topic``."""
    feminine = topic.startswith("la ") or topic in ("l'évaluation", "l'état des lieux")
    plural = topic.startswith("les ")
    if topic == "l'état des lieux":
        feminine = False
    return word + ("e" if feminine else "") + ("s" if plural else "")


@rule("CG218", "annex-topic", Severity.WARNING, "Renvoi à une annexe qui traite d'autre chose")
def annex_topic(convention: Convention) -> Iterator[Issue]:
    """« le budget détaillé (Cf. Annexe 1) » alors que la liste des annexes
    appelle le budget annexe 2 et l'annexe 1 les fiches actions : le renvoi
    écrit à la main est sans doute resté d'une ancienne numérotation. convgen
    compare le sujet de la phrase (et d'abord des mots les plus proches du
    renvoi) à celui de l'annexe visée, tiré de son titre (budget, plan de
    financement, fiches actions, locaux, état des lieux, convention-cadre…) ;
    il ne signale l'écart que si une autre annexe traite ce sujet, et la
    propose."""
    annexes = convention.annexes
    covered = {annex.number: annex_topics(convention, annex) for annex in annexes}
    for mention in mentions(convention):
        if len(mention.numbers) != 1 or not 1 <= mention.numbers[0] <= len(annexes):
            continue
        target = annexes[mention.numbers[0] - 1]
        covers = covered[target.number]
        text = mention.text
        masked = _ABBREVIATION.sub(lambda m: m.group(1) + " ", text)  # « Cf. » ends nothing
        left, right = sentence_span(masked, mention.match.start(), mention.match.end())
        sentence = text[left:right].replace(mention.match.group(0), " ")
        about = _topics(sentence)
        if not about or not covers or about & covers:
            continue
        at = mention.match.start() - left
        # the subject the renvoi serves: the topic written nearest to it
        subject = min(about, key=lambda t: (min(abs(i - at) for i in _stems_at(sentence, t)), t))
        others = [a for a in annexes if a is not target and subject in covered[a.number]]
        if not others:
            continue  # no annex treats it: the titles say too little to be sure
        right_one = others[0]
        yield Issue(
            mention.prose.path,
            f"« {mention.shown} » : cette phrase parle {of_topic(subject)} mais l'annexe "
            f"{target.number} est « {target.title} » ; {subject} "
            f"{'sont' if subject.startswith('les ') else 'est'} {_agreed(subject, 'traité')} "
            f"à l'annexe {right_one.number} « {right_one.title} » (écrivez "
            f"@{{annexe:{right_one.key}}})",
            words=mention.words,
        )


@rule("CG219", "named-annex-missing", Severity.WARNING, "Annexe nommée que la liste n'a pas")
def named_annex_missing(convention: Convention) -> Iterator[Issue]:
    """« l'annexe financière », « l'annexe budgétaire » : le texte renvoie à une
    annexe par son sujet ; la liste des annexes doit en compter une qui en
    traite (un budget, un plan de financement, une annexe financière, ou une
    annexe qui imprime un tableau). Sinon la pièce manque au dossier, ou le
    texte est resté d'un modèle. Les annexes d'autres textes (« l'annexe
    financière de la convention-cadre ») ne sont pas concernées."""
    for prose in iter_prose(convention):
        if prose.path[:1] == ("visas",):
            continue
        text = markup.plain(prose.text)
        for match in _NAMED_ANNEX.finditer(text):
            if _of_other_document(text, match):
                continue
            topic = _NAMED[match.group("adjective")]
            if any(topic in annex_topics(convention, annex) for annex in convention.annexes):
                continue
            shown = match.group(0)[: len("annexe ") + len(match.group("adjective"))]
            yield Issue(
                prose.path,
                f"le texte renvoie à « l'{shown.lower()} » mais aucune annexe ne traite "
                f"{of_topic(topic)} ({_listed(convention)})",
                words=match.group(0).split()[0],
            )
