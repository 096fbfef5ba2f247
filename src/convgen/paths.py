"""Files a document refers to (annexes, approved conventions): where they are, and
whether they stay inside the project.

A YAML file travels by e-mail between institutions; a path written in it must
not make convgen read or embed a file elsewhere on the recipient's disk. A
referenced file is therefore resolved relative to the YAML file and must lie
inside the *project*: the nearest folder above the YAML file that holds a
``convgen.toml``, a ``pyproject.toml`` or a ``.git``, or else the YAML file's
own folder. Symbolic links are followed before the check, so a link cannot
lead outside either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

PROJECT_MARKERS = ("convgen.toml", "pyproject.toml", ".git")


def project_root(document: Path) -> Path:
    """The project folder of the YAML file ``document`` (resolved)."""
    folder = document.resolve().parent
    for directory in (folder, *folder.parents):
        if any((directory / marker).exists() for marker in PROJECT_MARKERS):
            return directory
    return folder


@dataclass(frozen=True)
class Reference:
    """A path written in a document, resolved."""

    written: str
    path: Path  # resolved, symbolic links followed
    problem: str | None  # why it may not be used, in French; None when it may

    @property
    def usable(self) -> bool:
        return self.problem is None


def resolve(document: Path, written: str, root: Path | None = None) -> Reference:
    """Resolve ``written`` (relative to the YAML file ``document``) and check that it stays
    inside the project ``root`` (by default, :func:`project_root` of ``document``)."""
    root = (root or project_root(document)).resolve()
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).is_absolute():
        target = Path(written).resolve()
        return Reference(written, target, "chemin absolu : écrivez-le relativement au fichier YAML")
    target = (document.resolve().parent / written).resolve()
    if not target.is_relative_to(root):
        how = "par un lien symbolique" if ".." not in Path(written).parts else "par « .. »"
        return Reference(written, target, f"le chemin sort du dossier du projet ({root}) {how}")
    return Reference(written, target, None)
