"""The layers of the house, read from the imports (TYPE_CHECKING ones included): no module
cycles, storage never imports Qt or the GUI, a feature package imports only gui.common and
storage, and only gui.window (and the start-up modules) imports features."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FEATURES = {"pdf", "tree", "editor", "corrections", "review", "exchange", "export",
            "wordimport", "precedent", "hub"}


def modules() -> dict[str, Path]:
    found = {}
    for path in list(ROOT.glob("gui/**/*.py")) + list(ROOT.glob("storage/**/*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path, name: str) -> set[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {m: {t for t in imports(p, m) if t in mods and t != m} for m, p in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "gui" and len(parts) > 2 and parts[1] in FEATURES else None


def test_no_module_cycles() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_storage_imports_no_qt_and_no_gui() -> None:
    bad = [f"{m} -> {t}" for m, p in modules().items() if m.startswith("storage")
           for t in imports(p, m) if t.split(".")[0] in {"PySide6", "shiboken6", "gui"}]
    assert bad == []


def test_features_import_only_common_and_storage() -> None:
    bad = []
    for module, targets in graph().items():
        mine = feature_of(module)
        if mine is None:
            continue
        for target in targets:
            theirs = feature_of(target)
            if (theirs is not None and theirs != mine) or target.startswith("gui.window"):
                bad.append(f"{module} -> {target}")
    assert bad == []


def test_common_imports_no_feature_and_no_window() -> None:
    bad = [f"{m} -> {t}" for m, targets in graph().items() if m.startswith("gui.common")
           for t in targets if feature_of(t) or t.startswith("gui.window")]
    assert bad == []


@pytest.mark.parametrize("package", sorted(FEATURES | {"common", "window"}))
def test_gui_is_laid_out_by_feature(package: str) -> None:
    assert (ROOT / "gui" / package / "__init__.py").exists()
    assert len(list((ROOT / "gui").glob("*.py"))) <= 4  # __init__, app, screenshot
