"""Where the two versions of a review come from: files, or revisions of a file in git."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..loader import SourceDocument, parse, read_text


@dataclass(frozen=True)
class Version:
    """One side of a review: what to call it, and the document read."""

    label: str
    document: SourceDocument


def _git(arguments: list[str], cwd: Path) -> str:
    git = shutil.which("git")
    if git is None:
        raise InputError("git est introuvable : impossible de lire une révision")
    completed = subprocess.run(
        [git, *arguments], cwd=cwd, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        reason = (completed.stderr.strip().splitlines() or ["erreur inconnue"])[0]
        raise InputError(f"git : {reason}")
    return completed.stdout


def read_version(spec: str) -> Version:
    """A file (``conventions/x.yaml``) or a git revision of one (``HEAD~1:conventions/x.yaml``).

    As with ``git show``, the path after ``:`` is relative to the top of the
    repository, or to the current directory when it starts with ``./``.
    """
    path = Path(spec)
    if path.is_file():
        return Version(spec, parse(read_text(path), path))
    revision, colon, inside = spec.partition(":")
    if not colon or not revision or not inside:
        raise InputError("fichier introuvable (ni fichier, ni révision git REV:chemin)", file=spec)
    top = Path(_git(["rev-parse", "--show-toplevel"], Path.cwd()).strip())
    relative = Path(inside)
    if inside.startswith("./"):
        relative = Path.cwd().relative_to(top) / inside[2:] if Path.cwd() != top else Path(inside)
    text = _git(["show", f"{revision}:{relative.as_posix()}"], top)
    # Relative references (an approved convention) are read beside the file in the work tree.
    return Version(spec, parse(text, top / relative))
