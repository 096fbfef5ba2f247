"""Rules that inspect the typed model: functions registered with :func:`rule` under a
code of :mod:`convgen.foundation.codes`, whose docstring documents them; :func:`run`
runs them and turns what they found into findings placed in the file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from convgen.checking.placing import make_finding
from convgen.foundation.codes import FAMILIES, REGISTRY, Rule, add, catalogue
from convgen.foundation.findings import Finding, Path_, Severity
from convgen.model.avenant import Avenant
from convgen.model.convention import Convention
from convgen.model.deliberation import Deliberation


@dataclass(frozen=True)
class Issue:
    """What a rule found: where, and what to tell the drafter."""

    path: Path_
    message: str
    severity: Severity | None = None  # None: the rule's default
    key: bool = False  # point at the key rather than the value
    words: str = ""  # words of a long text the finding is about, to point at their line
    summary: str = ""  # a few words for the readiness summary


# Takes a Convention, a Deliberation or an Avenant, each rule its own kind: a parameter typed with
# the union would refuse both (parameters are contravariant), hence Any.
RuleFunction = Callable[[Any], Iterable[Issue]]

__all__ = ["FAMILIES", "REGISTRY", "Issue", "Rule", "catalogue", "make_finding", "rule", "run"]


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
        add(Rule(code, name, severity, title, doc, function, blocking, family, kinds))
        return function

    return register


def run(
    convention: Convention | Deliberation | Avenant, rules: Iterable[Rule] | None = None
) -> list[Finding]:
    """Run the rule functions of ``rules`` (all of them by default) that apply to the
    kind of ``convention`` (a convention, a deliberation or an avenant)."""
    doc = convention.source
    findings: list[Finding] = []
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
