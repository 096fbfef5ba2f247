"""Characters that change what a signatory reads without showing themselves.

A text pasted from a web page or crafted on purpose can carry Unicode
*format* characters (category Cf): bidirectional controls (U+202E RIGHT-TO-LEFT
OVERRIDE and its family) reorder the letters a reader sees, so that « 20 000 € »
may display as something else than what is stored; zero-width spaces and
joiners, the soft hyphen or the word joiner hide inside a word or an amount.
``convgen check`` reports each one where it is written (CG030, CG031); the
renderer leaves them out of the document.

Characters XML cannot carry at all (C0 controls, U+FFFE…) written as such in
the file make the loader refuse it (CG001); written by an escape sequence in a
double-quoted text (``"\\x01"``, ``"\\u0085"``, ``"\\x1b[31m"``), or as a
character YAML lets through (U+0085, U+FDD0…), they reach the value: ``convgen
check`` reports each one (CG032) at the escape or the character, and the model
and the renderer leave them out (:data:`convgen.foundation.french.CONTROL_CHARACTERS`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from convgen.checking.placing import make_finding
from convgen.foundation import codes
from convgen.foundation.findings import Finding, Path_, Severity
from convgen.foundation.french import CONTROL_CHARACTERS, without_format_characters
from convgen.loading.reader import Position, SourceDocument
from convgen.model.outline import Describes

BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def hidden(text: str) -> list[tuple[int, str]]:
    """(index, character) of every format character in ``text``."""
    return [(i, c) for i, c in enumerate(text) if unicodedata.category(c) == "Cf"]


visible = without_format_characters


_CONTROL_NAMES = {
    "\x00": "NULL", "\x07": "BELL", "\x08": "BACKSPACE", "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE",
}  # fmt: skip


def describe(character: str) -> str:
    """« U+202E RIGHT-TO-LEFT OVERRIDE », « U+001B ESCAPE »."""
    code = ord(character)
    name = unicodedata.name(character, "") or _CONTROL_NAMES.get(character, "")
    if not name and 0xD800 <= code <= 0xDFFF:
        name = "(moitié de paire UTF-16 isolée)"
    elif not name and (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE):
        name = "(non-caractère)"
    if not name:
        return f"U+{code:04X}"
    return f"U+{ord(character):04X} {name}"


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str, bool]]:
    """(path, text, is_key) for every text of a document."""
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key), str(key), True
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index))


# YAML's one-letter escapes in double-quoted texts, and the length of the hexadecimal ones.
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX = {"x": 2, "u": 4, "U": 8}
_DOUBLE_QUOTED = re.compile(r'(?:[!&]\S*\s+)*"')  # after a tag or an anchor, if any
_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # line breaks as YAML counts them


def _offset(text: str, position: Position) -> int:
    """The index in ``text`` of a 1-based line and column."""
    start = 0
    for _ in range(position.line - 1):
        found = _BREAKS.search(text, start)
        if found is None:
            return len(text)
        start = found.end()
    return start + position.column - 1


def _written_controls(source: str, start: int, end: int) -> list[int]:
    """Where each control character of the scalar written in ``source[start:end]`` is
    written, in order: the character itself, or the backslash of the escape sequence
    that writes it in a double-quoted text."""
    found: list[int] = []
    quoted = bool(_DOUBLE_QUOTED.match(source, start, end))
    index = start
    while index < end:
        character = source[index]
        if quoted and character == "\\" and index + 1 < end:
            letter = source[index + 1]
            if letter in _HEX:
                digits = source[index + 2 : index + 2 + _HEX[letter]]
                try:
                    decoded = chr(int(digits, 16))
                except ValueError:
                    decoded = ""
                if decoded and CONTROL_CHARACTERS.match(decoded):
                    found.append(index)
                index += 2 + _HEX[letter]
                continue
            if CONTROL_CHARACTERS.match(_ESCAPES.get(letter, "")):
                found.append(index)
            index += 2
            continue
        if CONTROL_CHARACTERS.match(character):
            found.append(index)
        index += 1
    return found


def _position_of(source: str, offset: int, file: Any) -> Position:
    line = 1 + len(_BREAKS.findall(source, 0, offset))
    last = max((m.end() for m in _BREAKS.finditer(source, 0, offset)), default=0)
    return Position(line, offset - last + 1, file)


def _control_positions(doc: SourceDocument, path: Path_, is_key: bool, count: int) -> list[Any]:
    """Where each of the ``count`` control characters of the text (or key) at ``path`` is
    written; ``None`` for each when the source does not show them one for one."""
    if is_key:
        start, end = doc.key_positions.get(path), doc.value_positions.get(path)
    else:
        start, end = doc.value_positions.get(path), doc.value_ends.get(path)
    if start is None or end is None or start.file != end.file:
        return [None] * count
    source = doc.text_of(start.file)
    offsets = _written_controls(source, _offset(source, start), _offset(source, end))
    if len(offsets) != count:
        return [None] * count
    return [_position_of(source, offset, start.file) for offset in offsets]


def _control_findings(
    doc: SourceDocument, outline: Any, path: Path_, text: str, is_key: bool
) -> list[Finding]:
    matches = list(CONTROL_CHARACTERS.finditer(text))
    positions = _control_positions(doc, path, is_key, len(matches))
    out = []
    where = "la clé" if is_key else "le texte"
    for match, position in zip(matches, positions, strict=True):
        index = match.start()
        before = visible(text[max(0, index - 20) : index].lstrip())
        after = visible(text[index + 1 : index + 21].rstrip())
        message = (
            f"caractère de contrôle {describe(match[0])} dans {where} "
            f"« {before}⟨ici⟩{after} » : un document Word ne peut pas le contenir ; "
            "supprimez-le (souvent une séquence d'échappement entre guillemets doubles, "
            "ou un texte mal décodé)"
        )
        finding = make_finding(
            doc,
            outline,
            codes.CONTROL,
            Severity.ERROR,
            message,
            path,
            key=is_key,
            summary="caractère de contrôle à supprimer",
        )
        finding = replace(finding, subject=visible(finding.subject))  # named from the text
        if position is not None:
            finding = replace(
                finding,
                file=str(doc.file_of(position)),
                line=position.line,
                column=position.column,
            )
        out.append(finding)
    return out


def findings(doc: SourceDocument, outline: Describes, *, final: bool) -> list[Finding]:
    """A finding for each control or format character of ``doc``, at its own line and
    column."""
    out: list[Finding] = []
    for path, text, is_key in _strings(doc.data, ()):
        if CONTROL_CHARACTERS.search(text):
            out.extend(_control_findings(doc, outline, path, text, is_key))
        if text.isascii():
            continue
        for index, character in hidden(text):
            bidi = character in BIDI
            code = codes.BIDI if bidi else codes.INVISIBLE
            severity = Severity.ERROR if bidi or final else Severity.WARNING
            where = "la clé" if is_key else "le texte"
            before = text[max(0, index - 20) : index].lstrip()
            after = text[index + 1 : index + 21].rstrip()
            effect = (
                "il change l'ordre dans lequel les caractères s'affichent : ce qu'un "
                "signataire lit n'est plus ce qui est écrit"
                if bidi
                else "il ne se voit pas mais sépare ou coupe le texte (recherche, montants)"
            )
            message = (
                f"caractère invisible {describe(character)} dans {where} "
                f"« {visible(before)}⟨ici⟩{visible(after)} » : {effect} ; supprimez-le"
            )
            out.append(
                make_finding(
                    doc,
                    outline,
                    code,
                    severity,
                    message,
                    path,
                    key=is_key,
                    # the character itself, on its own line when the text spans several
                    words="" if is_key else character,
                    summary="caractère invisible à supprimer",
                )
            )
    return out
