"""The deliberation model: the act by which an assembly approves a convention.

Every count of the extract is derived from the attendance lists and the named
votes, never typed twice: members in office, present, represented, absent,
voters, votes for, expressed votes, absolute majority and the result. Counts
that a document also writes (``counts``) are only compared with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from convgen.foundation import french
from convgen.foundation.findings import Path_
from convgen.foundation.names import Name, parse
from convgen.loading.reader import SourceDocument, value_at
from convgen.model.convention import (
    MAX_MEMBERS,
    YEAR_RANGE,
    Convention,
    Gender,
    Whole,
    printable,
    text,
    whole,
)
from convgen.model.documents import CheckedDocument


class CheckedConvention(CheckedDocument, Protocol):
    """An approved convention as the check saw it (a
    :class:`convgen.checking.check.CheckResult` is one): a checked document whose model,
    when there is one, may be the convention."""

    @property
    def convention(self) -> Convention | None: ...


# Assembly kinds: grammatical gender, members' title, convocation notice in clear days
# (CGCT L. 2121-12 and L. 5211-1 for municipal and intercommunal councils,
# L. 3121-19 and L. 4132-18 for departmental and regional councils).
ASSEMBLIES: dict[str, tuple[str, str, int | None]] = {
    "conseil municipal": ("m", "conseillers municipaux", 5),
    "conseil communautaire": ("m", "conseillers communautaires", 5),
    "conseil de territoire": ("m", "conseillers de territoire", 5),
    "conseil métropolitain": ("m", "conseillers métropolitains", 5),
    "conseil départemental": ("m", "conseillers départementaux", 12),
    "conseil régional": ("m", "conseillers régionaux", 12),
    "comité syndical": ("m", "délégués", 5),
    "bureau": ("m", "membres du bureau", None),
    "commission permanente": ("f", "membres de la commission permanente", None),
}
SMALL_COMMUNE_NOTICE = 3  # clear days for a municipal council under 3 500 inhabitants
URGENCY_NOTICE = 1


@dataclass
class Member:
    """A name in a list, with where it was written."""

    name: Name
    path: Path_


@dataclass
class Officer:
    name: Name
    quality: str | None
    path: Path_


@dataclass
class Proxy:
    """A pouvoir: ``member`` (absent) gives it to ``holder`` (present)."""

    member: Name
    holder: Name
    path: Path_


@dataclass
class Authority:
    """The authority that deliberates (``authority``)."""

    name: str | None  # None: a gap
    gender: Gender
    assembly: str
    party: str | None  # its id among the approved convention's parties, if written
    siren: str | None
    department: str | None
    members_title: str | None
    small_commune: bool
    path: Path_


@dataclass
class Session:
    """The session (``session``): dates and time as written (AAAA-MM-JJ, HH:MM), or gaps."""

    date: str | None
    time: str | None
    place: str | None
    public: bool
    convocation: str | None
    second_convocation: bool
    urgency: bool
    president: Officer
    path: Path_


@dataclass
class Imputation:
    """Where the credits are entered (``imputation``), the decision's last article."""

    budget: str | None
    year: Whole
    chapter: str | None
    nature: str | None
    path: Path_


@dataclass
class Extract:
    """The signature of the extract (``signature``): « Fait à …, le … » and who signs."""

    place: str | None
    date: str | None
    signatory: Officer  # the session's president unless written
    path: Path_


@dataclass
class Publicity:
    """Transmission, publication and remedies (``publicity``); dates as written."""

    transmission: str | None
    publication: str | None
    teletransmission_id: str | None
    court: str | None
    path: Path_


@dataclass
class Declared:
    """The counts an existing extract writes (``counts``), only compared with the lists."""

    counts: dict[str, Whole]  # « present », « voters », « for »…: as written, in bounds
    result: str | None  # « adopted » or « rejected »
    path: Path_


@dataclass
class Counts:
    """What the lists and named votes say, once counted."""

    in_office: int
    present: int
    represented: int
    absent: int
    not_voting: int
    voters: int
    against: int
    abstentions: int
    blank_or_void: int
    expressed: int
    votes_for: int
    absolute_majority: int
    adopted: bool
    unanimous: bool
    casting_vote: bool  # a tie settled by the president's preponderant vote

    @property
    def result_sentence(self) -> str:
        """« Adoptée à l'unanimité. », « Adoptée à la majorité des suffrages exprimés. »…"""
        if not self.adopted:
            return "Rejetée."
        if self.unanimous:
            return "Adoptée à l’unanimité."
        if self.casting_vote:
            return "Adoptée, la voix du président étant prépondérante."
        return "Adoptée à la majorité des suffrages exprimés."


@dataclass
class ApprovedConvention:
    """A convention the deliberation approves, as checked."""

    written: str  # the path as written in the YAML
    path: Path_  # where it was written
    result: CheckedConvention | None = None  # None: the file does not exist or may not be read
    refused: str | None = None  # why the path may not be followed (outside the project)


