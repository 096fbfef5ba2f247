"""Where the two versions of a review come from: files, or revisions of a file in git."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from convgen.foundation.encoding import NotUtf8, decode_utf8
from convgen.foundation.errors import InputError
from convgen.loading.reader import SourceDocument, parse, read_text


@dataclass(frozen=True)
class Version:
    """One side of a review: what to call it, and the document read."""

    label: str
    document: SourceDocument


# git's messages, said in French (the first line of its error output)
_GIT_ERRORS = (
    (re.compile(r"invalid object name '(.*?)'\.?$"), "révision inconnue : {0}"),
    (re.compile(r"Not a valid object name (.*?)\.?$"), "révision inconnue : {0}"),
    (
        re.compile(r"path '(.*?)' does not exist in '(.*?)'$"),
        "{0} n'existe pas dans la révision {1}",
    ),
    (
        re.compile(r"path '(.*?)' exists on disk, but not in '(.*?)'$"),
        "{0} existe dans le dossier, mais pas dans la révision {1}",
    ),
    (re.compile(r"bad file$"), "ce chemin n'est pas un fichier dans cette révision"),
    (
        re.compile(r"not a git repository"),
        "le dossier courant n'est pas dans un dépôt git : impossible de lire une révision",
    ),
    (
        re.compile(r"dubious ownership"),
        "dépôt d'un autre propriétaire, que git refuse de lire (voir git config safe.directory)",
    ),
    (re.compile(r"ambiguous argument '(.*?)'"), "révision ambiguë ou inconnue : {0}"),
)


def french_git_error(stderr: str) -> str:
    """git's error output as one French line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return "git : échec, sans message"
    first = re.sub(r"^(fatal|error):\s*", "", lines[0])
    for pattern, french in _GIT_ERRORS:
        match = pattern.search(first)
        if match is not None:
            return "git : " + french.format(*match.groups())
    return f"git : échec ({first})"


@cache
def _git_program() -> str:
    git = shutil.which("git")
    if git is None:
        raise InputError("git est introuvable : impossible de lire une révision")
    return git


@cache
def _ends_options() -> list[str]:
    """``--end-of-options`` where git knows it (2.24 and later): whatever follows is never
    an option."""
    completed = subprocess.run(
        [_git_program(), "--version"], capture_output=True, text=True, check=False
    )
    match = re.search(r"(\d+)\.(\d+)", completed.stdout)
    if match and (int(match.group(1)), int(match.group(2))) >= (2, 24):
        return ["--end-of-options"]
    return []


def _git(arguments: list[str], cwd: Path) -> bytes:
    try:
        completed = subprocess.run(
            [_git_program(), *arguments], cwd=cwd, capture_output=True, check=False
        )
    except OSError as exc:
        raise InputError(f"git ne peut pas être lancé (erreur système n° {exc.errno})") from exc
    if completed.returncode != 0:
        raise InputError(french_git_error(completed.stderr.decode("utf-8", "replace")))
    return completed.stdout


def _text(raw: bytes, label: str) -> str:
    try:
        return decode_utf8(raw)
    except NotUtf8 as exc:
        raise InputError(
            f"{exc} : cette version a sans doute été enregistrée en Windows-1252 ou Latin-1",
            file=label,
            line=exc.line,
        ) from exc


def read_version(spec: str) -> Version:
    """A file (``conventions/x.yaml``) or a git revision of one (``HEAD~1:conventions/x.yaml``).

    As with ``git show``, the path after ``:`` is relative to the top of the
    repository, or to the current directory when it starts with ``./``. A revision
    is never passed to git where it could be read as an option.
    """
    path = Path(spec)
    if path.is_file():
        return Version(spec, parse(read_text(path), path))
    revision, colon, inside = spec.partition(":")
    if not colon or not revision or not inside:
        raise InputError("fichier introuvable (ni fichier, ni révision git REV:chemin)", file=spec)
    if revision.startswith("-"):
        raise InputError(
            "une révision git ne commence pas par « - » (ni fichier, ni révision REV:chemin)",
            file=spec,
        )
    top = Path(
        _git(["rev-parse", "--show-toplevel"], Path.cwd()).decode("utf-8", "replace").strip()
    )
    relative = Path(inside)
    if inside.startswith("./"):
        relative = Path.cwd().relative_to(top) / inside[2:] if Path.cwd() != top else Path(inside)
    raw = _git(["cat-file", "blob", *_ends_options(), f"{revision}:{relative.as_posix()}"], top)
    # Relative references (an approved convention) are read beside the file in the work tree.
    return Version(spec, parse(_text(raw, spec), top / relative))
