"""What autosave costs while someone types into a long answer: a draft of 20 pages (about
10,000 words in paragraphs, some bold) in the editor, one more key typed, then the save the
debounce or the one-second deadline makes (rich text out of the editor, one row written).

- `autosave_20_pages_ms`: median time of that save (it runs on the GUI thread);
- `autosave_20_pages_busy_share`: that time over the deadline's interval: the share of the
  GUI thread autosave takes while typing never pauses.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

PARAGRAPH = ("We respectfully advise the Staff that the Company performed its annual goodwill "
             "impairment test as of October 1 and concluded that the fair value of each "
             "reporting unit exceeded its carrying value. <b>In future filings</b> we will "
             "expand our disclosure of the key assumptions, including the discount rate and "
             "the long-term growth rate used for each reporting unit. ") * 2
PAGES, WORDS_PER_PAGE, RUNS = 20, 500, 15


def measure() -> dict[str, float]:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gui.editor.editor import AUTOSAVE_MAX_WAIT_MS, ResponseEditor
    from storage.importer import import_letter
    from storage.store import Store
    from tests.storage.conftest import letter

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "w.rejoinder") as store:
        store.set_me("Ada Lovelace", "AL")
        import_letter(store, letter(), b"staff")
        comment = store.comments()[0]
        words = len(PARAGRAPH.split())
        paragraphs = PAGES * WORDS_PER_PAGE // words
        store.save_draft(comment.id, "".join(f"<p>{PARAGRAPH}</p>" for _ in range(paragraphs)))
        editor = ResponseEditor(store)
        editor.show_comment(comment)
        times = []
        for _ in range(RUNS):
            QTest.keyClicks(editor.draft, "x")
            assert editor.pending(), "the key did not reach the draft"
            start = time.perf_counter()
            editor.flush()
            times.append((time.perf_counter() - start) * 1000)
        saved = store.response(comment.id).draft
        assert saved.count("x") >= RUNS and len(saved) > 50_000, len(saved)
        editor.deleteLater()
        app.processEvents()
    median = statistics.median(times)
    return {"autosave_20_pages_ms": median,
            "autosave_20_pages_busy_share": median / AUTOSAVE_MAX_WAIT_MS}
