"""The convention model: typed objects built from schema-checked data.

Every object keeps the ``path`` it was read from, so that rules can report a
finding at the line where the value was written. Values may still be gaps (a
percentage written ``...``): the schema check accepted the structure, and the
renderer highlights such values rather than guessing them.

Each part of a convention has its module (values, content, parties, articles, terms,
budget, signature); this one assembles them, and names them all for the stages above.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from convgen.foundation.findings import Path_
from convgen.loading.reader import SourceDocument
from convgen.model import articles as _articles
from convgen.model import budget as _budget
from convgen.model import financing as _financing
from convgen.model import front as _front
from convgen.model import parties as _parties
from convgen.model import signature as _signature
from convgen.model import tables as _tables
from convgen.model import terms as _terms
from convgen.model.articles import (
    FIGURE_KINDS as FIGURE_KINDS,
)
from convgen.model.articles import (
    Article as Article,
)
from convgen.model.articles import (
    Commitment as Commitment,
)
from convgen.model.articles import (
    CommitmentSet as CommitmentSet,
)
from convgen.model.articles import (
    Figure as Figure,
)
from convgen.model.articles import (
    Figure_Kind as Figure_Kind,
)
from convgen.model.budget import (
    Budget as Budget,
)
from convgen.model.budget import (
    BudgetLine as BudgetLine,
)
from convgen.model.content import (
    Block as Block,
)
from convgen.model.content import (
    BulletItem as BulletItem,
)
from convgen.model.content import (
    BulletList as BulletList,
)
from convgen.model.content import (
    Paragraph as Paragraph,
)
from convgen.model.content import (
    Table as Table,
)
from convgen.model.content import block_texts, blocks
from convgen.model.documents import AnnexedDocument
from convgen.model.financing import Financing
from convgen.model.front import (
    Place as Place,
)
from convgen.model.front import (
    Preamble as Preamble,
)
from convgen.model.outline import Number, Outline
from convgen.model.parties import (
    Address as Address,
)
from convgen.model.parties import (
    Authority as Authority,
)
from convgen.model.parties import (
    Collective as Collective,
)
from convgen.model.parties import (
    Party as Party,
)
from convgen.model.parties import (
    Person as Person,
)
from convgen.model.parties import (
    ShortName as ShortName,
)
from convgen.model.signature import (
    Signatory as Signatory,
)
from convgen.model.signature import (
    Signature as Signature,
)
from convgen.model.terms import (
    Governance as Governance,
)
from convgen.model.terms import (
    Member as Member,
)
from convgen.model.terms import (
    Renewal as Renewal,
)
from convgen.model.terms import (
    Termination as Termination,
)
from convgen.model.terms import (
    Terms as Terms,
)
from convgen.model.values import (
    DURATION_LIMITS as DURATION_LIMITS,
)
from convgen.model.values import (
    MAX_AMOUNT as MAX_AMOUNT,
)
from convgen.model.values import (
    MAX_COPIES as MAX_COPIES,
)
from convgen.model.values import (
    MAX_COUNT as MAX_COUNT,
)
from convgen.model.values import (
    MAX_MAGNITUDE as MAX_MAGNITUDE,
)
from convgen.model.values import (
    MAX_MEETINGS_PER_YEAR as MAX_MEETINGS_PER_YEAR,
)
from convgen.model.values import (
    MAX_MEMBERS as MAX_MEMBERS,
)
from convgen.model.values import (
    MAX_PERCENT as MAX_PERCENT,
)
from convgen.model.values import (
    MAX_RENEWALS as MAX_RENEWALS,
)
from convgen.model.values import (
    YEAR_RANGE as YEAR_RANGE,
)
from convgen.model.values import (
    Amount as Amount,
)
from convgen.model.values import (
    Duration as Duration,
)
from convgen.model.values import (
    Gender as Gender,
)
from convgen.model.values import (
    Whole as Whole,
)
from convgen.model.values import (
    Written as Written,
)
from convgen.model.values import (
    complete as complete,
)
from convgen.model.values import (
    finite as finite,
)
from convgen.model.values import (
    number as number,
)
from convgen.model.values import (
    printable as printable,
)
from convgen.model.values import (
    text as text,
)
from convgen.model.values import (
    whole as whole,
)
from convgen.model.values import (
    written as written,
)
from convgen.model.values import (
    year,
)


@dataclass
class Annex:
    key: str
    title: str
    number: int
    file: str | None
    body: list[Block]
    path: Path_
    # another convgen document of the project (``document:``), and what its check found
    document: str | None = None
    annexed: AnnexedDocument | None = field(default=None, repr=False, compare=False)


@dataclass
class TitleBlock:
    kind: str
    name: str
    subject: str | None
    period: tuple[Whole, Whole] | None
    path: Path_


@dataclass
class Convention:
    kind = "convention"

    status: str
    version: str | None
    date: str | None
    drafted_by: str | None
    title: TitleBlock
    parties: list[Party]
    sides: list[list[str]]
    preamble: list[Block]
    articles: list[Article]
    governance: Governance | None
    communication_consent: str | None
    terms: Terms | None
    budget: Budget | None
    signature: Signature
    annexes: list[Annex]
    outline: Outline = field(repr=False)
    source: SourceDocument = field(repr=False)
    # Every table, the financing plan (key « budget ») first: what ``- table: KEY`` prints.
    tables: list[_tables.Table] = field(default_factory=list)
    # Before the articles, as drafted (model/front.py), and the places texts cite.
    visas: list[Paragraph] = field(default_factory=list)
    preamble_frame: Preamble = field(default_factory=lambda: Preamble([]))
    opening: str | None = None
    places: dict[str, Place] = field(default_factory=dict)
    financing: list[Financing] = field(default_factory=list)
    collective: Collective | None = None  # « ci-après ensemble dénommées « les Parties » »
    civility: str = "long"  # « Madame » (long) or « Mme » (short), once for the document
    # What the document is: a convention, or the text of an avenant (model/avenant.py),
    # which prints « Le présent avenant est établi en … » and is drafted, not written.
    act: str = "convention"

    @property
    def is_final(self) -> bool:
        return self.status == "final"

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def iter_articles(self) -> list[Article]:
        """Every article and sub-article, depth first, in document order."""
        out: list[Article] = []

        def walk(items: list[Article]) -> None:
            for item in items:
                out.append(item)
                walk(item.children)

        walk(self.articles)
        return out

    def commitment_sets(self) -> list[CommitmentSet]:
        return [a.commitments for a in self.iter_articles() if a.commitments is not None]

    def table(self, key: str) -> _tables.Table | None:
        """The table ``- table: KEY`` prints (``budget``: the financing plan)."""
        return next((t for t in self.tables if t.key == key), None)


def _title(raw: dict[str, Any]) -> TitleBlock:
    period = raw.get("period")
    return TitleBlock(
        kind=raw.get("kind") or "",
        name=raw.get("name") or "",
        subject=raw.get("subject"),
        period=(year(period.get("from")), year(period.get("to")))
        if isinstance(period, dict)
        else None,
        path=("title",),
    )


def _annexes(data: list[dict[str, Any]]) -> list[Annex]:
    return [
        Annex(
            key=raw["key"],
            title=raw.get("title") or "",
            number=index + 1,
            file=raw.get("file"),
            body=blocks(raw.get("body"), ("annexes", index, "body")),
            path=("annexes", index),
            document=raw.get("document"),
        )
        for index, raw in enumerate(data)
    ]


def build(doc: SourceDocument, outline: Outline | None = None) -> Convention:
    """The typed convention of a document whose structure the schema accepted.

    Texts are stripped of control characters and figures checked against their bounds
    again, so that what renders the model never meets them."""
    data = printable(doc.data)
    if outline is None or data is not doc.data:
        outline = Outline(data)  # titles from the cleaned texts
    parties = _parties.parties(data["parties"])
    governance = data.get("governance")
    terms = data.get("terms")
    budget = data.get("budget")
    preamble = _front.preamble(data.get("preamble"))
    return Convention(
        status=data["status"],
        version=data.get("version"),
        date=data.get("date"),
        drafted_by=data.get("drafted_by"),
        title=_title(data["title"]),
        parties=parties,
        sides=[list(side) for side in data["sides"]],
        preamble=preamble.body,
        articles=_articles.articles(outline, data),
        governance=_terms.governance(governance, parties) if isinstance(governance, dict) else None,
        communication_consent=(data.get("communication") or {}).get("consent"),
        terms=_terms.terms(terms) if isinstance(terms, dict) else None,
        budget=_budget.budget(budget) if isinstance(budget, dict) else None,
        signature=_signature.signature(data["signature"]),
        annexes=_annexes(data.get("annexes") or []),
        outline=outline,
        source=doc,
        tables=_all_tables(data, parties),
        visas=_front.visas(data.get("visas")),
        preamble_frame=preamble,
        opening=data.get("opening"),
        places=_front.places(data.get("places")),
        financing=_financing.financing(data.get("financing")),
        collective=_parties.collective(data.get("collective")),
        civility=data.get("civility") or "long",
    )


def _all_tables(data: dict[str, Any], parties: list[Party]) -> list[_tables.Table]:
    nouns = {party.id: party.noun for party in parties}  # a party column's default label
    budget = data.get("budget")
    plan = [_tables.from_budget(_budget.budget(budget), nouns)] if isinstance(budget, dict) else []
    return plan + _tables.tables(data.get("tables"), nouns)


@dataclass(frozen=True)
class Prose:
    """A text of the convention that may carry markup, with the figures it may cite."""

    path: Path_
    text: str
    figures: dict[str, Figure] | None = None


def iter_prose(convention: Convention) -> list[Prose]:
    """Every prose text of ``convention`` in document order (markup allowed there)."""
    out = [Prose(visa.path, visa.text) for visa in convention.visas]
    out.extend(Prose(path, text) for path, text in block_texts(convention.preamble))
    for article in convention.iter_articles():
        if article.wording is not None:
            out.extend(Prose(path, text) for path, text in block_texts(article.wording))
        out.extend(Prose(path, text) for path, text in block_texts(article.body))
        if article.commitments is not None:
            commitments = article.commitments
            if commitments.intro:
                out.append(Prose((*commitments.path, "intro"), commitments.intro))
            for item in commitments.items:
                out.append(Prose(item.text_path, item.text, item.figures))
            out.extend(Prose(path, text) for path, text in block_texts(commitments.closing))
    if convention.governance is not None:
        out.extend(Prose(path, text) for path, text in block_texts(convention.governance.role))
    for annex in convention.annexes:
        out.extend(Prose(path, text) for path, text in block_texts(annex.body))
    return out


def table_references(convention: Convention) -> list[Table]:
    """Every ``- table: KEY`` of ``convention``, in document order."""
    contents = [convention.preamble]
    for article in convention.iter_articles():
        contents.append(article.body)
        if article.commitments is not None:
            contents.append(article.commitments.closing)
    if convention.governance is not None:
        contents.append(convention.governance.role)
    contents.extend(annex.body for annex in convention.annexes)
    return [block for content in contents for block in content if isinstance(block, Table)]


def renumbered(
    convention: Convention, numbers: Mapping[str, Number], annexes: Mapping[str, int]
) -> Convention:
    """``convention`` numbered otherwise: each article whose key is in ``numbers`` takes
    that number, each annex whose key is in ``annexes`` that number — the numbering of a
    signed text an avenant keeps (« 6 ter », an abrogated number left unused), which the
    references of the text (« l'article 6 ter ») then print."""
    outline = copy.copy(convention.outline)
    outline.entries = [
        dataclasses.replace(entry, number=numbers.get(entry.key, entry.number))
        for entry in convention.outline.entries
    ]
    data = printable(convention.source.data)
    return dataclasses.replace(
        convention,
        outline=outline,
        articles=_articles.articles(outline, data),
        annexes=[
            dataclasses.replace(annex, number=annexes.get(annex.key, annex.number))
            for annex in convention.annexes
        ],
    )
