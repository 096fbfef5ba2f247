"""What ``convgen avenant`` wrote: the avenant's articles, its proof, its files, and the
findings of its check (warnings: a convention whose signature is not dated…)."""

from __future__ import annotations

import click

from convgen.foundation import french
from convgen.reporting.reports import format_finding
from convgen.reporting.terminal import visible
from convgen.review.avenant import AvenantRun


def format_avenant(run: AvenantRun, *, colour: bool = False) -> str:
    """The report of one avenant, for a person: empty when it was refused (the refusal
    is one line on the error output)."""
    check = run.check
    lines: list[str] = []
    if check is not None:
        lines.extend(
            format_finding(f, colour=colour) for f in check.findings if f.suppressed is None
        )
    if run.refused is not None or check is None or check.avenant is None:
        return "\n".join(lines)
    text = check.avenant.text
    if text is None:
        return "\n".join(lines)
    number = check.avenant.number
    lines.append(f"Avenant n° {number} : {visible(run.old)} → {visible(run.new)}")
    for article in text.articles:
        lines.append(f"  {visible(article.heading)}")
    operations = french.count_noun(len(run.operations), "modification")
    proved = (
        f"Prouvé : ses {operations} appliquées au texte signé donnent exactement la version "
        "modifiée."
        if len(run.operations) > 1
        else f"Prouvé : sa {operations} appliquée au texte signé donne exactement la version "
        "modifiée."
    )
    lines.append(click.style(proved, fg="green") if colour else proved)
    lines.extend(f"Non repris par l'avenant : {visible(note)}" for note in run.unchanged)
    if run.yaml:
        lines.append(f"YAML écrit : {visible(run.yaml)}")
    if run.docx:
        lines.append(f"Avenant écrit : {visible(run.docx)}")
    if run.pdf:
        lines.append(f"PDF écrit : {visible(run.pdf)} ({french.count_noun(run.pages, 'page')})")
    return "\n".join(lines)
