"""Rendering documents into Word files with docxtpl: one module per kind of document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from convgen.foundation.findings import Finding
from convgen.model.avenant import Avenant
from convgen.model.convention import Convention
from convgen.model.deliberation import Deliberation
from convgen.rendering.base import Properties
from convgen.rendering.comments import anchor, comment_for, write_comments
from convgen.rendering.convention import Renderer, render_convention
from convgen.rendering.convention import properties as convention_properties
from convgen.rendering.deliberation import DeliberationRenderer, render_deliberation
from convgen.rendering.deliberation import properties as deliberation_properties
from convgen.rendering.marks import Marks
from convgen.rendering.template_check import check_template

__all__ = [
    "Properties",
    "Renderer",
    "check_template",
    "document_properties",
    "printed",
    "render",
    "render_convention",
    "render_deliberation",
]


def printed(document: Any) -> Any:
    """What prints ``document``: an avenant's drafted text (a convention-shaped
    document), the document itself otherwise."""
    if isinstance(document, Avenant):
        if document.text is None:  # the convention amended is unavailable (CG901)
            raise TypeError("an avenant without its convention cannot be rendered")
        return document.text
    return document


def render(
    document: Any, template: str | Path | None = None, *, findings: Sequence[Finding] = ()
) -> tuple[bytes, int]:
    """The .docx of a convention, an avenant or a deliberation, and the number of gaps
    highlighted.

    ``findings`` are written into a draft as Word comments, each on the words it
    concerns (:mod:`convgen.rendering.comments`); a final version carries none."""
    document = printed(document)
    if not findings or document.is_final:
        if isinstance(document, Deliberation):
            return render_deliberation(document, template)
        return render_convention(document, template)
    marks = Marks()
    if isinstance(document, Deliberation):
        data, gaps = render_deliberation(document, template, marks)
    else:
        data, gaps = render_convention(document, template, marks)
    source = document.source.data if document.source is not None else None
    comments = [
        comment_for(finding, anchor(finding, marks, source), _party_name(document, finding))
        for finding in findings
    ]
    return write_comments(data, comments), gaps


def _party_name(document: Any, finding: Finding) -> str | None:
    """The name of the party ``finding`` concerns, as the convention names it."""
    if finding.party is None:
        return None
    party = document.party(finding.party) if isinstance(document, Convention) else None
    return party.name if party is not None else finding.party


def document_properties(document: Any) -> Properties:
    """Title, subject, author, keywords and date, as the rendered document carries them."""
    document = printed(document)
    if isinstance(document, Deliberation):
        return deliberation_properties(document, DeliberationRenderer(document).object())
    return convention_properties(document)
