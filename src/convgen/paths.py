"""Files a document refers to (annexes, approved conventions): where they are, and
whether they stay inside the project.

A YAML file travels by e-mail between institutions; a path written in it must
not make convgen read or embed a file elsewhere on the recipient's disk. A
referenced file is therefore resolved relative to the YAML file and must lie
inside the *project*: the nearest folder above the YAML file that holds a
``convgen.toml``, a ``pyproject.toml`` or a ``.git``, or else the YAML file's
own folder. Symbolic links are followed before the check, so a link cannot
lead outside either.

Folders outside the project may be allowed explicitly, in the project's
configuration (``convgen.toml``, or ``[tool.convgen]`` of ``pyproject.toml``,
in the project folder)::

    shared-folders = ["../annexes-communes"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath

PROJECT_MARKERS = ("convgen.toml", "pyproject.toml", ".git")


def project_root(document: Path) -> Path:
    """The project folder of the YAML file ``document`` (resolved)."""
    folder = document.resolve().parent
    for directory in (folder, *folder.parents):
        if any((directory / marker).exists() for marker in PROJECT_MARKERS):
            return directory
    return folder


@lru_cache(maxsize=64)
def _shared_folders(root: Path, stamp: float) -> tuple[Path, ...]:
    del stamp  # part of the cache key: a changed configuration is read again
    for name, table in (("convgen.toml", None), ("pyproject.toml", ("tool", "convgen"))):
        config = root / name
        if not config.is_file():
            continue
        try:
            data = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return ()  # reported when the configuration is loaded for the check
        for key in table or ():
            data = data.get(key, {}) if isinstance(data, dict) else {}
        folders = data.get("shared-folders", []) if isinstance(data, dict) else []
        if isinstance(folders, list):
            return tuple((root / str(f)).resolve() for f in folders)
    return ()


def allowed_folders(root: Path) -> tuple[Path, ...]:
    """The project folder and the folders its configuration allows besides."""
    stamps = [
        (root / n).stat().st_mtime
        for n in ("convgen.toml", "pyproject.toml")
        if (root / n).is_file()
    ]
    return (root, *_shared_folders(root, max(stamps, default=0.0)))


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
    if not any(target.is_relative_to(folder) for folder in allowed_folders(root)):
        how = "par un lien symbolique" if ".." not in Path(written).parts else "par « .. »"
        return Reference(
            written,
            target,
            f"le chemin sort du dossier du projet ({root}) {how} ; un dossier commun se "
            "déclare dans la configuration du projet (shared-folders)",
        )
    return Reference(written, target, None)
