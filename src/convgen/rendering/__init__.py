"""Rendering documents into Word files with docxtpl: one module per kind of document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from convgen.model.avenant import Avenant
from convgen.model.deliberation import Deliberation
from convgen.rendering.base import Properties
from convgen.rendering.convention import Renderer, render_convention
from convgen.rendering.convention import properties as convention_properties
from convgen.rendering.deliberation import DeliberationRenderer, render_deliberation
from convgen.rendering.deliberation import properties as deliberation_properties
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


def render(document: Any, template: str | Path | None = None) -> tuple[bytes, int]:
    """The .docx of a convention, an avenant or a deliberation, and the number of gaps
    highlighted."""
    document = printed(document)
    if isinstance(document, Deliberation):
        return render_deliberation(document, template)
    return render_convention(document, template)


def document_properties(document: Any) -> Properties:
    """Title, subject, author, keywords and date, as the rendered document carries them."""
    document = printed(document)
    if isinstance(document, Deliberation):
        return deliberation_properties(document, DeliberationRenderer(document).object())
    return convention_properties(document)
