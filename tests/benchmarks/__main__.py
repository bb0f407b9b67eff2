"""Run the benchmarks by hand: `python -m tests.benchmarks --json PATH [--only NAME]`.

Prints each named figure and writes them all to PATH. Benchmarks report; they never fail CI.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

MODULES = ("startup_bench", "autosave_bench", "parse_bench", "render_bench", "merge_bench",
           "review_bench", "export_bench", "pdf_bench", "filter_bench", "import_bench",
           "word_bench", "rounds_bench", "grouping_bench", "precedent_bench", "hub_bench")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--json", type=Path, required=True, help="where to write the figures")
    parser.add_argument("--only", default="", help="run only the modules whose name has this")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures: dict[str, float] = {}
    for name in MODULES:
        if args.only not in name:
            continue
        module = importlib.import_module(f"tests.benchmarks.{name}")
        print(f"# {name}", flush=True)
        for key, value in module.measure().items():
            figures[key] = value
            print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}",
                  flush=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
