"""File ▸ Export: the response letter (Word, EDGAR HTML), the review pack PDF, the tracker
spreadsheet and the annotated letter, each written atomically with progress and a clear word on
where it went; and the matter's letter settings (letterhead, addressee, signatory, closing).

`install(window)` adds the Export submenu to the window's File menu.
"""
from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.common import dialogs
from storage.errors import UserError
from storage.exports import Cancelled, Selection
from storage.exports.cli import NAMES, run_export

if TYPE_CHECKING:
    from gui.window.main_window import MainWindow
    from storage.exports.letter import LetterSettings  # loaded when the dialog first opens
    from storage.store import Store

# kind → (menu text, file suffix, file dialog filter)
KINDS: dict[str, tuple[str, str, str]] = {
    "docx": ("Response letter (&Word)…", ".docx", "Word document (*.docx)"),
    "html": ("Response letter (&EDGAR HTML)…", ".htm", "EDGAR HTML (*.htm *.html)"),
    "pack": ("Review &pack (PDF)…", ".pdf", "PDF (*.pdf)"),
    "xlsx": ("&Tracker (Excel)…", ".xlsx", "Excel workbook (*.xlsx)"),
    "annotated": ("&Annotated letter (PDF)…", ".pdf", "PDF (*.pdf)"),
}
LETTER_KINDS = ("docx", "html", "annotated")  # these are about one letter of the matter


def install(window: MainWindow) -> QMenu:
    """Add File ▸ Export and its actions to the window."""
    menu = QMenu("&Export", window)
    for kind, (text, _suffix, _filter) in KINDS.items():
        action = QAction(text, window)
        action.setStatusTip(f"Write the matter's {NAMES[kind]}")
        action.triggered.connect(lambda _=False, k=kind: export(window, k))
        menu.addAction(action)
    settings = QAction("Response letter &settings…", window)
    settings.setStatusTip("Letterhead, addressee, signatory and closing of the response letter")
    settings.triggered.connect(lambda: edit_letter_settings(window))
    menu.addSeparator()
    menu.addAction(settings)
    window.commands.add_menu("File ▸ Export", list(menu.actions()))
    file_menu = _file_menu(window)
    before = next((a for a in file_menu.actions() if a.isSeparator()), None)
    file_menu.insertMenu(before, menu) if before else file_menu.addMenu(menu)
    window.export_menu = menu  # type: ignore[attr-defined]
    return menu


def _file_menu(window: MainWindow) -> QMenu:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "File" and action.menu():
            return action.menu()  # type: ignore[return-value]
    return window.menuBar().addMenu("&File")


def current_matter(window: MainWindow) -> str | None:
    comment = window.editor.comment()
    if comment is not None:
        return comment.matter_id
    matters = window.store.matters()
    return matters[0].id if matters else None


def export(window: MainWindow, kind: str) -> Path | None:
    """Ask what and where, write it with progress, say where it went."""
    window.editor.flush()
    matter_id = current_matter(window)
    if matter_id is None:
        dialogs.show_error(window, "Export", "There is no matter to export yet. Import a "
                           "letter first (File ▸ Import letters…).")
        return None
    dialog = ExportDialog(window.store, matter_id, kind, window.editor.comment(), window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return write(window, matter_id, kind, dialog.path(), dialog.selection(),
                 dialog.document_id())


def write(parent: QWidget, matter_id: str, kind: str, out: Path, selection: Selection,
          document_id: str | None) -> Path | None:
    store: Store = parent.store  # type: ignore[attr-defined]
    progress = QProgressDialog(f"Writing the {NAMES[kind]}…", "Cancel", 0, 100, parent)
    progress.setWindowTitle("Export")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)

    def step(done: int, total: int) -> bool:
        progress.setMaximum(max(total, 1))
        progress.setValue(min(done, max(total, 1) - 1))
        QApplication.processEvents()
        return not progress.wasCanceled()

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        written = run_export(store, matter_id, kind, out, selection, document_id, step)
    except Cancelled:
        return None
    except UserError as error:
        dialogs.show_error(parent, "Export", str(error))
        return None
    finally:
        QApplication.restoreOverrideCursor()
        progress.reset()
    _say_where(parent, kind, written)
    return written


def _say_where(parent: QWidget, kind: str, written: Path) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "Export",
                      f"Wrote the {NAMES[kind]} to\n{written}", parent=parent)
    show = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if box.clickedButton() is show:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written.parent)))


