"""The left pane: the chart of the current matter's comments by status, the filter bar, and the
tree of comments under them (through the filter proxy).

The pane wires its own parts: the bar sets the proxy's filter, the tree keeps its selection
across filter changes, a click on a status in the chart filters by that status.
"""
from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.tree.comment_tree import CommentTree, CommentTreeModel
from gui.tree.filters import CommentFilter, CommentFilterProxy, FilterBar
from gui.tree.status_chart import StatusChart
from storage.store import Store


class TreePane(QWidget):
    """Chart, filter bar and tree, one above the other."""

    def __init__(self, model: CommentTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = CommentFilterProxy(model, self)
        self.tree = CommentTree(model, self.proxy)
        self.chart = StatusChart()
        self.filter_bar = FilterBar()
        self.shown_label = QLabel()
        self.shown_label.setTextFormat(Qt.TextFormat.RichText)
        self.shown_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.chart)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.shown_label)
        layout.addWidget(self.tree, 1)
        self.filter_bar.changed.connect(self.set_criteria)
        self.filter_bar.leave.connect(self.enter_tree)
        self.chart.statusClicked.connect(self.filter_bar.set_status)
        self.shown_label.linkActivated.connect(self.filter_bar.clear)
        self.model.modelReset.connect(self._show_count)
        self.proxy.set_criteria(self.filter_bar.criteria())  # open reviews only, at first
        self._show_count()

    def set_store(self, store: Store) -> None:
        me = store.me()
        self.filter_bar.set_reviewers(store.reviewers(), me.id if me else None)

    @Slot(object)
    def set_criteria(self, criteria: CommentFilter) -> None:
        self.proxy.set_criteria(criteria)
        self.tree.refiltered()
        self._show_count()

    @Slot()
    def refilter(self) -> None:
        """Filter again with the same criteria (statuses or notes have changed)."""
        self.set_criteria(self.filter_bar.criteria())

    @Slot()
    def enter_tree(self) -> None:
        """From the filter box into the tree, on the comment shown or the first one."""
        self.tree.setFocus()
        if self.tree.current_comment_id() is None:
            self.tree.select_first_comment()

    @Slot()
    def _show_count(self) -> None:
        criteria = self.proxy.criteria()
        closed = self.proxy.hidden_reviews()
        hidden = f"{closed} closed review{'s' if closed != 1 else ''} hidden" if closed else ""
        if not criteria.narrows() and not hidden:
            self.shown_label.hide()
            return
        shown, total = self.proxy.shown_count()
        answers_shown, answers = self.proxy.shown_count(answers=True)
        also = f" and {answers_shown} of {answers} answers" if answers else ""
        counted = (f"Showing {shown} of {total} comments{also}" if criteria.narrows()
                   else hidden)
        if criteria.narrows() and hidden:
            counted += f" ({hidden})"
        self.shown_label.setText(f"{counted} · <a href='all'>show all</a>")
        self.shown_label.show()

    def show_matter(self, title: str, counts: Mapping[str, int] | None) -> None:
        """The chart of one matter's comments by status (hidden when there is no matter)."""
        self.chart.setVisible(bool(counts))
        self.chart.set_counts(counts or {}, title)
