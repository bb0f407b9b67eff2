"""A file the operating system hands the running program (macOS's QFileOpenEvent, a Finder
double-click): the application takes the event itself, and the window opens a workspace or
imports a letter into the workspace shown."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from gui.window.file_open import Application, FileOpener
from gui.window.main_window import MainWindow
from tests.conftest import ROOT
from tests.gui.conftest import Dialogs

SAMPLE = ROOT / "resources" / "samples" / "21vianet_2017-08-30_response.txt"


def hand_over(app: QApplication, window: MainWindow, path: Path) -> None:
    assert isinstance(app, Application)  # tests/conftest.py: `qapp_cls`
    opener = FileOpener(window)
    app.fileOpened.connect(opener.open)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(path)))
    finally:
        app.fileOpened.disconnect(opener.open)


def test_a_workspace_handed_over_is_opened(qapp: QApplication, tmp_path: Path,
                                           window: MainWindow, dialogs: Dialogs) -> None:
    other = tmp_path / "other.rejoinder"
    hand_over(qapp, window, other)
    assert window.store.path == other.resolve()
    assert dialogs.shown == []


def test_a_letter_handed_over_is_imported(qapp: QApplication, window: MainWindow,
                                          dialogs: Dialogs) -> None:
    hand_over(qapp, window, SAMPLE)
    assert [d.name for d in window.store.documents()] == [SAMPLE.name]


def test_other_events_of_the_application_go_on_as_before(qapp: QApplication) -> None:
    handed: list[str] = []
    assert isinstance(qapp, Application)
    qapp.fileOpened.connect(handed.append)
    try:
        QApplication.sendEvent(qapp, QEvent(QEvent.Type.LanguageChange))
        assert handed == []
        assert qapp.event(QFileOpenEvent("/tmp/x.rejoinder"))
        assert handed == ["/tmp/x.rejoinder"]
    finally:
        qapp.fileOpened.disconnect(handed.append)
