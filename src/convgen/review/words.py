"""Word-level differences between two texts, as a reviewer reads them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# A word, a run of spaces, or one punctuation sign: « préavis de trois mois. »
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]", re.UNICODE)

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass(frozen=True)
class Segment:
    """A piece of text, unchanged, inserted or deleted."""

    op: str
    text: str


def tokens(text: str) -> list[str]:
    """Words, spaces and punctuation of ``text``, which join back into it."""
    return _TOKEN.findall(text)


def diff(old: str, new: str) -> list[Segment]:
    """The segments that turn ``old`` into ``new``: deletions come before insertions."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[Segment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, "".join(a[i1:i2]))
        else:
            add(DELETE, "".join(a[i1:i2]))
            add(INSERT, "".join(b[j1:j2]))
    return _absorb_spaces(segments)


def _absorb_spaces(segments: list[Segment]) -> list[Segment]:
    """An unchanged run of spaces between two changes joins them (« trois mois » → « six ans »)."""
    out: list[Segment] = []
    index = 0
    while index < len(segments):
        segment = segments[index]
        between_changes = (
            segment.op == EQUAL
            and not segment.text.strip()
            and 0 < index < len(segments) - 1
            and segments[index - 1].op != EQUAL
            and segments[index + 1].op != EQUAL
        )
        if between_changes:
            out.append(Segment(DELETE, segment.text))
            out.append(Segment(INSERT, segment.text))
        else:
            out.append(segment)
        index += 1
    merged: list[Segment] = []
    deletes, inserts = "", ""

    def flush() -> None:
        nonlocal deletes, inserts
        if deletes:
            merged.append(Segment(DELETE, deletes))
        if inserts:
            merged.append(Segment(INSERT, inserts))
        deletes, inserts = "", ""

    for segment in out:
        if segment.op == DELETE:
            deletes += segment.text
        elif segment.op == INSERT:
            inserts += segment.text
        else:
            flush()
            merged.append(segment)
    flush()
    return merged


def similarity(old: str, new: str) -> float:
    """How much of the words two texts share (0 to 1)."""
    return difflib.SequenceMatcher(None, tokens(old), tokens(new), autojunk=False).ratio()


def old_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != INSERT)


def new_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != DELETE)


def excerpt(segments: list[Segment], context: int = 6) -> list[Segment]:
    """The changes with ``context`` words around them; long unchanged stretches become « … »."""
    out: list[Segment] = []
    for index, segment in enumerate(segments):
        words = tokens(segment.text)
        keep = context * 2  # words and the spaces between them
        if segment.op != EQUAL or len(words) <= keep * 2:
            out.append(segment)
            continue
        head = "" if index == 0 else "".join(words[:keep]).rstrip()
        tail = "" if index == len(segments) - 1 else "".join(words[-keep:]).lstrip()
        text = " … ".join(part for part in (head, tail) if part)
        if not head:
            text = "… " + text
        if not tail:
            text += " …"
        leading = " " if head and segment.text[:1].isspace() else ""
        trailing = " " if tail and segment.text[-1:].isspace() else ""
        out.append(Segment(EQUAL, leading + text.strip() + trailing))
    return out
