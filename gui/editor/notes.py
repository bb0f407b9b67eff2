"""The notes on one comment, as threads: on the comment or on its answer; each with its author's
initials in their colour, the local time and the text; replies indented under what they answer;
reply, edit your own, resolve and reopen; resolved notes greyed, and hidden unless asked for.
"""
from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPoint, Qt, Signal, Slot
from PySide6.QtGui import (
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.dialogs import show_error
from gui.common.formats import escape, local_time
from gui.common.html_delegate import HtmlDelegate
from gui.editor.common import reviewer_or_none
from storage.errors import UserError
from storage.models import Annotation
from storage.store import Store

TARGETS = ("comment", "response")  # the tabs, in order
TAB_TITLES = {"comment": "Comment", "response": "Answer"}
TAB_TIPS = {"comment": "Notes on the staff's comment", "response": "Notes on the draft answer"}
NOTE_ID = Qt.ItemDataRole.UserRole
DEPTH = Qt.ItemDataRole.UserRole + 1
HTML = Qt.ItemDataRole.UserRole + 2
MAX_DEPTH = 4


class Row(NamedTuple):
    note: Annotation
    depth: int
    resolved: bool  # the note, or the thread it is in, is resolved


def threads(notes: list[Annotation]) -> list[Row]:
    """Notes in thread order: each note followed by its replies (oldest first), indented."""
    ids = {n.id for n in notes}
    children: dict[str | None, list[Annotation]] = {}
    for note in notes:
        parent = note.parent_id if note.parent_id in ids else None
        children.setdefault(parent, []).append(note)
    rows: list[Row] = []

    def walk(parent: str | None, depth: int, resolved: bool) -> None:
        for note in children.get(parent, []):
            done = resolved or note.resolved_at is not None
            rows.append(Row(note, depth, done))
            walk(note.id, min(depth + 1, MAX_DEPTH), done)

    walk(None, 0, False)
    return rows


def target_of(note: Annotation) -> str:
    """The tab a note sits in: notes on page regions count as notes on the comment."""
    return "response" if note.target == "response" else "comment"


class NotesView(QWidget):
    """The notes on the comment shown, as threads. Signals:

    changed(str): a note was added, edited, resolved or reopened (the comment's id).
    countChanged(int): the number of unresolved notes on the comment (both tabs).
    """

    changed = Signal(str)
    countChanged = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._comment_id: str | None = None
        self._mode: tuple[str, str | None] = ("new", None)  # new | reply | edit, note id
        self._notes: dict[str, Annotation] = {}
        self._build()
        self._wire()
        self.show_comment(None)

    def _build(self) -> None:
        self.tabs = QTabBar()
        self.tabs.setDrawBase(False)
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        for i, target in enumerate(TARGETS):
            self.tabs.addTab(TAB_TITLES[target])
            self.tabs.setTabToolTip(i, TAB_TIPS[target])
        self.show_resolved = QCheckBox("Show resolved")
        self.notes = QListWidget()
        self.notes.setItemDelegate(HtmlDelegate(self.notes, HTML, wrap=True, depth_role=DEPTH))
        self.notes.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.notes.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.notes.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reply_button = self._small("Reply", "Answer the selected note")
        self.edit_button = self._small("Edit", "Change the text of your selected note")
        self.resolve_button = self._small("Resolve", "Mark the selected note as dealt with")
        self.note_input = QLineEdit()
        self.note_input.setPlaceholderText("Leave a note for the team…")
        self.cancel_button = self._small("✕", "Stop replying or editing (Esc)")
        self.add_button = QPushButton("Add note")
        actions = QHBoxLayout()
        actions.setSpacing(2)
        for button in (self.reply_button, self.edit_button, self.resolve_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.show_resolved)
        entry = QHBoxLayout()
        entry.addWidget(self.note_input, 1)
        entry.addWidget(self.cancel_button)
        entry.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.notes, 1)
        layout.addLayout(actions)
        layout.addLayout(entry)

    @staticmethod
    def _small(text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def _wire(self) -> None:
        self.tabs.currentChanged.connect(lambda _i: self._fill())
        self.show_resolved.toggled.connect(lambda _on: self._fill())
        self.notes.itemSelectionChanged.connect(self._selection_changed)
        self.notes.itemDoubleClicked.connect(lambda _item: self.start_reply())
        self.notes.customContextMenuRequested.connect(self._context_menu)
        self.reply_button.clicked.connect(self.start_reply)
        self.edit_button.clicked.connect(self.start_edit)
        self.resolve_button.clicked.connect(self.toggle_resolved)
        self.cancel_button.clicked.connect(self.cancel)
        self.note_input.returnPressed.connect(self.submit)
        self.add_button.clicked.connect(self.submit)
        escape_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.note_input)
        escape_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape_key.activated.connect(self.cancel)

    # -- showing ------------------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        self._store = store
        self.show_comment(None)

    def show_comment(self, comment_id: str | None) -> None:
        self._comment_id = comment_id
        self._mode = ("new", None)
        self.note_input.clear()
        for widget in (self.note_input, self.add_button, self.tabs, self.show_resolved):
            widget.setEnabled(comment_id is not None)
        self._fill()

    def target(self) -> str:
        return TARGETS[max(0, self.tabs.currentIndex())]

    def set_target(self, target: str) -> None:
        self.tabs.setCurrentIndex(TARGETS.index(target))

    def selected_id(self) -> str | None:
        items = self.notes.selectedItems()
        return items[0].data(NOTE_ID) if items else None

    def _fill(self, select: str | None = None) -> None:
        found = self._store.notes(self._comment_id) if self._comment_id else []
        self._notes = {n.id: n for n in found}
        self._count_tabs(found)
        rows = threads([n for n in found if target_of(n) == self.target()])
        hidden = sum(1 for r in rows if r.resolved)
        self.show_resolved.setText(f"Show resolved ({hidden})" if hidden else "Show resolved")
        self.notes.clear()
        for row in rows:
            if row.resolved and not self.show_resolved.isChecked():
                continue
            item = self._item(row)
            self.notes.addItem(item)
            if row.note.id == select:
                self.notes.setCurrentItem(item)
                self.notes.scrollToItem(item)
        self._show_mode()
        self._selection_changed()

    def _count_tabs(self, found: list[Annotation]) -> None:
        open_notes = [n for n in found if n.resolved_at is None]
        for i, target in enumerate(TARGETS):
            count = sum(1 for n in open_notes if target_of(n) == target)
            self.tabs.setTabText(i, f"{TAB_TITLES[target]} ({count})" if count
                                 else TAB_TITLES[target])
        self.countChanged.emit(len(open_notes))

    def _item(self, row: Row) -> QListWidgetItem:
        note = row.note
        who = reviewer_or_none(self._store, note.author_id)
        initials = who.initials if who else "?"
        item = QListWidgetItem(f"{initials} · {local_time(note.created_at)}\n{note.body}")
        item.setData(NOTE_ID, note.id)
        item.setData(DEPTH, row.depth)
        item.setData(HTML, self._html(row, initials, who.color if who else "#868e96"))
        item.setToolTip(f"{who.name if who else 'Someone'}, "
                        f"{local_time(note.created_at, 'd MMM yyyy HH:mm')}")
        return item

    def _html(self, row: Row, initials: str, color: str) -> str:
        note = row.note
        grey = self.palette().placeholderText().color().name()
        extra = " · edited" if note.updated_at != note.created_at else ""
        if note.resolved_at:
            by = reviewer_or_none(self._store, note.resolved_by)
            extra += f" · resolved{' by ' + by.initials if by else ''}"
        body = escape(note.body).replace("\n", "<br>")
        if note.quote:
            body = f"<i>“{escape(note.quote)}”</i><br>{body}"
        if row.resolved:
            body = f"<span style='color:{grey}'>{body}</span>"
            color = grey
        return (f"<span style='color:{color};font-weight:bold'>{escape(initials)}</span>"
                f"<span style='color:{grey}'> · {local_time(note.created_at)}{extra}</span>"
                f"<br>{body}")

    @Slot()
    def _selection_changed(self) -> None:
        note = self._notes.get(self.selected_id() or "")
        me = self._store.me() if note is not None else None
        own = note is not None and me is not None and note.author_id == me.id
        self.reply_button.setEnabled(note is not None)
        self.edit_button.setEnabled(own)
        self.edit_button.setToolTip("Change the text of your selected note" if own or not note
                                    else "You can edit only your own notes; reply instead")
        self.resolve_button.setEnabled(note is not None)
        resolved = note is not None and note.resolved_at is not None
        self.resolve_button.setText("Reopen" if resolved else "Resolve")

    def _show_mode(self) -> None:
        kind, note_id = self._mode
        note = self._notes.get(note_id or "")
        if kind != "new" and note is None:
            kind, self._mode = "new", ("new", None)
        self.cancel_button.setVisible(kind != "new")
        self.add_button.setText({"new": "Add note", "reply": "Reply", "edit": "Save"}[kind])
        if kind == "reply" and note is not None:
            who = reviewer_or_none(self._store, note.author_id)
            self.note_input.setPlaceholderText(f"Reply to {who.initials if who else 'the note'}…")
        elif kind == "new":
            self.note_input.setPlaceholderText(
                "Leave a note for the team…" if self.target() == "comment"
                else "Leave a note on the answer…")

    # -- acting -------------------------------------------------------------------------------

    @Slot()
    def start_reply(self) -> None:
        note_id = self.selected_id()
        if note_id is not None:
            self._mode = ("reply", note_id)
            self._show_mode()
            self.note_input.setFocus()

    @Slot()
    def start_edit(self) -> None:
        note_id = self.selected_id()
        if note_id is not None and self.edit_button.isEnabled():
            self._mode = ("edit", note_id)
            self.note_input.setText(self._notes[note_id].body)
            self._show_mode()
            self.note_input.setFocus()
            self.note_input.selectAll()

    @Slot()
    def cancel(self) -> None:
        if self._mode[0] == "edit":
            self.note_input.clear()
        self._mode = ("new", None)
        self._show_mode()

    @Slot()
    def submit(self) -> None:
        """Add the note (or the reply, or save the edit) typed in the field."""
        body = self.note_input.text().strip()
        if self._comment_id is None or not body:
            return
        kind, note_id = self._mode
        try:
            if kind == "edit" and note_id:
                touched = self._store.edit_note(note_id, body).id
            else:
                parent = self._notes.get(note_id or "") if kind == "reply" else None
                target = target_of(parent) if parent else self.target()
                touched = self._store.add_note(self._comment_id, body, target=target,
                                               parent_id=parent.id if parent else None).id
        except UserError as error:
            show_error(self, "Rejoinder — notes", str(error))
            return
        self._mode = ("new", None)
        self.note_input.clear()
        self._fill(select=touched)
        self.changed.emit(self._comment_id)

    @Slot()
    def toggle_resolved(self) -> None:
        note = self._notes.get(self.selected_id() or "")
        if note is None or self._comment_id is None:
            return
        self._store.resolve_note(note.id, resolved=note.resolved_at is None)
        self._fill(select=note.id)
        self.changed.emit(self._comment_id)

    @Slot(QPoint)
    def _context_menu(self, pos: QPoint) -> None:
        item = self.notes.itemAt(pos)
        if item is None:
            return
        self.notes.setCurrentItem(item)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for button in (self.reply_button, self.edit_button, self.resolve_button):
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.popup(self.notes.viewport().mapToGlobal(pos))
