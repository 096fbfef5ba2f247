"""The rule registry: every finding code convgen can produce, with its documentation.

Rules that inspect the typed model are functions registered with :func:`rule`;
codes produced while reading the file or checking it against the schema are
registered with :func:`declare`. Either way an entry has a stable code, a
short name, a default severity, a French title and a French documentation
text; ``docs/rules.md`` is generated from this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from convgen.foundation.findings import Finding, Path_, Severity
from convgen.loading.reader import SourceDocument
from convgen.model.outline import Outline


@dataclass(frozen=True)
class Issue:
    """What a rule found: where, and what to tell the drafter."""

    path: Path_
    message: str
    severity: Severity | None = None  # None: the rule's default
    key: bool = False  # point at the key rather than the value
    words: str = ""  # words of a long text the finding is about, to point at their line
    summary: str = ""  # a few words for the readiness summary


RuleFunction = Callable[[Any], Iterable[Issue]]  # takes a Convention or a Deliberation


@dataclass(frozen=True)
class Rule:
    """A registered code.

    ``blocking`` marks errors after which the document cannot be rendered
    faithfully (a reference to nothing): a draft is refused for them, not
    only a final version. ``function`` is ``None`` for codes the loader or
    the schema check produce.
    """

    code: str
    name: str
    severity: Severity
    title: str
    doc: str
    function: RuleFunction | None = None
    blocking: bool = False
    family: str = ""
    kinds: tuple[str, ...] = ("convention", "deliberation")


REGISTRY: dict[str, Rule] = {}

FAMILIES = {
    "0": "Lecture et structure",
    "1": "Mentions à compléter",
    "2": "Renvois et références",
    "3": "Parties, signature et gouvernance",
    "4": "Chiffres, taux et financement",
    "5": "Dates, durées et préavis",
    "6": "Délibérations",
    "7": "Annexes et PDF",
}


def _add(entry: Rule) -> None:
    if entry.code in REGISTRY:
        raise ValueError(f"code {entry.code} registered twice")
    REGISTRY[entry.code] = entry


def declare(
    code: str, name: str, severity: Severity, title: str, doc: str, *, blocking: bool = False
) -> str:
    """Register a code produced outside the rule functions; returns the code."""
    _add(
        Rule(code, name, severity, title, " ".join(doc.split()), None, blocking, FAMILIES[code[2]])
    )
    return code


def rule(
    code: str,
    name: str,
    severity: Severity,
    title: str,
    *,
    blocking: bool = False,
    kinds: tuple[str, ...] = ("convention",),
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under ``code``; its docstring documents it."""

    def register(function: RuleFunction) -> RuleFunction:
        doc = " ".join((function.__doc__ or "").split())
        family = FAMILIES[code[2]]
        _add(Rule(code, name, severity, title, doc, function, blocking, family, kinds))
        return function

    return register


def make_finding(
    doc: SourceDocument,
    outline: Outline | Any,
    code: str,
    severity: Severity,
    message: str,
    path: Path_,
    *,
    key: bool = False,
    words: str = "",
    summary: str = "",
) -> Finding:
    """A finding at ``path`` of ``doc``: its position (of the key, or of ``words`` inside a
    long text), and the article or party it concerns."""
    position = doc.locate(path, words) if words else doc.position(path, key=key)
    subject, party = outline.describe(path)
    return Finding(
        code=code,
        severity=severity,
        message=message,
        file=str(doc.file_of(position)),
        line=position.line,
        column=position.column,
        path=path,
        subject=subject,
        party=party,
        summary=summary,
    )


def catalogue() -> list[Rule]:
    """Every registered code, in code order."""
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def run(convention: Any, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run the rule functions of ``rules`` (all of them by default) that apply to the
    kind of ``convention`` (a convention or a deliberation)."""
    doc = convention.source
    findings = []
    for entry in rules if rules is not None else catalogue():
        if entry.function is None or convention.kind not in entry.kinds:
            continue
        try:
            issues = list(entry.function(convention))
        except Exception as exc:  # a bug in one rule must not hide the other findings
            issues = [
                Issue(
                    (),
                    f"erreur interne de convgen dans la règle {entry.code} "
                    f"({type(exc).__name__} : {exc}) : merci de la signaler",
                    severity=Severity.ERROR,
                )
            ]
        findings.extend(
            make_finding(
                doc,
                convention.outline,
                entry.code,
                issue.severity or entry.severity,
                issue.message,
                issue.path,
                key=issue.key,
                words=issue.words,
                summary=issue.summary,
            )
            for issue in issues
        )
    return findings
