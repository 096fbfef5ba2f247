"""What each party still has to provide before signature.

A programme manager reads the findings by party rather than by line: who to
chase for a missing rate, an unfinished commitment, the quality of a
representative. The summary is data; reporters present it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from convgen.checking.rules import REGISTRY
from convgen.foundation.findings import Finding, Severity

if TYPE_CHECKING:
    from convgen.checking.check import CheckResult


@dataclass(frozen=True)
class Item:
    """One thing to settle: where it is, and what it is."""

    code: str
    severity: Severity
    subject: str
    what: str
    line: int
    file: str  # the file the line is in (a model's or a shared party's, for their values)

    @classmethod
    def of(cls, finding: Finding, *, party_name: str = "") -> Item:
        entry = REGISTRY.get(finding.code)
        what = finding.summary or (entry.title[:1].lower() + entry.title[1:] if entry else "")
        subject = finding.subject
        if party_name and subject.startswith("Partie «"):
            subject = ""  # listed under the party already
        return cls(
            finding.code,
            finding.severity,
            subject,
            what or finding.message,
            finding.line,
            finding.file,
        )


@dataclass
class PartyReadiness:
    """A party and the items it still has to provide."""

    id: str
    name: str
    items: list[Item] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.items


@dataclass
class Readiness:
    """Items per party, and those of the document as a whole."""

    parties: list[PartyReadiness]
    document: list[Item]

    @property
    def ready(self) -> bool:
        return not self.document and all(p.ready for p in self.parties)


def readiness(result: CheckResult) -> Readiness | None:
    """The readiness summary of a checked convention (``None`` if it could not be modelled)."""
    convention = result.convention
    if convention is None:
        return None
    parties = {p.id: PartyReadiness(p.id, p.name) for p in convention.parties}
    document: list[Item] = []
    for finding in result.findings:
        if finding.suppressed is not None:
            continue
        if finding.party in parties:
            party = parties[finding.party]
            party.items.append(Item.of(finding, party_name=party.name))
        else:
            document.append(Item.of(finding))
    return Readiness(list(parties.values()), document)


def refusal(result: CheckResult, strict: bool) -> str | None:
    """Why ``result``'s document may not be built, or None: unreadable, a structure the
    model could not be built from, a blocking error (a reference to nothing), or any
    error in a final version (or in any version with ``strict``). Decided here once, for
    the build and for the conventions a deliberation joins to its PDF."""
    if result.error is not None:
        return str(result.error)
    model = result.model
    if model is None:
        return "la structure du document n'est pas valide (voir les erreurs)"
    errors = [f for f in result.findings if f.severity >= Severity.ERROR and f.suppressed is None]
    if any((entry := REGISTRY.get(f.code)) and entry.blocking for f in errors):
        return "des références ne mènent nulle part (voir les erreurs)"
    if errors and (model.is_final or strict):
        what = "version finale" if model.is_final else "document (--strict)"
        return f"{what} avec des erreurs : corrigez-les avant de générer"
    return None
