"""Grouping letters into reviews, against EDGAR's review threads: every letter of
../shared/corpus/wide imported into one workspace (in this process), then pairwise precision and
recall of the matters against the threads, as `check_wide.py --only grouping` computes them.

EDGAR's thread folders sometimes hold two reviews (a review closed, then a first-round review of
a later filing months on), which the project's rule makes two matters. `--split-at-closing` (and
the `_split` figures) also counts against threads cut there: a thread's letters from a staff
letter that asks again after a closing letter or a no-review notice (a comment letter, a
request, another notice) make another thread.

    .venv/bin/python -m tests.benchmarks.grouping_bench [--split-at-closing] [--show 20]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from storage import importer
from storage.errors import UserError
from storage.letterfacts import CLOSING_KINDS
from storage.models import Document
from storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
WIDE = ROOT.parent / "shared" / "corpus" / "wide"
SUFFIXES = (".pdf", ".htm", ".html", ".txt")
REOPENING_KINDS = ("comment_letter", "supplemental_request", "no_review")


def imported() -> tuple[Store, dict[str, str]]:
    """A workspace holding every wide letter, and each file name's thread folder."""
    store = Store.memory()
    thread_of: dict[str, str] = {}
    for path in sorted(p for p in WIDE.glob("*/*") if p.suffix.lower() in SUFFIXES):
        thread_of[path.name] = path.parent.name
        try:
            importer.import_file(store, path)
        except UserError:
            continue
    return store, thread_of


def split_at_closing(documents: list[Document], thread_of: dict[str, str]) -> dict[str, str]:
    """Document id → its thread, a thread cut where the staff asks again after closing."""
    by_thread: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        by_thread[thread_of[document.name]].append(document)
    out: dict[str, str] = {}
    for thread, letters in by_thread.items():
        letters.sort(key=lambda d: (d.letter_date or "9999", d.role != "staff", d.name))
        part, closed_on = 0, None
        for document in letters:
            asks = document.role == "staff" and document.letter_kind in REOPENING_KINDS
            if closed_on and asks and (document.letter_date or "") > closed_on:
                part, closed_on = part + 1, None
            if document.role == "staff" and document.letter_kind in CLOSING_KINDS:
                closed_on = document.letter_date or closed_on or "0000"
            out[document.id] = f"{thread}#{part}" if part else thread
    return out


def figures(store: Store, thread_of: dict[str, str], cut: bool
            ) -> tuple[float, float, list[str], list[str]]:
    """(precision, recall, matters holding several threads, threads split over matters)."""
    documents = [d for d in store.documents() if d.role != "reference" and d.name in thread_of]
    threads = split_at_closing(documents, thread_of) if cut else \
        {d.id: thread_of[d.name] for d in documents}
    by_matter: dict[str, list[str]] = defaultdict(list)
    by_thread: dict[str, list[str]] = defaultdict(list)
    for document in documents:
        by_matter[document.matter_id].append(threads[document.id])
        by_thread[threads[document.id]].append(document.matter_id)

    def pairs(groups: list[list[str]]) -> int:
        return sum(len(g) * (len(g) - 1) // 2 for g in groups)

    both = sum(k * (k - 1) // 2 for v in by_matter.values() for k in Counter(v).values())
    merged = [", ".join(sorted(set(v))) for v in by_matter.values() if len(set(v)) > 1]
    split = [f"{t}: {len(set(v))} matters" for t, v in by_thread.items() if len(set(v)) > 1]
    return (both / max(pairs(list(by_matter.values())), 1),
            both / max(pairs(list(by_thread.values())), 1), merged, split)


def measure() -> dict[str, float]:
    if not WIDE.is_dir():
        return {}
    store, thread_of = imported()
    out: dict[str, float] = {}
    for cut, suffix in ((False, ""), (True, "_split")):
        precision, recall, _, _ = figures(store, thread_of, cut)
        out[f"grouping_precision{suffix}"] = precision
        out[f"grouping_recall{suffix}"] = recall
    store.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split-at-closing", action="store_true",
                        help="count EDGAR threads cut where the staff asks again after closing")
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    store, thread_of = imported()
    precision, recall, merged, split = figures(store, thread_of, args.split_at_closing)
    print(f"grouping{' (threads split at closing)' if args.split_at_closing else ''}: "
          f"precision {precision:.3f} recall {recall:.3f}; {len(merged)} matters hold several "
          f"threads, {len(split)} threads are split")
    for line in merged[: args.show]:
        print(f"  merged: {line}")
    for line in split[: args.show]:
        print(f"  split: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
