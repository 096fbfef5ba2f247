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

A path is also refused, before anything is opened, when it cannot name a file
at all (a NUL character, a name longer than 255 bytes, a path longer than
4096 bytes, symbolic links that loop) or when it names something that is not a
regular file: a folder, a named pipe (opening one would wait forever for a
writer), a device such as ``/dev/zero`` (endless), a socket. Each refusal says
why in French, so that the finding at the path's position is clear.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from convgen.foundation.encoding import NotUtf8, decode_utf8
from convgen.foundation.errors import UsageError

PROJECT_MARKERS = ("convgen.toml", "pyproject.toml", ".git")  # CONFIG_FILES, and .git

# What the system accepts (Linux, macOS): longer names fail with ENAMETOOLONG.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4096

# Why a reference may not be used, by family (the annex checks give each its code).
OUTSIDE = "outside"  # absolute, « .. » or a symbolic link leading out of the project
INVALID = "invalid"  # cannot name a file: NUL, too long, symbolic links that loop
SPECIAL = "special"  # names a folder, a named pipe, a device or a socket
UNREADABLE = "unreadable"  # exists, but the system will not let it be examined (rights)

NUL_CHARACTER = "chemin invalide : caractère nul (U+0000) dans le chemin"
LOOP = "lien symbolique qui boucle : le chemin ne mène à aucun fichier"


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _length_problem(path: str) -> str | None:
    """Why ``path`` is too long for the system, or None (counted in UTF-8 bytes)."""
    for part in path.replace("\\", "/").split("/"):
        if _size(part) > MAX_NAME_BYTES:
            shown = part[:40] + "…"
            return (
                f"nom de fichier trop long : « {shown} » fait {_size(part)} octets "
                f"(au plus {MAX_NAME_BYTES})"
            )
    if _size(path) > MAX_PATH_BYTES:
        return f"chemin trop long : {_size(path)} octets (au plus {MAX_PATH_BYTES})"
    return None


def _invalid(written: str, absolute: str) -> str | None:
    """Why ``written`` (``absolute`` once joined to its folder) cannot name a file."""
    if "\0" in written:
        return NUL_CHARACTER
    return _length_problem(written) or _length_problem(absolute)


_KINDS = (
    (stat.S_ISDIR, "un dossier"),
    (stat.S_ISFIFO, "un tube nommé (FIFO)"),
    (stat.S_ISCHR, "un périphérique"),
    (stat.S_ISBLK, "un périphérique"),
    (stat.S_ISSOCK, "une socket"),
)


def file_problem(path: Path, shown: str | None = None) -> tuple[str, str] | None:
    """Why ``path`` cannot be read as a regular file, found without opening it.

    ``(family, message)`` with family :data:`INVALID`, :data:`SPECIAL` or
    :data:`UNREADABLE`; None for a regular file and for a path that does not exist
    (each caller says « introuvable » its own way). ``shown`` is the path as the
    message names it (by default, the file's name).
    """
    try:
        mode = os.stat(path).st_mode  # follows symbolic links, opens nothing
    except ValueError:
        return INVALID, NUL_CHARACTER
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return INVALID, LOOP
        if exc.errno == errno.ENAMETOOLONG:
            return INVALID, "nom de fichier trop long pour le système"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return None
        if exc.errno in (errno.EACCES, errno.EPERM):
            return UNREADABLE, "lecture refusée (droits d'accès)"
        return UNREADABLE, f"lecture impossible ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "un fichier spécial")
    return (
        SPECIAL,
        f"« {shown or path.name} » n'est pas un fichier ordinaire mais {kind} : "
        "convgen ne le lit pas",
    )


def safe_resolve(path: Path) -> Path | None:
    """``path`` with symbolic links followed, or None when they loop or it cannot be."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a loop, before Python 3.13
        return None


def project_root(document: Path) -> Path:
    """The project folder of the YAML file ``document`` (resolved)."""
    folder = document.resolve().parent
    for directory in (folder, *folder.parents):
        if any((directory / marker).exists() for marker in PROJECT_MARKERS):
            return directory
    return folder


# --- the project's configuration: one reader, for the check's settings and shared-folders ---

CONFIG_FILES = ("convgen.toml", "pyproject.toml")
_MAX_CONFIG_BYTES = 1024 * 1024  # a configuration is a few lines

_CONFIG_PROBLEMS = {
    errno.EACCES: "lecture refusée (droits d'accès)",
    errno.EPERM: "lecture refusée (droits d'accès)",
    errno.ENOENT: "fichier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ELOOP: "lien symbolique qui boucle sur lui-même",
    errno.EIO: "erreur d'entrée-sortie du disque",
}


def read_config(path: Path) -> dict[str, Any]:
    """The TOML table of the configuration file ``path``; any problem is one French line
    (:class:`UsageError`)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise UsageError("configuration illisible : ce n'est pas un fichier", file=path)
        with path.open("rb") as handle:
            raw = handle.read(_MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        problem = _CONFIG_PROBLEMS.get(exc.errno or 0) or f"erreur système n° {exc.errno}"
        raise UsageError(f"configuration illisible : {problem}", file=path) from exc
    if len(raw) > _MAX_CONFIG_BYTES:
        raise UsageError("configuration illisible : fichier trop volumineux", file=path)
    try:
        text = decode_utf8(raw)
    except NotUtf8 as exc:
        raise UsageError(
            f"configuration illisible : {exc} (enregistrez le fichier en UTF-8)",
            file=path,
            line=exc.line,
        ) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"configuration illisible : {exc}", file=path) from exc


