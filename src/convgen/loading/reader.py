"""Reading YAML documents with the position of every value.

PyYAML's ``safe_load`` loses two things convgen needs: where each value was
written (for ``file:line:col`` in findings) and keys written twice in one
mapping (it silently keeps the last one). This module composes the node graph
and builds plain Python data from it itself, recording positions and duplicate
keys on the way.

Scalars follow the YAML 1.2 core schema, stricter than PyYAML's YAML 1.1
default: ``no``/``on`` stay text, ``2021-12-16`` stays text (dates are checked
by the schema), ``1:30`` stays text, and numbers written with a leading zero
(``"01000"``-like postal codes) stay text.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from convgen.foundation.encoding import NotUtf8, decode_utf8
from convgen.foundation.errors import InputError
from convgen.foundation.findings import Path_

# Limits that keep a hostile or broken file from exhausting the machine.
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
# Below this size, « - - - … » cannot nest deep enough to exhaust libyaml's C stack.
_SHALLOW_ENOUGH = 32_000

try:  # the C parser is several times faster; positions are the same
    # CParser is re-exported by yaml.cyaml at runtime, but the stubs leave it out of __all__
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _CoreResolver(yaml.resolver.BaseResolver):
    """Implicit typing of plain scalars per the YAML 1.2 core schema."""


_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null",
    re.compile(r"^(?:~|null|Null|NULL|)$"),
    ["~", "n", "N", ""],
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
    list("-+0123456789"),
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)$"),
    list("-+0123456789"),
)


class _Loader(_Parser, _CoreResolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _CoreResolver.__init__(self)


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a source file.

    ``file`` is None for the document's own file; a value a convention takes
    from its model or from a shared party names the file it was written in.
    """

    line: int
    column: int
    file: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DuplicateKey:
    """A key written twice in one mapping."""

    path: Path_  # path of the value the key introduces
    key: str
    first: Position
    second: Position


