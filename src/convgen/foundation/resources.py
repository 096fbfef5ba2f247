"""Where the shipped JSON Schemas and Word templates live, and how schemas refer to each other.

They are kept at the top of the repository (``schemas/``, ``templates/``) for
people to read and edit; the package reaches them through symbolic links, which
a wheel build turns into real files. Document schemas refer to the shared
definitions by a file-relative ``$ref`` (``common.schema.json#/$defs/gap``),
which an editor resolves from disk and :func:`registry` resolves here.

The files on disk are the editors' schemas (VS Code's YAML extension,
check-jsonschema): a value left to complete (a gap) is valid there, written
``anyOf: [<the value>, {$ref: …/$defs/gap}]``, because a gap is convgen's warning,
not a structural error. convgen reads a stricter variant derived from the same
files (:func:`schema`, :func:`strict`): each such ``anyOf`` becomes the value with
``not: {$ref: …/$defs/gap}``, so that a gap is an error of its own, which
checking/schema.py turns into a gap finding (CG101, CG102). One source of truth,
two readings. :func:`bundle` gives a schema with every other file it refers to
inlined, which resolves on its own wherever it is written.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

KINDS = ("convention", "deliberation", "avenant")
# Files that are not built on their own: a shared party, a model of convention.
SHARED_KINDS = ("party", "model")
COMMON = "common"
SCHEMAS = (*KINDS, *SHARED_KINDS, COMMON)
GAP_REF = "#/$defs/gap"  # in common.schema.json; other schemas add the file name
# The merge directives of loading/compose.py (common.schema.json): a document that
# extends a model may write them; composing consumes them, so convgen's reading drops them.
DIRECTIVE_REFS = ("#/$defs/after", "#/$defs/before", "#/$defs/removed")
REMOVAL_REF = "#/$defs/removal"


def _root() -> Path:
    return Path(__file__).parent.parent  # the package: schemas/ and templates/ are there


def schema_path(kind: str) -> Path:
    """The JSON Schema file of ``kind``: ``convention``, ``deliberation``, ``avenant``,
    ``party``, ``model`` or ``common``."""
    return _root() / "schemas" / f"{kind}.schema.json"


def template_path(kind: str) -> Path:
    """The shipped Word template for documents of ``kind`` (an avenant is printed with
    the conventions' template: it is laid out as the convention it amends)."""
    shown = "convention" if kind == "avenant" else kind
    return _root() / "templates" / f"{shown}.docx"


@cache
def shipped(kind: str) -> dict[str, Any]:
    """The JSON Schema file for ``kind`` as shipped, the editors' reading (read once)."""
    with schema_path(kind).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)  # JSON: any value, as the schema writes it
        return loaded


@cache
def schema(kind: str) -> dict[str, Any]:
    """convgen's reading of the schema for ``kind``: gaps refused (see :func:`strict`)."""
    derived: dict[str, Any] = strict(shipped(kind))
    return derived


def is_gap_ref(node: Any) -> bool:
    """Whether ``node`` is ``{"$ref": "…#/$defs/gap"}``."""
    return isinstance(node, dict) and list(node) == ["$ref"] and str(node["$ref"]).endswith(GAP_REF)


def _refers(node: Any, targets: tuple[str, ...]) -> bool:
    return isinstance(node, dict) and list(node) == ["$ref"] and str(node["$ref"]).endswith(targets)


def strict(node: Any) -> Any:
    """convgen's reading of the shipped schema ``node``, mechanically derived:

    - every gap allowance (an ``anyOf`` one of whose branches is the gap) turned into a
      refusal: the other branch merged into the node, and ``not: {$ref: …gap}`` beside
      it, so that a gap fails there alone —
      ``{"title": "Taux", "anyOf": [{"type": "number"}, {"$ref": "…#/$defs/gap"}]}``
      becomes ``{"title": "Taux", "type": "number", "not": {"$ref": "…#/$defs/gap"}}``;
    - the merge directives dropped: the fields ``after``, ``before``, ``remove``
      (``$ref`` to ``$defs/after``, ``before``, ``removed``) and the item
      ``{if: {…required: [remove]}, then: {$ref: …removal}, else: X}``, which becomes X:
      composing a document consumes them, so one left in a document that extends no
      model is an unknown field, as before.
    """
    if isinstance(node, list):
        return [strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: strict(value) for key, value in node.items()}
    if isinstance(out.get("properties"), dict):
        out["properties"] = {
            name: value
            for name, value in out["properties"].items()
            if not _refers(value, DIRECTIVE_REFS)
        }
    if "if" in out and _refers(out.get("then"), (REMOVAL_REF,)):
        del out["if"], out["then"]
        otherwise = out.pop("else", {})
        for key, value in otherwise.items():
            if key in out:
                raise ValueError(f"schema: « {key} » both beside and inside a removal")
            out[key] = value
    branches = out.get("anyOf")
    if not isinstance(branches, list):
        return out
    gaps = [branch for branch in branches if is_gap_ref(branch)]
    if not gaps:
        return out
    others = [branch for branch in branches if not is_gap_ref(branch)]
    del out["anyOf"]
    if len(others) == 1 and isinstance(others[0], dict):
        for key, value in others[0].items():
            if key in out:
                raise ValueError(f"schema: « {key} » both beside and inside a gap allowance")
            out[key] = value
    elif others:
        out["anyOf"] = others
    if "not" in out:
        raise ValueError("schema: a gap allowance beside a « not »")
    out["not"] = copy.deepcopy(gaps[0])
    return out


def bundle(kind: str) -> dict[str, Any]:
    """The shipped schema of ``kind`` with every file it refers to inlined under
    ``$defs/<file name>`` (``common.schema.json#/$defs/gap`` becomes
    ``#/$defs/common.schema.json/$defs/gap``): a file that resolves on its own, wherever
    written. A file name has a dot, a definition's name none: they cannot collide."""
    root = copy.deepcopy(shipped(kind))
    embedded: dict[str, Any] = {}
    pending = [kind]
    while pending:
        name = pending.pop()
        document = root if name == kind else embedded[name]
        for node in _nodes(document):
            ref = node.get("$ref")
            if not isinstance(ref, str):
                continue
            target, _, fragment = ref.partition("#")
            target_name = target.removesuffix(".schema.json") if target else name
            if target_name != kind and target_name not in embedded:
                inner = copy.deepcopy(shipped(target_name))
                inner.pop("$schema", None)  # only at the root of a resource
                embedded[target_name] = inner
                pending.append(target_name)
            prefix = "#" if target_name == kind else f"#/$defs/{target_name}.schema.json"
            node["$ref"] = prefix + fragment if fragment else prefix
    defs = root.setdefault("$defs", {})
    for name, document in embedded.items():
        defs[f"{name}.schema.json"] = document
    return root


def bundled_text(kind: str) -> str:
    """:func:`bundle` as the JSON text ``convgen schema`` prints and ``convgen new`` writes."""
    return json.dumps(bundle(kind), indent=2, ensure_ascii=False) + "\n"


def _nodes(node: Any) -> list[dict[str, Any]]:
    """Every mapping inside ``node``, ``node`` included."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            found.append(current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


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
