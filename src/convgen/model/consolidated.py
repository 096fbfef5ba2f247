"""The legal text of a convention as data: what an avenant amends, and what proves it.

A convention's legal text is its parties (by identifier, with their name), its articles
in order (the number the document prints, « 1er », « 6 bis », « 3.2 », the title and
each alinéa as printed: markup resolved, figures and durations written out, « six
mois », « 20 % »), sub-articles nested, and its annexes (number, title, digest of the
file). :mod:`convgen.rendering.consolidated` computes it from a convention;
:mod:`convgen.model.amendments` applies an avenant's operations to it; both the writer
of an avenant and its proof compare two of them.

Texts are kept as a reader compares them: no-break spaces and typographic apostrophes
are ordinary spaces and apostrophes, runs of spaces one space. A juriste writes « trois
mois » or « 20 % » with the keyboard's space and finds the words the document prints
with a no-break one; printing applies French typography again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from convgen.foundation import french
from convgen.model.outline import INSERTED_SUFFIXES, Number

# The styles of an alinéa: a paragraph, a bullet, a sub-bullet, a table (its cells).
PARAGRAPH, BULLET, SUB_BULLET, TABLE = "p", "bullet", "bullet2", "table"
STYLES = (PARAGRAPH, BULLET, SUB_BULLET, TABLE)

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")


def normal(text: str) -> str:
    """``text`` as the legal text compares it: typographic spaces and apostrophes plain,
    one space between words, none at the ends."""
    text = text.replace(french.APOSTROPHE, "'")
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Para:
    """One alinéa: its text, normalised (:func:`normal`), and its style."""

    text: str
    style: str = PARAGRAPH


@dataclass(frozen=True)
class ArticleText:
    """An article as the document prints it. ``key`` (the YAML's) helps match versions
    but is no part of the legal text: two articles are the same when their number,
    title, alinéas and sub-articles are."""

    number: str
    title: str
    paragraphs: tuple[Para, ...] = ()
    children: tuple[ArticleText, ...] = ()
    key: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        """« Article 6 bis »."""
        return f"Article {self.number}"

    def walk(self) -> Iterator[ArticleText]:
        """This article and its sub-articles, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class PartyText:
    id: str
    name: str


@dataclass(frozen=True)
class AnnexText:
    """An annex: its number in the convention, its title, and the SHA-256 of its file (or
    of its printed content; empty when it has neither)."""

    number: int
    title: str
    digest: str = ""
    key: str = field(default="", compare=False)


@dataclass(frozen=True)
class LegalText:
    """The legal text of a convention. ``abrogated`` keeps the numbers of the articles
    and annexes an avenant removed: they are never given again (no part of the text)."""

    parties: tuple[PartyText, ...]
    articles: tuple[ArticleText, ...]
    annexes: tuple[AnnexText, ...] = ()
    abrogated: frozenset[str] = field(default=frozenset(), compare=False)

    def walk(self) -> Iterator[ArticleText]:
        """Every article and sub-article, depth first, in document order."""
        for article in self.articles:
            yield from article.walk()

    def article(self, number: str) -> ArticleText | None:
        """The article numbered ``number`` (« 7 », « 1 » or « 1er », « 6 bis »)."""
        wanted = number_key(number)
        return next((a for a in self.walk() if number_key(a.number) == wanted), None)

    def party(self, party_id: str) -> PartyText | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def annex(self, number: int) -> AnnexText | None:
        return next((a for a in self.annexes if a.number == number), None)


# --- article numbers ---------------------------------------------------------------------

_NUMBER = re.compile(
    r"^\s*(\d+)(?:er)?((?:\.\d+)*)(?:\s+(" + "|".join(INSERTED_SUFFIXES) + r"))?\s*$",
    re.IGNORECASE,
)


def parse_number(text: str) -> Number | None:
    """« 6 bis » → ``Number((6,), "bis")``, « 3.2 » → ``Number((3, 2))``, « 1er » →
    ``Number((1,))``; ``None`` for what is no article number."""
    match = _NUMBER.match(str(text))
    if match is None:
        return None
    parts = (int(match.group(1)), *(int(p) for p in match.group(2).split(".") if p))
    return Number(parts, (match.group(3) or "").lower())


def number_key(text: str) -> str:
    """A number as compared: « 1er » and « 1 » are one number, as are « 6  bis » and « 6
    bis »."""
    parsed = parse_number(text)
    if parsed is None:
        return " ".join(str(text).lower().split())
    return parsed.text.replace("1er", "1") if len(parsed.parts) == 1 else parsed.text


def number_text(text: str) -> str:
    """A number as the document prints it: « 1 » is « 1er »."""
    parsed = parse_number(text)
    return parsed.text if parsed is not None else str(text)


# --- what differs between two texts ----------------------------------------------------------


def _quoted(text: str, limit: int = 90) -> str:
    shown = text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"« {shown} »"


def _rank(index: int) -> str:
    return f"{french.ordinal_words(index + 1)} alinéa"


def _article_differences(expected: ArticleText, actual: ArticleText) -> Iterator[str]:
    where = f"article {expected.number}"
    if expected.title != actual.title:
        yield f"{where}, titre : {_quoted(actual.title)} au lieu de {_quoted(expected.title)}"
    wanted, got = expected.paragraphs, actual.paragraphs
    for index in range(max(len(wanted), len(got))):
        if index >= len(got):
            yield f"{where}, {_rank(index)} manquant : {_quoted(wanted[index].text)}"
        elif index >= len(wanted):
            yield f"{where}, {_rank(index)} en trop : {_quoted(got[index].text)}"
        elif wanted[index] != got[index]:
            if wanted[index].text != got[index].text:
                yield (
                    f"{where}, {_rank(index)} : {_quoted(got[index].text)} au lieu de "
                    f"{_quoted(wanted[index].text)}"
                )
            else:
                styles = f"« {got[index].style} » au lieu de « {wanted[index].style} »"
                yield f"{where}, {_rank(index)} : mise en forme {styles}"
    yield from _articles_differences(expected.children, actual.children)


def _articles_differences(
    expected: tuple[ArticleText, ...], actual: tuple[ArticleText, ...]
) -> Iterator[str]:
    wanted = {number_key(a.number): a for a in expected}
    got = {number_key(a.number): a for a in actual}
    for key, article in wanted.items():
        if key not in got:
            yield f"article {article.number} manquant"
    for key, article in got.items():
        if key not in wanted:
            yield f"article {article.number} en trop"
    common_wanted = [k for k in wanted if k in got]
    common_got = [k for k in got if k in wanted]
    if common_wanted != common_got:
        yield "articles dans un autre ordre : " + ", ".join(got[k].number for k in common_got)
    for key in common_wanted:
        yield from _article_differences(wanted[key], got[key])


def differences(expected: LegalText, actual: LegalText) -> list[str]:
    """What ``actual`` has that ``expected`` has not, in French, one phrase each: empty
    when both are the same legal text. Parties are compared as a set (the order of the
    comparution is no part of the convention's terms)."""
    found: list[str] = []
    wanted = {p.id: p for p in expected.parties}
    got = {p.id: p for p in actual.parties}
    for party_id, party in wanted.items():
        if party_id not in got:
            found.append(f"partie « {party_id} » ({party.name}) manquante")
        elif got[party_id].name != party.name:
            found.append(
                f"partie « {party_id} » : dénomination {_quoted(got[party_id].name)} au lieu "
                f"de {_quoted(party.name)}"
            )
    found.extend(f"partie « {i} » ({p.name}) en trop" for i, p in got.items() if i not in wanted)
    found.extend(_articles_differences(expected.articles, actual.articles))
    wanted_annexes = {a.number: a for a in expected.annexes}
    got_annexes = {a.number: a for a in actual.annexes}
    for number, annex in wanted_annexes.items():
        other = got_annexes.get(number)
        if other is None:
            found.append(f"annexe {number} ({annex.title}) manquante")
        elif other.title != annex.title:
            found.append(
                f"annexe {number} : titre {_quoted(other.title)} au lieu de {_quoted(annex.title)}"
            )
        elif other.digest != annex.digest:
            found.append(f"annexe {number} ({annex.title}) : le fichier n'est pas le même")
    found.extend(
        f"annexe {n} ({a.title}) en trop" for n, a in got_annexes.items() if n not in wanted_annexes
    )
    return found
