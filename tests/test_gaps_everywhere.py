"""A draft may leave any value unfinished: checking and rendering must cope with a gap anywhere.

Each scalar of each valid fixture is replaced in turn by « ... »; the check must
not raise, and when the document can be modelled, its rendering context and
document properties must be built without raising either.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from convgen.checking.check import check_document
from convgen.loading.reader import parse
from convgen.model.deliberation import Deliberation
from convgen.rendering.convention import Renderer, properties
from convgen.rendering.deliberation import DeliberationRenderer
from convgen.rendering.deliberation import properties as deliberation_properties

from conftest import CHAUMONT, FIXTURES, dump

SOURCES = [CHAUMONT, FIXTURES / "valid" / "deliberation-minimale.yaml"]


def _leaves(data: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    elif path and path[0] not in ("document", "status"):
        yield path


def _with_gap(data: Any, path: tuple) -> Any:
    copy = yaml.safe_load(dump(data))
    node = copy
    for token in path[:-1]:
        node = node[token]
    node[path[-1]] = "..."
    return copy


CASES = [
    (source, path)
    for source in SOURCES
    for path in _leaves(yaml.safe_load(source.read_text(encoding="utf-8")))
]


@pytest.mark.parametrize(
    ("source", "path"),
    CASES,
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else Path(v).stem,
)
def test_a_gap_anywhere_is_reported_never_raised(source: Path, path: tuple) -> None:
    data = _with_gap(yaml.safe_load(source.read_text(encoding="utf-8")), path)
    data["status"] = "draft"
    result = check_document(parse(dump(data), source), follow_approvals=False)
    assert result.findings, f"a gap at {path} went unnoticed"
    model = result.model
    if isinstance(model, Deliberation):
        renderer = DeliberationRenderer(model)
        renderer.context()
        deliberation_properties(model, renderer.object())
    elif model is not None:
        Renderer(model).context()
        properties(model)
