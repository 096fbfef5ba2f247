"""What comes before the articles, as drafted: visas, the préambule's heading and
closing, the sentence that opens the articles; and the places texts cite with their
article (``@{lieu:gymnase}``).

A préambule is a list of blocks (printed under the standard heading) or an object
whose ``heading`` and ``closing`` the drafters choose, ``null`` meaning « none »: a
convention whose préambule has no « ÉTANT PRÉALABLEMENT EXPOSÉ QUE » must not get one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convgen.foundation.findings import Path_
from convgen.model.content import Block, Paragraph, blocks
from convgen.model.values import Gender


@dataclass
class Preamble:
    """The préambule: its blocks, and its heading and closing as written.

    ``heading_written`` (``closing_written``) tells a heading written ``null`` (no
    heading) from one not written at all (the standard heading)."""

    body: list[Block]
    heading: str | None = None
    closing: str | None = None
    heading_written: bool = False
    closing_written: bool = False
    path: Path_ = ("preamble",)


@dataclass
class Place:
    """A place cited in texts: « gymnase Jean-Moulin », masculine, with its article."""

    key: str
    name: str
    gender: Gender
    article: bool
    elision: bool | None
    path: Path_


def preamble(raw: Any) -> Preamble:
    if isinstance(raw, dict):
        return Preamble(
            body=blocks(raw.get("body"), ("preamble", "body")),
            heading=raw.get("heading"),
            closing=raw.get("closing"),
            heading_written="heading" in raw,
            closing_written="closing" in raw,
        )
    return Preamble(body=blocks(raw if isinstance(raw, list) else None, ("preamble",)))


def visas(raw: Any) -> list[Paragraph]:
    """One paragraph per visa, as written (without « VU » and final punctuation or not:
    the renderer normalises them)."""
    if not isinstance(raw, list):
        return []
    return [Paragraph(text or "", ("visas", index)) for index, text in enumerate(raw)]


def places(raw: Any) -> dict[str, Place]:
    if not isinstance(raw, dict):
        return {}
    out = {}
    for key, place in raw.items():
        if not isinstance(place, dict):
            continue
        elision = place.get("elision")
        out[str(key)] = Place(
            key=str(key),
            name=place.get("name") or "",
            gender="f" if place.get("gender") == "f" else "m",
            article=place.get("article") is not False,
            elision=elision if isinstance(elision, bool) else None,
            path=("places", str(key)),
        )
    return out
