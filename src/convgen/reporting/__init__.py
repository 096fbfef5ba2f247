"""Stage 8 — reporting: findings, builds and reviews said for a person (text) or for a
tool (JSON, GitHub annotations, SARIF, Markdown).

Every format is one class, chosen by name from a registry, and the formats a command
offers are the registry's names:

* :data:`REPORTERS`: the formats of a check (``convgen check``, ``convgen template
  check``): text, json, github, sarif;
* :data:`REVIEW_REPORTERS`: the review summary (``convgen diff``): text, markdown, json;
* :data:`BUILD_REPORTERS`: the report of a build, of one document or of many;
* :data:`RULES_REPORTERS`: the list of codes (``convgen rules``): text, markdown;
* :class:`AvenantReporter`: what ``convgen avenant`` wrote.

Reporters return text; they never print. This module only names them: the code that
writes each format (:mod:`.reports`, :mod:`.review`) is imported when a report is made,
since it needs the rules' registry, a third of a second to import, and the command line
imports this module as it starts.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from convgen.foundation.errors import UsageError

if TYPE_CHECKING:
    from convgen.building.build import BuildResult
    from convgen.checking.check import CheckResult
    from convgen.review.avenant import AvenantRun
    from convgen.review.changes import Review

__all__ = [
    "BUILD_REPORTERS",
    "FORMATS",
    "REPORTERS",
    "REVIEW_FORMATS",
    "REVIEW_REPORTERS",
    "RULES_FORMATS",
    "RULES_REPORTERS",
    "AvenantReporter",
    "Reporter",
    "build_reporter",
    "reporter",
    "review_reporter",
    "rules_reporter",
]

S = TypeVar("S")


class Reporter(ABC, Generic[S]):
    """One format: :meth:`report` turns what a command found into text."""

    name: ClassVar[str]
    #: whether the format has colours (then only if asked for: a terminal, no NO_COLOR)
    coloured: ClassVar[bool] = False

    def __init__(self, *, colour: bool = False) -> None:
        self.colour = colour and self.coloured

    @abstractmethod
    def report(self, subject: S, /) -> str:
        """The report; empty when there is nothing to show."""


# --- checks ------------------------------------------------------------------------------


class CheckReporter(Reporter[Sequence["CheckResult"]]):
    """A check report: findings, a summary per file, what each party still has to provide.

    An unreadable file is a finding in the machine formats; the text report leaves it
    out, the command saying it on its error output."""

    #: whether an unreadable file is in the report
    with_unreadable: ClassVar[bool] = True

    def report(self, results: Sequence[CheckResult], /) -> str:
        shown = [r for r in results if self.with_unreadable or r.error is None]
        return self.render(shown) if shown else ""

    @abstractmethod
    def render(self, results: Sequence[CheckResult]) -> str:
        """The report of ``results``, at least one."""


class TextReporter(CheckReporter):
    """``file:line:col: sévérité CODE sujet — message``, summaries, « Avant signature »."""

    name = "text"
    coloured = True
    with_unreadable = False

    def render(self, results: Sequence[CheckResult]) -> str:
        from convgen.reporting import reports  # slow to import: see the module's docstring

        return reports.format_text(results, colour=self.colour)


class JsonReporter(CheckReporter):
    """A stable, versioned document (docs/json.md, schemas/report.schema.json)."""

    name = "json"

    def render(self, results: Sequence[CheckResult]) -> str:
        from convgen.reporting import reports  # slow to import: see the module's docstring

        return reports.format_json(results)


class GithubReporter(CheckReporter):
    """GitHub Actions workflow commands, which annotate the lines of a pull request."""

    name = "github"

    def render(self, results: Sequence[CheckResult]) -> str:
        from convgen.reporting import reports  # slow to import: see the module's docstring

        return reports.format_github(results)


class SarifReporter(CheckReporter):
    """SARIF 2.1.0, for code-scanning dashboards."""

    name = "sarif"

    def render(self, results: Sequence[CheckResult]) -> str:
        from convgen.reporting import reports  # slow to import: see the module's docstring

        return reports.format_sarif(results)


# --- builds ------------------------------------------------------------------------------


class BuildReporter(Reporter[Sequence["BuildResult"]]):
    """What a build wrote or why not: the report of one document, or, for many, their
    errors and a table. A file that could not be read is left out (the command says it
    on its error output), as is an output that could not be written."""

    name = "text"
    coloured = True

    def __init__(self, *, colour: bool = False, pdfa: bool = False) -> None:
        super().__init__(colour=colour)
        self.pdfa = pdfa

    def report(self, results: Sequence[BuildResult], /) -> str:
        from convgen.reporting import reports  # slow to import: see the module's docstring

        if len(results) > 1:
            return reports.format_batch(results, colour=self.colour, pdfa=self.pdfa)
        shown = [r for r in results if r.check.error is None]
        if not shown:
            return ""
        return reports.format_build(shown[0], colour=self.colour, pdfa=self.pdfa)


# --- avenants ----------------------------------------------------------------------------


class AvenantReporter(Reporter["AvenantRun"]):
    """The articles of the avenant written, its proof and its files."""

    name = "text"
    coloured = True

    def report(self, run: AvenantRun, /) -> str:
        from convgen.reporting.avenant import format_avenant  # slow: the rules' registry

        return format_avenant(run, colour=self.colour)


# --- reviews -----------------------------------------------------------------------------


class ReviewReporter(Reporter["Review"]):
    """The summary of what changed between two versions."""


class ReviewTextReporter(ReviewReporter):
    """Sections, one line per change, changed words marked (coloured on a terminal)."""

    name = "text"
    coloured = True

    def report(self, summary: Review, /) -> str:
        from convgen.reporting import review  # slow to import: see the module's docstring

        return review.format_text(summary, colour=self.colour)


class ReviewMarkdownReporter(ReviewReporter):
    """Markdown, for a pull request or a review note."""

    name = "markdown"

    def report(self, summary: Review, /) -> str:
        from convgen.reporting import review  # slow to import: see the module's docstring

        return review.format_markdown(summary)


class ReviewJsonReporter(ReviewReporter):
    """JSON (docs/review.md)."""

    name = "json"

    def report(self, summary: Review, /) -> str:
        from convgen.reporting import review  # slow to import: see the module's docstring

        return review.format_json(summary)


# --- the rules ---------------------------------------------------------------------------


class RulesReporter(Reporter[None]):
    """Every code convgen may report."""


class RulesTextReporter(RulesReporter):
    """One line per code: code, default severity, title."""

    name = "text"

    def report(self, _: None = None, /) -> str:
        from convgen.reporting import reports  # slow to import: see the module's docstring

        return reports.format_rules_text()


class RulesMarkdownReporter(RulesReporter):
    """``docs/rules.md``: every code with its documentation, grouped by family."""

    name = "markdown"

    def report(self, _: None = None, /) -> str:
        from convgen.reporting import reports  # slow to import: see the module's docstring

        return reports.format_rules_markdown()


# --- the registries ----------------------------------------------------------------------

R = TypeVar("R", bound=Reporter)  # type: ignore[type-arg]


def _registry(*classes: type[R]) -> dict[str, type[R]]:
    return {cls.name: cls for cls in classes}


REPORTERS: dict[str, type[CheckReporter]] = _registry(
    TextReporter, JsonReporter, GithubReporter, SarifReporter
)
REVIEW_REPORTERS: dict[str, type[ReviewReporter]] = _registry(
    ReviewTextReporter, ReviewMarkdownReporter, ReviewJsonReporter
)
BUILD_REPORTERS: dict[str, type[BuildReporter]] = _registry(BuildReporter)
RULES_REPORTERS: dict[str, type[RulesReporter]] = _registry(
    RulesTextReporter, RulesMarkdownReporter
)

#: the formats of a check, of a review summary, of the list of codes
FORMATS = tuple(REPORTERS)
REVIEW_FORMATS = tuple(REVIEW_REPORTERS)
RULES_FORMATS = tuple(RULES_REPORTERS)


def _chosen(registry: Mapping[str, type[R]], name: str) -> type[R]:
    try:
        return registry[name]
    except KeyError:
        known = ", ".join(registry)
        raise UsageError(f"format inconnu : « {name} » (formats : {known})") from None


def reporter(name: str, *, colour: bool = False) -> CheckReporter:
    """The check reporter called ``name`` (:data:`FORMATS`); :class:`UsageError` if none."""
    return _chosen(REPORTERS, name)(colour=colour)


def review_reporter(name: str, *, colour: bool = False) -> ReviewReporter:
    """The review reporter called ``name`` (:data:`REVIEW_FORMATS`)."""
    return _chosen(REVIEW_REPORTERS, name)(colour=colour)


def build_reporter(
    name: str = "text", *, colour: bool = False, pdfa: bool = False
) -> BuildReporter:
    """The build reporter called ``name``."""
    return _chosen(BUILD_REPORTERS, name)(colour=colour, pdfa=pdfa)


def rules_reporter(name: str) -> RulesReporter:
    """The reporter of the list of codes called ``name`` (:data:`RULES_FORMATS`)."""
    return _chosen(RULES_REPORTERS, name)()
