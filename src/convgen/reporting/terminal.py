"""What reaches a terminal: text made harmless, and whether a person watches.

Light on purpose (the command line imports it at start-up)."""

from __future__ import annotations

import os
import re
from typing import TextIO

# Text that reaches a terminal or a CI log may not drive it: a name written with YAML's
# "\e[2J" would clear the screen, retitle the window or forge a line of the report.
# Control characters are shown as the pictures Unicode has for them (U+2400…), C1
# controls and the bytes of a file name that is not UTF-8 as \xNN, the characters
# that reverse the reading order as ⟨U+202E⟩.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _visible_char(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code <= 0x9F:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    if char in _BIDI:
        return f"⟨U+{code:04X}⟩"
    return char


_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def visible(text: object) -> str:
    """``text`` with nothing a terminal would obey: every control character, and every
    byte of a file name that is not UTF-8, made visible."""
    return _CONTROLS.sub(lambda match: _visible_char(match.group()), str(text))


def visible_lines(text: str) -> str:
    """:func:`visible` for each line of ``text``, line breaks kept."""
    return "\n".join(visible(line) for line in text.split("\n"))


def colours(stream: TextIO) -> bool:
    """Whether a report written to ``stream`` may be coloured: a terminal, unless the
    ``NO_COLOR`` environment variable is set and not empty (no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def interactive(stream: TextIO) -> bool:
    """Whether a person watches ``stream`` (a progress bar helps them, it clutters a log)."""
    return stream.isatty()
