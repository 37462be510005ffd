"""No module imports its importer: the import graph of vmss_lint has no cycle, counting every import in a
module (top level, inside functions, under `if TYPE_CHECKING:`), since a lazy or type-only import still ties
the two modules together. A cycle is broken by moving the shared type down, not by hiding the import."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO

# pyproject.toml [tool.setuptools] package-dir: where each package's sources live
PACKAGE_DIRS = {"vmss_lint": REPO / "linter", "vmss_lint.rules": REPO / "rules"}


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, root in PACKAGE_DIRS.items():
        for path in sorted(root.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            name = ".".join([package, *parts])
            found.setdefault(name, path)  # vmss_lint.rules from rules/, not a stray linter/rules
    return found


def _imported(tree: ast.Module, name: str, is_package: bool, known: dict[str, Path]) -> Iterator[str]:
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target:
                    yield target
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    yield f"{base}.{alias.name}"
                elif base in known:
                    yield base


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = {target for target in _imported(tree, name, path.name == "__init__.py", known) if target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as one cycle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(_one_cycle(graph, set(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _one_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, for the failure message."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & component):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    return sorted(component)


def test_the_scanner_sees_local_and_type_checking_imports() -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import X\ndef f():\n    from . import c\n    import vmss_lint.d\n"
    known = {name: Path() for name in ("vmss_lint", "vmss_lint.a", "vmss_lint.b", "vmss_lint.c", "vmss_lint.d")}
    assert set(_imported(ast.parse(source), "vmss_lint.a", False, known)) == {"vmss_lint.b", "vmss_lint.c", "vmss_lint.d"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 100
    found = cycles(graph)
    assert not found, "import cycles (move the shared type down):\n" + "\n".join(" -> ".join(cycle) for cycle in found)
