"""File ▸ Import Word draft… and File ▸ Review Word draft…: bring counsel's marked-up draft
of the response letter back (`storage.worddraft`) and decide what its answers become in the
`DraftReview` dialog. `WordImportCommands` places both in File's import section."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from gui.common import dialogs
from gui.common.actions import Placed, make_action
from gui.common.formats import save_folder
from gui.common.workbench import Workbench
from storage.errors import UserError

if TYPE_CHECKING:  # the review brings python-docx (some 40 ms): imported when first opened
    from gui.wordimport.review import DraftReview


class WordImportCommands(QObject):
    """The two actions, and the review dialog they open."""

    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.main_window())
        self.bench = bench
        window = bench.main_window()
        self.import_action = make_action(
            window, "Import &Word draft…", ["Ctrl+Alt+W"],
            "Bring back a marked-up Word draft of the response letter: tracked changes and "
            "comments, answer by answer")
        self.import_action.triggered.connect(self.choose_and_import)
        self.review_action = make_action(
            window, "Re&view Word draft…", [],
            "Decide the answers of the last Word draft brought back into this matter")
        self.review_action.triggered.connect(self.review_latest)
        self.dialog: DraftReview | None = None

    def actions_by_menu(self) -> Placed:
        return {"file.import": [None, self.import_action, self.review_action]}

    @property
    def actions(self) -> list[QAction]:
        return [self.import_action, self.review_action]

    def refresh(self) -> None:
        """Enable the review only where an import of the matter waits (called as File opens)."""
        from storage.worddraft.importing import pending, word_imports

        matter_id = self.bench.current_matter_id()
        found = bool(matter_id) and bool(word_imports(self.bench.store, matter_id))
        self.review_action.setEnabled(found)
        waiting = pending(self.bench.store, matter_id) if found else 0
        self.review_action.setText(f"Re&view Word draft… ({waiting} waiting)" if waiting
                                   else "Re&view Word draft…")

    @Slot()
    def choose_and_import(self) -> None:
        window = self.bench.main_window()
        name, _ = QFileDialog.getOpenFileName(
            window, "Import Word draft", str(save_folder()),
            "Word document (*.docx);;All files (*)")
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> str | None:
        """Import `path` into the current matter (or the one its tags name); open the review.
        Returns the import's id, or None when the file was refused."""
        from storage.worddraft.importing import import_draft

        self.bench.flush_draft()
        window = self.bench.main_window()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            found = import_draft(self.bench.store, path, self.bench.current_matter_id())
        except UserError as error:
            QApplication.restoreOverrideCursor()
            dialogs.show_error(window, "Import Word draft", str(error))
            return None
        QApplication.restoreOverrideCursor()
        self.bench.reload_comments()
        report = found.report
        self.bench.message(f"{found.name}: {report['changed']} answers changed, "
                           f"{report['notes']} Word comments as notes — decide each answer.")
        self.open_review(found.id)
        return found.id

    @Slot()
    def review_latest(self) -> None:
        from storage.worddraft.importing import word_imports

        matter_id = self.bench.current_matter_id()
        found = word_imports(self.bench.store, matter_id) if matter_id else []
        if not found:
            QMessageBox.information(self.bench.main_window(), "Word draft",
                                    "No Word draft has been brought back into this matter.")
            return
        self.open_review(found[0].id)

    def open_review(self, import_id: str) -> DraftReview:
        from gui.wordimport.review import DraftReview

        if self.dialog is not None:
            self.dialog.close()
        self.dialog = DraftReview(self.bench.store, import_id, self.bench.main_window())
        self.dialog.answerChanged.connect(self.bench.refresh_comment)
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.show()
        return self.dialog
