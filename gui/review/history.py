"""The audit trail: every recorded change to a comment (its answer, status, owner, due date,
notes, and the imports and split corrections of its letter) or to a whole matter, as a table of
local time, who and what, newest first, filterable by text."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.common.formats import local_time
from gui.review.search import place
from storage.corrections import corrections_of
from storage.errors import NotFound
from storage.history import Event
from storage.models import STATUS_LABELS, Comment, Correction, Reviewer
from storage.store import Store

COLUMNS = ("When", "Who", "What", "About")
SCOPES = (("comment", "This comment"), ("matter", "Whole matter"))
QUOTE_CHARS = 80
Names = Callable[[str | None], str]


# -- events in words --------------------------------------------------------------------------

def _load(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _quote(text: str | None) -> str:
    text = " ".join((text or "").split())
    return f"“{text[:QUOTE_CHARS].rstrip()}…”" if len(text) > QUOTE_CHARS else f"“{text}”"


def _reason(after: dict[str, Any]) -> str:
    return f" (reason: {after['reason']})" if after.get("reason") else ""


def _status(value: object) -> str:
    return STATUS_LABELS.get(str(value), str(value or "none"))


def _response(action: str, before: dict[str, Any], after: dict[str, Any], names: Names) -> str:
    if action == "status":
        return (f"Status: {_status(before.get('status'))} → {_status(after.get('status'))}"
                + _reason(after))
    if action == "owner":
        return (f"Owner: {names(before.get('owner_id')) or 'nobody'} → "
                f"{names(after.get('owner_id')) or 'nobody'}")
    if action == "extension":
        return (f"Due date extended to {after.get('due_date')} (was {before.get('due_date')})"
                + _reason(after))
    if action == "due_date":
        due = after.get("due_date")
        return (f"Due date set to {due}" if due else "Due date cleared") + _reason(after)
    if action == "checkpoint":
        return f"Answer version kept: {after.get('label') or 'Checkpoint'}"
    return f"Answer {action}"


_NOTE_WORDS = {"created": "Note added", "edited": "Note edited", "resolved": "Note resolved",
               "reopened": "Note reopened", "highlighted": "Highlight added"}


def _note(action: str, after: dict[str, Any]) -> str:
    words = _NOTE_WORDS.get(action, f"Note {action}")
    quoted = after.get("body") or after.get("quote")
    return f"{words}: {_quote(quoted)}" if quoted else words


def _correction(action: str, after: dict[str, Any]) -> str:
    description = str(after.get("description") or f"Split correction ({action})")
    if action == "undone":
        return f"Undid: {description}"
    if action == "redone":
        return f"Redid: {description}"
    return description


def describe(event: Event, names: Names, document_label: Callable[[str], str]) -> str:
    """One recorded change as a sentence: "Status: Drafting → In review (reason: …)"."""
    before, after = _load(event.before), _load(event.after)
    if event.entity == "response":
        return _response(event.action, before, after, names)
    if event.entity == "annotation":
        return _note(event.action, after)
    if event.entity == "correction":
        return _correction(event.action, after)
    if event.entity == "document" and event.action == "imported":
        count = after.get("comments")
        label = document_label(event.entity_id or "") or str(after.get("name", "a letter"))
        return f"Imported {label}" + (f" ({count} comment{'s' if count != 1 else ''})"
                                      if count is not None else "")
    if event.entity == "document" and event.action == "added":
        return f"Added the reference document {after.get('name', '')}"
    if event.entity == "matter" and event.action == "created":
        return f"Matter opened: {after.get('title', '')}"
    if event.entity == "reviewer":
        return (f"Reviewer {event.action}: {after.get('name', '')}").strip()
    return f"{event.entity.capitalize()} {event.action}"


# -- the view ---------------------------------------------------------------------------------

class HistoryView(QWidget):
    """The history of the shown comment, or of its whole matter."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._comment_id: str | None = None
        self._reviewers: dict[str, Reviewer] = {}
        self._build()
        self.scope.currentIndexChanged.connect(lambda _row: self.refresh())
        self.filter.textChanged.connect(self._apply_filter)
        self.refresh()

    def _build(self) -> None:
        self.scope = QComboBox()
        for key, label in SCOPES:
            self.scope.addItem(label, key)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: words in any column (who, what, when)")
        self.filter.setClearButtonEnabled(True)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def set_store(self, store: Store) -> None:
        self._store = store
        self._comment_id = None
        self.refresh()

    def show_comment(self, comment_id: str | None) -> None:
        self._comment_id = comment_id
        self.refresh()

    def follow(self, comment: Comment | None) -> None:
        self.show_comment(comment.id if comment is not None else None)

    def comment_changed(self, _comment_id: str) -> None:
        self.refresh()

    def set_scope(self, scope: str) -> None:
        """"comment" or "matter"."""
        self.scope.setCurrentIndex(self.scope.findData(scope))

    # -- filling ----------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        self._reviewers = {r.id: r for r in self._store.reviewers()}
        events, title = self._events()
        whole_matter = self.scope.currentData() == "matter"
        self.title.setText(title)
        self.table.setColumnHidden(3, not whole_matter)
        self.table.setRowCount(0)
        self.table.setRowCount(len(events))
        for row, event in enumerate(reversed(events)):  # newest first
            self._fill_row(row, event, whole_matter)
        self.table.resizeRowsToContents()
        self._apply_filter(self.filter.text())

    def _events(self) -> tuple[list[Event], str]:
        try:
            comment = self._store.comment(self._comment_id) if self._comment_id else None
        except NotFound:
            comment = None
        if comment is None:
            return [], "Select a comment to see its history."
        events = self._store.events(matter_id=comment.matter_id)
        if self.scope.currentData() == "matter":
            title = self._store.matter(comment.matter_id).title
            return events, f"Everything recorded in {title}: {len(events)} changes, newest first"
        ids = self._touching(comment.id, comment.document_id)
        fixes = corrections_of(self._store, comment.id)
        mine = [e for e in events if e.entity_id in ids and
                (e.entity != "correction" or _about_one_of(e, fixes))]
        return mine, (f"{place(self._store, comment)}: {len(mine)} recorded changes, "
                      "newest first (its answer, notes, and its letter's import and corrections)")

    def _touching(self, comment_id: str, document_id: str) -> set[str]:
        """The ids whose events are part of a comment's history."""
        ids = {comment_id, document_id}
        ids.update(note.id for note in self._store.notes(comment_id))
        return ids

    def _fill_row(self, row: int, event: Event, whole_matter: bool) -> None:
        what = describe(event, self._name, self._document_label)
        cells = (local_time(event.at, "yyyy-MM-dd HH:mm"), self._who(event.author_id), what,
                 self._about(event) if whole_matter else "")
        tips = (local_time(event.at, "dddd d MMMM yyyy, HH:mm:ss"), "", what, "")
        for column, (text, tip) in enumerate(zip(cells, tips, strict=True)):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.table.setItem(row, column, item)

    def _name(self, reviewer_id: str | None) -> str:
        reviewer = self._reviewers.get(reviewer_id or "")
        return reviewer.name if reviewer else ""

    def _who(self, reviewer_id: str | None) -> str:
        reviewer = self._reviewers.get(reviewer_id or "")
        if reviewer is None:  # no author, or someone from a merged copy we do not know
            return "—" if reviewer_id is None else "someone else"
        return f"{reviewer.initials} · {reviewer.name}"

    def _document_label(self, document_id: str) -> str:
        try:
            return self._store.document(document_id).label
        except NotFound:
            return ""

    def _about(self, event: Event) -> str:
        """What a matter-wide event was about: the comment, or the letter."""
        comment_id = event.entity_id if event.entity == "response" else None
        if event.entity == "annotation":
            comment_id = _load(event.after).get("comment_id") or self._note_comment(event)
        if comment_id:
            try:
                return place(self._store, self._store.comment(comment_id))
            except NotFound:
                return ""
        return self._document_label(event.entity_id or "") if event.entity in (
            "document", "correction") else ""

    def _note_comment(self, event: Event) -> str | None:
        try:
            return self._store.note(event.entity_id or "").comment_id
        except NotFound:
            return None

    @Slot(str)
    def _apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for row in range(self.table.rowCount()):
            items = (self.table.item(row, c) for c in range(len(COLUMNS)))
            cells = " ".join(item.text().lower() for item in items if item is not None)
            self.table.setRowHidden(row, not all(w in cells for w in words))


def _about_one_of(event: Event, fixes: list[Correction]) -> bool:
    """Whether a correction's event (made, undone or redone) is about one of these fixes; older
    events name the fix only by its description."""
    after = _load(event.after)
    if after.get("correction_id"):
        return any(f.id == after["correction_id"] for f in fixes)
    return any(f.description == after.get("description") for f in fixes)
