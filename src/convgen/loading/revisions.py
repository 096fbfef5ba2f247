"""Reading a document as a git revision holds it (``HEAD~1:conventions/x.yaml``,
``v1-signee:conventions/saint-dizier.yaml``): the version a review compares, the signed
convention an avenant amends. git's errors are said in French, and a revision is never
passed to git where it could be read as an option."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from convgen.foundation.encoding import NotUtf8, decode_utf8
from convgen.foundation.errors import InputError
from convgen.loading.reader import SourceDocument, parse

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


def is_revision(spec: str) -> bool:
    """Whether ``spec`` is written as a git revision of a file, ``REV:chemin``."""
    revision, colon, inside = spec.partition(":")
    return bool(colon and revision and inside)


def read_revision(spec: str, cwd: Path) -> SourceDocument:
    """The document ``spec`` (``REV:chemin``) names, read in the repository of ``cwd``.

    As with ``git show``, the path after ``:`` is relative to the top of the repository,
    or to ``cwd`` when it starts with ``./``. The document's file is where the path
    leads in the work tree: what it refers to (annexes, an approved convention) is read
    there."""
    revision, colon, inside = spec.partition(":")
    if not colon or not revision or not inside:
        raise InputError("fichier introuvable (ni fichier, ni révision git REV:chemin)", file=spec)
    if revision.startswith("-"):
        raise InputError(
            "une révision git ne commence pas par « - » (ni fichier, ni révision REV:chemin)",
            file=spec,
        )
    cwd = cwd.resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode("utf-8", "replace").strip())
    relative = Path(inside)
    if inside.startswith("./"):
        relative = cwd.relative_to(top) / inside[2:] if cwd != top else Path(inside)
    raw = _git(["cat-file", "blob", *_ends_options(), f"{revision}:{relative.as_posix()}"], top)
    return parse(_text(raw, spec), top / relative)
