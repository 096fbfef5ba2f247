"""What one run (a ``check``, a ``build``) reads once and shares between its documents:
the models and shared parties a programme's conventions extend, the project
configurations, the annexed PDFs. An object the run creates and drops, never a
module's global: two runs in one process (tests, a server) share nothing, and
nothing outlives them."""

from __future__ import annotations

from pathlib import Path

from convgen.foundation.paths import Project
from convgen.loading.pdffile import PdfCache
from convgen.loading.reader import SourceDocument, load

_DOCUMENTS = 256  # models and shared parties a run holds at most


class RunCache:
    """The files of one run, each read once per version."""

    def __init__(self) -> None:
        self.pdfs = PdfCache()
        self._documents: dict[tuple[Path, int, int], SourceDocument] = {}
        self._projects: dict[Path, Project] = {}

    def load(self, path: Path) -> SourceDocument:
        """Load a model or a shared party, once per version of the file: a programme's
        hundred conventions read the same few files."""
        try:
            stat = path.stat()
        except OSError:
            return load(path)  # raises the InputError that says why
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in self._documents:
            if len(self._documents) > _DOCUMENTS:
                self._documents.clear()
            self._documents[key] = load(path)
        return self._documents[key]

    def project(self, root: Path) -> Project:
        """The project folder ``root`` and the folders its configuration allows, read once
        (:class:`~convgen.foundation.errors.UsageError` when it cannot be read)."""
        root = root.resolve()
        found = self._projects.get(root)
        if found is None:
            found = self._projects[root] = Project.at(root)
        return found
