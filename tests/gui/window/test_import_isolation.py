"""A letter that crashes the reader (in its worker process) is refused by name; the window and
the rest of the batch go on."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from gui.window.main_window import MainWindow
from storage.ingest import isolated
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs
from tests.storage.test_isolated import SAMPLE, read_or_die

pytestmark = OFFSCREEN_NOISE


def test_a_reader_crash_is_a_refusal_and_the_batch_goes_on(
        tmp_path: Path, window: MainWindow, dialogs: Dialogs,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolated, "_read", read_or_die)
    crashing = tmp_path / "segv_letter.txt"
    crashing.write_bytes(SAMPLE.read_bytes())
    outcome = window.import_files([crashing, SAMPLE])
    assert [r.document.name for r in outcome.results] == [SAMPLE.name]
    (failure,) = outcome.failures
    assert failure.path == crashing and not failure.is_bug
    assert "segv_letter.txt" in dialogs.texts[0] and "crashed" in dialogs.texts[0]
    assert window.import_files([SAMPLE]).results[0].already_there


def test_a_full_disk_stops_the_batch_and_says_what_went_in(
        tmp_path: Path, window: MainWindow, dialogs: Dialogs,
        fake_parser: list[object]) -> None:
    files = []
    for n in range(8):
        path = tmp_path / f"letter{n}_upload.pdf"
        path.write_bytes(os.urandom(40_000))  # each letter's own bytes, stored whole
        files.append(path)
    store = window.store
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages + 40}")
    outcome = window.import_files(files)
    assert outcome.stopped and 0 < len(outcome.results) < len(files)
    stopped_at = len(outcome.results)
    assert outcome.failures[0].path == files[stopped_at]
    assert "is full" in dialogs.texts[0] and "went in" in dialogs.texts[0]
    assert "Traceback" not in dialogs.texts[0] and not outcome.failures[0].is_bug
    assert len(store.documents()) == stopped_at
