"""What an avenant does to the signed text, as typed operations, and :func:`apply`.

Every operation names the place it changes in the convention as signed: an article by
the number the document prints (never renumbered: an inserted article is « 6 bis »,
« 6 ter » after a « 6 bis », an abrogated one leaves its number unused), an alinéa by
its rank, words by quoting them, an annex by its number, a party by its identifier.

:func:`apply` reads nothing but the operations and the legal text
(:mod:`convgen.model.consolidated`): it is the proof of an avenant, written apart from
the code that drafts one from two versions. It refuses what does not apply exactly —
words absent from the alinéa named, or there twice; an article, an alinéa, an annex or a
party that is not there; an inserted article whose number is not the next one free —
with an :class:`AmendmentError` saying so in French.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from convgen.foundation import french
from convgen.foundation.findings import Path_
from convgen.model.consolidated import (
    AnnexText,
    ArticleText,
    LegalText,
    Para,
    PartyText,
    normal,
    number_key,
    parse_number,
)
from convgen.model.outline import INSERTED_SUFFIXES, Number

# Why an operation does not apply: the place it names is not there (an article, an
# alinéa, an annex, a party), its words are not found exactly once, or the number of an
# inserted article is not the one the signed text leaves free.
MISSING, WORDS, NUMBERING = "missing", "words", "numbering"


class AmendmentError(Exception):
    """An operation that does not apply to the text it is given."""

    def __init__(self, message: str, kind: str = MISSING) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


# --- the operations --------------------------------------------------------------------------
# ``path`` is where the operation is written in the avenant's YAML (for findings); it is
# no part of what the operation does.


@dataclass(frozen=True)
class ReplaceWords:
    """« Au deuxième alinéa de l'article 7, les mots « trois mois » sont remplacés par les
    mots « six mois » » (``by`` empty: « … sont supprimés »). ``paragraph`` ``None``: the
    words are found once in the whole article."""

    article: str
    paragraph: int | None
    words: str
    by: str
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class ReplaceParagraph:
    """« Le deuxième alinéa de l'article 7 est remplacé par un alinéa ainsi rédigé »."""

    article: str
    paragraph: int
    text: Para
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class AddParagraphs:
    """« L'article 7 est complété par un alinéa ainsi rédigé » (``after`` ``None``), or
    « Après le deuxième alinéa de l'article 7, il est inséré un alinéa ainsi rédigé »."""

    article: str
    after: int | None
    paragraphs: tuple[Para, ...]
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class RemoveParagraph:
    """« Le troisième alinéa de l'article 7 est supprimé »."""

    article: str
    paragraph: int
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class RetitleArticle:
    """« L'intitulé de l'article 5 est remplacé par l'intitulé suivant »."""

    article: str
    title: str
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class ReplaceArticle:
    """« L'article 9 est remplacé par les dispositions suivantes » : title, alinéas and
    sub-articles; its number stays."""

    article: str
    title: str
    paragraphs: tuple[Para, ...]
    children: tuple[ArticleText, ...] = ()
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class InsertArticle:
    """« Après l'article 6 bis, il est inséré un article 6 ter ainsi rédigé ». ``after`` is
    the article it follows, at its level; ``within`` the article that receives a first
    sub-article (``after`` ``None``)."""

    after: str | None
    within: str | None
    article: ArticleText
    path: Path_ = field(default=(), compare=False)

    @property
    def number(self) -> str:
        return self.article.number


@dataclass(frozen=True)
class RemoveArticle:
    """« L'article 8 est abrogé »."""

    article: str
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class ReplaceAnnex:
    """« L'annexe 3 est remplacée par l'annexe 1 du présent avenant »: a new file (its
    digest), and perhaps a new title. ``file`` is the path written in the avenant."""

    number: int
    title: str
    digest: str
    file: str | None = None
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class AddAnnex:
    """« La Convention est complétée par une annexe 4 »."""

    number: int
    title: str
    digest: str
    file: str | None = None
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class RemoveAnnex:
    """« L'annexe 2 de la Convention est supprimée »."""

    number: int
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class AddParty:
    """A party becomes party to the convention (described in the avenant's comparution)."""

    party: str
    name: str
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class RemoveParty:
    """A party ceases to be party to the convention (it signs the avenant all the same:
    a contract changes only with the consent of all its parties, Code civil art. 1193)."""

    party: str
    path: Path_ = field(default=(), compare=False)


@dataclass(frozen=True)
class RenameParty:
    """The name of a party, replaced in the convention."""

    party: str
    name: str
    path: Path_ = field(default=(), compare=False)


