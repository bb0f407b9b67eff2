"""Files dropped on the window: one event filter for the window and its text fields, asking each
registered handler which of the dropped files it takes (letters, exchange packs …).

Text fields would otherwise take a dropped file themselves and paste its address; the filter
keeps the drop for the handler, which runs once the drop has returned so that the file manager
is not kept waiting.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QDropEvent

from gui.common.workbench import DropFilter, DropHandler


def local_paths(urls: list) -> list[Path]:  # type: ignore[type-arg]
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]


def suffix_filter(*suffixes: str) -> DropFilter:
    """Takes the paths whose suffix (any case) is one of these."""
    wanted = tuple(s.lower() for s in suffixes)
    return lambda paths: [p for p in paths if p.suffix.lower() in wanted]


class FileDrops(QObject):
    """The drop handlers of one window, installed as an event filter on it and its fields."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._handlers: list[tuple[DropFilter, DropHandler]] = []

    def add(self, takes: DropFilter, handle: DropHandler) -> None:
        self._handlers.append((takes, handle))

    def taken(self, urls: list) -> tuple[DropHandler, list[Path]] | None:  # type: ignore[type-arg]
        """The first handler that takes some of the dropped files, and those files."""
        paths = local_paths(urls)
        for takes, handle in self._handlers:
            mine = takes(paths)
            if mine:
                return handle, mine
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kinds = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
        if event.type() not in kinds or not isinstance(event, QDropEvent):
            return False
        found = self.taken(event.mimeData().urls())
        if found is None:
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            handle, paths = found
            QTimer.singleShot(0, lambda: handle(paths))
        return True
