"""Governance and terms: the steering body, duration, renewal, termination, amendment
and jurisdiction, as data the clauses are written from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convgen.foundation.findings import Path_
from convgen.model.content import Block, blocks
from convgen.model.parties import Party, Person, person
from convgen.model.values import (
    MAX_MEETINGS_PER_YEAR,
    MAX_RENEWALS,
    Duration,
    Gender,
    Whole,
    duration,
    whole,
)


@dataclass
class Member:
    """A member of the governance body: a party (``party``), an organisation that is not
    one (``name``), a function (``role``, written with its article) or a named person."""

    party: str | None
    name: str | None
    gender: Gender
    path: Path_
    role: str | None = None
    person: Person | None = None

    @property
    def organisation(self) -> bool:
        """A legal person (a party or not), as opposed to a function or a person: only
        an organisation could be a party to the convention."""
        return self.role is None and self.person is None


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
    start: str  # "signature", "last_signature" or an ISO date
    duration: Duration
    renewal: Renewal | None
    termination: Termination | None
    amendment_effective: str | None
    amicable: bool
    court: str | None
    path: Path_
    end: str | None = None  # the declared last day (ISO date), when the drafters give one

    @property
    def at_signature(self) -> bool:
        """The convention takes effect when signed (by all, or by the last party)."""
        return self.start in SIGNATURE_STARTS


SIGNATURE_STARTS = ("signature", "last_signature")


def governance(raw: dict[str, Any], parties: list[Party]) -> Governance:
    members = []
    for index, member in enumerate(raw["members"]):
        m_path = ("governance", "members", index)
        if isinstance(member, str):
            party = next((p for p in parties if p.id == member), None)
            members.append(Member(member, None, party.gender if party else "m", m_path))
        elif "role" in member:
            members.append(Member(None, None, "m", m_path, role=member.get("role") or ""))
        elif "person" in member:
            someone = person(member["person"], (*m_path, "person"))
            gender: Gender = "f" if someone.civility == "Mme" else "m"
            members.append(Member(None, None, gender, m_path, person=someone))
        else:
            members.append(Member(None, member.get("name") or "", member["gender"], m_path))
    return Governance(
        name=raw.get("name") or "",
        short_name=raw.get("short_name"),
        gender=raw["gender"],
        members=members,
        meetings_per_year=whole(raw.get("meetings_per_year"), 1, MAX_MEETINGS_PER_YEAR),
        role=blocks(raw.get("role"), ("governance", "role")),
        path=("governance",),
        meetings_written="meetings_per_year" in raw,
    )


def renewal(r: dict[str, Any]) -> Renewal:
    return Renewal(
        kind=r["kind"],
        notice=duration(r.get("notice")),
        form=r.get("form"),
        length=duration(r.get("length")),
        max_renewals=whole(r.get("max_renewals"), 1, MAX_RENEWALS),
        path=("terms", "renewal"),
    )


def termination(t: dict[str, Any]) -> Termination:
    return Termination(
        by=t.get("by"),
        notice=duration(t.get("notice")) or {},
        form=t.get("form") or "",
        force_majeure=bool(t.get("force_majeure")),
        path=("terms", "termination"),
    )


def terms(raw: dict[str, Any]) -> Terms:
    jurisdiction = raw.get("jurisdiction") or {}
    return Terms(
        start=raw["start"],
        duration=duration(raw.get("duration")) or {},
        renewal=renewal(raw["renewal"]) if isinstance(raw.get("renewal"), dict) else None,
        termination=termination(raw["termination"])
        if isinstance(raw.get("termination"), dict)
        else None,
        amendment_effective=(raw.get("amendment") or {}).get("effective"),
        amicable=bool(jurisdiction.get("amicable")),
        court=jurisdiction.get("court"),
        path=("terms",),
        end=raw.get("end"),
    )
