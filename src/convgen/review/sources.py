"""Where the two versions of a review come from: files, or revisions of a file in git."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from convgen.loading.reader import SourceDocument, parse, read_text
from convgen.loading.revisions import french_git_error, read_revision

__all__ = ["Version", "french_git_error", "read_version"]


@dataclass(frozen=True)
class Version:
    """One side of a review: what to call it, and the document read."""

    label: str
    document: SourceDocument


def read_version(spec: str) -> Version:
    """A file (``conventions/x.yaml``) or a git revision of one (``HEAD~1:conventions/x.yaml``).

    As with ``git show``, the path after ``:`` is relative to the top of the
    repository, or to the current directory when it starts with ``./``. A revision
    is never passed to git where it could be read as an option.
    """
    path = Path(spec)
    if path.is_file():
        return Version(spec, parse(read_text(path), path))
    # Relative references (an approved convention) are read beside the file in the work tree.
    return Version(spec, read_revision(spec, Path.cwd()))
