"""An avenant tried on the text it amends, as the signed document prints it (CG904–CG906).

The rules of :mod:`convgen.checking.rules.avenants` read the avenant and the convention
as models; whether each change applies needs more: the convention's alinéas as printed
(:func:`convgen.rendering.consolidated.legal_text`), where « trois mois » is written
out. :func:`findings` tries every operation with the proof's own
:func:`convgen.model.amendments.attempt` and says, for each that does not apply, why, at
the line of the change. ``convgen check`` and ``convgen build`` pass it to the check
(:func:`check_paths`, the build), so that the findings are configured and suppressed as
every other.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from convgen.checking.check import CheckResult, Document
from convgen.checking.check import check_paths as _check_paths
from convgen.checking.config import Config
from convgen.checking.placing import make_finding
from convgen.foundation import codes
from convgen.foundation.findings import Finding, Severity
from convgen.model.amendments import MISSING, NUMBERING, WORDS, attempt
from convgen.model.avenant import Avenant

_CODES = {
    MISSING: codes.AMENDED_PLACE,
    WORDS: codes.AMENDED_WORDS,
    NUMBERING: codes.AMENDED_NUMBERING,
}


def findings(model: Document) -> list[Finding]:
    """For an avenant whose convention could be modelled, each change that does not
    apply to the text as signed; nothing for any other document."""
    if not isinstance(model, Avenant) or model.convention is None:
        return []
    from convgen.rendering.consolidated import legal_text  # docxtpl: only for avenants

    _, failures = attempt(model.operations, legal_text(model.convention))
    return [
        make_finding(
            model.source,
            model.outline,
            _CODES[failure.error.kind],
            Severity.ERROR,
            failure.error.message,
            failure.operation.path,
        )
        for failure in failures
    ]


def check_paths(
    paths: Iterable[str | Path],
    *,
    strict: bool = False,
    config: Config | None = None,
    skip_other_yaml: bool = False,
    with_dependents: bool = False,
) -> list[CheckResult]:
    """:func:`convgen.checking.check.check_paths`, avenants tried on their convention."""
    return _check_paths(
        paths,
        strict=strict,
        config=config,
        skip_other_yaml=skip_other_yaml,
        with_dependents=with_dependents,
        verify=findings,
    )
