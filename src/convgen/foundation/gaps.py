"""Unfinished entries (« lacunes »): what they look like and where they are.

The definition lives in the JSON Schema (``$defs/gap`` and the ``gap…``
definitions it lists), so that an editor using the schema, any JSON Schema
validator and convgen flag the same values. This module reads those patterns
back to classify a gap for its message and to find the spans to highlight in
the rendered document; it defines none of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from convgen.foundation import resources

GAP_REF = resources.GAP_REF  # in common.schema.json; other schemas add the file name


@dataclass(frozen=True)
class GapKind:
    """One family of gap (« points de suspension », « à définir »…)."""

    name: str
    title: str
    patterns: tuple[re.Pattern[str], ...]
    matches_null: bool

    def search(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for pattern in self.patterns:
            spans.extend(m.span() for m in pattern.finditer(text))
        return spans


@dataclass(frozen=True)
class GapSpan:
    """Where a gap sits inside a text."""

    start: int
    end: int
    kind: GapKind


def _collect(schema: dict[str, Any], defs: dict[str, Any]) -> tuple[list[str], bool]:
    """Patterns and null-acceptance of a gap sub-schema (following local refs)."""
    if "$ref" in schema:
        return _collect(defs[schema["$ref"].rsplit("/", 1)[1]], defs)
    patterns: list[str] = []
    matches_null = schema.get("type") == "null"
    if "pattern" in schema:
        patterns.append(schema["pattern"])
    for branch in schema.get("anyOf", []):
        sub_patterns, sub_null = _collect(branch, defs)
        patterns.extend(sub_patterns)
        matches_null = matches_null or sub_null
    return patterns, matches_null


@cache
def gap_kinds() -> tuple[GapKind, ...]:
    """The gap families declared in the schema, in declaration order."""
    defs = resources.schema(resources.COMMON)["$defs"]
    kinds = []
    for branch in defs["gap"]["anyOf"]:
        name = branch["$ref"].rsplit("/", 1)[1]
        patterns, matches_null = _collect(branch, defs)
        kinds.append(
            GapKind(
                name=name,
                title=defs[name]["title"],
                patterns=tuple(re.compile(p) for p in patterns),
                matches_null=matches_null,
            )
        )
    return tuple(kinds)


@cache
def _any_gap() -> re.Pattern[str]:
    """Every gap pattern in one: most texts are not gaps, and one search says so."""
    return re.compile("|".join(f"(?:{p.pattern})" for k in gap_kinds() for p in k.patterns))


def classify(value: Any) -> GapKind | None:
    """The gap family ``value`` belongs to, or ``None`` when it is not a gap."""
    if isinstance(value, str) and not _any_gap().search(value):
        return None
    for kind in gap_kinds():
        if value is None:
            if kind.matches_null:
                return kind
        elif isinstance(value, str) and kind.search(value):
            return kind
    return None


def is_gap(value: Any) -> bool:
    """True when ``value`` is an unfinished entry."""
    return classify(value) is not None


def find_gaps(text: str) -> list[GapSpan]:
    """The gap spans inside ``text``, sorted and without overlaps.

    An empty or blank text is one gap spanning the whole text.
    """
    spans: list[GapSpan] = []
    if not _any_gap().search(text):
        return spans
    for kind in gap_kinds():
        for start, end in kind.search(text):
            if end == start and text.strip():
                continue
            spans.append(GapSpan(start, end, kind))
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[GapSpan] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = GapSpan(last.start, span.end, last.kind)
            continue
        merged.append(span)
    return merged


def excerpt(text: str, span: GapSpan, width: int = 30) -> str:
    """The gap with a little context, for a message: « … de ..... % du coût … »."""
    start = max(0, span.start - width)
    end = min(len(text), span.end + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = " ".join(text[start:end].split())
    return f"{prefix}{snippet}{suffix}"
