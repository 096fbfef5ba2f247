"""The convention model: typed objects built from schema-checked data.

Every object keeps the ``path`` it was read from, so that rules can report a
finding at the line where the value was written. Values may still be gaps (a
percentage written ``...``): the schema check accepted the structure, and the
renderer highlights such values rather than guessing them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from convgen.foundation import french
from convgen.foundation.findings import Path_
from convgen.loading.reader import SourceDocument, value_at
from convgen.model.outline import Entry, Outline

Gender = Literal["m", "f"]
# What a field holds once the schema accepted the document: its value, or a gap as
# written (the schema's gap is null or a text: « ... », « À définir »).
Written = str | None
Whole = int | Written  # a whole number (a count, years, a part of a duration), or a gap
Amount = int | float | Written  # an amount or a rate, or a gap
Duration = dict[str, Whole]  # {years: 3}, {months: "..."}: unit, whole number or gap
Figure_Kind = Literal["percent", "amount", "years", "months", "count"]
FIGURE_KINDS: tuple[Figure_Kind, ...] = ("percent", "amount", "years", "months", "count")


@dataclass
class Person:
    civility: str
    first_name: str
    last_name: str
    quality: str | None
    path: Path_
    quality_written: bool = False  # the key is written, even empty (a gap, CG103)

    @property
    def full_name(self) -> str:
        """« Sylvie PETIOT »."""
        return f"{self.first_name} {french.upper_name(self.last_name)}"

    @property
    def civility_long(self) -> str:
        return {"M.": "Monsieur", "Mme": "Madame"}.get(self.civility, self.civility)


@dataclass
class Address:
    street: str
    postal_code: str
    city: str
    cedex: bool
    path: Path_

    @property
    def text(self) -> str:
        """« 292 rue Saint-Martin, 75003 PARIS », « 1 rue Navier, 51082 REIMS Cedex »."""
        city = self.city.upper() + (" Cedex" if self.cedex else "")
        return f"{self.street}, {self.postal_code} {city}"


@dataclass
class Party:
    id: str
    name: str
    gender: Gender
    elision: bool | None
    legal_form: str | None
    short_name: str | None
    address: Address
    representative: Person
    path: Path_

    @property
    def noun(self) -> str:
        """The name the party goes by after the opening: its announced short name, else
        its name (as :func:`convgen.model.outline.party_noun` reads it from the data)."""
        return (self.short_name or "").strip() or self.name.strip() or self.id

    def phrase(self, *, form: str = "", capital: bool = False) -> str:
        """The party as named after the opening (« la Préfecture… », « du CNAM »)."""
        return french.definite(
            self.noun, self.gender, form=form, capital=capital, elision=self.elision
        )

    def full_phrase(self, *, form: str = "", capital: bool = False) -> str:
        """The party with its full name (« Le Conservatoire national des arts et métiers »)."""
        return french.definite(
            self.name, self.gender, form=form, capital=capital, elision=self.elision
        )


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
class Paragraph:
    text: str
    path: Path_


@dataclass
class BulletItem:
    text: str
    path: Path_
    children: list[Paragraph] = field(default_factory=list)


@dataclass
class BulletList:
    items: list[BulletItem]
    path: Path_


@dataclass
class Table:
    name: str
    path: Path_


Block = Paragraph | BulletList | Table


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

    @property
    def heading(self) -> str:
        return f"{self.label} : {self.title}" if self.title else self.label


@dataclass
class Member:
    party: str | None
    name: str | None
    gender: Gender
    path: Path_


@dataclass
class Governance:
    name: str
    short_name: str | None
    gender: Gender
    members: list[Member]
    meetings_per_year: Whole
    role: list[Block]
    path: Path_
    meetings_written: bool = False  # ``meetings_per_year`` is written, even as a gap


@dataclass
class Renewal:
    kind: str
    notice: Duration | None
    form: str | None
    length: Duration | None
    max_renewals: Whole
    path: Path_


@dataclass
class Termination:
    by: str | None
    notice: Duration
    form: str
    force_majeure: bool
    path: Path_


@dataclass
class Terms:
    start: str  # "signature" or an ISO date
    duration: Duration
    renewal: Renewal | None
    termination: Termination | None
    amendment_effective: str | None
    amicable: bool
    court: str | None
    path: Path_


# --- bounds of figures -------------------------------------------------------
#
# The schemas refuse a figure past these bounds, at its line (CG015), and a number that
# is none (nan, the infinite, a figure of more than fifteen digits: CG018); they repeat
# these values, and tests/test_hostile_numbers.py checks that both agree. The model
# checks them again when it is built: a figure past its bound is read as missing, so
# that no rule and no renderer ever computes on it, whatever let it through.

# Years of dates and periods: french.py writes them in words and babel in dates over
# this span; rule CG503 then checks a convention's own dates more narrowly.
YEAR_RANGE = (1800, 2999)
# Amounts: french.amount_in_words writes them up to « un billion d'euros » (10^12),
# a hundred times the largest State-region plan (contrat de plan) ever signed.
MAX_AMOUNT = 10**12
# Rates: past 100 % rule CG401 reports a typo (« 200 % » for « 20 % »); past 1000 % it
# is no rate at all.
MAX_PERCENT = 1000
# Originals: one per signatory and a few for the archives; no convention has a hundred
# signatories.
MAX_COPIES = 100
# Tacit renewals: « au plus 99 fois » is already a convention without end.
MAX_RENEWALS = 99
# A governance body that meets more than weekly is not described by a yearly count.
MAX_MEETINGS_PER_YEAR = 52
# Members of an assembly, and every count of a deliberation (present, voters, votes):
# the largest French deliberative assemblies have a few hundred members (Conseil de
# Paris 163, conseil de la Métropole du Grand Paris 208, Assemblée nationale 577).
MAX_MEMBERS = 1000
# A count cited in a commitment (« @{postes} postes ») is written in figures.
MAX_COUNT = 10**9
# Durations, notices and renewal periods: a hundred years at most in any unit, so that
# a start date plus any duration stays a date (datetime stops at 9999).
DURATION_LIMITS = {"years": 99, "months": 1200, "weeks": 5200, "days": 36500}
# Past fifteen digits a number is no figure of a convention (and a float no longer
# holds every unit): CG018, whatever the field.
MAX_MAGNITUDE = 10**15


def finite(value: object) -> bool:
    """Whether ``value`` is a number convgen can compute with: not a boolean, not nan nor
    infinite, at most :data:`MAX_MAGNITUDE` in size."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE


def number(
    value: object, *, low: float = -MAX_MAGNITUDE, high: float = MAX_MAGNITUDE
) -> float | None:
    """``value`` if it is a usable number (not a gap, not a boolean, finite, between
    ``low`` and ``high``), else ``None``."""
    if finite(value) and isinstance(value, (int, float)) and low <= value <= high:
        return value
    return None


def written(value: object) -> Written:
    """A gap as written (null or a text); ``None`` for any other value, which the schema
    refuses (a value of the wrong type is a structural error: no model is built)."""
    return value if isinstance(value, str) else None


def text(value: object) -> str | None:
    """A text field: the text, or ``None`` when absent or null (a gap)."""
    return value if isinstance(value, str) else None


def whole(value: object, low: int, high: int) -> Whole:
    """An integer field: ``value`` as an ``int`` when it is a whole number between ``low``
    and ``high`` (YAML's « 2.0 » included), ``None`` for any other number, and a gap or an
    absent value as written."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return written(value)
    if finite(value) and low <= value <= high and float(value).is_integer():
        return int(value)
    return None


def _figure_value(kind: str, value: object) -> Amount:
    """A figure's value, checked against the bound of its kind."""
    if kind == "percent" or kind == "amount":
        return _amount(value, MAX_PERCENT if kind == "percent" else MAX_AMOUNT)
    high = DURATION_LIMITS.get(kind, MAX_COUNT)
    return whole(value, 0, high)