ArticleOperation = (
    ReplaceWords
    | ReplaceParagraph
    | AddParagraphs
    | RemoveParagraph
    | RetitleArticle
    | ReplaceArticle
    | RemoveArticle
)
AnnexOperation = ReplaceAnnex | AddAnnex | RemoveAnnex
PartyOperation = AddParty | RemoveParty | RenameParty
Operation = ArticleOperation | InsertArticle | AnnexOperation | PartyOperation


# --- finding words -------------------------------------------------------------------------


def _bounded(text: str, start: int, words: str) -> bool:
    """Whether ``words`` at ``start`` of ``text`` are whole words: not the end of a longer
    word before, nor its start after (an edge that is punctuation needs no boundary)."""
    end = start + len(words)
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if words[:1].isalnum() and before.isalnum():
        return False
    return not (words[-1:].isalnum() and after.isalnum())


def occurrences(text: str, words: str) -> list[int]:
    """Where ``words`` are, as whole words, in ``text`` (not overlapping)."""
    found: list[int] = []
    if not words:
        return found
    start = text.find(words)
    while start >= 0:
        if _bounded(text, start, words):
            found.append(start)
            start = text.find(words, start + len(words))
        else:
            start = text.find(words, start + 1)
    return found


def replaced(text: str, start: int, words: str, by: str) -> str:
    """``text`` with ``words`` at ``start`` replaced by ``by``; removed words take one
    space beside them away with them (the one after, or the one before at the end)."""
    end = start + len(words)
    if by:
        return text[:start] + by + text[end:]
    if end < len(text) and text[end] == " ":
        end += 1
    elif start > 0 and text[start - 1] == " ":
        start -= 1
    return text[:start] + text[end:]


# --- applying --------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    return f"« {text} »"


def _rank(paragraph: int) -> str:
    return f"{french.ordinal_words(paragraph)} alinéa"


class _Text:
    """A legal text being amended: articles as nested lists, so that each operation
    changes one place."""

    def __init__(self, text: LegalText) -> None:
        self.parties = list(text.parties)
        self.articles = [_Article.of(a) for a in text.articles]
        self.annexes = list(text.annexes)
        self.abrogated = set(text.abrogated)

    def frozen(self) -> LegalText:
        return LegalText(
            tuple(self.parties),
            tuple(a.frozen() for a in self.articles),
            tuple(sorted(self.annexes, key=lambda a: a.number)),
            frozenset(self.abrogated),
        )

    def find(self, number: str) -> tuple[list[_Article], int]:
        """The list holding the article numbered ``number``, and its index there."""
        wanted = number_key(number)

        def search(items: list[_Article]) -> tuple[list[_Article], int] | None:
            for index, item in enumerate(items):
                if number_key(item.number) == wanted:
                    return items, index
                found = search(item.children)
                if found is not None:
                    return found
            return None

        found = search(self.articles)
        if found is None:
            raise AmendmentError(f"l'article {number} n'existe pas dans la convention")
        return found

    def article(self, number: str) -> _Article:
        items, index = self.find(number)
        return items[index]

    def party(self, party_id: str) -> PartyText | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def used(self, number: str) -> bool:
        wanted = number_key(number)
        known = {number_key(n) for n in self.abrogated}

        def walk(items: list[_Article]) -> bool:
            return any(number_key(i.number) == wanted or walk(i.children) for i in items)

        return wanted in known or walk(self.articles)


@dataclass
class _Article:
    number: str
    title: str
    paragraphs: list[Para]
    children: list[_Article]
    key: str

    @classmethod
    def of(cls, article: ArticleText) -> _Article:
        return cls(
            article.number,
            article.title,
            list(article.paragraphs),
            [cls.of(c) for c in article.children],
            article.key,
        )

    def frozen(self) -> ArticleText:
        return ArticleText(
            self.number,
            self.title,
            tuple(self.paragraphs),
            tuple(c.frozen() for c in self.children),
            self.key,
        )

    def paragraph(self, rank: int) -> Para:
        if not 1 <= rank <= len(self.paragraphs):
            count = french.count_noun(len(self.paragraphs), "alinéa")
            raise AmendmentError(
                f"l'article {self.number} n'a pas de {_rank(rank)} (il compte {count})"
            )
        return self.paragraphs[rank - 1]


