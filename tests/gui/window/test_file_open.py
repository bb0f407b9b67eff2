"""A file the operating system hands the running program (macOS's QFileOpenEvent, a Finder
double-click): a workspace is opened, a letter imported into the workspace shown."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from gui.window.file_open import FileOpener
from gui.window.main_window import MainWindow
from tests.conftest import ROOT
from tests.gui.conftest import Dialogs

SAMPLE = ROOT / "resources" / "samples" / "21vianet_2017-08-30_response.txt"


def hand_over(window: MainWindow, path: Path) -> None:
    app = QApplication.instance()
    assert app is not None
    opener = FileOpener(window)
    app.installEventFilter(opener)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(path)))
    finally:
        app.removeEventFilter(opener)


def test_a_workspace_handed_over_is_opened(tmp_path: Path, window: MainWindow,
                                           dialogs: Dialogs) -> None:
    other = tmp_path / "other.rejoinder"
    hand_over(window, other)
    assert window.store.path == other.resolve()
    assert dialogs.shown == []


def test_a_letter_handed_over_is_imported(window: MainWindow, dialogs: Dialogs) -> None:
    hand_over(window, SAMPLE)
    assert [d.name for d in window.store.documents()] == [SAMPLE.name]
