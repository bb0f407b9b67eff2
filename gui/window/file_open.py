"""Files the operating system hands a running Rejoinder (macOS sends a `QFileOpenEvent` when a
workspace or a letter is double-clicked in the Finder, or dropped on the Dock icon, while the
program runs; at launch it comes as an argument instead): a workspace is opened, a letter
imported into the workspace shown.

The event goes to the application object, so `Application` takes it in its own `event()`.
An event filter on the application would do as well, but it sees every event of every widget:
each would pass through Python, which cost the start some 17 ms and every mouse move after.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from gui.window.main_window import MainWindow

WORKSPACE_SUFFIX = ".rejoinder"


class Application(QApplication):
    """Rejoinder's QApplication. Signal: fileOpened(str), a path the system handed over."""

    fileOpened = Signal(str)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            self.fileOpened.emit(event.file())
            return True
        return super().event(event)


class FileOpener(QObject):
    """Takes the files handed over to `window`: a workspace opens, a letter is imported."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    @Slot(str)
    def open(self, name: str) -> None:
        path = Path(name)
        self.window.raise_()
        self.window.activateWindow()
        if path.suffix.lower() == WORKSPACE_SUFFIX:
            self.window.open_workspace_path(str(path))
        else:
            self.window.import_files([path])
