"""Where the shipped JSON Schemas and Word templates live, and how schemas refer to each other.

They are kept at the top of the repository (``schemas/``, ``templates/``) for
people to read and edit; the package reaches them through symbolic links, which
a wheel build turns into real files. Document schemas refer to the shared
definitions by a file-relative ``$ref`` (``common.schema.json#/$defs/gap``),
which an editor resolves from disk and :func:`registry` resolves here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

KINDS = ("convention", "deliberation")
# Files that are not built on their own: a shared party, a model of convention.
SHARED_KINDS = ("party", "model")
COMMON = "common"
SCHEMAS = (*KINDS, "party", COMMON)


def _root() -> Path:
    return Path(__file__).parent.parent  # the package: schemas/ and templates/ are there


def schema_path(kind: str) -> Path:
    """The JSON Schema file of ``kind``: ``convention``, ``deliberation`` or ``common``."""
    return _root() / "schemas" / f"{kind}.schema.json"


def template_path(kind: str) -> Path:
    """The shipped Word template for documents of ``kind``."""
    return _root() / "templates" / f"{kind}.docx"


@cache
def schema(kind: str) -> dict[str, Any]:
    """The parsed JSON Schema for ``kind`` (read once)."""
    with schema_path(kind).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)  # JSON: any value, as the schema writes it
        return loaded


@cache
def registry() -> Registry:
    """Every shipped schema, under the file name other schemas use to refer to it."""
    return Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema(name), DRAFT202012))
        for name in SCHEMAS
    )


def resolve(ref: str, current: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Follow ``ref`` from the schema document ``current``: (its document, the node)."""
    target, _, fragment = ref.partition("#")
    document = schema(target.removesuffix(".schema.json")) if target else current
    node: Any = document
    for token in fragment.removeprefix("/").split("/") if fragment else []:
        node = node[token]
    return document, node
