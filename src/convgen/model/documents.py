"""Annexes that are other convgen documents of the project (``document:``): a
convention-cadre annexed to its application convention, the deliberation that approves
it. The check follows the path, checks the document named there and keeps what it
found on the annex (:class:`AnnexedDocument`), for the rules (CG707-CG719), the
renderer (the document's title in the list of annexes) and the build (its PDF joined
after the convention)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from convgen.foundation.errors import ConvgenError
from convgen.foundation.findings import Finding, Path_
from convgen.loading.reader import SourceDocument, value_at

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


def written_document(source: SourceDocument, annex_path: Path_) -> str | None:
    """The ``document`` of the annex at ``annex_path`` exactly as written in the YAML file
    (a NUL character must refuse the path, not be dropped from it as the model's text is)."""
    raw = value_at(source.data, (*annex_path, "document"))
    return raw if isinstance(raw, str) else None


def document_written_in(source: SourceDocument, annex_path: Path_) -> Path:
    """The YAML file the ``document`` of the annex at ``annex_path`` was written in (a
    model's path is relative to the model)."""
    return source.file_of(source.position((*annex_path, "document")))