def _replace_words(text: _Text, op: ReplaceWords) -> None:
    article = text.article(op.article)
    words, by = normal(op.words), normal(op.by)
    ranks = [op.paragraph] if op.paragraph is not None else range(1, len(article.paragraphs) + 1)
    hits = [
        (rank, start)
        for rank in ranks
        for start in occurrences(article.paragraph(rank).text, words)
    ]
    where = (
        f"au {_rank(op.paragraph)} de l'article {article.number}"
        if op.paragraph is not None
        else f"à l'article {article.number}"
    )
    one = " " not in words
    named = f"le mot {_quoted(words)}" if one else f"les mots {_quoted(words)}"
    if not hits:
        verb = "ne figure pas" if one else "ne figurent pas"
        raise AmendmentError(f"{named} {verb} {where}", WORDS)
    if len(hits) > 1:
        verb = "figure" if one else "figurent"
        raise AmendmentError(
            f"{named} {verb} {len(hits)} fois {where} : citez-en assez pour qu'ils n'y "
            "soient qu'une fois" + ("" if op.paragraph is not None else ", ou nommez l'alinéa"),
            WORDS,
        )
    rank, start = hits[0]
    old = article.paragraphs[rank - 1]
    article.paragraphs[rank - 1] = Para(normal(replaced(old.text, start, words, by)), old.style)


def _check_insertion(text: _Text, op: InsertArticle) -> list[_Article]:
    """The list the article goes in, once its number is the one the signed text leaves
    free: after N, « N bis » (« N ter » after a bis…) when an article follows, the next
    number at the end of its level; never one in use or abrogated."""
    number = parse_number(op.number)
    if number is None:
        raise AmendmentError(f"« {op.number} » n'est pas un numéro d'article", NUMBERING)
    if text.used(op.number):
        raise AmendmentError(
            f"le numéro {op.number} est déjà celui d'un article de la convention (ou d'un "
            "article abrogé) : un avenant ne renumérote pas",
            NUMBERING,
        )
    if op.after is None:
        if op.within is None:
            raise AmendmentError("un article inséré dit après quel article il vient", MISSING)
        parent = text.article(op.within)
        if parent.children:
            raise AmendmentError(
                f"l'article {parent.number} a déjà des sous-articles : dites après lequel "
                "le nouveau vient (« after »)",
                MISSING,
            )
        parent_number = parse_number(parent.number)
        parts = parent_number.parts if parent_number else ()
        expected = [Number((*parts, 1))]
        siblings, index = parent.children, -1
    else:
        siblings, index = text.find(op.after)
        after = parse_number(siblings[index].number)
        if after is None:
            raise AmendmentError(f"« {op.after} » n'est pas un numéro d'article", NUMBERING)
        expected = _free_numbers(text, siblings, index, after)
    if not expected:
        following = siblings[index + 1].number
        raise AmendmentError(
            f"aucun numéro ne peut être donné entre l'article {siblings[index].number} et "
            f"l'article {following} sans renuméroter : insérez l'article après "
            f"l'article {following}",
            NUMBERING,
        )
    if number_key(number.text) != number_key(expected[0].text):
        where = (
            f"après l'article {siblings[index].number}"
            if index >= 0
            else f"dans l'article {op.within}"
        )
        raise AmendmentError(
            f"l'article inséré {where} doit être numéroté {expected[0].text}, pas {op.number}",
            NUMBERING,
        )
    return siblings


def _free_numbers(text: _Text, siblings: list[_Article], index: int, after: Number) -> list[Number]:
    """The number an article inserted after ``siblings[index]`` takes (a list of one), or
    none when it would fall between an article and its own « bis »."""
    if index == len(siblings) - 1:
        if after.suffix:  # after « 6 bis », last of its level: « 6 ter » reads in order
            return _next_suffix(text, after)
        following_number = Number((*after.parts[:-1], after.parts[-1] + 1))
        while text.used(following_number.text):  # an abrogated number is not given again
            following_number = Number(
                (*following_number.parts[:-1], following_number.parts[-1] + 1)
            )
        return [following_number]
    following = parse_number(siblings[index + 1].number)
    if following is not None and following.parts == after.parts:
        return []  # « 6 » then « 6 bis »: nothing fits between them
    return _next_suffix(text, after)


def _next_suffix(text: _Text, after: Number) -> list[Number]:
    start = INSERTED_SUFFIXES.index(after.suffix) + 1 if after.suffix else 0
    for suffix in INSERTED_SUFFIXES[start:]:
        candidate = Number(after.parts, suffix)
        if not text.used(candidate.text):
            return [candidate]
    return []


