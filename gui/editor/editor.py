"""The response editor: one comment, its filed answer, the draft answer (rich text, spell-checked,
autosaved, with versions), its status, owner and due date, and its threaded notes.

The draft is stored as Qt's HTML (`toHtml()`) with its plain text beside it for search; a draft
stored as plain text (older drafts, filed answers seeded on import) loads as plain text.
"""
from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.formats import escape, local_time
from gui.common.rich_text import DraftEdit, FormatBar, word_count, words_label
from gui.editor.attachments import AttachmentsView
from gui.editor.common import Section
from gui.editor.fields import WorkflowRow
from gui.editor.notes import NotesView
from gui.editor.spelling import SpellHighlighter, Spelling, add_spelling_actions
from storage.models import STATUS_LABELS, STATUSES, Comment
from storage.store import Store

__all__ = ["ResponseEditor"]

AUTOSAVE_MS = 400  # after a pause in typing
AUTOSAVE_MAX_WAIT_MS = 700  # after the first unsaved keystroke, even while typing goes on
SPELLING_DELAY_MS = 1500  # the word list loads this long after the first comment is shown


class ResponseEditor(QWidget):
    """Edits the answer to one comment. Signals:

    saved(str): the draft was written to the store (UTC ISO time).
    changed(str): the comment's status, owner, due date, notes or restored draft changed here
        (its id): its row in the tree needs refreshing.
    statusChanged(str): a comment's status was changed here (its id).
    notesChanged(str): a note was added, edited, resolved or reopened here (the comment's id).
    """

    saved = Signal(str)
    changed = Signal(str)
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
        self._deadline = QTimer(self)  # not restarted by later keys: a kill loses under 1 s
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(AUTOSAVE_MAX_WAIT_MS)
        self._build()
        self._wire()
        self.show_comment(None)

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.workflow = WorkflowRow(self._store)
        self.status = self.workflow.status
        self.notes_view = NotesView(self._store)
        self.notes = self.notes_view.notes
        self.note_input = self.notes_view.note_input
        self.add_note_button = self.notes_view.add_button
        self.comment_section = self._comment_section()
        self.draft_section = self._draft_section()
        self.notes_section = Section("Notes", self.notes_view, (self.notes_view.tabs,))
        self.attachments_view = AttachmentsView(self._store)
        self.attachments_section = Section("Attachments", self.attachments_view,
                                           self.attachments_view.buttons())
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        for i, (section, stretch) in enumerate(((self.comment_section, 2),
                                                (self.draft_section, 3),
                                                (self.notes_section, 2),
                                                (self.attachments_section, 1))):
            self.splitter.addWidget(section)
            self.splitter.setStretchFactor(i, stretch)
        self.splitter.setSizes([240, 320, 200, 90])
        for view in (self.comment_view, self.filed_view, self.notes, self.draft):
            view.setMinimumHeight(36)
        # A short window (a 13-inch laptop with a dock open below) scrolls the parts rather
        # than squeezing each under its own buttons, where they drew over one another.
        self.parts = QScrollArea()
        self.parts.setWidget(self.splitter)
        self.parts.setWidgetResizable(True)
        self.parts.setFrameShape(QFrame.Shape.NoFrame)
        self.parts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.workflow)
        layout.addWidget(self.parts, 1)

    def _comment_section(self) -> Section:
        """The comment, and under it the filed answer (collapsed to one line by default)."""
        self.comment_view = QTextBrowser()
        self.comment_view.setOpenLinks(False)
        self.filed_toggle = QToolButton()
        self.filed_toggle.setCheckable(True)
        self.filed_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.filed_toggle.setAutoRaise(True)
        self.filed_view = QTextBrowser()
        self.filed_box = QWidget()
        filed = QVBoxLayout(self.filed_box)
        filed.setContentsMargins(0, 0, 0, 0)
        filed.addWidget(self.filed_toggle)
        filed.addWidget(self.filed_view, 1)
        body = QWidget()
        self._comment_layout = QVBoxLayout(body)
        self._comment_layout.setContentsMargins(0, 0, 0, 0)
        self._comment_layout.addWidget(self.comment_view, 1)
        self._comment_layout.addWidget(self.filed_box, 1)
        return Section("Comment", body)

    def _draft_section(self) -> Section:
        self.draft = DraftEdit()
        self.format_bar = FormatBar(self.draft)
        self.spelling = Spelling(self._store, self)
        self.highlighter = SpellHighlighter(self.draft.document(), self.spelling)
        self.draft.set_menu_extender(
            lambda menu, cursor: add_spelling_actions(menu, cursor, self.spelling))
        self.word_count = QLabel()
        self.draft_info = QLabel()
        self.draft_info.setStyleSheet("color: palette(placeholder-text)")
        self.checkpoint_button = QPushButton("Checkpoint")
        self.checkpoint_button.setToolTip("Keep the draft as it is now as a version")
        self.history_button = QPushButton("History…")
        self.history_button.setToolTip("Compare the versions of this answer; restore one")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.draft, 1)
        row = QHBoxLayout()
        row.addWidget(self.word_count)
        row.addWidget(self.draft_info, 1)
        row.addWidget(self.checkpoint_button)
        row.addWidget(self.history_button)
        layout.addLayout(row)
        return Section("Draft answer", body, (self.format_bar,), collapsible=False)

    def _wire(self) -> None:
        self.draft.document().contentsChange.connect(self._draft_edited)
        self.draft.textChanged.connect(self._count_words)
        self._timer.timeout.connect(self.flush)
        self._deadline.timeout.connect(self.flush)
        self.status.activated.connect(self._status_chosen)
        self.filed_toggle.toggled.connect(self._show_filed)
        self.workflow.changed.connect(self._workflow_changed)
        self.notes_view.changed.connect(self._notes_changed)
        self.notes_view.countChanged.connect(self._show_note_count)
        self.attachments_view.changed.connect(self._show_attachment_count)
        self.spelling.changed.connect(self.highlighter.rehighlight)
        self.checkpoint_button.clicked.connect(self.checkpoint)
        self.history_button.clicked.connect(self.show_history)

    # -- showing a comment --------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        """Edit another workspace's answers (nothing to do when it is the one edited)."""
        if store is self._store:
            return
        self.flush()
        self._store = store
        self.workflow.set_store(store)
        self.notes_view.set_store(store)
        self.attachments_view.set_store(store)
        self.spelling.set_store(store)
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
        if comment is not None and not self.spelling.ready():
            self.spelling.start_loading(SPELLING_DELAY_MS)

    def _fill(self, comment: Comment | None) -> None:
        response_item = comment is not None and self._is_response_item(comment)
        editable = comment is not None and not response_item
        for widget in (self.format_bar, self.checkpoint_button, self.history_button):
            widget.setEnabled(editable)
        self.draft.setEnabled(comment is not None)
        self.workflow.show_comment(comment.id if comment else None, editable)
        self.notes_view.show_comment(comment.id if comment else None)
        self.attachments_view.show_comment(comment.id if comment else None, editable)
        self._show_attachment_count()
        self.draft_info.clear()
        if comment is None:
            self.header.setText("<i>Select a comment in the tree to work on its answer.</i>")
            self.comment_view.clear()
            self.draft.clear()
            self.filed_box.hide()
            return
        self.header.setText(self._header_html(comment))
        self.comment_view.setPlainText(comment.text)
        self.spelling.set_context(comment.text)
        self._fill_filed(comment)
        self.draft.setReadOnly(response_item)
        self.highlighter.enabled = not response_item
        self.draft.setPlaceholderText(
            "This is an item of a response letter: its answer is shown above. Work on the answer "
            "under the staff letter's comment." if response_item else
            "Draft the answer here. It is saved as you type.")
        self.draft.load_draft("" if response_item else self._store.response(comment.id).draft)

    @Slot()
    def _show_attachment_count(self) -> None:
        count = self.attachments_view.count()
        toggle = self.attachments_section.toggle
        toggle.setText(f"Attachments ({count})" if count else "Attachments")
        toggle.setMinimumWidth(toggle.sizeHint().width())  # the buttons beside it give way

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
            parts.append(escape(comment.heading_path[-1]))
        return (f"<span style='color:palette(placeholder-text)'>{escape(matter.title)} — "
                f"{escape(document.label)}</span><br><b style='font-size:large'>"
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

    @Slot(int)
    def _show_note_count(self, count: int) -> None:
        self.notes_section.set_title(f"Notes · {count} open" if count else "Notes")

    # -- the draft ----------------------------------------------------------------------------

    @Slot(int, int, int)
    def _draft_edited(self, _position: int, removed: int, added: int) -> None:
        if (removed or added) and not self._loading and self._comment is not None \
                and not self.draft.isReadOnly():
            self._timer.start()
            if not self._deadline.isActive():
                self._deadline.start()

    @Slot()
    def _count_words(self) -> None:
        self.word_count.setText(words_label(word_count(self.draft.toPlainText())))

    def pending(self) -> bool:
        """Whether typed text waits for the autosave."""
        return self._timer.isActive() or self._deadline.isActive()

    @Slot()
    def flush(self) -> None:
        """Save the draft now if it has unsaved changes."""
        if self.pending():
            self._timer.stop()
            self._deadline.stop()
            self._save()

    @Slot()
    def _save(self) -> None:
        if self._comment is None or self.draft.isReadOnly():
            return
        self._store.save_draft(self._comment.id, self.draft.draft_html(),
                               plain=self.draft.toPlainText())
        self.workflow.topics.refresh_kind()
        self.saved.emit(datetime.now(UTC).isoformat(timespec="seconds"))

    def _reload_draft(self) -> None:
        if self._comment is None:
            return
        self._loading = True
        try:
            self.draft.load_draft(self._store.response(self._comment.id).draft)
        finally:
            self._loading = False

    # -- versions -----------------------------------------------------------------------------

    @Slot()
    def checkpoint(self) -> None:
        """Keep the draft as a version, with a label the user may give."""
        if self._comment is None or self.draft.isReadOnly():
            return
        self.flush()
        label, ok = QInputDialog.getText(self, "Checkpoint",
                                         "Name this version (optional):")
        if not ok:
            return
        version = self._store.checkpoint(self._comment.id, label.strip() or "Checkpoint")
        self.draft_info.setText(f"Version kept {local_time(version.created_at, 'HH:mm')}")

    @Slot()
    def show_history(self) -> None:
        if self._comment is None:
            return
        self.flush()
        from gui.editor.versions import VersionsDialog

        dialog = VersionsDialog(self._store, self._comment.id, self)
        dialog.restored.connect(self._restored)
        dialog.exec()

    @Slot(str)
    def _restored(self, _version_id: str) -> None:
        if self._comment is None:
            return
        self._reload_draft()
        self.draft_info.setText("Version restored")
        self.saved.emit(datetime.now(UTC).isoformat(timespec="seconds"))
        self.changed.emit(self._comment.id)

    # -- status, owner, due date, notes -------------------------------------------------------

    @Slot(int)
    def _status_chosen(self, row: int) -> None:
        if not self.set_status(STATUSES[row]):
            self.workflow.show_values()

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
        self.workflow.show_values()
        self.statusChanged.emit(comment.id)
        self.changed.emit(comment.id)
        return True

    def ask_reason(self, before: str, after: str) -> str | None:
        """The reason for moving a status back (may be empty), or None if cancelled."""
        text, ok = QInputDialog.getText(
            self, "Change status",
            f"Why does this answer go back from {STATUS_LABELS[before]} to "
            f"{STATUS_LABELS[after]}? (optional)")
        return text if ok else None

    @Slot()
    def _workflow_changed(self) -> None:
        if self._comment is not None:
            self.changed.emit(self._comment.id)

    @Slot(str)
    def _notes_changed(self, comment_id: str) -> None:
        self.notesChanged.emit(comment_id)
        self.changed.emit(comment_id)
