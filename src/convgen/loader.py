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

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .findings import Path_

# Limits that keep a hostile or broken file from exhausting the machine.
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
# Below this size, « - - - … » cannot nest deep enough to exhaust libyaml's C stack.
_SHALLOW_ENOUGH = 32_000

try:  # the C parser is several times faster; positions are the same
    from yaml.cyaml import CParser as _Parser
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


class _Loader(_Parser, _CoreResolver):  # type: ignore[misc, valid-type]
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


def _position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def read_text(file: Path) -> str:
    """Read ``file`` as UTF-8 text, with errors a drafter understands."""
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"fichier trop volumineux ({size // 1024} Kio, au plus {MAX_BYTES // 1024} Kio)",
                file=file,
            )
        raw = file.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("fichier introuvable", file=file) from exc
    except IsADirectoryError as exc:
        raise InputError("c'est un dossier, pas un fichier", file=file) from exc
    except PermissionError as exc:
        raise InputError("lecture refusée (droits d'accès)", file=file) from exc
    except OSError as exc:
        raise InputError(f"lecture impossible : {exc.strerror}", file=file) from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark, as Windows editors write: harmless
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("fichier encodé en UTF-16 : enregistrez-le en UTF-8 (sans BOM)", file=file)
    if b"\x00" in raw[:8192]:
        raise InputError(
            "ce n'est pas un fichier texte (octets nuls) : une image, un PDF ou un document "
            "Word enregistré sous un nom en .yaml ?",
            file=file,
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"octet {raw[exc.start]:#04x} invalide en UTF-8 : le fichier a sans doute été "
            "enregistré en Windows-1252 ou Latin-1 ; enregistrez-le en UTF-8",
            file=file,
            line=line,
            column=column,
        ) from exc


# PyYAML's messages (C and pure-Python parsers word them differently), in French.
_YAML_PROBLEMS = (
    (
        "mapping values are not allowed",
        "« : » inattendu : un texte qui contient « : » se met "
        "entre guillemets, ou l'indentation est incohérente",
    ),
    ("could not find expected ':'", "« : » attendu après la clé"),
    ("did not find expected key", "indentation incohérente : clé attendue à ce niveau"),
    ("did not find expected '-' indicator", "élément de liste « - » attendu à ce niveau"),
    ("expected <block end>", "indentation incohérente"),
    ("block sequence entries are not allowed", "élément de liste « - » mal placé"),
    ("found undefined alias", "alias (*nom) sans ancre (&nom) correspondante"),
    ("second occurrence", "ancre (&nom) définie deux fois"),
    ("found duplicate anchor", "ancre (&nom) définie deux fois"),
    ("expected ',' or ']'", "« , » ou « ] » attendu : crochet non fermé ?"),
    ("expected ',' or '}'", "« , » ou « } » attendu : accolade non fermée ?"),
    ("expected the node content", "valeur attendue (crochet ou guillemet non fermé ?)"),
    ("did not find expected node content", "valeur attendue (crochet ou guillemet non fermé ?)"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet non fermé ?)"),
    ("found unknown escape character", "séquence d'échappement inconnue entre guillemets doubles"),
)
_TAB = "tabulation : YAML n'accepte que des espaces pour l'indentation"


def _syntax_error(file: Path, text: str, exc: yaml.YAMLError) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    french = next((fr for en, fr in _YAML_PROBLEMS if en in problem), None)
    if mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in line[: mark.column + 1] or "tab" in problem:
            french = _TAB
    message = f"syntaxe YAML : {french or problem}"
    if mark is None:
        return InputError(message, file=file)
    return InputError(message, file=file, line=mark.line + 1, column=mark.column + 1)


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
    _refuse_bombs(node, file)
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
    depth = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    position = _position(event.start_mark)
                    raise InputError(
                        f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)",
                        file=file,
                        line=position.line,
                        column=position.column,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _refuse_bombs(root: yaml.Node, file: Path) -> None:
    """Refuse a graph whose aliases would expand past :data:`MAX_NODES` values, before
    expanding anything (« billion laughs »: a few lines, billions of values)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = (
            [n for pair in node.value for n in pair]
            if isinstance(node, yaml.MappingNode)
            else list(node.value)
        )
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        total = 1 + sum(sizes.get(id(child), 1) for child in children)
        sizes[id(node)] = total
        if total > MAX_NODES:
            position = _position(node.start_mark)
            raise InputError(
                f"document trop grand une fois les alias développés (plus de {MAX_NODES} "
                "valeurs) : des alias (*nom) qui se démultiplient",
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
            raise self._fail(f"« {value} » n'est pas un nombre", node) from exc
        raise self._fail(f"étiquette YAML « {tag} » non prise en charge", node)


def _scalar_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
