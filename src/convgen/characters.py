"""Characters that change what a signatory reads without showing themselves.

A text pasted from a web page or crafted on purpose can carry Unicode
*format* characters (category Cf): bidirectional controls (U+202E RIGHT-TO-LEFT
OVERRIDE and its family) reorder the letters a reader sees, so that « 20 000 € »
may display as something else than what is stored; zero-width spaces and
joiners, the soft hyphen or the word joiner hide inside a word or an amount.
``convgen check`` reports each one where it is written (CG030, CG031); the
renderer leaves them out of the document.

Characters XML cannot carry at all (C0 controls, U+FFFE…) never get this far:
the loader refuses the file (CG001).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from .findings import Finding, Path_, Severity
from .french import without_format_characters
from .loader import SourceDocument
from .rules import declared as codes
from .rules.registry import make_finding

BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def hidden(text: str) -> list[tuple[int, str]]:
    """(index, character) of every format character in ``text``."""
    return [(i, c) for i, c in enumerate(text) if unicodedata.category(c) == "Cf"]


visible = without_format_characters


def describe(character: str) -> str:
    """« U+202E RIGHT-TO-LEFT OVERRIDE »."""
    name = unicodedata.name(character, "caractère sans nom")
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


def findings(doc: SourceDocument, outline: Any, *, final: bool) -> list[Finding]:
    """A finding for each format character of ``doc``, at its own line and column."""
    out: list[Finding] = []
    for path, text, is_key in _strings(doc.data, ()):
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
