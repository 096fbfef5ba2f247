"""Legal review: what changed between two versions of a convention or a deliberation.

:func:`review` compares two versions (files or git revisions) structurally;
:func:`redline` writes the NEW build with tracked changes against the OLD one;
:func:`html_page` lays out the summary and the redline as one web page;
:func:`run` does all a ``convgen diff`` asks: compare, then write the redline and the
page it was asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from convgen.building.build import guard_outputs, inputs, sweep_temporary, write_atomically
from convgen.checking.check import CheckResult, check_document
from convgen.checking.config import Config
from convgen.foundation.errors import InputError, UsageError
from convgen.foundation.resources import KINDS
from convgen.rendering import render
from convgen.review.changes import Change, Review, compare, compare_data
from convgen.review.docx import Redline, accept_all, reject_all
from convgen.review.docx import redline as _redline
from convgen.review.html import html_page
from convgen.review.sources import Version, read_version

__all__ = [
    "Change",
    "Comparison",
    "Redline",
    "Review",
    "ReviewRun",
    "accept_all",
    "default_date",
    "html_page",
    "prepare_outputs",
    "redline",
    "reject_all",
    "review",
    "revision_date",
    "run",
]


@dataclass
class Comparison:
    """The two versions as checked, and what changed between them."""

    old: CheckResult
    new: CheckResult
    review: Review

    @property
    def renderable(self) -> bool:
        return self.old.model is not None and self.new.model is not None


def _checked(version: Version, config: Config | None) -> CheckResult:
    result = check_document(version.document, config=config)
    if version.document.kind is None:
        raise InputError(
            "ce n'est pas un document convgen (« document: » absent)", file=version.label
        )
    return result


def review(old: str, new: str, *, config: Config | None = None) -> Comparison:
    """Compare two versions given as files or git revisions (``HEAD~1:chemin``)."""
    old_version, new_version = read_version(old), read_version(new)
    old_result, new_result = _checked(old_version, config), _checked(new_version, config)
    old_kind, new_kind = old_version.document.kind, new_version.document.kind
    if old_kind != new_kind:
        raise UsageError(f"les deux versions ne sont pas du même type ({old_kind}, {new_kind})")
    if old_result.model is not None and new_result.model is not None:
        summary = compare(old_result.model, new_result.model, old_label=old, new_label=new)
    else:
        summary = compare_data(
            str(new_kind),
            old_version.document.data,
            new_version.document.data,
            old_label=old,
            new_label=new,
        )
    return Comparison(old_result, new_result, summary)


def prepare_outputs(
    comparison: Comparison,
    *,
    docx: str | Path | None = None,
    html: str | Path | None = None,
    template: str | Path | None = None,
    force: bool = False,
    config: Config | None = None,
) -> None:
    """Make sure the review's outputs may be written, before anything is: neither may
    replace what the two versions are made from (their files, models, shared parties,
    annexes, the template, the configuration), nor each other, nor, without ``force``, a
    file built from a final version. Raises :class:`UsageError`; removes the temporary
    files a killed run left beside them."""
    outputs = [
        (option, Path(path)) for option, path in (("--docx", docx), ("--html", html)) if path
    ]
    if not outputs:
        return
    made_from: list[Path] = []
    for result in (comparison.old, comparison.new):
        made_from.append(result.file)
        if result.document is not None and result.document.kind in KINDS:
            made_from.extend(inputs(result, template, pdf=True))
        elif template is not None:
            made_from.append(Path(template))
    if config is not None and config.source is not None:
        made_from.append(config.source)
    guard_outputs(outputs, made_from, force=force)
    sweep_temporary(path.parent for _, path in outputs)


def default_date() -> str:
    """Today, at midnight UTC: the date revisions carry unless told otherwise."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT00:00:00Z")


def redline(
    comparison: Comparison,
    *,
    author: str = "convgen",
    date: str | None = None,
    template: str | Path | None = None,
) -> Redline:
    """The NEW document with tracked changes against OLD, both built with ``template``."""
    if not comparison.renderable:
        raise InputError(
            "un des deux documents n'a pas une structure valide : impossible de le mettre en "
            "forme (convgen check le détaille)"
        )
    old_data, _ = render(comparison.old.model, template)
    new_data, _ = render(comparison.new.model, template)
    return _redline(old_data, new_data, author=author, date=date or default_date())


def revision_date(day: str | None) -> str | None:
    """The date revisions carry, given as ``AAAA-MM-JJ`` (``None``: today, when written).
    Raises :class:`UsageError` for anything else."""
    if day is None:
        return None
    try:
        return dt.date.fromisoformat(day).strftime("%Y-%m-%dT00:00:00Z")
    except ValueError:
        raise UsageError(f"--date : « {day} » n'est pas une date AAAA-MM-JJ") from None


@dataclass
class ReviewRun:
    """What :func:`run` compared and wrote."""

    comparison: Comparison
    #: the tracked-changes document, unless a version cannot be modelled or none was asked
    marked: Redline | None
    #: the tracked-changes document written, the page written (summary at least), as given
    docx: str | None
    html: str | None
    #: why a document asked for could not be laid out (« convgen check » says more)
    unformatted: str | None

    @property
    def review(self) -> Review:
        return self.comparison.review


def run(
    old: str,
    new: str,
    *,
    docx: str | Path | None = None,
    html: str | Path | None = None,
    author: str = "convgen",
    day: str | None = None,
    template: str | Path | None = None,
    force: bool = False,
    config: Config | None = None,
) -> ReviewRun:
    """Compare OLD and NEW; write the NEW document with tracked changes to ``docx`` and
    the review page to ``html``, if asked. A version that cannot be modelled still gets
    its summary, and a page with it; what could not be laid out is in ``unformatted``.
    ``day`` is the date of the revisions (``AAAA-MM-JJ``, by default today). Raises
    :class:`~convgen.foundation.errors.ConvgenError`."""
    date = revision_date(day)
    comparison = review(old, new, config=config)
    prepare_outputs(comparison, docx=docx, html=html, template=template, force=force, config=config)
    marked = None
    if (docx or html) and comparison.renderable:
        marked = redline(comparison, author=author, date=date, template=template)
    docx_written = html_written = None
    if docx and marked is not None:
        write_atomically(Path(docx), marked.data)
        docx_written = str(docx)
    if html:
        page = html_page(comparison.review, marked.data if marked else None)
        write_atomically(Path(html), page.encode("utf-8"))
        html_written = str(html)
    unformatted = None
    if (docx or html) and marked is None:
        unformatted = (
            "une des deux versions n'a pas une structure valide (convgen check la détaille) : "
            "pas de document mis en forme"
            + (f", {docx} n'est pas écrit" if docx else "")
            + (f", {html} ne contient que le résumé" if html else "")
        )
    return ReviewRun(comparison, marked, docx_written, html_written, unformatted)