@dataclass
class Deliberation:
    kind = "deliberation"

    status: str
    version: str | None
    authority: Authority
    assembly: str
    session: Session
    president: Officer
    number: str
    object: str | None
    members_in_office: int
    members_in_office_written: str  # as the extract prints it, a gap as written
    present: list[Member]
    represented: list[Proxy]
    excused: list[Member]
    absent: list[Member]
    secretary: Member | None
    rapporteur: Officer | None
    expose_by: str
    expose: list[str]
    visas: list[str]
    considerations: list[str]
    decision: list[str]
    imputation: Imputation | None
    against: list[Member]
    abstentions: list[Member]
    not_voting: list[Member]
    unanimous: bool
    blank_or_void: int
    declared: Declared
    signature: Extract
    signatory: Officer
    authorised: Officer  # whom the act authorises to sign what it approves
    publicity: Publicity | None
    approves: list[tuple[str, Path_]]
    outline: DeliberationOutline = field(repr=False)
    source: SourceDocument = field(repr=False)
    approved: list[ApprovedConvention] = field(default_factory=list)
    civility: str = "short"  # « M. », « Mme » in the lists (short), or « Monsieur » (long)

    @property
    def is_final(self) -> bool:
        return self.status == "final"

    @property
    def gender(self) -> str:
        return ASSEMBLIES.get(self.assembly, ("m", "", None))[0]

    @property
    def members_title(self) -> str:
        return (
            self.authority.members_title or ASSEMBLIES.get(self.assembly, ("m", "membres", None))[1]
        )

    def voting_members(self) -> list[Name]:
        """Present members and the represented members voting through a pouvoir."""
        return [m.name for m in self.present] + [p.member for p in self.represented]

    @property
    def counts(self) -> Counts:
        """Every count of the extract, derived from the lists."""
        present = len(self.present)
        represented = len(self.represented)
        not_voting = len(self.not_voting)
        voters = max(present + represented - not_voting, 0)
        against = len(self.against)
        abstentions = len(self.abstentions)
        expressed = max(voters - abstentions - self.blank_or_void, 0)
        votes_for = max(expressed - against, 0)
        majority = expressed // 2 + 1
        tie = votes_for == against and expressed > 0
        president_against = any(m.name.same(self.president.name) for m in self.against)
        adopted = votes_for >= majority or (tie and not president_against)
        unanimous = expressed > 0 and against == 0 and abstentions == 0 and self.blank_or_void == 0
        return Counts(
            in_office=self.members_in_office,
            present=present,
            represented=represented,
            absent=len(self.excused) + len(self.absent),
            not_voting=not_voting,
            voters=voters,
            against=against,
            abstentions=abstentions,
            blank_or_void=self.blank_or_void,
            expressed=expressed,
            votes_for=votes_for,
            absolute_majority=majority,
            adopted=adopted,
            unanimous=unanimous,
            casting_vote=tie and adopted,
        )


_SECTION_LABELS = {
    "authority": "Autorité délibérante",
    "session": "Séance",
    "act": "Acte",
    "approves": "Convention approuvée",
    "members_in_office": "Membres en exercice",
    "secretary": "Secrétaire de séance",
    "rapporteur": "Rapporteur",
    "expose": "Exposé",
    "imputation": "Imputation budgétaire",
    "vote": "Vote",
    "counts": "Nombres écrits",
    "signature": "Signature de l'extrait",
    "publicity": "Publicité de l'acte",
    "status": "Statut du document",
    "document": "Type de document",
}
_LIST_LABELS = {
    "present": "Présents",
    "represented": "Excusés et représentés",
    "excused": "Excusés",
    "absent": "Absents",
}


class DeliberationOutline:
    """Names what a path of a deliberation concerns, for messages."""

    def __init__(self, data: Any) -> None:  # the data as YAML gave it, valid or not
        self.data = data if isinstance(data, dict) else {}

    def describe(self, path: Path_) -> tuple[str, str | None]:
        """A French phrase naming what ``path`` concerns (no party for a deliberation)."""
        if not path:
            return "Document", None
        head = str(path[0])
        if head == "attendance" and len(path) > 1:
            label = _LIST_LABELS.get(str(path[1]), "Présences")
            item = value_at(self.data, path[:3]) if len(path) > 2 else None
            if isinstance(item, dict):
                item = item.get("member")
            return (f"{label} — {item}" if isinstance(item, str) else label), None
        if head in ("visas", "considerations", "decision") and len(path) > 1:
            index = int(path[1]) + 1 if isinstance(path[1], int) else 0
            noun = {"visas": "Visa", "considerations": "Considérant"}.get(head)
            if noun:
                return f"{noun} n° {index}", None
            return f"Article {french.article_number(index)} de la décision", None
        if head == "session" and path[1:2] == ("president",):
            return "Présidence de la séance", None
        return _SECTION_LABELS.get(head, "Document"), None


def _members(items: list[Any] | None, path: Path_) -> list[Member]:
    return [Member(parse(text or ""), (*path, i)) for i, text in enumerate(items or [])]


def _officer(data: dict[str, Any] | None, path: Path_) -> Officer | None:
    if not isinstance(data, dict):
        return None
    return Officer(parse(data.get("name") or ""), data.get("quality"), path)


