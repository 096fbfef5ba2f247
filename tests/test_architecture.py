"""The pipeline reads from the tree: one package per stage, each importing only the
stages below it, and no module importing itself back through others.

The import graph is computed from the code, function-local and type-checking imports
included: a dependency hidden inside a function is a dependency all the same. Importing
``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first, so those edges count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

SOURCE = ROOT / "src"
# the stages, in pipeline order; a module may import its own stage and those before it
STAGES = (
    "foundation",
    "loading",
    "model",
    "checking",
    "rendering",
    "pdf",
    "building",
    "review",
    "reporting",
    "cli",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    _module_name(p): p
    for p in sorted((SOURCE / "convgen").rglob("*.py"))
    if "schemas" not in p.parts
}


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _absolute(module: str, level: int, name: str | None) -> str:
    parts = module.split(".")
    if not _is_package(module):
        parts.pop()
    if level > 1:
        parts = parts[: len(parts) - level + 1]
    return ".".join([*parts, name] if name else parts)


def _with_parents(target: str, importer: str) -> set[str]:
    """``target`` and the packages Python imports first to reach it, but for the
    importer's own packages: those are already being imported when it runs."""
    parts = target.split(".")
    own = importer.split(".")
    ancestors = {".".join(own[:n]) for n in range(1, len(own))}
    chain = {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
    return (chain - ancestors) & MODULES.keys()


def imports_of(module: str) -> set[str]:
    """Every convgen module ``module`` imports, wherever the import statement is."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found |= _with_parents(alias.name, module)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node.level, node.module) if node.level else node.module or ""
            found |= _with_parents(base, module)
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:  # a submodule
                    found |= _with_parents(f"{base}.{alias.name}", module)
                elif base in MODULES:  # a name the package or module defines
                    found.add(base)
    found.discard(module)
    return {m for m in found if m.startswith("convgen")}


GRAPH = {module: imports_of(module) for module in MODULES}


def stage_of(module: str) -> int:
    parts = module.split(".")
    if module == "convgen":  # the package itself: its version, nothing else
        return 0
    if parts[1] == "__main__":
        return STAGES.index("cli")
    return STAGES.index(parts[1])


def test_every_module_belongs_to_a_stage() -> None:
    strays = [m for m in MODULES if m != "convgen" and m.split(".")[1] not in (*STAGES, "__main__")]
    assert strays == []


def test_the_package_itself_imports_nothing() -> None:
    assert GRAPH["convgen"] == set()


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_the_stages_below_it(stage: str) -> None:
    upward = sorted(
        f"{module} → {target} ({STAGES[stage_of(target)]})"
        for module, targets in GRAPH.items()
        if module != "convgen" and stage_of(module) == STAGES.index(stage)
        for target in targets
        if stage_of(target) > stage_of(module)
    )
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
                continue
            if child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_no_import_cycle() -> None:
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
