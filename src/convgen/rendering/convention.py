"""The context of the convention template.

Drafted texts carry the inline markup (``@{taux}``, ``@{article:clé}``),
resolved here; clauses written from data come from :mod:`convgen.rendering.clauses`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docxtpl import RichText

from convgen.foundation import french
from convgen.foundation.findings import Path_
from convgen.foundation.resources import template_path
from convgen.model import bindings as model_bindings
from convgen.model import markup
from convgen.model.convention import (
    Article,
    Block,
    BulletList,
    Commitment,
    Convention,
    Figure,
    Paragraph,
    Party,
    Table,
    number,
)
from convgen.model.outline import CLAUSE_SOURCES
from convgen.rendering import bindings, clauses
from convgen.rendering import parties as _parties
from convgen.rendering.annexed import annex_title
from convgen.rendering.base import (
    BLANK,
    GAP_PLACEHOLDER,
    STATUS_DRAFT,
    STATUS_FINAL,
    At,
    Properties,
    Rich,
    TextRenderer,
    fill,
    keywords,
)
from convgen.rendering.financing import financing as financing_clause
from convgen.rendering.financing import financing_paragraphs
from convgen.rendering.marks import Marks, Place, place
from convgen.rendering.tables import TableRenderer

HEADING_STYLES = ("h1", "h2", "h3")

# Template contexts are ``dict[str, Any]``: the values the template reads (texts, RichText
# runs, nested lists of such dicts); rendering/contract.py names what each template takes.


class Renderer(TextRenderer):
    """Builds the template context of one convention."""

    def __init__(self, convention: Convention, marks: Marks | None = None) -> None:
        super().__init__(marks)
        self.convention = convention
        self.outline = convention.outline
        self.annex_numbers = {annex.key: annex.number for annex in convention.annexes}

    # -- text --------------------------------------------------------------------

    def prose(self, text: str, figures: dict[str, Figure] | None = None, at: At = None) -> RichText:
        """Drafted text: markup resolved, typography applied, gaps highlighted; ``at``:
        what it prints of the model (its figures are marked on their own)."""
        rich = Rich()
        if not text.strip():
            rich.gap(GAP_PLACEHOLDER)
        segments = markup.parse(text)
        for index, segment in enumerate(segments):
            following = segments[index + 1] if index + 1 < len(segments) else None
            if isinstance(segment, markup.Literal) and self._phrase(following) is not None:
                continue  # written with the phrase that follows it, which may absorb its end
            if isinstance(segment, markup.Binding | markup.PlaceRef):
                before = segments[index - 1] if index else None
                first = index == 0 or (index == 1 and isinstance(before, markup.Literal))
                self._cited(rich, segment, before, at_start=first)
            elif isinstance(segment, markup.Literal):
                rich.text(segment.text)
            elif isinstance(segment, markup.FigureRef):
                figure = (figures or {}).get(segment.name)
                if figure is None:
                    rich.gap(segment.source)
                else:
                    start = len(rich.rich.xml)
                    self._figure(rich, figure)
                    self.marked_since(rich, start, place(figure.path, figure.value_path))
            elif isinstance(segment, markup.CrossRef):
                rich.text(self._cross_reference(segment) or segment.source)
            else:
                rich.verbatim(segment.source)
        return self.done(rich, at)

    def _figure(self, rich: Rich, figure: Figure) -> None:
        value = number(figure.value)
        unit = {"percent": f"{french.NBSP}%", "amount": f"{french.NBSP}€"}.get(figure.kind, "")
        if value is None:
            gap = figure.value
            shown = gap.strip() if isinstance(gap, str) and gap.strip() else GAP_PLACEHOLDER
            rich.gap(shown + unit)
            return
        if figure.kind == "percent":
            rich.verbatim(french.format_percent(value))
        elif figure.kind == "amount":
            text = french.format_amount(value)
            if figure.in_words:
                text += f" ({french.amount_in_words(value)})"
            rich.verbatim(text)
        elif figure.kind in ("years", "months"):
            rich.verbatim(french.format_duration({figure.kind: int(value)}))
        else:
            rich.verbatim(french.format_number(value))

    def _phrase(self, segment: markup.Segment | None) -> bindings.Phrase | None:
        """What a binding or a place prints, ``None`` if it is neither or points at
        nothing (reported by the checks, printed as a gap)."""
        if isinstance(segment, markup.PlaceRef):
            place = self.convention.places.get(segment.key)
            return bindings.place(place) if place is not None else None
        if isinstance(segment, markup.Binding):
            spec = model_bindings.spec(segment.name)
            value = spec.read(self.convention) if spec is not None else None
            return (
                bindings.bound(self.convention, spec, value) if spec and value is not None else None
            )
        return None

    def _cited(
        self,
        rich: Rich,
        segment: markup.Binding | markup.PlaceRef,
        before: markup.Segment | None,
        *,
        at_start: bool,
    ) -> None:
        """A binding or a place, contracted with the preposition written before it."""
        written = before.text if isinstance(before, markup.Literal) else ""
        phrase = self._phrase(segment)
        if phrase is None:  # the text before was printed as is
            rich.gap(segment.source)
            return
        kept, text = french.with_preposition(
            written,
            phrase.text,
            phrase.gender,
            article=phrase.article,
            elision=phrase.elision,
            at_start=at_start,
        )
        if kept.strip():
            rich.text(kept)
        elif kept:
            rich.verbatim(kept)
        start = len(rich.rich.xml)
        rich.text(text)
        self.marked_since(rich, start, self._cited_path(segment))

    def _cited_path(self, segment: markup.Binding | markup.PlaceRef) -> Path_ | None:
        """Where the value a binding or a place prints is written."""
        if isinstance(segment, markup.PlaceRef):
            place_ = self.convention.places.get(segment.key)
            return place_.path if place_ is not None else None
        spec = model_bindings.spec(segment.name)
        return spec.path if spec is not None else None

    def _cross_reference(self, ref: markup.CrossRef) -> str | None:
        if ref.kind == "article":
            entry = self.outline.by_key(ref.key)
            return f"article {entry.number.text}" if entry else None
        number = self.annex_numbers.get(ref.key)
        return f"annexe {number}" if number else None

    # -- blocks --------------------------------------------------------------------

    def blocks(self, blocks: Iterable[Block], *, tables: bool = True) -> list[dict[str, Any]]:
        elements: list[dict[str, Any]] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                elements.append({"style": "p", "text": self.prose(block.text, at=block.path)})
            elif isinstance(block, BulletList):
                for item in block.items:
                    text = self.prose(item.text, at=item.path)
                    elements.append({"style": "bullet", "text": text})
                    for child in item.children:
                        text = self.prose(child.text, at=child.path)
                        elements.append({"style": "bullet2", "text": text})
            elif isinstance(block, Table) and tables:
                elements.append(
                    {"style": "table", "text": RichText(), "table": self.table(block.name)}
                )
        return elements

    def table(self, key: str) -> dict[str, Any]:
        """The table ``- table: KEY`` prints: one of ``tables:``, or the financing plan."""
        table = self.convention.table(key)
        if table is None:  # reported by rule CG208, which refuses the build
            return {"title": "", "header": [], "rows": [], "widths": [], "caption": ""}
        return TableRenderer(self).context(table)

    # -- articles ------------------------------------------------------------------

    def article_elements(self, article: Article) -> list[dict[str, Any]]:
        style = HEADING_STYLES[min(article.level, len(HEADING_STYLES)) - 1]
        heading = self.plain(article.heading, at=self._heading_place(article))
        elements = [{"style": style, "text": heading}]
        if article.wording is not None:  # the drafters' own words instead of the standard
            elements.extend(self.blocks(article.wording))
        else:
            elements.extend(
                {"style": "p", "text": self.plain(text, at=where)}
                for text, where in self._clause_paragraphs(article)
            )
        if article.commitments is not None:
            elements.extend(self._commitments(article))
        if article.generated == "governance-role" and self.convention.governance is not None:
            elements.extend(self.blocks(self.convention.governance.role))
        elements.extend(self.blocks(article.body))
        for child in article.children:
            elements.extend(self.article_elements(child))
        return elements

    def _heading_place(self, article: Article) -> Place:
        """An article's heading prints the article, and, for a clause, the data the
        clause is written from (a finding on them without words of its own)."""
        where = place(article.path)
        if article.generated is None and article.clause in CLAUSE_SOURCES:
            where.update(place(*CLAUSE_SOURCES[article.clause]))
        return where

    def _clause_paragraphs(self, article: Article) -> list[tuple[str, Place]]:
        """The paragraphs of a clause written from data, each with what it prints."""
        if article.clause == "financing" and article.generated is None:
            return [
                (text, place(("financing",), item.path))
                for item in self.convention.financing
                for text in financing_paragraphs(self.convention, item)
            ]
        texts = self._clause_text(article)
        if article.generated == "governance-composition":
            return [(text, self._governance_place(index)) for index, text in enumerate(texts)]
        where = self._clause_place(article)
        return [(text, where) for text in texts]

    def _governance_place(self, paragraph: int) -> Place:
        governance = self.convention.governance
        assert governance is not None
        if paragraph:  # the meetings
            return place(("governance", "meetings_per_year"))
        where: dict[Path_, str | None] = place(("governance", "members"), ("governance", "name"))
        for index, member in enumerate(governance.members):
            where[member.path] = clauses.member_phrase(self.convention, governance, index)
        return where

    def _clause_place(self, article: Article) -> Place:
        """What a clause's standard paragraphs print: its data, with the words that
        print durations and the court."""
        terms = self.convention.terms
        if article.clause not in CLAUSE_SOURCES:
            return place(article.path)
        where: dict[Path_, str | None] = place(article.path, *CLAUSE_SOURCES[article.clause])
        if terms is None:
            return where
        durations: list[tuple[Path_, object]] = [
            (("terms", "duration"), terms.duration),
            (("terms", "termination", "notice"), terms.termination and terms.termination.notice),
            (("terms", "renewal", "notice"), terms.renewal and terms.renewal.notice),
            (("terms", "renewal", "length"), terms.renewal and terms.renewal.length),
        ]
        for path, value in durations:
            if path[:2] in CLAUSE_SOURCES[article.clause] and isinstance(value, dict) and value:
                where[path] = clauses.duration_words(value)
        if article.clause == "jurisdiction" and terms.court:
            where[("terms", "jurisdiction", "court")] = terms.court
        if article.clause == "duration" and terms.end:
            where[("terms", "end")] = french.lenient(french.format_date, terms.end) or None
        return where

    def _clause_text(self, article: Article) -> list[str]:
        convention = self.convention
        terms = convention.terms
        if article.generated == "governance-composition":
            return clauses.governance_composition(convention)
        if article.clause == "communication":
            return clauses.communication(convention.communication_consent)
        if article.clause == "financing":
            return financing_clause(convention)
        if terms is None:
            return []
        term = clauses.PartiesTerm.of(convention.collective)
        if article.clause == "duration":
            return clauses.duration(terms, len(convention.parties), term)
        if article.clause == "termination":
            return clauses.termination(terms, term)
        if article.clause == "amendment":
            return clauses.amendment(terms, term)
        if article.clause == "jurisdiction":
            return clauses.jurisdiction(terms, term)
        return []

    def _commitments(self, article: Article) -> list[dict[str, Any]]:
        commitments = article.commitments
        assert commitments is not None
        party = self.convention.party(commitments.party)
        intro = commitments.intro or clauses.commitments_intro(party, commitments.party)
        written = (*commitments.path, "intro" if commitments.intro else "party")
        elements = [{"style": "p", "text": self.prose(intro, at=written)}]
        elements.extend(self._commitment(item) for item in commitments.items)
        elements.extend(self.blocks(commitments.closing))
        return elements

    def _commitment(self, item: Commitment) -> dict[str, Any]:
        at = place(item.path, item.text_path)
        return {"style": "bullet", "text": self.prose(item.text, item.figures, at)}

    # -- before the articles -------------------------------------------------------------

    def visas(self) -> list[RichText]:
        """« VU le code … ; » one per visa, the last closed by « , » before the articles
        or « . » before a préambule (the sentence goes on, or ends)."""
        visas = self.convention.visas
        last = "." if self.convention.preamble else ","
        out = []
        for index, visa in enumerate(visas):
            end = last if index == len(visas) - 1 else f"{french.NNBSP};"
            out.append(self.prose(f"VU {clauses.visa_text(visa.text)}{end}", at=visa.path))
        return out

    def _frame(self, text: str | None, written: bool, standard: str, at: Path_) -> list[RichText]:
        """A heading or closing of the préambule: none when the préambule is empty or
        the drafters wrote ``null``, the standard one when they wrote nothing."""
        if not self.convention.preamble or (written and not text):
            return []
        return [self.plain(text if written else standard, at=at)]

    # -- signatures ----------------------------------------------------------------

    def signature_blocks(self) -> list[dict[str, Any]]:
        """« Pour la Métropole, / La Présidente, / Martine VASSAL », and, when each
        signatory dates its own signature (« mode: each »), its « Fait à …, le … »."""
        signature = self.convention.signature
        blocks = []
        for signatory in signature.signatories:
            party = self.convention.party(signatory.party)
            if party is None:
                continue
            person = signatory.signer or party.representative
            quality = _parties.signer_quality(person)
            quality_at = (*person.path, "quality")
            made = (
                self._made(signatory.place, signatory.date, signatory.path)
                if signature.each
                else RichText()
            )
            blocks.append(
                {
                    "party": self.plain(
                        _parties.signing_party(party),
                        at=place(signatory.path, (*signatory.path, "party")),
                    ),
                    "quality": self.plain(f"{quality},", at=quality_at) if quality else RichText(),
                    "name": self.plain(person.full_name, at=person.path),
                    "made": made,
                }
            )
        return blocks

    def _made(self, place: str | None, date: str | None, path: Path_) -> RichText:
        """« Fait à Marseille, le 3 juillet 2024 », blanks left to fill in by hand."""
        rich = Rich().verbatim("Fait à ")
        if place:
            rich.text(place)
        else:
            rich.verbatim(BLANK)
        rich.verbatim(", le ")
        shown = french.lenient(french.format_date, date) if date else ""
        if shown:
            rich.text(shown)
        else:
            rich.verbatim(BLANK)
        return self.done(rich, {(*path, "place"): place, (*path, "date"): shown or None})

    def _party_place(self, party: Party) -> Place:
        """What a party's opening paragraph prints: the party, and the words of its name,
        representative, address, identifier and designation."""
        path, person = party.path, party.representative
        where: dict[Path_, str | None] = {
            path: None,
            (*path, "name"): party.name,
            (*path, "address"): party.address.text,
            (*path, "representative"): person.titled(self.convention.civility),
        }
        if person.authority is not None:
            where[person.authority.path] = _parties.authority_words(person.authority, person.gender)
        if party.seat is not None:
            where[(*path, "seat")] = party.seat.text
        if party.legal_form:
            where[(*path, "legal_form")] = party.legal_form
        if number := _parties.identifier(party):
            where[(*path, "siret" if number.startswith("SIRET") else "siren")] = number
        if party.short_name is not None:
            where[party.short_name.path] = _parties.designation(party) or None
        return where

    # -- the whole context -----------------------------------------------------------

    def context(self) -> dict[str, Any]:
        """Every variable the convention template may use."""
        convention = self.convention
        title = convention.title
        period = ""
        if title.period is not None:
            period = "-".join(str(year) for year in title.period)
        sides = []
        for side in convention.sides:
            parties = [convention.party(pid) for pid in side]
            sides.append(
                [
                    {
                        "opening": self.plain(
                            clauses.opening(p, self.convention.civility), at=self._party_place(p)
                        ),
                        "id": p.id,
                    }
                    for p in parties
                    if p
                ]
            )
        body: list[dict[str, Any]] = []
        for article in convention.articles:
            body.extend(self.article_elements(article))
        signature = convention.signature
        copies = signature.copies
        copies_at = ("signature", "copies")
        copies_text = (
            self.plain(clauses.copies(copies), at=copies_at)
            if isinstance(copies, int)
            else self.done(
                Rich().gap(f"{copies or GAP_PLACEHOLDER} exemplaires originaux"), copies_at
            )
        )
        signature_place = self.blank_or(signature.place, at=("signature", "place"))
        date = self.blank_or(
            french.lenient(french.format_date, signature.date) or None, at=("signature", "date")
        )
        blocks = self.signature_blocks()
        empty = {"party": RichText(), "quality": RichText(), "name": RichText(), "made": RichText()}
        rows = [
            {"left": blocks[i], "right": blocks[i + 1] if i + 1 < len(blocks) else empty}
            for i in range(0, len(blocks), 2)
        ]
        annexes = [
            # an annex that is another document of the project is listed under its title
            {"number": annex.number, "title": self.plain(annex_title(annex), at=annex.path)}
            for annex in convention.annexes
        ]
        annex_sections = [
            {
                "heading": self.plain(f"Annexe {annex.number} : {annex.title}", at=annex.path),
                "body": self.blocks(annex.body),
            }
            for annex in convention.annexes
            if annex.body
        ]
        return {
            "draft": not convention.is_final,
            "version": convention.version or "",
            "title": {
                "kind": self.plain(title.kind, at=place(("title", "kind"), ("title",))),
                "name": self.plain(title.name, at=("title", "name")),
                "period": period,
            },
            "first_side": sides[0] if sides else [],
            "second_side": sides[1] if len(sides) > 1 else [],
            "visas": self.visas(),
            "preamble_heading": self._frame(
                convention.preamble_frame.heading,
                convention.preamble_frame.heading_written,
                clauses.PREAMBLE_HEADING,
                ("preamble", "heading"),
            ),
            "preamble": self.blocks(convention.preamble, tables=False),
            "preamble_closing": self._frame(
                convention.preamble_frame.closing,
                convention.preamble_frame.closing_written,
                clauses.PREAMBLE_CLOSING,
                ("preamble", "closing"),
            ),
            "opening": self.plain(convention.opening or clauses.OPENING, at=("opening",)),
            "body": body,
            "established": self.plain(
                "Le présent avenant est établi"
                if convention.act == "avenant"
                else "La présente convention est établie"
            ),
            "copies": copies_text,
            "signature_place": signature_place,
            "signature_date": date,
            "signature_rows": rows,
            "signature_each": signature.each,
            "collective": (
                [self.plain(_parties.collective(convention.collective), at=("collective",))]
                if convention.collective is not None
                else []
            ),
            "annexes": annexes,
            "annex_sections": annex_sections,
        }


def properties(convention: Convention) -> Properties:
    """Title, subject, author (the drafting party) and date of the convention."""
    author = ""
    if convention.drafted_by and (party := convention.party(convention.drafted_by)):
        author = party.name
    return Properties(
        title=" — ".join(t for t in (convention.title.kind, convention.title.name) if t),
        subject=convention.title.subject or "",
        author=author,
        keywords=keywords(convention.act, *(p.name for p in convention.parties)),
        date=convention.date,
        status=STATUS_FINAL if convention.is_final else STATUS_DRAFT,
    )


def render_convention(
    convention: Convention, template: str | Path | None = None, marks: Marks | None = None
) -> tuple[bytes, int]:
    """The .docx of ``convention`` (with ``template``, the shipped one by default) and the
    number of gaps highlighted in it; with ``marks``, where each value is printed
    (:mod:`convgen.rendering.marks`)."""
    renderer = Renderer(convention, marks)
    context = renderer.context()
    template_file = Path(template) if template is not None else template_path("convention")
    return fill(template_file, context, properties(convention)), renderer.gap_count
