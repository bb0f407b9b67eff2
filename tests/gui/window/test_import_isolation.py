"""A letter that crashes the reader (in its worker process) is refused by name; the window and
the rest of the batch go on."""
from __future__ import annotations

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
