"""Where the shipped JSON Schemas and Word templates live.

They are kept at the top of the repository (``schemas/``, ``templates/``) for
people to read and edit; the package reaches them through symbolic links, which
a wheel build turns into real files.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

KINDS = ("convention",)


def _root() -> Path:
    return Path(__file__).parent


def schema_path(kind: str) -> Path:
    """The JSON Schema file for documents of ``kind`` (``convention``…)."""
    return _root() / "schemas" / f"{kind}.schema.json"


def template_path(kind: str) -> Path:
    """The shipped Word template for documents of ``kind``."""
    return _root() / "templates" / f"{kind}.docx"


@cache
def schema(kind: str) -> dict[str, Any]:
    """The parsed JSON Schema for ``kind`` (read once)."""
    with schema_path(kind).open(encoding="utf-8") as handle:
        return json.load(handle)