def _amount(value: object, high: float = MAX_AMOUNT) -> Amount:
    """An amount of the financing plan: a number within bounds, a gap as written."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return written(value)
    return number(value, low=0, high=high)


def complete(duration: Mapping[str, object] | None) -> dict[str, int] | None:
    """``duration`` if every part of it is a whole number within
    :data:`DURATION_LIMITS`, ``None`` if empty, or a part is a gap or out of bounds."""
    if not duration:
        return None
    parts = {
        unit: v
        for unit, v in duration.items()
        if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= DURATION_LIMITS.get(unit, 0)
    }
    return parts if len(parts) == len(duration) else None


@dataclass
class BudgetLine:
    key: str
    label: str
    amount: Amount
    shares: dict[str, Amount]
    path: Path_

    @property
    def shares_total(self) -> float:
        """The sum of the parties' shares of this line."""
        return sum(number(v) or 0 for v in self.shares.values())

    @property
    def effective_amount(self) -> float:
        """The declared amount of the line, or the sum of its shares when none is declared."""
        declared = number(self.amount)
        return declared if declared is not None else self.shares_total


@dataclass
class Budget:
    title: str
    basis: str
    lines: list[BudgetLine]
    total: Amount
    party_totals: dict[str, Amount]
    ceiling: Amount
    path: Path_

    def party_ids(self, order: list[str]) -> list[str]:
        """Parties that finance something, in the order of ``order``."""
        funding = {pid for line in self.lines for pid in line.shares} | set(self.party_totals)
        return [pid for pid in order if pid in funding]

    def column_total(self, party_id: str) -> float:
        """The sum of one party's shares over all lines."""
        return sum(number(line.shares.get(party_id)) or 0 for line in self.lines)

    @property
    def lines_total(self) -> float:
        """The sum of all lines."""
        return sum(line.effective_amount for line in self.lines)


@dataclass
class Signatory:
    party: str
    signer: Person | None
    path: Path_


@dataclass
class Signature:
    place: str | None
    date: str | None
    copies: Whole
    signatories: list[Signatory]
    path: Path_


@dataclass
class Annex:
    key: str
    title: str
    number: int
    file: str | None
    body: list[Block]
    path: Path_


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


# --- building ------------------------------------------------------------------
#
# The builders read the data as YAML gave it (``dict[str, Any]``: whatever the schema
# accepted, gaps included); what they return is typed.


def _person(data: dict[str, Any], path: Path_) -> Person:
    return Person(
        civility=data.get("civility") or "",
        first_name=data.get("first_name") or "",
        last_name=data.get("last_name") or "",
        quality=data.get("quality"),
        path=path,
        quality_written="quality" in data,
    )


def _blocks(items: list[Any] | None, path: Path_) -> list[Block]:
    blocks: list[Block] = []
    for index, item in enumerate(items or []):
        item_path = (*path, index)
        if isinstance(item, dict) and "bullets" in item:
            bullets = []
            for b_index, bullet in enumerate(item["bullets"]):
                b_path = (*item_path, "bullets", b_index)
                if isinstance(bullet, dict):
                    children = [
                        Paragraph(text or "", (*b_path, "bullets", c))
                        for c, text in enumerate(bullet["bullets"])
                    ]
                    bullets.append(
                        BulletItem(bullet.get("text") or "", (*b_path, "text"), children)
                    )
                else:
                    bullets.append(BulletItem(bullet or "", b_path))
            blocks.append(BulletList(bullets, item_path))
        elif isinstance(item, dict) and "table" in item:
            blocks.append(Table(item["table"], item_path))
        else:
            blocks.append(Paragraph(item or "", item_path))
    return blocks


def _figures(data: dict[str, Any] | None, path: Path_) -> dict[str, Figure]:
    figures = {}
    for name, raw in (data or {}).items():
        kind: Figure_Kind = next((k for k in FIGURE_KINDS if k in raw), "count")
        figures[name] = Figure(
            name=name,
            kind=kind,
            value=_figure_value(kind, raw.get(kind)),
            in_words=bool(raw.get("in_words")),
            base=raw.get("base"),
            line=raw.get("line"),
            path=(*path, name),
        )
    return figures


def _commitments(data: dict[str, Any], path: Path_) -> CommitmentSet:
    items = []
    for index, raw in enumerate(data["items"]):
        item_path = (*path, "items", index)
        if isinstance(raw, dict):
            items.append(
                Commitment(
                    key=raw.get("key"),
                    text=raw.get("text") or "",
                    figures=_figures(raw.get("figures"), (*item_path, "figures")),
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
        closing=_blocks(data.get("closing"), (*path, "closing")),
        path=path,
    )


def _articles(outline: Outline, data: dict[str, Any]) -> list[Article]:
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
            body=_blocks(raw.get("body"), (*entry.path, "body")),
            children=[],
            path=entry.path,
            generated=entry.generated,
        )
        if entry.generated == "commitments":
            article.commitments = _commitments(value_at(data, entry.path), entry.path)
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


