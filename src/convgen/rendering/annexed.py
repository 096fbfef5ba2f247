"""How an annex that is another document of the project (``document:``) is named: the
list of annexes of the convention and the bookmarks of its PDF print its title."""

from __future__ import annotations

from convgen.foundation import french
from convgen.model.convention import Annex, Convention
from convgen.model.deliberation import Deliberation


def document_title(model: object) -> str | None:
    """« Convention cadre de partenariat 2024-2026 — Apprentissage au Pays d'Aix » for a
    convention, « Délibération n° 2024-12 du conseil municipal de la Ville d'Essai du
    10 mars 2022 » for a deliberation; None for anything else."""
    if isinstance(model, Convention):
        title = model.title
        period = "-".join(str(y) for y in title.period) if title.period else ""
        head = " ".join(t for t in (title.kind, period) if t)
        return f"{head} — {title.name}" if title.name else head
    if isinstance(model, Deliberation):
        number = f" n° {model.number}" if model.number else ""
        text = f"Délibération{number} {french.definite(model.assembly, model.gender, form='de')}"
        authority = model.authority
        if authority.name:
            text += f" {french.definite(authority.name, authority.gender, form='de')}"
        if model.session.date:
            text += f" du {french.lenient(french.format_date, model.session.date)}"
        return text
    return None


def annex_title(annex: Annex) -> str:
    """The title an annex is listed under: its own, else its annexed document's, else the
    path of that document as written."""
    if annex.title.strip():
        return annex.title
    annexed = annex.annexed
    model = annexed.result.model if annexed is not None and annexed.result is not None else None
    return document_title(model) or annex.document or ""
