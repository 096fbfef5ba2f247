"""Annexes that are other convgen documents of the project (``document:``): a
convention-cadre annexed to its application convention, the deliberation that approves
it. The check follows the path, checks the document named there and keeps what it
found on the annex (:class:`AnnexedDocument`), for the rules (CG707-CG719), the
renderer (the document's title in the list of annexes) and the build (its PDF joined
after the convention)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from convgen.foundation.errors import ConvgenError
from convgen.foundation.findings import Finding, Path_
from convgen.loading.reader import SourceDocument, value_at

if TYPE_CHECKING:
    from convgen.model.convention import Annex, Convention

# The kinds of document an annex may name: what convgen renders on its own.
ANNEXABLE_KINDS = ("convention", "deliberation")


class CheckedDocument(Protocol):
    """An annexed document as the check saw it (a
    :class:`convgen.checking.check.CheckResult` is one): the model names what rules and
    renderers read of it, without depending on the stage that checks."""

    @property
    def file(self) -> Path: ...
    @property
    def error(self) -> ConvgenError | None: ...
    @property
    def document(self) -> SourceDocument | None: ...
    @property
    def model(self) -> object: ...  # a Convention, a Deliberation, or None
    @property
    def findings(self) -> list[Finding]: ...


@dataclass
class AnnexedDocument:
    """The document an annex names, as the check followed it."""

    written: str  # the path as written in the YAML
    path: Path_  # where it is written (``("annexes", 2, "document")``)
    file: Path | None = None  # the resolved file, when the path may be followed
    result: CheckedDocument | None = None  # its check, when it exists and was followed
    refused: str | None = None  # why the path may not be followed (outside the project…)
    missing: bool = False  # the path may be followed, but names no file
    cycle: tuple[Path, ...] = ()  # the chain of documents that leads back to one of them

    @property
    def kind(self) -> str | None:
        """« convention », « deliberation »…, as the document declares it."""
        document = self.result.document if self.result is not None else None
        return document.kind if document is not None else None

    @property
    def title(self) -> str | None:
        """The annexed document's own title, when it could be read."""
        model = self.result.model if self.result is not None else None
        return document_title(model)


def document_title(model: object) -> str | None:
    """« Convention cadre de partenariat 2024-2026 — Apprentissage au Pays d'Aix » for a
    convention, « Délibération n° 2024-12 du conseil municipal » for a deliberation."""
    from convgen.model.convention import Convention
    from convgen.model.deliberation import Deliberation

    if isinstance(model, Convention):
        title = model.title
        period = "-".join(str(y) for y in title.period) if title.period else ""
        head = " ".join(t for t in (title.kind, period) if t)
        return f"{head} — {title.name}" if title.name else head
    if isinstance(model, Deliberation):
        from convgen.foundation import french

        number = f" n° {model.number}" if model.number else ""
        assembly = french.definite(model.assembly, model.gender, form="de")
        authority = model.authority.name
        of_whom = (
            f" {french.definite(authority, model.authority.gender, form='de')}" if authority else ""
        )
        day = french.lenient(french.format_date, model.session.date) if model.session.date else ""
        return f"Délibération{number} {assembly}{of_whom}" + (f" du {day}" if day else "")
    return None


def written_document(convention: Convention, annex: Annex) -> str | None:
    """The annex's ``document`` exactly as written in the YAML file (a NUL character
    must refuse the path, not be dropped from it as the model's text is)."""
    raw = value_at(convention.source.data, (*annex.path, "document"))
    return raw if isinstance(raw, str) else None


def document_written_in(convention: Convention, annex: Annex) -> Path:
    """The YAML file the annex's ``document`` was written in (a model's path is relative
    to the model)."""
    source = convention.source
    return source.file_of(source.position((*annex.path, "document")))
