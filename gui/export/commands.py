"""File ▸ Export: every format of `storage.exports.formats` (the response letter in Word and
EDGAR HTML, the review pack PDF — with each comment's best precedents when a library is
attached —, the tracker spreadsheet, the annotated letter …) and the matter's letter settings
(letterhead, addressee, signatory, closing). `ExportCommands` places the Export submenu in File.

The submenu's entries are made when it first opens (they have no shortcuts), so the format
registry loads then, not with the window; what they open loads when first chosen: the export
dialog and the writing, with progress and a clear word on where it went and on what it was
written without, in `gui.export.dialog`; the letter settings in `gui.export.letter_settings`.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from gui.common.actions import Placed, make_action
from gui.common.workbench import Workbench


class ExportCommands(QObject):
    """File ▸ Export: one action per registered format, and the response letter settings."""

    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.main_window())
        self.bench = bench
        window = bench.main_window()
        self.menu = QMenu("&Export", window)
        self.menu.aboutToShow.connect(self.fill)
        self._actions: dict[str, QAction] = {}
        self._settings: QAction | None = None

    def actions_by_menu(self) -> Placed:
        return {"file.export": [self.menu.menuAction()]}

    @property
    def actions(self) -> dict[str, QAction]:
        """Format kind → its entry (the submenu filled first if it has not been shown)."""
        self.fill()
        return self._actions

    @property
    def settings(self) -> QAction:
        """Response letter settings… (the submenu filled first if it has not been shown)."""
        self.fill()
        assert self._settings is not None
        return self._settings

    @Slot()
    def fill(self) -> None:
        """One entry per registered format, then the letter settings; once."""
        if self._settings is not None:
            return
        from storage.exports import formats  # with the submenu, not at start

        window = self.bench.main_window()
        for fmt in formats.formats():
            action = make_action(window, fmt.menu_text, [], f"Write the matter's {fmt.name}")
            action.triggered.connect(lambda _=False, k=fmt.kind: self.export(k))
            self.menu.addAction(action)
            self._actions[fmt.kind] = action
        self._settings = make_action(window, "Response letter &settings…", [],
                                     "Letterhead, addressee, signatory and closing of the "
                                     "response letter")
        self._settings.triggered.connect(self.edit_letter_settings)
        self.menu.addSeparator()
        self.menu.addAction(self._settings)

    def export(self, kind: str) -> Path | None:
        """Ask what and where, write it with progress, say where it went."""
        from gui.export.dialog import export  # on use, not at start

        return export(self.bench, kind)

    @Slot()
    def edit_letter_settings(self) -> bool:
        from gui.export.letter_settings import edit_letter_settings  # on use, not at start

        return edit_letter_settings(self.bench)
