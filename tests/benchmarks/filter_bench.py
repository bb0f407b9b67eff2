"""filter_ms_5k: re-filtering the comment tree of a workspace of 5,000 comments by status and
by text (median of several changes of the filter, the view attached and expanded, as in the
window). Also `filter_proxy_ms_5k`, the proxy alone, and `tree_load_ms_5k`, reading the tree.

The workspace is built in a temporary directory from hand-made parsed letters: 100 letters of
50 comments under 10 matters, with statuses, owners, due dates and notes spread over them.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex

from tests.storage.conftest import letter

LETTERS, COMMENTS_PER_LETTER, MATTERS = 100, 50, 10
WORDS = ("goodwill impairment", "revenue recognition", "segment reporting", "income taxes",
         "liquidity and capital resources", "non-GAAP measures", "critical estimates")
STATUS_CYCLE = ("open", "drafting", "in_review", "approved", "filed", "open", "drafting")


def _texts(seed: int) -> tuple[str, ...]:
    return tuple(f"Please tell us more about {WORDS[(seed + i) % len(WORDS)]} in note {i}, "
                 f"including the amounts for fiscal {2010 + i % 12} and how you considered "
                 f"ASC 350-20-35-{30 + i % 9} in reaching your conclusion."
                 for i in range(COMMENTS_PER_LETTER))


def build(path: Path) -> None:
    from storage.importer import import_letter
    from storage.store import Store

    with Store.open(path) as store:
        me = store.set_me("Bench Marker", "BM")
        other = store.add_reviewer("Other Person", "OP")
        for n in range(LETTERS):
            parsed = letter(date=f"20{10 + n % 12:02d}-0{1 + n % 9}-1{n % 10}",
                            company=f"Company {n % MATTERS}",
                            file_number=f"001-{n % MATTERS:05d}", texts=_texts(n))
            import_letter(store, parsed, f"bench letter {n}".encode())
        _spread_work(store, me.id, other.id)


def _spread_work(store: object, me: str, other: str) -> None:
    from storage.store import Store

    assert isinstance(store, Store)
    with store.atomic():
        for i, comment in enumerate(store.comments()):
            if i % 3:
                store.set_status(comment.id, STATUS_CYCLE[i % len(STATUS_CYCLE)])  # type: ignore[arg-type]
            if i % 4 == 0:
                store.set_owner(comment.id, me if i % 8 else other)
            if i % 5 == 0:
                store.set_due(comment.id, f"2024-0{1 + i % 9}-15")
            if i % 11 == 0:
                store.add_note(comment.id, "Check this with the auditors.")


def _median_ms(action: object, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _walk(model: QAbstractItemModel, parent: QModelIndex | None = None) -> int:
    parent = parent or QModelIndex()
    rows = model.rowCount(parent)
    return rows + sum(_walk(model, model.index(r, 0, parent)) for r in range(rows))


def measure() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gui.tree.comment_tree import CommentTreeModel
    from gui.tree.filters import NOT_DONE, CommentFilter
    from gui.tree.pane import TreePane
    from storage.store import Store

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.rejoinder"
        build(path)
        with Store.open(path) as store:
            start = time.perf_counter()
            model = CommentTreeModel(store)
            load_ms = (time.perf_counter() - start) * 1000
            pane = TreePane(model)
            pane.resize(320, 800)
            pane.show()
            app.processEvents()
            assert sum(1 for _ in model.comment_nodes()) == LETTERS * COMMENTS_PER_LETTER
            filters = [CommentFilter(status=NOT_DONE), CommentFilter(text="goodwill"),
                       CommentFilter(text="revenue", status="drafting"), CommentFilter(),
                       CommentFilter(text="asc 350-20-35-33")]
            counter = iter(range(10 ** 6))

            def with_view() -> None:  # as the user sees it: filtered, expanded, painted
                pane.set_criteria(filters[next(counter) % len(filters)])
                app.processEvents()

            def proxy_only() -> None:  # the proxy maps lazily: walk it all
                pane.proxy.set_criteria(filters[next(counter) % len(filters)])
                _walk(pane.proxy)

            view_ms = _median_ms(with_view, 15)
            pane.tree.setModel(None)  # type: ignore[arg-type]
            proxy_ms = _median_ms(proxy_only, 15)
            pane.close()
    return {"filter_ms_5k": view_ms, "filter_proxy_ms_5k": proxy_ms, "tree_load_ms_5k": load_ms}


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.1f}")
