"""Importing at EDGAR scale: the command line imports every letter of ../shared/corpus/wide (648
letters of 57 companies) into a new workspace, as `check_wide.py` does.

`import_wide_s`: seconds for the whole import (parse, place in its review, link answers);
`import_wide_letters_per_s`; `workspace_bytes_per_letter`: the workspace file's size afterwards
over the letters imported, beside `letters_bytes_per_letter`, the letters' own size.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIDE = ROOT.parent / "shared" / "corpus" / "wide"
SUFFIXES = (".pdf", ".htm", ".html", ".txt")


def measure() -> dict[str, float]:
    """The figures above; {} where the wide corpus is missing."""
    if not WIDE.is_dir():
        return {}
    paths = sorted(p for p in WIDE.glob("*/*") if p.suffix.lower() in SUFFIXES)
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        workspace = Path(folder) / "wide.rejoinder"
        start = time.perf_counter()
        subprocess.run([sys.executable, "main.py", "import", "--workspace", str(workspace),
                        *map(str, paths)], cwd=ROOT, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        size = workspace.stat().st_size
    letters = sum(p.stat().st_size for p in paths)
    return {"import_wide_s": seconds, "import_wide_letters_per_s": len(paths) / seconds,
            "workspace_bytes_per_letter": size / len(paths),
            "letters_bytes_per_letter": letters / len(paths)}
