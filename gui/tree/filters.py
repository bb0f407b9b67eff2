"""Filtering the comment tree: what to show (`CommentFilter`), the proxy model that applies it
(`CommentFilterProxy`) and the bar above the tree where the user sets it (`FilterBar`).

The proxy reads the `Facts` the tree model keeps for every comment, so that re-filtering a tree
of thousands of comments never queries the store. Matching comments keep their ancestors
(recursive filtering); matters, letters and headings are shown only for the comments under them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.tree.comment_tree import DONE, CommentTreeModel, Facts
from storage.models import STATUS_LABELS, STATUSES, Reviewer

AnyIndex = QModelIndex | QPersistentModelIndex
DEBOUNCE_MS = 150
NOT_DONE = "not_done"  # a status choice: neither approved nor filed
ANY = ""  # the "All" choice of a combo box
UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class CommentFilter:
    """What the tree shows: comments matching every criterion set (an empty one shows all).

    text: words that must all appear in the comment's headings or text (case-insensitive);
        a number alone ("5" or "#5") matches the comment so numbered; `tag:non-gaap` (or the
        start of a tag, `tag:non`) the comments with that topic tag.
    status: a status, NOT_DONE, or ANY.
    owner: a reviewer id, UNASSIGNED, or ANY.
    open_reviews: only the reviews the staff has not closed (the bar's default).
    """

    text: str = ""
    status: str = ANY
    owner: str = ANY
    overdue: bool = False
    unresolved_notes: bool = False
    open_reviews: bool = False
    today: date = field(default_factory=date.today, compare=False)

    def active(self) -> bool:
        return self.narrows() or self.open_reviews

    def narrows(self) -> bool:
        """Whether it picks comments within a review (not only whole reviews)."""
        return bool(self.text.strip() or self.status or self.owner or self.overdue
                    or self.unresolved_notes)

    def words(self) -> list[str]:
        return self.text.lower().split()


class _Matcher:
    """A filter compiled for speed: one call per comment, attributes looked up once."""

    def __init__(self, criteria: CommentFilter) -> None:
        words = criteria.words()
        self.tags = [w[4:] for w in words if w.startswith("tag:") and len(w) > 4]
        words = [w for w in words if not w.startswith("tag:")]
        number = words[0].lstrip("#") if len(words) == 1 else ""
        self.number = int(number) if number.isdigit() else None
        self.words = [] if self.number is not None else words
        self.status = criteria.status
        self.owner = criteria.owner
        self.overdue = criteria.overdue
        self.notes = criteria.unresolved_notes
        self.today = criteria.today
        self.open_reviews = criteria.open_reviews
        self.narrows = criteria.narrows()
        self.workflow = bool(self.status or self.owner or self.overdue)

    def __call__(self, facts: Facts) -> bool:
        if self.open_reviews and facts.closed:
            return False
        if self.workflow and facts.response_item:
            return False  # a response letter's items have no status, owner or due date
        if self.number is not None and facts.number != self.number:
            return False
        if self.words and not all(w in facts.haystack for w in self.words):
            return False
        if self.tags and not all(any(t.startswith(w) for t in facts.tags)
                                 for w in self.tags):
            return False
        if self.status and not self._status_ok(facts.status):
            return False
        if self.owner and facts.owner_id != (None if self.owner == UNASSIGNED else self.owner):
            return False
        if self.overdue and not facts.overdue(self.today):
            return False
        return not (self.notes and facts.notes == 0)

    def _status_ok(self, status: str) -> bool:
        return status not in DONE if self.status == NOT_DONE else status == self.status


class CommentFilterProxy(QSortFilterProxyModel):
    """The tree model, showing only the comments a `CommentFilter` passes (and their
    ancestors). Re-filters when the filter changes or the model is reloaded; a comment whose
    status changes under an active filter stays until the filter is applied again."""

    def __init__(self, model: CommentTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._criteria = CommentFilter()
        self._matcher: _Matcher | None = None
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)
        self.setSourceModel(model)

    def criteria(self) -> CommentFilter:
        return self._criteria

    def set_criteria(self, criteria: CommentFilter) -> None:
        """Filter anew. A reset, not a filter change: a tree view takes thousands of row
        removals one by one (seconds), a reset at once (the view expands the tree again)."""
        self.beginResetModel()
        self._criteria = criteria
        self._matcher = _Matcher(criteria) if criteria.active() else None
        # the text filter searches the full texts, which the model reads when first asked
        self._model.want_texts(bool(self._matcher and self._matcher.words))
        if self._matcher and self._matcher.tags:
            self._model.load_tags()
        self.endResetModel()

    def refilter(self) -> None:
        """Apply the same filter again (statuses, owners or notes have changed)."""
        self.set_criteria(replace(self._criteria, today=date.today()))

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._matcher is None:
            return True
        node = self._model.node_at(source_parent, source_row)
        if node.facts is None:
            if node.kind == "document" and not self._matcher.narrows:
                # a letter without comments (a closing letter, an extension request) shows
                # while only closed reviews are hidden
                return self._model.closed_matter(node) is None
            return False  # shown only for a comment under it (recursive filtering)
        return self._matcher(node.facts)

    def hidden_reviews(self) -> int:
        """How many closed reviews the filter hides."""
        if not self._criteria.open_reviews:
            return 0
        return sum(1 for row in range(self._model.rowCount())
                   if self._model.closed_matter(self._model.node_at(QModelIndex(), row)))

    def shown_count(self, answers: bool = False) -> tuple[int, int]:
        """(staff comments shown, staff comments in all); with `answers`, the same of the
        response letters' items (the answers)."""
        nodes = [n for n in self._model.comment_nodes()
                 if n.facts is not None and n.facts.response_item == answers]
        if self._matcher is None:
            return len(nodes), len(nodes)
        match = self._matcher
        shown = sum(1 for n in nodes if n.facts is not None and match(n.facts))
        return shown, len(nodes)


class _FilterEdit(QLineEdit):
    """The text box: Down or Return moves into the tree, Escape clears the box."""

    leave = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.leave.emit()
        elif event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class FilterBar(QWidget):
    """Text, status, owner, "overdue" and "notes" filters for the tree, in two short rows.
    Signals:

    changed(object): the user changed the filter (a CommentFilter); text edits are
        debounced by DEBOUNCE_MS.
    leave(): the user pressed Down or Return in the text box (go to the tree).
    """

    changed = Signal(object)
    leave = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._me: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._build()
        self._wire()

    def _build(self) -> None:
        self.text = _FilterEdit()
        self.text.setPlaceholderText("Filter comments…")
        self.text.setClearButtonEnabled(True)
        self.text.setToolTip("Show the comments whose headings or text hold all these words; "
                             "a number alone shows that comment (Ctrl+Shift+L)")
        self.status = _combo("Show the comments at this status")
        self.status.addItem("All statuses", ANY)
        self.status.addItem("Not done", NOT_DONE)
        for status in STATUSES:
            self.status.addItem(STATUS_LABELS[status], status)
        self.owner = _combo("Show the comments this reviewer owns")
        self.set_reviewers([], None)
        self.overdue = _toggle("Overdue", "Show only the comments whose answer is overdue")
        self.notes = _toggle("✎ Notes", "Show only the comments with unresolved notes")
        self.open_reviews = _toggle("Open", "Show only the reviews still open: hide those the "
                                    "staff closed (with a closing letter or a no-review notice)")
        self.open_reviews.setChecked(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        first, second = QHBoxLayout(), QHBoxLayout()
        for row in (first, second):
            row.setSpacing(3)
            layout.addLayout(row)
        first.addWidget(self.text, 1)
        first.addWidget(self.overdue)
        first.addWidget(self.notes)
        second.addWidget(self.status, 1)
        second.addWidget(self.owner, 1)
        second.addWidget(self.open_reviews)

    def _wire(self) -> None:
        self.text.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self._emit)
        self.text.leave.connect(self.leave)
        for combo in (self.status, self.owner):
            combo.activated.connect(self._emit)
        for button in (self.overdue, self.notes, self.open_reviews):
            button.toggled.connect(self._emit)

    def set_reviewers(self, reviewers: list[Reviewer], me: str | None) -> None:
        """Fill the owner choices (keeping the one chosen, if it is still there)."""
        chosen = self.owner.currentData()
        self._me = me
        self.owner.clear()
        self.owner.addItem("All owners", ANY)
        if me is not None:
            self.owner.addItem("Mine", me)
        self.owner.addItem("Unassigned", UNASSIGNED)
        for reviewer in reviewers:
            if reviewer.id != me:
                self.owner.addItem(f"{reviewer.initials} · {reviewer.name}", reviewer.id)
        found = self.owner.findData(chosen)
        self.owner.setCurrentIndex(max(0, found))

    def criteria(self) -> CommentFilter:
        return CommentFilter(self.text.text(), self.status.currentData(),
                             self.owner.currentData(), self.overdue.isChecked(),
                             self.notes.isChecked(), self.open_reviews.isChecked())

    def set_status(self, status: str) -> None:
        """Choose a status (as if the user had) and apply the filter."""
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self._emit()

    def clear(self) -> None:
        """Show every comment, closed reviews included."""
        widgets = (self.text, self.status, self.owner, self.overdue, self.notes,
                   self.open_reviews)
        for widget in widgets:
            widget.blockSignals(True)
        self.text.clear()
        self.status.setCurrentIndex(0)
        self.owner.setCurrentIndex(0)
        for button in (self.overdue, self.notes, self.open_reviews):
            button.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._emit()

    def pending(self) -> bool:
        """Whether a text edit waits for the debounce."""
        return self._timer.isActive()

    @Slot()
    def _emit(self) -> None:
        self._timer.stop()
        self.changed.emit(self.criteria())


def _combo(tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def _toggle(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setCheckable(True)
    button.setAutoRaise(False)
    return button
