"""Articles: their numbered headings, drafted bodies and the parties' commitments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from convgen.foundation.findings import Path_
from convgen.loading.reader import value_at
from convgen.model.content import Block, blocks
from convgen.model.outline import Entry, Outline
from convgen.model.values import (
    DURATION_LIMITS,
    MAX_AMOUNT,
    MAX_COUNT,
    MAX_PERCENT,
    Amount,
    amount,
    whole,
)

Figure_Kind = Literal["percent", "amount", "years", "months", "count"]
FIGURE_KINDS: tuple[Figure_Kind, ...] = ("percent", "amount", "years", "months", "count")


@dataclass
class Figure:
    """A checkable figure in a commitment: a rate, an amount, years, months or a count."""

    name: str
    kind: Figure_Kind
    value: Amount
    in_words: bool
    base: str | None
    line: str | None
    path: Path_

    @property
    def value_path(self) -> Path_:
        return (*self.path, self.kind)


@dataclass
class Commitment:
    key: str | None
    text: str
    figures: dict[str, Figure]
    path: Path_
    structured: bool = False  # written as {text: …} rather than as a bare text

    @property
    def text_path(self) -> Path_:
        return (*self.path, "text") if self.structured else self.path


@dataclass
class CommitmentSet:
    party: str
    title: str | None
    intro: str | None
    items: list[Commitment]
    closing: list[Block]
    path: Path_


@dataclass
class Article:
    key: str
    title: str
    number: str
    label: str
    level: int
    inserted: bool
    clause: str | None
    body: list[Block]
    children: list[Article]
    path: Path_
    generated: str | None = None
    commitments: CommitmentSet | None = None
    wording: list[Block] | None = None  # the drafters' own text of the clause, if written

    @property
    def heading(self) -> str:
        return f"{self.label} : {self.title}" if self.title else self.label

    @property
    def wording_clause(self) -> str | None:
        """The clause whose standard sentences ``wording`` replaces: the article's own,
        or, for the generated composition of the governance body, « governance »."""
        return "governance" if self.generated == "governance-composition" else self.clause


def figure_value(kind: str, value: object) -> Amount:
    """A figure's value, checked against the bound of its kind."""
    if kind == "percent" or kind == "amount":
        return amount(value, MAX_PERCENT if kind == "percent" else MAX_AMOUNT)
    high = DURATION_LIMITS.get(kind, MAX_COUNT)
    return whole(value, 0, high)


def figures(data: dict[str, Any] | None, path: Path_) -> dict[str, Figure]:
    figures = {}
    for name, raw in (data or {}).items():
        kind: Figure_Kind = next((k for k in FIGURE_KINDS if k in raw), "count")
        figures[name] = Figure(
            name=name,
            kind=kind,
            value=figure_value(kind, raw.get(kind)),
            in_words=bool(raw.get("in_words")),
            base=raw.get("base"),
            line=raw.get("line"),
            path=(*path, name),
        )
    return figures


def commitments(data: dict[str, Any], path: Path_) -> CommitmentSet:
    items = []
    for index, raw in enumerate(data["items"]):
        item_path = (*path, "items", index)
        if isinstance(raw, dict):
            items.append(
                Commitment(
                    key=raw.get("key"),
                    text=raw.get("text") or "",
                    figures=figures(raw.get("figures"), (*item_path, "figures")),
                    path=item_path,
                    structured=True,
                )
            )
        else:
            items.append(Commitment(None, raw or "", {}, item_path))
    return CommitmentSet(
        party=data["party"],
        title=data.get("title"),
        intro=data.get("intro"),
        items=items,
        closing=blocks(data.get("closing"), (*path, "closing")),
        path=path,
    )


def _wording(data: dict[str, Any], entry: Entry) -> list[Block] | None:
    """The drafters' wording of a clause article. The governance body's standard text is
    that of its generated composition sub-article: the wording written on the
    « clause: governance » article goes there, and only there."""
    if entry.generated not in (None, "governance-composition") or entry.clause == "governance":
        return None
    raw = value_at(data, entry.path)
    wording = raw.get("wording") if isinstance(raw, dict) else None
    if not isinstance(wording, list):
        return None
    return blocks(wording, (*entry.path, "wording"))


def articles(outline: Outline, data: dict[str, Any]) -> list[Article]:
    """Typed articles, numbered and titled from the outline."""
    by_path: dict[Path_, list[Entry]] = {}
    for entry in outline.entries:
        by_path.setdefault(entry.path, []).append(entry)

    def build(entry: Entry) -> Article:
        raw = value_at(data, entry.path) if not entry.generated else {}
        article = Article(
            key=entry.key,
            title=entry.title,
            number=entry.number.text,
            label=entry.label,
            level=entry.level,
            inserted=bool(raw.get("inserted")),
            clause=entry.clause,
            body=blocks(raw.get("body"), (*entry.path, "body")),
            children=[],
            path=entry.path,
            generated=entry.generated,
        )
        if entry.generated == "commitments":
            article.commitments = commitments(value_at(data, entry.path), entry.path)
        article.wording = _wording(data, entry)
        return article

    articles: list[Article] = []
    stack: list[Article] = []
    for entry in outline.entries:
        article = build(entry)
        while stack and stack[-1].level >= article.level:
            stack.pop()
        (stack[-1].children if stack else articles).append(article)
        stack.append(article)
    return articles
