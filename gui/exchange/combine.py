"""Combining two versions of an answer or a note: an editor that starts with yours, beside
theirs (read-only), with buttons to start from theirs or add theirs below yours.

Answers are rich text (the answer editor's own field and HTML); notes are plain text.
"""
from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QTextCursor, QTextDocumentFragment
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.common import dialogs
from gui.common.rich_text import DraftEdit, is_rich
from gui.exchange.conflict_text import diff_html
from storage.exchange import Conflict

TITLE = "Rejoinder — combine the two versions"


class CombineDialog(QDialog):
    """Write the text to keep for a conflicting answer or note text.

    Signals: combined(str) — the text to keep (an answer's HTML or a note's plain text).
    """

    combined = Signal(str)

    def __init__(self, conflict: Conflict, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.answer = conflict.entity == "responses"
        self.setWindowTitle(TITLE)
        self.edit: DraftEdit | QPlainTextEdit = DraftEdit() if self.answer else QPlainTextEdit()
        self.reference = QTextBrowser()
        self.reference.document().setDocumentMargin(8)
        self.reference.setHtml(diff_html(conflict.local, conflict.remote, "remote"))
        self.start_theirs = QPushButton("Start from &theirs")
        self.add_theirs = QPushButton("&Add theirs below")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Keep this text")
        self._lay_out(author)
        self.start_from(str(conflict.local or ""))
        self.start_theirs.clicked.connect(lambda: self.start_from(str(conflict.remote or "")))
        self.add_theirs.clicked.connect(self.append_theirs)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.resize(980, 560)

    def _lay_out(self, author: str) -> None:
        what = "answer" if self.answer else "note"
        intro = QLabel(f"Write the {what} to keep. It starts as your version; theirs is on the "
                       "right to copy from, with what only they wrote underlined.")
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(QLabel(f"<b>Combined {what}</b>"), 0, 0)
        grid.addWidget(QLabel(f"<b>Theirs ({author})</b>"), 0, 1)
        grid.addWidget(self.edit, 1, 0)
        grid.addWidget(self.reference, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        row = QHBoxLayout()
        row.addWidget(self.start_theirs)
        row.addWidget(self.add_theirs)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addLayout(row)

    def start_from(self, text: str) -> None:
        if isinstance(self.edit, DraftEdit):
            self.edit.load_draft(text)
        else:
            self.edit.setPlainText(text)
        self.edit.setFocus()

    @Slot()
    def append_theirs(self) -> None:
        theirs = str(self.conflict.remote or "")
        if isinstance(self.edit, DraftEdit):
            cursor = self.edit.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertBlock()
            cursor.insertFragment(QTextDocumentFragment.fromHtml(theirs) if is_rich(theirs)
                                  else QTextDocumentFragment.fromPlainText(theirs))
            self.edit.setTextCursor(cursor)
        else:
            self.edit.appendPlainText(theirs)

    def text(self) -> str:
        if isinstance(self.edit, DraftEdit):
            return self.edit.draft_html()
        return self.edit.toPlainText().strip()

    @Slot()
    def save(self) -> None:
        text = self.text()
        if not text.strip():
            dialogs.show_error(self, TITLE, "Write the combined text first, or cancel to "
                               "choose one of the two versions.")
            return
        self.accept()
        self.combined.emit(text)

