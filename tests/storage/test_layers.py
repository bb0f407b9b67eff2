"""storage/ is the headless core: it must never import Qt or the GUI."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

STORAGE = Path(__file__).resolve().parents[2] / "storage"


def test_no_storage_module_imports_qt_or_gui() -> None:
    offenders = []
    for path in STORAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {n}" for n in names
                          if n.split(".")[0] in {"PySide6", "PyQt6", "gui", "shiboken6"}]
    assert offenders == []


def test_importing_storage_loads_no_qt() -> None:
    code = ("import sys, storage.store, storage.importer, storage.firstrun, storage.ingest; "
            "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'gui'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=STORAGE.parent, check=True).stdout.strip()
    assert out == "[]"
