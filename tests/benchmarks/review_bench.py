"""The review workflow at scale: a workspace of 1,000 letters and about 20,000 comments built
from the corpus (each company's letters repeated under distinct matters, every letter padded to
20 comments), with drafts, statuses and notes.

- `search_ms_20k`: median time of a set of typical full-text queries over it (and
  `search_ms_20k_slowest_query`, the median of the slowest of them).
- `search_view_ms_20k`: the same queries typed into the Search view, until its results are shown.
- `open_1000_letters_s`: starting the program on it until the window is idle (median of fresh
  processes), beside `open_sample_s`, the same on the sample workspace.

The built workspace is cached under the temporary folder, keyed by VERSION: bump it when the
build or the schema changes.
"""
from __future__ import annotations

import dataclasses
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from storage.importer import import_letter
from storage.ingest import ParsedComment, ParsedLetter, parse_file
from storage.search import search
from storage.store import Store
from tests.benchmarks.startup_bench import _make_sample_workspace, _time

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "letters"
VERSION = "review-bench-3"
CACHED = Path(tempfile.gettempdir()) / f"rejoinder-{VERSION}.rejoinder"
LETTERS, PER_LETTER = 1000, 20
QUERIES = ('"ASC 350-20-35-30"', "impair*", "goodwill AND segment", "revenue OR receivable",
           "non-GAAP", "future filings")
OPEN_RUNS, SEARCH_RUNS = 3, 7
PROMISES = ("In future filings we will expand our disclosure of the key assumptions.",
            "We will revise the table in Amendment No. 1 to show each segment.",
            "We will include the reconciliation of non-GAAP measures in our next Form 10-Q.")
NOTES = ("Check this against last year's answer on goodwill impairment.",
         "Counsel to confirm the revenue wording before we file.",
         "Auditors asked for the segment reconciliation.")


# -- building the workspace -----------------------------------------------------------------

def _corpus() -> dict[str, list[ParsedLetter]]:
    """The corpus letters parsed once, grouped by company (the file name's first word)."""
    groups: dict[str, list[ParsedLetter]] = defaultdict(list)
    for path in sorted(CORPUS.iterdir()):
        groups[path.name.split("_")[0]].append(parse_file(path))
    return groups


def _pairs(groups: dict[str, list[ParsedLetter]]) -> list[tuple[str, str]]:
    """(comment, answer) pairs recited by the response letters: the padding."""
    return [(c.text, c.response) for letters in groups.values() for letter in letters
            for c in letter.comments if c.response and len(c.text) > 80]


def _padded(letter: ParsedLetter, pairs: list[tuple[str, str]], copy: int) -> ParsedLetter:
    """The letter with comments added up to PER_LETTER; a staff letter and its response get the
    same added texts under the same numbers, so that they link."""
    own = list(letter.comments)
    number = max((c.number for c in own), default=0)
    while len(own) < PER_LETTER:
        number += 1
        text, answer = pairs[(number * 7 + copy) % len(pairs)]
        own.append(ParsedComment(number=number, headings=(), text=text, page=None,
                                 response=answer if letter.kind == "response" else None))
    return dataclasses.replace(letter, comments=tuple(own))


def _copy(letter: ParsedLetter, group: int, copy: int) -> ParsedLetter:
    return dataclasses.replace(letter, company=f"{letter.company} #{copy}",
                               file_numbers=(f"{group:03d}-{copy:05d}",))


def _work_on(store: Store, matter_id: str, copy: int) -> None:
    """Drafts, statuses and notes, as a team in the middle of a review leaves them."""
    for n, comment in enumerate(store.comments(matter_id=matter_id)):
        if comment.answers_id:
            continue
        if not store.response(comment.id).draft:
            store.save_draft(comment.id, f"We respectfully advise the Staff. "
                             f"{PROMISES[(n + copy) % len(PROMISES)]}")
        if n % 3 == 0:
            store.add_note(comment.id, NOTES[(n + copy) % len(NOTES)])
        if n % 5 == 1:
            store.set_status(comment.id, "in_review", None)


