"""The clause library's dialogs: `ClauseDialog` finds a clause by typing a few letters of its
title or words, and adds, edits and removes clauses, each in a `ClauseEditor` (storage.clauses
keeps them); `insert_clause` puts the clause chosen there at the cursor in the draft.

Loaded when Edit ▸ Insert clause… is first chosen, not with the window (`gui.editor.clauses`
makes the action)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common import dialogs
from gui.common.workbench import Workbench
from storage.clauses import Clause, add_clause, clauses, edit_clause, ensure_starters, remove_clause
from storage.errors import UserError
from storage.store import Store

if TYPE_CHECKING:
    from gui.editor.editor import ResponseEditor

CLAUSE_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE = "Rejoinder — clause library"


def insert_clause(bench: Workbench, editor: ResponseEditor) -> Clause | None:
    """Ask for a clause and insert it in the editor's draft (when an answer can be written)."""
    store = bench.store
    ensure_starters(store)
    draft = editor.draft
    writable = editor.comment() is not None and not draft.isReadOnly()
    dialog = ClauseDialog(store, writable, bench.main_window())
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return None
    cursor = draft.textCursor()
    cursor.insertText(dialog.chosen.body)
    draft.setTextCursor(cursor)
    draft.setFocus()
    bench.message(f"Inserted the clause “{dialog.chosen.title}”.", 5000)
    return dialog.chosen


class ClauseEditor(QDialog):
    """A clause's title, words, and whether it promises the staff something."""

    def __init__(self, clause: Clause | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit clause" if clause else "New clause")
        self.title = QLineEdit(clause.title if clause else "")
        self.body = QPlainTextEdit(clause.body if clause else "")
        self.body.setTabChangesFocus(True)
        self.commits = QCheckBox("It makes a &commitment to the staff (listed in the "
                                 "commitments register wherever an answer holds it)")
        self.commits.setChecked(bool(clause and clause.commits))
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Words", self.body)
        form.addRow("", self.commits)
        dialogs.form_body(self, form, save=True)
        self.resize(560, 320)

    def values(self) -> tuple[str, str, bool]:
        return self.title.text(), self.body.toPlainText(), self.commits.isChecked()


class ClauseDialog(QDialog):
    """Find a clause and insert it; add, edit or remove clauses."""

    def __init__(self, store: Store, can_insert: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.chosen: Clause | None = None
        self._can_insert = can_insert  # no answer shown: the library is only managed
        self.setWindowTitle("Clause library")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type words of a clause's title or text")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton("&New…")
        self.edit_button = QPushButton("&Edit…")
        self.remove_button = QPushButton("&Remove")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.insert_button = self.buttons.addButton("&Insert",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.insert_button.setVisible(can_insert)
        self.insert_button.setDefault(True)
        self._lay_out()
        self.filter.textChanged.connect(self._refill)
        self.filter.installEventFilter(self)
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemActivated.connect(lambda _item: self._insert())
        self.new_button.clicked.connect(self._new)
        self.edit_button.clicked.connect(self._edit)
        self.remove_button.clicked.connect(self._remove)
        self.insert_button.clicked.connect(self._insert)
        self.buttons.rejected.connect(self.reject)
        self._refill()
        self.resize(620, 460)

    def _lay_out(self) -> None:
        side = QVBoxLayout()
        for button in (self.new_button, self.edit_button, self.remove_button):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addLayout(row, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up and Down in the filter box move through the list; Enter inserts."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
            self.list.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)

    def current(self) -> Clause | None:
        item = self.list.currentItem()
        return item.data(CLAUSE_ROLE) if item is not None else None

    @Slot()
    def _refill(self) -> None:
        keep = self.current()
        words = self.filter.text().lower().split()
        self.list.clear()
        for clause in clauses(self.store):
            haystack = f"{clause.title} {clause.body}".lower()
            if all(word in haystack for word in words):
                mark = "  ✓ commits" if clause.commits else ""
                item = QListWidgetItem(f"{clause.title}{mark}")
                item.setToolTip(clause.body)
                item.setData(CLAUSE_ROLE, clause)
                self.list.addItem(item)
                if keep is not None and clause.id == keep.id:
                    self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._show_current()

    @Slot()
    def _show_current(self) -> None:
        clause = self.current()
        self.preview.setText(clause.body if clause else "No clause matches these words.")
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(clause is not None)
        self.insert_button.setEnabled(clause is not None and self._can_insert)

    @Slot()
    def _insert(self) -> None:
        if self.current() is not None and self._can_insert:
            self.chosen = self.current()
            self.accept()

    def _ask(self, clause: Clause | None) -> tuple[str, str, bool] | None:
        editor = ClauseEditor(clause, self)
        if editor.exec() != QDialog.DialogCode.Accepted:
            return None
        return editor.values()

    @Slot()
    def _new(self) -> None:
        values = self._ask(None)
        if values is not None:
            self._saving(lambda: add_clause(self.store, *values))

    @Slot()
    def _edit(self) -> None:
        clause = self.current()
        values = self._ask(clause) if clause else None
        if clause is not None and values is not None:
            self._saving(lambda: edit_clause(self.store, clause.id, *values))

    @Slot()
    def _remove(self) -> None:
        clause = self.current()
        if clause is not None and dialogs.confirm(
                self, TITLE, f"Remove the clause “{clause.title}” from the library? Answers "
                "that use its words keep them.", "Remove clause"):
            remove_clause(self.store, clause.id)
            self._refill()

    def _saving(self, save: object) -> None:
        try:
            made = save()  # type: ignore[operator]
        except UserError as error:
            dialogs.show_error(self, TITLE, str(error))
            return
        self._refill()
        for row in range(self.list.count()):
            if self.list.item(row).data(CLAUSE_ROLE).id == made.id:
                self.list.setCurrentRow(row)