def tool_table(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """The ``[tool.convgen]`` table of a ``pyproject.toml``, or None if it has none."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict) or "convgen" not in tool:
        return None
    table = tool["convgen"]
    if not isinstance(table, dict):
        raise UsageError("« tool.convgen » doit être une table de réglages", file=path)
    return table


def settings_in(path: Path) -> dict[str, Any] | None:
    """The convgen settings of the configuration file ``path`` (a ``convgen.toml`` whole,
    the ``[tool.convgen]`` table of a ``pyproject.toml``), or None when a
    ``pyproject.toml`` has none. Raises :class:`UsageError` when it cannot be read."""
    data = read_config(path)
    if path.name == "pyproject.toml":
        return tool_table(data, path)
    return data


def folder_settings(folder: Path) -> tuple[dict[str, Any], Path] | None:
    """The convgen settings ``folder`` itself holds and the file they are in: its
    ``convgen.toml``, else the ``[tool.convgen]`` table of its ``pyproject.toml``."""
    for name in CONFIG_FILES:
        path = folder / name
        if not path.is_file():
            continue
        table = settings_in(path)
        if table is not None:
            return table, path
    return None


def nearest_settings(start: Path) -> tuple[dict[str, Any], Path] | None:
    """The settings of ``start`` (a folder) or of its nearest parent that has some."""
    folder = start.resolve()
    for directory in (folder, *folder.parents):
        found = folder_settings(directory)
        if found is not None:
            return found
    return None


def shared_folders(root: Path) -> tuple[Path, ...]:
    """The folders the configuration of the project ``root`` allows besides it
    (``shared-folders``); raises :class:`UsageError` when that configuration cannot be
    read, so that a broken file is not taken for one that allows nothing."""
    found = folder_settings(root)
    if found is None:
        return ()
    folders = found[0].get("shared-folders", [])
    if not isinstance(folders, list):
        return ()
    # a folder that cannot be resolved (NUL, links that loop) allows nothing
    resolved = (safe_resolve(root / str(f)) for f in folders)
    return tuple(folder for folder in resolved if folder is not None)


def allowed_folders(root: Path) -> tuple[Path, ...]:
    """The project folder and the folders its configuration allows besides."""
    return (root, *shared_folders(root))


@dataclass(frozen=True)
class Project:
    """A project folder and the folders a reference may lead to, read once (a document
    resolves several references)."""

    root: Path  # resolved
    allowed: tuple[Path, ...]

    @classmethod
    def at(cls, root: Path) -> Project:
        root = root.resolve()
        return cls(root, allowed_folders(root))

    @classmethod
    def of(cls, document: Path) -> Project:
        """The project of the YAML file ``document``."""
        return cls.at(project_root(document))


@dataclass(frozen=True)
class Reference:
    """A path written in a document, resolved."""

    written: str
    path: Path  # resolved, symbolic links followed (as written when it cannot be)
    problem: str | None  # why it may not be used, in French; None when it may
    family: str | None = None  # OUTSIDE, INVALID, SPECIAL or UNREADABLE: why not usable

    @property
    def usable(self) -> bool:
        return self.problem is None


def resolve(document: Path, written: str, root: Path | Project | None = None) -> Reference:
    """Resolve ``written`` (relative to the YAML file ``document``) and check that it stays
    inside the project ``root`` (by default, :func:`project_root` of ``document``) and,
    when it exists, that it is a regular file. Nothing is opened; only a project
    configuration that cannot be read raises (:class:`UsageError`)."""
    project = root if isinstance(root, Project) else Project.at(root or project_root(document))
    root = project.root
    folder = document.resolve().parent
    invalid = _invalid(written, str(folder / written))
    if invalid is not None:
        return Reference(written, Path(written.replace("\0", "")), invalid, INVALID)
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).is_absolute():
        absolute = safe_resolve(Path(written)) or Path(written)
        return Reference(
            written, absolute, "chemin absolu : écrivez-le relativement au fichier YAML", OUTSIDE
        )
    target = safe_resolve(folder / written)
    if target is None:
        return Reference(written, folder / written, LOOP, INVALID)
    if not any(target.is_relative_to(allowed) for allowed in project.allowed):
        how = "par un lien symbolique" if ".." not in Path(written).parts else "par « .. »"
        return Reference(
            written,
            target,
            f"le chemin sort du dossier du projet ({root}) {how} ; un dossier commun se "
            "déclare dans la configuration du projet (shared-folders)",
            OUTSIDE,
        )
    found = file_problem(target, written)
    if found is not None:
        family, problem = found
        return Reference(written, target, problem, family)
    return Reference(written, target, None)