def default_path(store: Store, matter_id: str, kind: str) -> Path:
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    company = re.sub(r"[^\w .,&-]+", "", store.matter(matter_id).company).strip() or "Matter"
    words = {"docx": "response letter", "html": "response letter", "pack": "review pack",
             "xlsx": "tracker", "annotated": "annotated letter"}[kind]
    return Path(folder) / f"{company} — {words} {date.today().isoformat()}{KINDS[kind][1]}"


class ExportDialog(QDialog):
    """Which comments, which letter, and where to write."""

    def __init__(self, store: Store, matter_id: str, kind: str, comment: object,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._comment_id = getattr(comment, "id", None)
        self.setWindowTitle(f"Export the {NAMES[kind]}")
        form = QFormLayout()
        form.addRow("Matter", QLineEdit(store.matter(matter_id).title, readOnly=True))
        self._choices = self._selection_row(form)
        self.letter = QComboBox()
        self.letter.addItem("Every letter" if kind != "annotated" else "The latest staff letter",
                            None)
        for document in store.documents(matter_id):
            if document.role == "staff" or (kind == "annotated" and document.role != "reference"):
                self.letter.addItem(document.label, document.id)
        if kind in LETTER_KINDS:
            form.addRow("Answering" if kind != "annotated" else "Letter", self.letter)
        self.out = QLineEdit(str(default_path(store, matter_id, kind)))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form.addRow("Save as", row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
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

    def selection(self) -> Selection:
        chosen = self._choices.checkedId()
        if chosen == 2 and self._comment_id:
            return Selection.of([self._comment_id])
        return Selection.open() if chosen == 1 else Selection.all()

    def document_id(self) -> str | None:
        return self.letter.currentData() if self.kind in LETTER_KINDS else None

    def path(self) -> Path:
        name = Path(self.out.text().strip()).expanduser()
        suffix = KINDS[self.kind][1]
        return name if name.suffix.lower() in (suffix, ".html") else name.with_name(
            name.name + suffix)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save as", self.out.text(),
                                              KINDS[self.kind][2])
        if name:
            self.out.setText(name)

    def _accept(self) -> None:
        if not self.out.text().strip():
            self.out.setFocus()
            return
        self.accept()


# -- letter settings ------------------------------------------------------------------------------

_MULTILINE = {"letterhead", "addressee", "re_lines", "opening", "closing", "cc"}
_LABELS = {"letterhead": "Letterhead", "addressee": "Addressee", "salutation": "Salutation",
           "re_lines": "Re: block", "opening": "Opening paragraph", "closing": "Closing",
           "sign_off": "Sign-off", "signatory": "Signatory", "signatory_title": "Title",
           "signatory_company": "Company", "cc": "cc", "letter_date": "Letter date"}


def edit_letter_settings(window: MainWindow) -> bool:
    from storage.exports.letter import letter_settings, set_letter_settings

    matter_id = current_matter(window)
    if matter_id is None:
        return False
    dialog = LetterSettingsDialog(letter_settings(window.store, matter_id), window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        set_letter_settings(window.store, matter_id, dialog.settings())
    except UserError as error:
        dialogs.show_error(window, "Response letter settings", str(error))
        return False
    return True


class LetterSettingsDialog(QDialog):
    """The words around the answers in the matter's response letter; one line per line."""

    def __init__(self, current: LetterSettings, parent: QWidget | None = None) -> None:
        from storage.exports.letter import LetterSettings

        super().__init__(parent)
        self.setWindowTitle("Response letter settings")
        self._current = current
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for item in fields(LetterSettings):
            value = getattr(current, item.name)
            if item.name in _MULTILINE:
                lines = QPlainTextEdit("\n".join(value) if isinstance(value, tuple) else value)
                lines.setTabChangesFocus(True)
                lines.setFixedHeight(lines.fontMetrics().lineSpacing() * 4 + 12)
                editor: QLineEdit | QPlainTextEdit = lines
            else:
                editor = QLineEdit(value)
            if item.name == "letter_date":
                editor.setPlaceholderText("YYYY-MM-DD; empty: the day the letter is made")
            self.editors[item.name] = editor
            form.addRow(_LABELS.get(item.name, item.name), editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    def settings(self) -> LetterSettings:
        values: dict[str, object] = {}
        for name, editor in self.editors.items():
            text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            is_tuple = isinstance(getattr(self._current, name), tuple)
            values[name] = tuple(line.strip() for line in text.splitlines() if line.strip()) \
                if is_tuple else text.strip()
        return replace(self._current, **values)  # type: ignore[arg-type]
