"""Files the operating system hands a running Rejoinder (macOS sends a `QFileOpenEvent` when a
workspace or a letter is double-clicked in the Finder, or dropped on the Dock icon, while the
program runs; at launch it comes as an argument instead): a workspace is opened, a letter
imported into the workspace shown."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

if TYPE_CHECKING:
    from gui.window.main_window import MainWindow

WORKSPACE_SUFFIX = ".rejoinder"


class FileOpener(QObject):
    """Installed on the application: takes its FileOpen events to `window`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        path = Path(event.file())
        self.window.raise_()
        self.window.activateWindow()
        if path.suffix.lower() == WORKSPACE_SUFFIX:
            self.window.open_workspace_path(str(path))
        else:
            self.window.import_files([path])
        return True