def _apply_one(text: _Text, op: Operation) -> None:
    if isinstance(op, ReplaceWords):
        _replace_words(text, op)
    elif isinstance(op, ReplaceParagraph):
        article = text.article(op.article)
        old = article.paragraph(op.paragraph)
        article.paragraphs[op.paragraph - 1] = Para(
            normal(op.text.text), op.text.style or old.style
        )
    elif isinstance(op, AddParagraphs):
        article = text.article(op.article)
        at = len(article.paragraphs) if op.after is None else op.after
        if not 0 <= at <= len(article.paragraphs):
            raise AmendmentError(
                f"l'article {article.number} n'a pas de {_rank(at)} après lequel ajouter"
            )
        added = [Para(normal(p.text), p.style) for p in op.paragraphs]
        article.paragraphs[at:at] = added
    elif isinstance(op, RemoveParagraph):
        article = text.article(op.article)
        article.paragraph(op.paragraph)
        del article.paragraphs[op.paragraph - 1]
    elif isinstance(op, RetitleArticle):
        text.article(op.article).title = normal(op.title)
    elif isinstance(op, ReplaceArticle):
        article = text.article(op.article)
        article.title = normal(op.title)
        article.paragraphs = [Para(normal(p.text), p.style) for p in op.paragraphs]
        article.children = [_Article.of(c) for c in op.children]
    elif isinstance(op, InsertArticle):
        siblings = _check_insertion(text, op)
        position = 0 if op.after is None else text.find(op.after)[1] + 1
        siblings.insert(position, _Article.of(op.article))
    elif isinstance(op, RemoveArticle):
        items, index = text.find(op.article)
        for gone in items[index].frozen().walk():
            text.abrogated.add(gone.number)
        del items[index]
    else:
        _apply_outside_articles(text, op)


def _apply_outside_articles(text: _Text, op: AnnexOperation | PartyOperation) -> None:
    if isinstance(op, ReplaceAnnex | RemoveAnnex):
        index = next((i for i, a in enumerate(text.annexes) if a.number == op.number), None)
        if index is None:
            raise AmendmentError(f"l'annexe {op.number} n'existe pas dans la convention")
        if isinstance(op, RemoveAnnex):
            text.abrogated.add(f"annexe {op.number}")
            del text.annexes[index]
        else:
            old = text.annexes[index]
            text.annexes[index] = AnnexText(op.number, normal(op.title), op.digest, old.key)
    elif isinstance(op, AddAnnex):
        numbers = [a.number for a in text.annexes] + [
            int(n.split()[1]) for n in text.abrogated if n.startswith("annexe ")
        ]
        expected = max(numbers, default=0) + 1
        if op.number != expected:
            raise AmendmentError(
                f"la nouvelle annexe doit être numérotée {expected}, pas {op.number} : les "
                "annexes de la convention gardent leur numéro",
                NUMBERING,
            )
        text.annexes.append(AnnexText(op.number, normal(op.title), op.digest))
    elif isinstance(op, AddParty):
        if text.party(op.party) is not None:
            raise AmendmentError(f"« {op.party} » est déjà partie à la convention")
        text.parties.append(PartyText(op.party, normal(op.name)))
    elif isinstance(op, RemoveParty):
        party = text.party(op.party)
        if party is None:
            raise AmendmentError(f"« {op.party} » n'est pas partie à la convention")
        text.parties.remove(party)
    else:
        party = text.party(op.party)
        if party is None:
            raise AmendmentError(f"« {op.party} » n'est pas partie à la convention")
        text.parties[text.parties.index(party)] = dataclasses.replace(party, name=normal(op.name))


def apply(operations: Sequence[Operation], text: LegalText) -> LegalText:
    """``text`` amended by ``operations``, in their order. Raises :class:`AmendmentError`
    at the first one that does not apply."""
    amended = _Text(text)
    for op in operations:
        _apply_one(amended, op)
    return amended.frozen()


@dataclass(frozen=True)
class Failure:
    """An operation that did not apply, and why."""

    operation: Operation
    error: AmendmentError


def attempt(operations: Sequence[Operation], text: LegalText) -> tuple[LegalText, list[Failure]]:
    """``text`` amended by every operation that applies, and those that do not (each
    tried on what the ones before it made, the failed ones left out): what a check
    reports, all at once."""
    amended = _Text(text)
    failures: list[Failure] = []
    for op in operations:
        trial = _Text(amended.frozen())
        try:
            _apply_one(trial, op)
        except AmendmentError as exc:
            failures.append(Failure(op, exc))
            continue
        amended = trial
    return amended.frozen(), failures
