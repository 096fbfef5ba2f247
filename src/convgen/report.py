"""Reporters: findings and results rendered for people (and, later, machines).

Reporters return text; they never print. The CLI decides where it goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from .findings import Finding, Severity

if TYPE_CHECKING:
    from .build import BuildResult
    from .check import CheckResult

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


_FEMININE = {"erreur"}


def _plural(count: int, word: str, plural: str | None = None) -> str:
    """« aucune erreur », « 1 avertissement », « 6 avertissements »."""
    if count == 0:
        return f"{'aucune' if word in _FEMININE else 'aucun'} {word}"
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def format_finding(finding: Finding, *, colour: bool = False) -> str:
    """``file:line:col: avertissement CG101 Partie « rectorat » — message``."""
    severity = finding.severity.french
    if colour:
        severity = click.style(severity, fg=_COLOURS[finding.severity], bold=True)
    subject = f"{finding.subject} — " if finding.subject else ""
    return (
        f"{finding.file}:{finding.line}:{finding.column}: {severity} {finding.code} "
        f"{subject}{finding.message}"
    )


def summary_line(result: CheckResult) -> str:
    """« conventions/x.yaml : 2 erreurs, 6 avertissements (projet) »."""
    if result.error is not None:
        return f"{result.file} : illisible"
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    status = ""
    if result.document is not None and isinstance(result.document.data, dict):
        status = {"draft": " (projet)", "final": " (version finale)"}.get(
            str(result.document.data.get("status")), ""
        )
    return (
        f"{result.file} : {_plural(errors, 'erreur')}, {_plural(warnings, 'avertissement')}{status}"
    )


def format_check(results: Sequence[CheckResult], *, colour: bool = False) -> str:
    """The text report of ``convgen check``: one line per finding, then a summary."""
    lines: list[str] = []
    for result in results:
        lines.extend(format_finding(f, colour=colour) for f in result.findings)
    for result in results:
        lines.append(summary_line(result))
    if len(results) > 1:
        errors = sum(r.count(Severity.ERROR) for r in results)
        warnings = sum(r.count(Severity.WARNING) for r in results)
        unreadable = sum(1 for r in results if r.error is not None)
        total = f"{len(results)} fichiers vérifiés : {_plural(errors, 'erreur')}, "
        total += _plural(warnings, "avertissement")
        if unreadable:
            total += f", {_plural(unreadable, 'fichier illisible', 'fichiers illisibles')}"
        lines.append(total)
    return "\n".join(lines)


def format_build(result: BuildResult, *, colour: bool = False) -> str:
    """The text report of ``convgen build``: findings, then what was written or why not."""
    lines = [format_finding(f, colour=colour) for f in result.check.findings]
    if result.output is not None:
        warnings = result.check.count(Severity.WARNING)
        done = f"Document écrit : {result.output}"
        if warnings:
            done += f" ({_plural(warnings, 'avertissement')}"
            done += ", lacunes surlignées)" if result.gaps else ")"
        lines.append(done)
    else:
        lines.append(f"Génération refusée : {result.reason}")
    return "\n".join(lines)
