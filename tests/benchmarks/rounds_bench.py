"""Rounds in the workspace: each EDGAR review thread of ../shared/corpus/wide imported into a
workspace of its own (and the 41 letters of ../shared/corpus/letters into one), then, for every
response with items whose answered staff letter has numbered comments (the pairs check_wide
counts), whether the response's linked answers cover every comment of that letter (one linked
answer per staff comment). Responses without items (acknowledgements, answers in prose) are
left out, as check_wide leaves them out.

`check_wide.py --only rounds` parses letters one by one, so it cannot see round-aware splitting;
this is its workspace-level figure:
`rounds_workspace_wide` (share of such responses over wide threads), `rounds_workspace_letters`.

By hand, with the responses that fall short listed:
    .venv/bin/python -m tests.benchmarks.rounds_bench [--show 20] [--sample N]
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from storage import importer
from storage.errors import UserError
from storage.rounds import _answered_letter, _staff
from storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = (".pdf", ".htm", ".html", ".txt")


def thread_figures(paths: Iterable[Path]) -> tuple[int, int, list[str]]:
    """Import the letters into a new workspace: (responses checked, those whose linked answers
    cover every comment of the staff letter they answer, a line for each that does not)."""
    store = Store.memory()
    for path in paths:
        try:
            importer.import_file(store, path)
        except UserError:
            continue
    checked = covered = 0
    misses: list[str] = []
    for matter in store.matters():
        documents = store.documents(matter.id)
        staff = _staff(documents)
        for document in documents:
            if document.role != "response" or document.letter_kind != "response":
                continue
            answered = _answered_letter(document, staff)
            targets = store.comments(document_id=answered.id) if answered else []
            if not answered or not targets:
                continue
            items = store.comments(document_id=document.id)
            if not items:
                continue
            checked += 1
            linked = {i.answers_id for i in items if i.answers_id}
            if linked == {t.id for t in targets} and len(items) == len(targets):
                covered += 1
            else:
                misses.append(f"{document.name}: {len(targets)} staff comments ({answered.name}),"
                              f" {len(items)} items, {len(linked)} linked")
    store.close()
    return checked, covered, misses


def wide_threads(sample: int = 0) -> list[list[Path]]:
    folders = sorted(p for p in (CORPUS / "wide").iterdir() if p.is_dir())
    if sample:
        folders = folders[::sample]
    return [sorted(p for p in f.iterdir() if p.suffix.lower() in SUFFIXES) for f in folders]


def run(sample: int = 0) -> dict[str, tuple[int, int, list[str]]]:
    out: dict[str, tuple[int, int, list[str]]] = {}
    if (CORPUS / "wide").is_dir():
        total = [0, 0]
        misses: list[str] = []
        for paths in wide_threads(sample):
            checked, covered, missed = thread_figures(paths)
            total[0] += checked
            total[1] += covered
            misses += [f"{paths[0].parent.name}/{m}" for m in missed]
        out["wide"] = (total[0], total[1], misses)
    if (CORPUS / "letters").is_dir():
        out["letters"] = thread_figures(sorted((CORPUS / "letters").iterdir()))
    return out


def measure() -> dict[str, float]:
    return {f"rounds_workspace_{name}": covered / max(checked, 1)
            for name, (checked, covered, _) in run().items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--sample", type=int, default=0, help="every Nth wide thread only")
    args = parser.parse_args()
    for name, (checked, covered, misses) in run(args.sample).items():
        print(f"{name}: {covered}/{checked} responses link an answer to every comment of the "
              f"staff letter they answer ({covered / max(checked, 1):.3f})")
        for line in misses[: args.show]:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