def _duration(value: object) -> Duration | None:
    """A duration, each part checked against :data:`DURATION_LIMITS` (see :func:`_whole`)."""
    if not isinstance(value, dict):
        return None
    return {unit: whole(v, 0, DURATION_LIMITS.get(unit, 0)) for unit, v in value.items()}


def _year(value: object) -> Whole:
    return whole(value, *YEAR_RANGE)


def printable(value: Any) -> Any:  # any value YAML reads, and the same cleaned
    """``value`` with every text stripped of the control characters a document cannot
    carry (:data:`convgen.foundation.french.CONTROL_CHARACTERS`, reported as CG032): the same object
    when there is none, so that the usual document costs a walk and no copy. Keys are
    kept as written, so that paths still lead to the file's positions."""
    if isinstance(value, str):
        return french.without_control_characters(value)
    if isinstance(value, dict):
        cleaned = {key: printable(child) for key, child in value.items()}
        same = all(cleaned[key] is child for key, child in value.items())
        return value if same else cleaned
    if isinstance(value, list):
        items = [printable(child) for child in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def build(doc: SourceDocument, outline: Outline | None = None) -> Convention:
    """The typed convention of a document whose structure the schema accepted.

    Texts are stripped of control characters and figures checked against their bounds
    again, so that what renders the model never meets them."""
    data = printable(doc.data)
    if outline is None or data is not doc.data:
        outline = Outline(data)  # titles from the cleaned texts
    title = data["title"]
    period = title.get("period")
    parties = []
    for index, raw in enumerate(data["parties"]):
        path = ("parties", index)
        address = raw["address"]
        postal = address.get("postal_code")
        parties.append(
            Party(
                id=raw["id"],
                name=raw.get("name") or "",
                gender=raw["gender"],
                elision=raw["elision"] if isinstance(raw.get("elision"), bool) else None,
                legal_form=raw.get("legal_form"),
                short_name=raw.get("short_name"),
                address=Address(
                    street=address.get("street") or "",
                    postal_code=f"{postal:05d}"
                    if isinstance(postal, int) and 0 <= postal <= 99999
                    else str(postal or ""),
                    city=address.get("city") or "",
                    cedex=bool(address.get("cedex")),
                    path=(*path, "address"),
                ),
                representative=_person(raw["representative"], (*path, "representative")),
                path=path,
            )
        )
    governance = None
    if isinstance(data.get("governance"), dict):
        raw = data["governance"]
        members = []
        for index, member in enumerate(raw["members"]):
            m_path = ("governance", "members", index)
            if isinstance(member, str):
                party = next((p for p in parties if p.id == member), None)
                members.append(Member(member, None, party.gender if party else "m", m_path))
            else:
                members.append(Member(None, member.get("name") or "", member["gender"], m_path))
        governance = Governance(
            name=raw.get("name") or "",
            short_name=raw.get("short_name"),
            gender=raw["gender"],
            members=members,
            meetings_per_year=whole(raw.get("meetings_per_year"), 1, MAX_MEETINGS_PER_YEAR),
            role=_blocks(raw.get("role"), ("governance", "role")),
            path=("governance",),
            meetings_written="meetings_per_year" in raw,
        )
    terms = None
    if isinstance(data.get("terms"), dict):
        raw = data["terms"]
        renewal = termination = None
        if isinstance(raw.get("renewal"), dict):
            r = raw["renewal"]
            renewal = Renewal(
                kind=r["kind"],
                notice=_duration(r.get("notice")),
                form=r.get("form"),
                length=_duration(r.get("length")),
                max_renewals=whole(r.get("max_renewals"), 1, MAX_RENEWALS),
                path=("terms", "renewal"),
            )
        if isinstance(raw.get("termination"), dict):
            t = raw["termination"]
            termination = Termination(
                by=t.get("by"),
                notice=_duration(t.get("notice")) or {},
                form=t.get("form") or "",
                force_majeure=bool(t.get("force_majeure")),
                path=("terms", "termination"),
            )
        jurisdiction = raw.get("jurisdiction") or {}
        terms = Terms(
            start=raw["start"],
            duration=_duration(raw.get("duration")) or {},
            renewal=renewal,
            termination=termination,
            amendment_effective=(raw.get("amendment") or {}).get("effective"),
            amicable=bool(jurisdiction.get("amicable")),
            court=jurisdiction.get("court"),
            path=("terms",),
        )
    budget = None
    if isinstance(data.get("budget"), dict):
        raw = data["budget"]
        budget = Budget(
            title=raw.get("title") or "",
            basis=raw["basis"],
            lines=[
                BudgetLine(
                    key=line["key"],
                    label=line.get("label") or "",
                    amount=_amount(line.get("amount")),
                    shares={k: _amount(v) for k, v in (line.get("shares") or {}).items()},
                    path=("budget", "lines", index),
                )
                for index, line in enumerate(raw["lines"])
            ],
            total=_amount(raw.get("total")),
            party_totals={k: _amount(v) for k, v in (raw.get("party_totals") or {}).items()},
            ceiling=_amount(raw.get("ceiling")),
            path=("budget",),
        )
    signature_raw = data["signature"]
    signatories = []
    for index, item in enumerate(signature_raw["signatories"]):
        s_path = ("signature", "signatories", index)
        if isinstance(item, str):
            signatories.append(Signatory(item, None, s_path))
        else:
            signatories.append(
                Signatory(item["party"], _person(item["signer"], (*s_path, "signer")), s_path)
            )
    return Convention(
        status=data["status"],
        version=data.get("version"),
        date=data.get("date"),
        drafted_by=data.get("drafted_by"),
        title=TitleBlock(
            kind=title.get("kind") or "",
            name=title.get("name") or "",
            subject=title.get("subject"),
            period=(_year(period.get("from")), _year(period.get("to")))
            if isinstance(period, dict)
            else None,
            path=("title",),
        ),
        parties=parties,
        sides=[list(side) for side in data["sides"]],
        preamble=_blocks(data.get("preamble"), ("preamble",)),
        articles=_articles(outline, data),
        governance=governance,
        communication_consent=(data.get("communication") or {}).get("consent"),
        terms=terms,
        budget=budget,
        signature=Signature(
            place=signature_raw.get("place"),
            date=signature_raw.get("date"),
            copies=whole(signature_raw.get("copies"), 1, MAX_COPIES),
            signatories=signatories,
            path=("signature",),
        ),
        annexes=[
            Annex(
                key=raw["key"],
                title=raw.get("title") or "",
                number=index + 1,
                file=raw.get("file"),
                body=_blocks(raw.get("body"), ("annexes", index, "body")),
                path=("annexes", index),
            )
            for index, raw in enumerate(data.get("annexes") or [])
        ],
        outline=outline,
        source=doc,
    )


def _block_texts(blocks: list[Block]) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append((block.path, block.text))
        elif isinstance(block, BulletList):
            for item in block.items:
                out.append((item.path, item.text))
                out.extend((child.path, child.text) for child in item.children)
    return out


@dataclass(frozen=True)
class Prose:
    """A text of the convention that may carry markup, with the figures it may cite."""

    path: Path_
    text: str
    figures: dict[str, Figure] | None = None


def iter_prose(convention: Convention) -> list[Prose]:
    """Every prose text of ``convention`` in document order (markup allowed there)."""
    out = [Prose(path, text) for path, text in _block_texts(convention.preamble)]
    for article in convention.iter_articles():
        out.extend(Prose(path, text) for path, text in _block_texts(article.body))
        if article.commitments is not None:
            commitments = article.commitments
            if commitments.intro:
                out.append(Prose((*commitments.path, "intro"), commitments.intro))
            for item in commitments.items:
                out.append(Prose(item.text_path, item.text, item.figures))
            out.extend(Prose(path, text) for path, text in _block_texts(commitments.closing))
    if convention.governance is not None:
        out.extend(Prose(path, text) for path, text in _block_texts(convention.governance.role))
    for annex in convention.annexes:
        out.extend(Prose(path, text) for path, text in _block_texts(annex.body))
    return out
