"""File ▸ Export's dialog and writing: `export(bench, kind)` asks which comments, which letter,
whether to show precedent and where (`ExportDialog`), then `write` writes the format atomically
with progress and says where it went and what it was written without.

Loaded when an export is first chosen, not with the window (`gui.export.commands` places the
menu).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QWidget,
)

from gui.common import dialogs
from gui.common.formats import save_folder
from gui.common.workbench import Workbench
from storage.errors import UserError
from storage.exports import Cancelled, Selection, formats

if TYPE_CHECKING:
    from storage.store import Store

FILED_KINDS = ("docx", "html", "redline")  # the letters that go to the staff


def export(bench: Workbench, kind: str) -> Path | None:
    """Ask what and where, write it with progress, say where it went."""
    from storage.precedent.quotes import warning as quote_warning  # on use, not at start

    bench.flush_draft()
    window = bench.main_window()
    matter_id = bench.current_matter_id()
    if matter_id is None:
        dialogs.show_error(window, "Export", "There is no matter to export yet. Import a "
                           "letter first (File ▸ Import letters…).")
        return None
    if kind in FILED_KINDS and (warning := quote_warning(bench.store, matter_id)) and \
            not dialogs.confirm(window, "Export", warning + "\n\nExport all the same?",
                                "Export anyway"):
        return None
    dialog = ExportDialog(bench.store, matter_id, kind, bench.current_comment(), window,
                          bench.settings)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return write(bench.store, window, matter_id, kind, dialog.path(), dialog.selection(),
                 dialog.document_id(), dialog.precedent_library())


def write(store: Store, parent: QWidget, matter_id: str, kind: str, out: Path,
          selection: Selection, document_id: str | None,
          precedent_library: Path | None = None) -> Path | None:
    progress = QProgressDialog(f"Writing the {formats.get(kind).name}…", "Cancel", 0, 100, parent)
    progress.setWindowTitle("Export")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)

    def step(done: int, total: int) -> bool:
        progress.setMaximum(max(total, 1))
        progress.setValue(min(done, max(total, 1) - 1))
        QApplication.processEvents()
        return not progress.wasCanceled()

    from storage.exports.cli import run_export  # on use, not at start

    warnings: list[str] = []
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        written = run_export(store, matter_id, kind, out, selection, document_id, step,
                             precedent_library=precedent_library, warn=warnings.append)
    except Cancelled:
        return None
    except UserError as error:
        dialogs.show_error(parent, "Export", str(error))
        return None
    finally:
        QApplication.restoreOverrideCursor()
        progress.reset()
    _say_where(parent, kind, written, warnings)
    return written


def _say_where(parent: QWidget, kind: str, written: Path, warnings: list[str]) -> None:
    text = f"Wrote the {formats.get(kind).name} to\n{written}"
    text += "".join(f"\n\n{line}" for line in warnings)
    if kind == "html":
        from storage.exports.edgar_check import check_name

        names = check_name(written.name)
        if names:  # the content passed the pre-flight; EDGAR also wants a short plain name
            text += ("\n\nBefore filing, rename it: " + "; ".join(f.message for f in names)
                     + ".")
    box = QMessageBox(QMessageBox.Icon.Information, "Export", text, parent=parent)
    show = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if box.clickedButton() is show:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written.parent)))


def default_path(store: Store, matter_id: str, kind: str) -> Path:
    fmt = formats.get(kind)
    company = re.sub(r"[^\w .,&-]+", "", store.matter(matter_id).company).strip() or "Matter"
    return save_folder() / f"{company} — {fmt.words} {date.today().isoformat()}{fmt.suffix}"


PRECEDENT_SETTING = "export/pack-precedent"  # the precedent box was last left ticked


class ExportDialog(QDialog):
    """Which comments, which letter, whether to show precedent, and where to write."""

    def __init__(self, store: Store, matter_id: str, kind: str, comment: object,
                 parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._settings = settings
        self._comment_id = getattr(comment, "id", None)
        self.format = formats.get(kind)
        self.setWindowTitle(f"Export the {self.format.name}")
        form = QFormLayout()
        title = QLineEdit(store.matter(matter_id).title, readOnly=True)
        title.setCursorPosition(0)  # a long title shows its start (the company), not its end
        form.addRow("Matter", title)
        self._choices = self._selection_row(form)
        self.letter = QComboBox()
        self.letter.addItem("Every letter" if kind != "annotated" else "The latest staff letter",
                            None)
        for document in store.documents(matter_id):
            if document.role == "staff" or (kind == "annotated" and document.role != "reference"):
                self.letter.addItem(document.label, document.id)
        if self.format.per_letter:
            form.addRow("Answering" if kind != "annotated" else "Letter", self.letter)
        self.precedent = QCheckBox("Show the best three precedents for each comment")
        self._library = self._precedent_row(store) if self.format.precedent else None
        if self.format.precedent:
            form.addRow("Precedent", self.precedent)
        self.out = QLineEdit(str(default_path(store, matter_id, kind)))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form.addRow("Save as", row)
        dialogs.form_body(self, form, save=True, accept=self._accept)
        self.resize(560, self.sizeHint().height())

    def _selection_row(self, form: QFormLayout) -> QButtonGroup:
        group = QButtonGroup(self)
        row = QHBoxLayout()
        for index, text in enumerate(("All comments", "Open ones", "The selected comment")):
            button = QRadioButton(text)
            button.setChecked(index == 0)
            button.setEnabled(index < 2 or self._comment_id is not None)
            group.addButton(button, index)
            row.addWidget(button)
        form.addRow("Comments", row)
        return group

    def _precedent_row(self, store: Store) -> Path | None:
        """The library the Precedent pane attached to this workspace, when it can be read;
        else the box is off and its tooltip says why."""
        # the precedent search: loaded with the dialog, not with the window (some 8 ms)
        from storage.precedent.for_comment import setting_key
        from storage.precedent.library import LibraryError, open_readonly

        value = self._settings.value(setting_key(store)) if self._settings else None
        library = Path(str(value)) if value else None
        why = ("No precedent library is attached to this workspace: choose one in the "
               "Precedent pane (Ctrl+Shift+P) first.")
        if library is not None:
            try:
                open_readonly(library).close()
                why = ""
            except LibraryError as error:
                why = str(error)
        self.precedent.setEnabled(not why)
        self.precedent.setChecked(not why and self._settings is not None
                                  and bool(self._settings.value(PRECEDENT_SETTING, False,
                                                                bool)))
        self.precedent.setToolTip(why or f"From the precedent library {library}: other "
                                  "companies' comments like each one, with their filed "
                                  "answers and outcomes")
        return None if why else library

    def precedent_library(self) -> Path | None:
        """The library to show precedent from, when the box is ticked."""
        return self._library if self.precedent.isChecked() else None

    def selection(self) -> Selection:
        chosen = self._choices.checkedId()
        if chosen == 2 and self._comment_id:
            return Selection.of([self._comment_id])
        return Selection.open() if chosen == 1 else Selection.all()

    def document_id(self) -> str | None:
        return self.letter.currentData() if self.format.per_letter else None

    def path(self) -> Path:
        name = Path(self.out.text().strip()).expanduser()
        suffix = self.format.suffix
        return name if name.suffix.lower() in (suffix, ".html") else name.with_name(
            name.name + suffix)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save as", self.out.text(),
                                              self.format.filter)
        if name:
            self.out.setText(name)

    def _accept(self) -> None:
        if not self.out.text().strip():
            self.out.setFocus()
            return
        if self._settings is not None and self.precedent.isEnabled():
            self._settings.setValue(PRECEDENT_SETTING, self.precedent.isChecked())
        self.accept()