@dataclass
class SourceDocument:
    """A YAML file read into plain data, with the position of every value."""

    file: Path
    text: str
    data: Any
    value_positions: dict[Path_, Position] = field(default_factory=dict)
    value_ends: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    duplicate_keys: list[DuplicateKey] = field(default_factory=list)
    # For a document composed from a model and shared parties: every file read,
    # the document's own first (their comments, their duplicate keys).
    parts: list[SourceDocument] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        """The ``document:`` value (``convention``, ``deliberation``), if any."""
        if isinstance(self.data, dict):
            value = self.data.get("document")
            return value if isinstance(value, str) else None
        return None

    def locate(self, path: Path_, needle: str) -> Position:
        """Where ``needle`` is written inside the text value at ``path``.

        A long paragraph spans several lines of the file; this finds the line
        of the words a finding is about. Falls back to the start of the value
        when the words are not found as written (folded across lines, escaped).
        """
        start = self.position(path)
        end = self.value_ends.get(tuple(path))
        if not needle or end is None:
            return start
        lines = self.text_of(start.file).splitlines()
        for number in range(start.line, min(end.line, len(lines)) + 1):
            line = lines[number - 1]
            first = start.column - 1 if number == start.line else 0
            found = line.find(needle, first)
            if found >= 0 and (number < end.line or found < end.column - 1):
                return Position(number, found + 1, start.file)
        return start

    def text_of(self, file: Path | None) -> str:
        """The text of ``file`` (one of the parts), or of the document itself."""
        if file is not None:
            for part in self.parts:
                if part.file == file:
                    return part.text
        return self.text

    def file_of(self, position: Position) -> Path:
        """The file ``position`` is in."""
        return position.file or self.file

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where the value at ``path`` was written, or its nearest written ancestor.

        With ``key=True`` the position of the mapping key is preferred, which
        is where a reader looks for an unknown or misspelt field.
        """
        probe = tuple(path)
        while True:
            if key and probe in self.key_positions:
                return self.key_positions[probe]
            if probe in self.value_positions:
                return self.value_positions[probe]
            if not probe:
                return Position(1, 1)
            probe = probe[:-1]


def value_at(data: Any, path: Path_) -> Any:
    """The value at ``path`` in ``data``, or ``None`` when the path leads nowhere."""
    node = data
    for token in path:
        try:
            node = node[token]
        except (KeyError, IndexError, TypeError):
            return None
    return node


class _Mark(Protocol):
    """What convgen reads of a mark, PyYAML's (yaml.error.Mark) or libyaml's."""

    line: int
    column: int


def _position(mark: _Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in French (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "c'est un dossier, pas un fichier"
    if stat.S_ISFIFO(mode):
        return "c'est un tube nommé (FIFO), pas un fichier : il n'est pas lu"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "c'est un périphérique, pas un fichier : il n'est pas lu"
    if stat.S_ISSOCK(mode):
        return "c'est une socket, pas un fichier : elle n'est pas lue"
    return "ce n'est pas un fichier ordinaire : il n'est pas lu"


def not_a_regular_file(file: Path) -> str | None:
    """Why ``file`` may not be read as a document (None if it is a regular file).

    Decided on ``stat`` alone, before any ``open``: opening a FIFO blocks until a
    writer comes, and a device such as ``/dev/zero`` never ends."""
    try:
        return _kind_of(file.stat().st_mode)
    except OSError:
        return None  # reading it will say what is wrong


def read_bytes(file: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``file``, at most ``limit`` of them.

    Never trusts ``st_size``: the file is opened without blocking, checked to be a
    regular file on the open descriptor (no race with a file swapped for a FIFO),
    and read up to one byte past the limit."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise InputError("fichier introuvable", file=file) from exc
    except IsADirectoryError as exc:
        raise InputError("c'est un dossier, pas un fichier", file=file) from exc
    except PermissionError as exc:
        raise InputError("lecture refusée (droits d'accès)", file=file) from exc
    except OSError as exc:
        raise InputError(_os_problem(exc), file=file) from exc
    try:
        kind = _kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise InputError(kind, file=file)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            raw = stream.read(limit + 1)
    except IsADirectoryError as exc:
        raise InputError("c'est un dossier, pas un fichier", file=file) from exc
    except PermissionError as exc:
        raise InputError("lecture refusée (droits d'accès)", file=file) from exc
    except OSError as exc:
        raise InputError(_os_problem(exc), file=file) from exc
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise InputError(
            f"fichier trop volumineux (plus de {limit // 1024} Kio, au plus {limit // 1024} Kio)",
            file=file,
        )
    return raw


def _os_problem(exc: OSError) -> str:
    """An operating system error, said in French."""
    french = {
        errno.ELOOP: "lien symbolique qui boucle sur lui-même",
        errno.ENAMETOOLONG: "nom de fichier trop long",
        errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
        errno.EACCES: "lecture refusée (droits d'accès)",
        errno.EPERM: "lecture refusée (droits d'accès)",
        errno.EIO: "erreur d'entrée-sortie du disque",
        errno.ENXIO: "périphérique absent",
    }.get(exc.errno or 0)
    return french or f"lecture impossible (erreur système n° {exc.errno})"


def read_text(file: Path) -> str:
    """Read ``file`` as UTF-8 text, with errors a drafter understands."""
    if "\x00" in str(file):
        raise InputError(
            "chemin invalide : il contient un caractère nul", file=str(file).replace("\x00", "␀")
        )
    raw = read_bytes(file)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("fichier encodé en UTF-16 : enregistrez-le en UTF-8 (sans BOM)", file=file)
    if b"\x00" in raw[:8192]:
        raise InputError(
            "ce n'est pas un fichier texte (octets nuls) : une image, un PDF ou un document "
            "Word enregistré sous un nom en .yaml ?",
            file=file,
        )
    try:
        return decode_utf8(raw)
    except NotUtf8 as exc:
        raise InputError(
            f"{exc} : le fichier a sans doute été enregistré en Windows-1252 ou Latin-1 ; "
            "enregistrez-le en UTF-8",
            file=file,
            line=exc.line,
            column=exc.column,
        ) from exc


# Every problem libyaml (0.2.5 and 0.2.6, as PyYAML's wheels bundle it) and PyYAML's
# pure-Python reader, scanner, parser and composer can report, in French. Keys are the
# start of the English problem, without the quoted character some versions append;
# the longest matching key wins. tests/test_loader.py reads the problem strings out of
# the installed libyaml and PyYAML and requires a translation for each, so that a new
# release's wording is seen by the suite, not by a drafter.
_UNCLOSED = "crochet, accolade ou guillemet non fermé ?"
YAML_PROBLEMS: dict[str, str] = {
    # structure and indentation
    "mapping values are not allowed": "« : » inattendu : un texte qui contient « : » se met "
    "entre guillemets, ou l'indentation est incohérente",
    "mapping keys are not allowed": "clé inattendue à cet endroit : indentation incohérente ?",
    "could not find expected ':'": "« : » attendu après la clé",
    "did not find expected key": "indentation incohérente : clé attendue à ce niveau",
    "did not find expected '-' indicator": "élément de liste « - » attendu à ce niveau",
    "expected <block end>": "indentation incohérente",
    "block sequence entries are not allowed": "élément de liste « - » mal placé",
    "invalid indentation or unclosed": f"indentation incohérente ou {_UNCLOSED}",
    "found duplicate key": "clé écrite deux fois dans le même bloc",
    "found unexpected ':'": "« : » inattendu (un texte qui contient « : » se met entre guillemets)",
    "found a tab character that violates indentation": "tabulation : YAML n'accepte que des "
    "espaces pour l'indentation",
    "found a tab character where an indentation space is expected": "tabulation : YAML "
    "n'accepte que des espaces pour l'indentation",
    "found character that cannot start any token": "caractère qui ne peut pas commencer une "
    "valeur (« @ », « ` », « % » ou une tabulation en début de texte se mettent entre "
    "guillemets)",
    "found character": "caractère qui ne peut pas commencer une valeur (« @ », « ` », « % » "
    "ou une tabulation en début de texte se mettent entre guillemets)",
    # flow collections and quotes
    "expected ',' or ']'": "« , » ou « ] » attendu : crochet non fermé ?",
    "did not find expected ',' or ']'": "« , » ou « ] » attendu : crochet non fermé ?",
    "expected ',' or '}'": "« , » ou « } » attendu : accolade non fermée ?",
    "did not find expected ',' or '}'": "« , » ou « } » attendu : accolade non fermée ?",
    "expected the node content": f"valeur attendue ({_UNCLOSED})",
    "did not find expected node content": f"valeur attendue ({_UNCLOSED})",
    "expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS": f"valeur attendue ({_UNCLOSED})",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets "
    "doubles (écrivez « \\\\ » pour une barre oblique inverse)",
    "found invalid Unicode character escape code": "séquence d'échappement « \\u » ou « \\U » "
    "qui ne désigne aucun caractère",
    "expected escape sequence of": "séquence d'échappement incomplète entre guillemets doubles",
    "did not find expected hexdecimal number": "séquence d'échappement incomplète entre "
    "guillemets doubles (chiffres hexadécimaux attendus)",
    # block scalars (« | » and « > »)
    "found an indentation indicator equal to 0": "indicateur d'indentation 0 après « | » ou "
    "« > » : de 1 à 9 seulement",
    "expected indentation indicator in the range 1-9": "indicateur d'indentation 0 après « | » "
    "ou « > » : de 1 à 9 seulement",
    "did not find expected comment or line break": "commentaire ou fin de ligne attendu après "
    "« | » ou « > »",
    "expected a comment or a line break": "commentaire ou fin de ligne attendu",
    "expected chomping or indentation indicators": "après « | » ou « > », seuls « + », « - » "
    "ou un chiffre sont permis",
    # anchors and aliases
    "found undefined alias": "alias (*nom) sans ancre (&nom) correspondante",
    "second occurrence": "ancre (&nom) définie deux fois",
    "found duplicate anchor": "ancre (&nom) définie deux fois",
    "did not find expected alphabetic or numeric character": "nom d'ancre ou d'alias (&nom, "
    "*nom) attendu : lettres et chiffres seulement",
    "expected alphabetic or numeric character": "nom d'ancre ou d'alias (&nom, *nom) attendu : "
    "lettres et chiffres seulement",
    # tags
    "did not find expected '!'": "étiquette YAML (« ! ») mal formée",
    "expected '!'": "étiquette YAML (« ! ») mal formée",
    "did not find the expected '>'": "étiquette YAML « !<…> » non fermée",
    "expected '>'": "étiquette YAML « !<…> » non fermée",
    "did not find expected tag URI": "étiquette YAML (« ! ») mal formée",
    "expected URI": "étiquette YAML (« ! ») mal formée",
    "did not find URI escaped octet": "étiquette YAML (« ! ») mal formée",
    "expected URI escape sequence": "étiquette YAML (« ! ») mal formée",
    "found undefined tag handle": "étiquette YAML (« !nom! ») non déclarée",
    "found non-specific tag": "étiquette YAML « ! » non prise en charge",
    "did not find expected whitespace": "espace attendu après l'étiquette ou la directive",
    "did not find expected whitespace or line break": "espace ou fin de ligne attendu",
    "expected ' '": "espace attendu",
    # directives and documents
    "found unknown directive name": "directive YAML (« % ») inconnue : un texte qui commence "
    "par « % » se met entre guillemets",
    "could not find expected directive name": "directive YAML (« % ») mal formée : un texte "
    "qui commence par « % » se met entre guillemets",
    "found unexpected non-alphabetical character": "directive YAML (« % ») mal formée",
    "did not find expected version number": "directive %YAML mal formée",
    "did not find expected digit or '.' character": "directive %YAML mal formée",
    "expected a digit": "directive %YAML mal formée",
    "found extremely long version number": "directive %YAML mal formée",
    "found duplicate %YAML directive": "directive %YAML écrite deux fois",
    "found duplicate YAML directive": "directive %YAML écrite deux fois",
    "found duplicate %TAG directive": "directive %TAG écrite deux fois",
    "found incompatible YAML document": "version de YAML non prise en charge (1.x attendue)",
    "did not find expected <document start>": "début de document « --- » attendu",
    "expected '<document start>'": "début de document « --- » attendu",
    "expected DOCUMENT-START or STREAM-END": "début de document « --- » attendu",
    "expected DOCUMENT-END": "fin de document attendue",
    "found unexpected document indicator": "« --- » ou « ... » en début de ligne au milieu "
    "d'un texte : mettez le texte entre guillemets",
    "found unexpected document separator": "« --- » ou « ... » en début de ligne au milieu "
    "d'un texte : mettez le texte entre guillemets",
    "expected a single document in the stream": "plusieurs documents (« --- ») dans un même "
    "fichier : un fichier convgen n'en contient qu'un",
    "but found another document": "plusieurs documents (« --- ») dans un même fichier : un "
    "fichier convgen n'en contient qu'un",
    "did not find expected <stream-start>": "fichier YAML illisible",
    "expected STREAM-START": "fichier YAML illisible",
    "expected nothing after STREAM-END": "texte après la fin du document",
    # characters and encoding
    "control characters are not allowed": "caractère de contrôle interdit (souvent collé "
    "depuis un traitement de texte) : supprimez-le",
    "special characters are not allowed": "caractère de contrôle interdit (souvent collé "
    "depuis un traitement de texte) : supprimez-le",
    "unacceptable character": "caractère de contrôle interdit (souvent collé depuis un "
    "traitement de texte) : supprimez-le",
    "invalid Unicode character": "caractère Unicode invalide",
    "unexpected low surrogate area": "caractère Unicode invalide (demi-paire UTF-16 isolée)",
    "expected low surrogate area": "caractère Unicode invalide (demi-paire UTF-16 isolée)",
    "incomplete UTF-16 character": "fichier UTF-16 tronqué : enregistrez-le en UTF-8",
    "incomplete UTF-16 surrogate pair": "fichier UTF-16 tronqué : enregistrez-le en UTF-8",
    "invalid leading UTF-8 octet": "octet invalide en UTF-8 : enregistrez le fichier en UTF-8",
    "invalid trailing UTF-8 octet": "octet invalide en UTF-8 : enregistrez le fichier en UTF-8",
    "found an incorrect leading UTF-8 octet": "octet invalide en UTF-8 : enregistrez le "
    "fichier en UTF-8",
    "found an incorrect trailing UTF-8 octet": "octet invalide en UTF-8 : enregistrez le "
    "fichier en UTF-8",
    "invalid length of a UTF-8 sequence": "octet invalide en UTF-8 : enregistrez le fichier "
    "en UTF-8",
    "incomplete UTF-8 octet sequence": "fichier tronqué au milieu d'un caractère UTF-8",
    "input is too long": "fichier trop volumineux",
    # limits
    "exceeded maximum nesting depth": f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)",
    "maximum nesting level reached": f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)",
}
_TAB = "tabulation : YAML n'accepte que des espaces pour l'indentation"
# A problem no version known to the project words this way: never shown in English.
_UNKNOWN_PROBLEM = "texte YAML incorrect à cet endroit"
_NESTING = ("exceeded maximum nesting depth", "maximum nesting level reached")


def french_problem(problem: str) -> str | None:
    """The French for one of PyYAML's or libyaml's problems, None if it is not known."""
    text = problem.strip()
    lowered = text.lower()
    best = ""
    for english in YAML_PROBLEMS:
        if lowered.startswith(english.lower()) and len(english) > len(best):
            best = english
    return YAML_PROBLEMS[best] if best else None


def _syntax_error(file: Path, text: str, exc: yaml.YAMLError) -> InputError:
    problem = getattr(exc, "problem", None) or ""
    if any(marker in problem.lower() for marker in _NESTING):
        # how deep libyaml lets a file nest, and where it says so, change between versions:
        # say it convgen's way, at the first level past convgen's own limit
        return _too_deep(file, text) or InputError(YAML_PROBLEMS[_NESTING[0]], file=file)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    french = french_problem(problem) if problem else None
    context = getattr(exc, "context", None) or ""
    opened = getattr(exc, "context_mark", None)
    if problem.startswith("found unexpected end of stream") and "quoted" in context and opened:
        # the end of the file says nothing: the quote that was never closed does
        mark, french = opened, "guillemet ouvert ici et jamais fermé"
    elif mark is not None and _at_end(text, mark) and (bracket := _unclosed_bracket(text)):
        # likewise a bracket still open when the file ends: show where it was opened
        (line_no, column), opener = bracket
        what = "crochet « [ » ouvert ici" if opener == "[" else "accolade « { » ouverte ici"
        closed = "fermé" if opener == "[" else "fermée"
        return InputError(
            f"syntaxe YAML : {what} et jamais {closed}", file=file, line=line_no, column=column
        )
    if problem == "" and context:
        french = french_problem(context)  # PyYAML's composer words some this way
    if mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in line[: mark.column + 1] or "tab" in problem:
            french = _TAB
    message = f"syntaxe YAML : {french or _UNKNOWN_PROBLEM}"
    if mark is None:
        return InputError(message, file=file)
    line_no, column = _within(text, mark.line + 1, mark.column + 1)
    return InputError(message, file=file, line=line_no, column=column)


def _at_end(text: str, mark: yaml.Mark) -> bool:
    """Whether ``mark`` is past the last non-blank character of ``text``."""
    return mark.index >= len(text.rstrip())


def _unclosed_bracket(text: str) -> tuple[tuple[int, int], str] | None:
    """The innermost « [ » or « { » left open at the end of ``text`` (quotes and
    comments skipped), with its line and column."""
    stack: list[tuple[tuple[int, int], str]] = []
    quote = ""
    line, column = 1, 0
    previous = "\n"
    for char in text:
        column += 1
        if char == "\n":
            line, column = line + 1, 0
            if quote == "#":
                quote = ""
        elif quote == "#":
            pass
        elif quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and previous in " \t\n[{,:":
            quote = char
        elif char == "#" and previous in " \t\n":
            quote = "#"
        elif char in "[{":
            stack.append(((line, column), char))
        elif char in "]}" and stack:
            stack.pop()
        previous = char
    return stack[-1] if stack else None


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """A position inside ``text``: libyaml reports an unexpected end of file one line past
    the last one, which an editor cannot show."""
    lines = text.splitlines() or [""]
    if line <= len(lines):
        return line, column
    return len(lines), len(lines[-1]) + 1


def _unprintable(file: Path, text: str, exc: yaml.reader.ReaderError) -> InputError:
    """A character YAML refuses (a control character pasted from a word processor)."""
    bad = next((i for i, ch in enumerate(text) if ord(ch) == exc.character), exc.position)
    line = text.count("\n", 0, bad) + 1
    column = bad - (text.rfind("\n", 0, bad) + 1) + 1
    return InputError(
        f"caractère de contrôle U+{exc.character:04X} interdit (souvent collé depuis un "
        "traitement de texte) : supprimez-le",
        file=file,
        line=line,
        column=column,
    )


def parse(text: str, file: Path) -> SourceDocument:
    """Build a :class:`SourceDocument` from YAML ``text`` (``file`` names it in errors)."""
    loader = None
    try:
        _refuse_deep(text, file)
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise _unprintable(file, text, exc) from exc
    except yaml.YAMLError as exc:
        raise _syntax_error(file, text, exc) from exc
    except RecursionError as exc:
        raise InputError(
            f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)", file=file
        ) from exc
    finally:
        if loader is not None:
            loader.dispose()
    doc = SourceDocument(file=file, text=text, data=None)
    if node is None:
        return doc
    _refuse_bombs(node, file, text)
    builder = _Builder(doc)
    doc.data = builder.build(node, (), 0)
    return doc


def load(file: str | Path) -> SourceDocument:
    """Read and parse the YAML file ``file``.

    Raises :class:`InputError` when the file cannot be read or is not YAML.
    Duplicate keys do not raise: they are recorded for the checks to report.
    """
    path = Path(file)
    return parse(read_text(path), path)


def _refuse_deep(text: str, file: Path) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before building anything: libyaml's
    composer recurses in C, and a few hundred kilobytes of « [[[[… » would crash the
    process instead of failing. Reading the events first is iterative, and only done
    when the text could nest that deep."""
    if len(text) <= _SHALLOW_ENOUGH:
        brackets = text.count("[") + text.count("{")
        indented = max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)
        if brackets <= MAX_DEPTH and indented <= 2 * MAX_DEPTH:
            return
    error = _deeper_than_allowed(_Loader(text), file)
    if error is not None:
        raise error


def _deeper_than_allowed(loader: Any, file: Path) -> InputError | None:
    """The error for the first collection nested past :data:`MAX_DEPTH`, reading the
    events of ``loader`` (which it disposes of); None if the text is not that deep."""
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    assert event.start_mark is not None  # the parser marks every event
                    position = _position(event.start_mark)
                    return InputError(
                        YAML_PROBLEMS[_NESTING[0]],
                        file=file,
                        line=position.line,
                        column=position.column,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()
    return None


class _PythonEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser: no nesting limit of its own, so it can say where
    convgen's limit is passed when libyaml stopped earlier, elsewhere, or later."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def _too_deep(file: Path, text: str) -> InputError | None:
    try:
        return _deeper_than_allowed(_PythonEvents(text), file)
    except yaml.YAMLError:
        return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _refuse_bombs(root: yaml.Node, file: Path, text: str) -> None:
    """Refuse a graph that contains itself (« &x [*x] ») or whose aliases would expand
    past :data:`MAX_NODES` values, before expanding anything (« billion laughs »: a few
    lines, billions of values). One iterative depth-first walk: a node met again while
    it is still open is a cycle."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            sizes[key] = total
            if total > MAX_NODES:
                position = _position(node.start_mark)
                raise InputError(
                    f"document trop grand une fois les alias développés (plus de {MAX_NODES} "
                    "valeurs) : des alias (*nom) qui se démultiplient",
                    file=file,
                    line=position.line,
                    column=position.column,
                )
            continue
        if key in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise _recursive_alias(file, text, node)
            if id(child) not in sizes:
                stack.append((child, False))


def _recursive_alias(file: Path, text: str, container: yaml.Node) -> InputError:
    """The error for an alias that names a collection it is written inside, placed at the
    alias itself when the events say where it is."""
    position = _position(container.start_mark)
    anchor: str | None = ""
    loader = _Loader(text)
    open_anchors: list[str | None] = []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                open_anchors.append(event.anchor)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                open_anchors.pop()
            elif isinstance(event, yaml.AliasEvent) and event.anchor in open_anchors:
                assert event.start_mark is not None  # the parser marks every event
                position, anchor = _position(event.start_mark), event.anchor
                break
    except yaml.YAMLError:  # pragma: no cover - the text was composed already
        pass
    finally:
        loader.dispose()
    named = f" *{anchor}" if anchor else ""
    return InputError(
        f"alias récursif{named} : il désigne un bloc dans lequel il est lui-même écrit, "
        "ce qui le rendrait infini",
        file=file,
        line=position.line,
        column=position.column,
    )


class _Builder:
    """Turns a node graph into plain data, recording positions on the way."""

    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self.count = 0

    def _fail(self, message: str, node: yaml.Node) -> InputError:
        pos = _position(node.start_mark)
        return InputError(message, file=self.doc.file, line=pos.line, column=pos.column)

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(
                f"document trop grand une fois les alias développés (plus de {MAX_NODES} valeurs)",
                node,
            )
        if depth > MAX_DEPTH:
            raise self._fail(f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)", node)
        self.doc.value_positions.setdefault(path, _position(node.start_mark))
        self.doc.value_ends.setdefault(path, _position(node.end_mark))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq")
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node, "tag:yaml.org,2002:map")
            return self._mapping(node, path, depth)
        raise self._fail("nœud YAML inconnu", node)  # pragma: no cover

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise self._fail(f"étiquette YAML « {node.tag} » non prise en charge", node)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail("une clé doit être un simple texte", key_node)
            raw_key = self._scalar(key_node)
            key = raw_key if isinstance(raw_key, str) else _scalar_text(raw_key)
            key_pos = _position(key_node.start_mark)
            child = (*path, key)
            if key in seen:
                self.doc.duplicate_keys.append(DuplicateKey(child, key, seen[key], key_pos))
                # PyYAML keeps the last value; so do we, but the check reports both.
                for positions in (self.doc.value_positions, self.doc.value_ends):
                    for stale in [p for p in positions if p[: len(child)] == child]:
                        del positions[stale]
            seen[key] = key_pos
            self.doc.key_positions[child] = key_pos
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        value = node.value
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() == "true"
        try:
            if tag == "tag:yaml.org,2002:int":
                return int(value)
            if tag == "tag:yaml.org,2002:float":
                return float(value)
        except ValueError as exc:
            # Python refuses to convert integers of more than 4 300 digits (the conversion
            # is quadratic); quote the beginning only
            shown = value if len(value) <= 40 else f"{value[:20]}…({len(value)} caractères)"
            raise self._fail(
                f"« {shown} » : nombre impossible à lire (trop de chiffres)"
                if value.lstrip("+-").isdigit()
                else f"« {shown} » n'est pas un nombre",
                node,
            ) from exc
        raise self._fail(f"étiquette YAML « {tag} » non prise en charge", node)


def _scalar_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