def build(path: Path) -> None:
    """Import 1,000 padded corpus letters under distinct matters into a new workspace."""
    groups = _corpus()
    pairs = _pairs(groups)
    made, copy = 0, 0
    with Store.open(path) as store:
        store.set_me("Bench Marker", "BM")
        while made < LETTERS:
            with store.atomic():
                for g, letters in enumerate(groups.values()):
                    matter_id = ""
                    for letter in letters[:LETTERS - made]:
                        source = f"{letter.source_name} copy {copy}".encode()
                        result = import_letter(store, _copy(_padded(letter, pairs, copy), g, copy),
                                                     source)
                        matter_id = result.matter.id
                        made += 1
                    if matter_id:
                        _work_on(store, matter_id, copy)
            copy += 1
            print(f"built {made} letters", file=sys.stderr, flush=True)


def workspace() -> Path:
    """The cached large workspace, built on first use."""
    if not CACHED.exists():
        partial = CACHED.with_suffix(".building")
        for leftover in CACHED.parent.glob(partial.name + "*"):
            leftover.unlink()
        build(partial)
        partial.rename(CACHED)
    return CACHED


# -- measuring ------------------------------------------------------------------------------

def _search_ms(store: Store) -> dict[str, float]:
    """The median over every run of every query, and the slowest query's median."""
    for query in QUERIES:  # warm the page cache
        search(store, query)
    times: dict[str, list[float]] = {query: [] for query in QUERIES}
    for query in QUERIES:
        for _ in range(SEARCH_RUNS):
            start = time.perf_counter()
            search(store, query)
            times[query].append((time.perf_counter() - start) * 1000)
    return {"search_ms_20k": statistics.median(t for ts in times.values() for t in ts),
            "search_ms_20k_slowest_query": max(statistics.median(ts)
                                               for ts in times.values())}


def _search_view_ms(store: Store) -> float:
    """The queries typed into the Search view (debounce skipped): query to filled results."""
    from PySide6.QtWidgets import QApplication

    from gui.review.search import SearchView

    app = QApplication.instance() or QApplication([])
    view = SearchView(store)
    view.resize(1200, 400)
    times = []
    for query in QUERIES * 3:
        start = time.perf_counter()
        view.set_query(query)
        view.run_now()
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    view.deleteLater()
    return statistics.median(times)


def _counts(store: Store) -> dict[str, float]:
    row = store.db.execute("SELECT (SELECT count(*) FROM documents), "
                           "(SELECT count(*) FROM comments WHERE retired_at IS NULL), "
                           "(SELECT count(*) FROM matters)").fetchone()
    return {"bench_letters": float(row[0]), "bench_comments": float(row[1]),
            "bench_matters": float(row[2])}


def _open_s(path: Path, env: dict[str, str]) -> float:
    app = [sys.executable, "main.py", "--workspace", str(path)]
    _time(app, env)  # warm the file cache
    return statistics.median(_time(app, env) for _ in range(OPEN_RUNS))


def measure() -> dict[str, float]:
    if not CORPUS.is_dir():
        return {}
    cached = workspace()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        large = Path(folder) / "large.rejoinder"
        shutil.copyfile(cached, large)  # the program may write to it; keep the cache clean
        with Store.open(large) as store:
            figures.update(_counts(store))
            figures.update(_search_ms(store))
            figures["search_view_ms_20k"] = _search_view_ms(store)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REJOINDER_EXIT_WHEN_IDLE="1",
                   XDG_CONFIG_HOME=folder)
        sample = Path(folder) / "sample.rejoinder"
        _make_sample_workspace(sample)
        figures["open_sample_s"] = _open_s(sample, env)
        figures["open_1000_letters_s"] = _open_s(large, env)
    return figures


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.3f}")
