"""Rendering documents into Word files with docxtpl: one module per kind of document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..deliberation import Deliberation
from .convention import Renderer, render_convention
from .deliberation import render_deliberation

__all__ = ["Renderer", "render", "render_convention", "render_deliberation"]


def render(document: Any, template: str | Path | None = None) -> tuple[bytes, int]:
    """The .docx of a convention or a deliberation, and the number of gaps highlighted."""
    if isinstance(document, Deliberation):
        return render_deliberation(document, template)
    return render_convention(document, template)
