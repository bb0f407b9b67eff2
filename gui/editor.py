"""The response editor: one comment, its filed answer, the draft answer (autosaved), its status
and its notes.

The draft is stored as the plain text the user typed (`toPlainText()`), always.
"""
from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from storage.models import STATUS_LABELS, STATUSES, Comment
from storage.store import Store

AUTOSAVE_MS = 400


def local_time(iso: str, fmt: str = "d MMM HH:mm") -> str:
    """A stored UTC ISO time as the user's local time."""
    return QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs).toLocalTime().toString(fmt)


class ResponseEditor(QWidget):
    """Edits the answer to one comment. Signals:

    saved(str): the draft was written to the store (UTC ISO time).
    statusChanged(str): a comment's status was changed here (its id).
    notesChanged(str): a note was added to a comment here (its id).
    """

    saved = Signal(str)
    statusChanged = Signal(str)
    notesChanged = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._comment: Comment | None = None
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._build()
        self._wire()
        self.show_comment(None)

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.comment_view = QTextBrowser()
        self.comment_view.setOpenLinks(False)
        self.filed_toggle = QToolButton()
        self.filed_toggle.setCheckable(True)
        self.filed_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.filed_toggle.setAutoRaise(True)
        self.filed_view = QTextBrowser()
        self.draft = QTextEdit()
        self.draft.setAcceptRichText(False)
        self.draft.setPlaceholderText("Draft the answer here. It is saved as you type.")
        self.status = QComboBox()
        for status in STATUSES:
            self.status.addItem(STATUS_LABELS[status], status)
        self.status.setToolTip("Where the answer stands (Ctrl+1 … Ctrl+5)")
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.notes.setAlternatingRowColors(True)
        self.note_input = QLineEdit()
        self.note_input.setPlaceholderText("Leave a note for the team…")
        self.add_note_button = QPushButton("Add note")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._comment_section())
        self.splitter.addWidget(self._draft_section())
        self.splitter.addWidget(self._notes_section())
        self.splitter.setSizes([260, 300, 160])
        for i, stretch in enumerate((2, 3, 1)):
            self.splitter.setStretchFactor(i, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)

    @staticmethod
    def _section(title: str, body: QWidget, extra: QWidget | None = None) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        label = QLabel(f"<b>{title}</b>")
        row.addWidget(label)
        row.addStretch(1)
        if extra is not None:
            row.addWidget(extra)
        layout.addLayout(row)
        layout.addWidget(body, 1)
        return box

    def _comment_section(self) -> QWidget:
        """The comment, and under it the filed answer (collapsed to one line by default)."""
        section = self._section("Comment", self.comment_view)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filed_toggle)
        layout.addWidget(self.filed_view, 1)
        self.filed_box = box
        outer = section.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.addWidget(box, 1)
        self._comment_layout = outer
        return section

    def _draft_section(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Status"))
        layout.addWidget(self.status)
        return self._section("Draft answer", self.draft, row)

    def _notes_section(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        self.notes_label = QLabel("<b>Notes</b>")
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes, 1)
        row = QHBoxLayout()
        row.addWidget(self.note_input, 1)
        row.addWidget(self.add_note_button)
        layout.addLayout(row)
        return box

    def _wire(self) -> None:
        self.draft.textChanged.connect(self._draft_edited)
        self._timer.timeout.connect(self._save)
        self.status.activated.connect(self._status_chosen)
        self.filed_toggle.toggled.connect(self._show_filed)
        self.note_input.returnPressed.connect(self.add_note)
        self.add_note_button.clicked.connect(self.add_note)

    # -- showing a comment --------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        self.flush()
        self._store = store
        self.show_comment(None)

    def comment(self) -> Comment | None:
        return self._comment

    def show_comment(self, comment: Comment | None) -> None:
        """Show a comment (saving the draft of the one shown before), or nothing."""
        self.flush()
        self._comment = comment
        self._loading = True
        try:
            self._fill(comment)
        finally:
            self._loading = False

    def _fill(self, comment: Comment | None) -> None:
        enabled = comment is not None
        for widget in (self.draft, self.status, self.note_input, self.add_note_button):
            widget.setEnabled(enabled)
        if comment is None:
            self.header.setText("<i>Select a comment in the tree to work on its answer.</i>")
            self.comment_view.clear()
            self.draft.clear()
            self.notes.clear()
            self.filed_box.hide()
            return
        self.header.setText(self._header_html(comment))
        self.comment_view.setPlainText(comment.text)
        self._fill_filed(comment)
        response_item = self._is_response_item(comment)
        self.draft.setReadOnly(response_item)
        self.status.setEnabled(not response_item)
        self.draft.setPlaceholderText(
            "This is an item of a response letter: its answer is shown above. Work on the answer "
            "under the staff letter's comment." if response_item else
            "Draft the answer here. It is saved as you type.")
        response = self._store.response(comment.id)
        self.draft.setPlainText("" if response_item else response.draft)
        self.status.setCurrentIndex(STATUSES.index(response.status))
        self._fill_notes(comment)

    def _is_response_item(self, comment: Comment) -> bool:
        return self._store.document(comment.document_id).role == "response"

    def _header_html(self, comment: Comment) -> str:
        document = self._store.document(comment.document_id)
        matter = self._store.matter(comment.matter_id)
        kind = "Item" if document.role == "response" else "Comment"
        parts = [f"{kind} {comment.number}"]
        if comment.page:
            parts.append(f"page {comment.page}")
        if comment.heading_path:
            parts.append(_escape(comment.heading_path[-1]))
        return (f"<span style='color:palette(placeholder-text)'>{_escape(matter.title)} — "
                f"{_escape(document.label)}</span><br><b style='font-size:large'>"
                f"{' · '.join(parts)}</b>")

    def _fill_filed(self, comment: Comment) -> None:
        answers = self._filed_answers(comment)
        self.filed_box.setVisible(bool(answers))
        if not answers:
            return
        dates = ", ".join(date or "undated" for date, _ in answers)
        self.filed_toggle.setText(f"Filed answer (response of {dates})")
        self.filed_view.setPlainText("\n\n".join(text for _, text in answers))
        self._show_filed(self.filed_toggle.isChecked())

    def _filed_answers(self, comment: Comment) -> list[tuple[str | None, str]]:
        """(response letter date, answer text) for each filed answer to the comment."""
        items = [comment] if comment.filed_response else self._store.answers_to(comment.id)
        return [(self._store.document(i.document_id).letter_date, i.filed_response)
                for i in items if i.filed_response]

    @Slot(bool)
    def _show_filed(self, shown: bool) -> None:
        self.filed_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else
                                       Qt.ArrowType.RightArrow)
        self.filed_view.setVisible(shown)
        self._comment_layout.setStretchFactor(self.filed_box, 1 if shown else 0)

    def _fill_notes(self, comment: Comment) -> None:
        self.notes.clear()
        found = self._store.notes(comment.id)
        for note in found:
            author = self._initials(note.author_id)
            item = QListWidgetItem(f"{author} · {local_time(note.created_at)}\n{note.body}")
            item.setToolTip(note.body)
            self.notes.addItem(item)
        self.notes_label.setText(f"<b>Notes</b> ({len(found)})" if found else "<b>Notes</b>")

    def _initials(self, reviewer_id: str | None) -> str:
        if reviewer_id is None:
            return "?"
        try:
            return self._store.reviewer(reviewer_id).initials
        except Exception:  # a reviewer from a merged workspace we do not know
            return "?"

    # -- the draft ----------------------------------------------------------------------------

    @Slot()
    def _draft_edited(self) -> None:
        if not self._loading and self._comment is not None and not self.draft.isReadOnly():
            self._timer.start()

    def pending(self) -> bool:
        """Whether typed text waits for the autosave."""
        return self._timer.isActive()

    @Slot()
    def flush(self) -> None:
        """Save the draft now if it has unsaved changes."""
        if self._timer.isActive():
            self._timer.stop()
            self._save()

    @Slot()
    def _save(self) -> None:
        if self._comment is None or self.draft.isReadOnly():
            return
        text = self.draft.toPlainText()
        self._store.save_draft(self._comment.id, text, plain=text)
        self.saved.emit(datetime.now(UTC).isoformat(timespec="seconds"))

    # -- status -------------------------------------------------------------------------------

    @Slot(int)
    def _status_chosen(self, row: int) -> None:
        if not self.set_status(STATUSES[row]):
            self._show_status()

    def set_status(self, status: str) -> bool:
        """Change the shown comment's status, asking a reason when it goes back a step."""
        comment = self._comment
        if comment is None or self._is_response_item(comment):
            return False
        self.flush()
        current = self._store.response(comment.id).status
        if status == current:
            return False
        reason: str | None = None
        if STATUSES.index(status) < STATUSES.index(current):  # type: ignore[arg-type]
            reason = self.ask_reason(current, status)
            if reason is None:
                return False
        self._store.set_status(comment.id, status, reason or None)  # type: ignore[arg-type]
        self._show_status()
        self.statusChanged.emit(comment.id)
        return True

    def ask_reason(self, before: str, after: str) -> str | None:
        """The reason for moving a status back (may be empty), or None if cancelled."""
        text, ok = QInputDialog.getText(
            self, "Change status",
            f"Why does this answer go back from {STATUS_LABELS[before]} to "
            f"{STATUS_LABELS[after]}? (optional)")
        return text if ok else None

    def _show_status(self) -> None:
        if self._comment is not None:
            status = self._store.response(self._comment.id).status
            self.status.setCurrentIndex(STATUSES.index(status))

    # -- notes --------------------------------------------------------------------------------

    @Slot()
    def add_note(self) -> None:
        body = self.note_input.text().strip()
        if self._comment is None or not body:
            return
        self._store.add_note(self._comment.id, body)
        self.note_input.clear()
        self._fill_notes(self._comment)
        self.notes.scrollToBottom()
        self.notesChanged.emit(self._comment.id)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