def _count(value: object) -> int:
    """A count of members: a whole number up to :data:`~convgen.model.convention.MAX_MEMBERS`, 0 for
    anything else (a gap, reported as such)."""
    checked = whole(value, 0, MAX_MEMBERS)
    return checked if isinstance(checked, int) else 0


def _imputation(value: object) -> Imputation | None:
    if not isinstance(value, dict):
        return None
    return Imputation(
        budget=text(value.get("budget")),
        year=whole(value.get("year"), *YEAR_RANGE),
        chapter=text(value.get("chapter")),
        nature=text(value.get("nature")),
        path=("imputation",),
    )


def _publicity(value: object) -> Publicity | None:
    if not isinstance(value, dict):
        return None
    return Publicity(
        transmission=text(value.get("transmission")),
        publication=text(value.get("publication")),
        teletransmission_id=text(value.get("teletransmission_id")),
        court=text(value.get("court")),
        path=("publicity",),
    )


def build(doc: SourceDocument, outline: DeliberationOutline | None = None) -> Deliberation:
    """The typed deliberation of a document whose structure the schema accepted.

    As for a convention (:func:`convgen.model.convention.build`), texts are stripped of control
    characters and counts checked against their bounds again."""
    data = printable(doc.data)
    if data is not doc.data:
        outline = None  # names quoted from the cleaned texts
    session = data["session"]
    attendance = data["attendance"]
    vote = data.get("vote") or {}
    president = _officer(session["president"], ("session", "president"))
    assert president is not None
    signature = data["signature"]
    signatory = _officer(signature.get("signatory"), ("signature", "signatory")) or president
    approves = data.get("approves")
    written = approves if isinstance(approves, list) else [approves] if approves else []
    approves_paths: list[tuple[str, Path_]] = [
        (item, ("approves", i) if isinstance(approves, list) else ("approves",))
        for i, item in enumerate(written)
    ]
    secretary = data.get("secretary")
    authority = data["authority"]
    counts = data.get("counts") or {}
    return Deliberation(
        status=data["status"],
        version=data.get("version"),
        authority=Authority(
            name=text(authority.get("name")),
            gender="f" if authority.get("gender") == "f" else "m",
            assembly=authority["assembly"],
            party=text(authority.get("party")),
            siren=text(authority.get("siren")),
            department=text(authority.get("department")),
            members_title=text(authority.get("members_title")),
            small_commune=bool(authority.get("small_commune")),
            path=("authority",),
        ),
        assembly=authority["assembly"],
        session=Session(
            date=text(session.get("date")),
            time=text(session.get("time")),
            place=text(session.get("place")),
            public=bool(session.get("public", True)),
            convocation=text(session.get("convocation")),
            second_convocation=bool(session.get("second_convocation")),
            urgency=bool(session.get("urgency")),
            president=president,
            path=("session",),
        ),
        president=president,
        number=data["act"]["number"],
        object=data["act"].get("object"),
        members_in_office=_count(data["members_in_office"]),
        members_in_office_written=f"{data.get('members_in_office', '...')}",
        present=_members(attendance.get("present"), ("attendance", "present")),
        represented=[
            Proxy(
                parse(item.get("member") or ""),
                parse(item.get("proxy") or ""),
                ("attendance", "represented", i),
            )
            for i, item in enumerate(attendance.get("represented") or [])
        ],
        excused=_members(attendance.get("excused"), ("attendance", "excused")),
        absent=_members(attendance.get("absent"), ("attendance", "absent")),
        secretary=Member(parse(secretary), ("secretary",)) if isinstance(secretary, str) else None,
        rapporteur=_officer(data.get("rapporteur"), ("rapporteur",)),
        expose_by=(data.get("expose") or {}).get("by", "president"),
        expose=list((data.get("expose") or {}).get("paragraphs") or []),
        visas=list(data.get("visas") or []),
        considerations=list(data.get("considerations") or []),
        decision=list(data["decision"]),
        imputation=_imputation(data.get("imputation")),
        against=_members(vote.get("against"), ("vote", "against")),
        abstentions=_members(vote.get("abstentions"), ("vote", "abstentions")),
        not_voting=_members(vote.get("not_voting"), ("vote", "not_voting")),
        unanimous=bool(vote.get("unanimous")),
        blank_or_void=_count(vote.get("blank_or_void")),
        declared=Declared(
            counts={
                key: whole(value, 0, MAX_MEMBERS)
                for key, value in counts.items()
                if key != "result"
            },
            result=text(counts.get("result")),
            path=("counts",),
        ),
        signature=Extract(
            place=text(signature.get("place")),
            date=text(signature.get("date")),
            signatory=signatory,
            path=("signature",),
        ),
        signatory=signatory,
        authorised=_officer(data.get("authorised"), ("authorised",)) or president,
        publicity=_publicity(data.get("publicity")),
        approves=approves_paths,
        outline=outline or DeliberationOutline(data),
        source=doc,
        civility=data.get("civility") or "short",
    )
