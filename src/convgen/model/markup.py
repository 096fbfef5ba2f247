"""The small inline markup of convention texts.

YAML text is never evaluated as a template: ``{{ 7*7 }}`` prints as written.
Three references are recognised instead, all starting with ``@{``:

* ``@{taux}``: the figure ``taux`` of the same commitment (« 20 % »);
* ``@{article:resiliation}``: the number of the article whose key is
  ``resiliation`` (« article 7 »), computed at rendering so that it follows
  renumbering;
* ``@{annexe:note}``: the number of the annex ``note`` (« annexe 1 »);
* ``@{terms.duration}``: a structured value of the convention, bound by its dotted
  name (« cinq ans »), so that a clause in the drafters' own words still prints,
  and lets convgen check, the value the data holds;
* ``@{lieu:gymnase}``: a declared place with its article, contracted with the
  preposition written before it (« à @{lieu:gymnase} » → « au gymnase … »).

``@@{`` writes a literal ``@{``. Anything else starting with ``@{`` is
reported as malformed and printed as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"@@\{|@\{(?P<body>[^{}\s]*)\}|@\{")
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_BINDING = re.compile(r"^[a-z][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)+$")
KINDS = ("article", "annexe")
PLACE = "lieu"


@dataclass(frozen=True)
class Literal:
    text: str


@dataclass(frozen=True)
class FigureRef:
    name: str
    source: str


@dataclass(frozen=True)
class CrossRef:
    kind: str  # "article" or "annexe"
    key: str
    source: str


@dataclass(frozen=True)
class Binding:
    """``@{terms.duration}``: a value of the data, by its dotted name."""

    name: str
    source: str

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))


@dataclass(frozen=True)
class PlaceRef:
    """``@{lieu:gymnase}``: a place of ``places``, printed with its article."""

    key: str
    source: str


@dataclass(frozen=True)
class Malformed:
    source: str


Segment = Literal | FigureRef | CrossRef | Binding | PlaceRef | Malformed
Reference = FigureRef | CrossRef | Binding | PlaceRef | Malformed


def parse(text: str) -> list[Segment]:
    """Split ``text`` into literal runs and references, in order."""
    segments: list[Segment] = []
    buffer = ""
    position = 0
    for match in _TOKEN.finditer(text):
        buffer += text[position : match.start()]
        position = match.end()
        token = match.group(0)
        if token == "@@{":
            buffer += "@{"
            continue
        body = match.group("body")
        reference: Segment
        if body is None:
            reference = Malformed(token)
        elif body.startswith(f"{PLACE}:"):
            key = body.partition(":")[2]
            reference = PlaceRef(key, token) if _NAME.match(key) else Malformed(token)
        elif ":" in body:
            kind, _, key = body.partition(":")
            ok = kind in KINDS and _KEY.match(key)
            reference = CrossRef(kind, key, token) if ok else Malformed(token)
        elif "." in body:
            reference = Binding(body, token) if _BINDING.match(body) else Malformed(token)
        else:
            reference = FigureRef(body, token) if _NAME.match(body) else Malformed(token)
        if buffer:
            segments.append(Literal(buffer))
            buffer = ""
        segments.append(reference)
    buffer += text[position:]
    if buffer:
        segments.append(Literal(buffer))
    return segments


def references(text: str) -> list[Reference]:
    """Only the references found in ``text``."""
    return [s for s in parse(text) if not isinstance(s, Literal)]


def plain(text: str) -> str:
    """``text`` with escapes resolved and references left as written (for checks on prose)."""
    return "".join(s.text if isinstance(s, Literal) else s.source for s in parse(text))
