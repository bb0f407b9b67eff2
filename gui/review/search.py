"""Search across the workspace: comments, draft and filed answers and notes of every matter,
with FTS5 syntax; results grouped by matter, matched words in bold.

Also the small pieces the review views share: a delegate that draws an item's rich text, and
the words that name a comment and its letter ("Comment 3 · Staff letter 2017-08-16").
"""
from __future__ import annotations

import html

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.common.html_delegate import HtmlDelegate
from storage.errors import NotFound
from storage.models import Comment, Document
from storage.search import KIND_LABELS, SearchHit, search
from storage.store import Store

DEBOUNCE_MS = 250
LIMIT = 200
HTML_ROLE = Qt.ItemDataRole.UserRole + 1  # an item's rich text, drawn by HtmlDelegate
COMMENT_ROLE = Qt.ItemDataRole.UserRole + 2  # the comment id an item opens
SYNTAX_HINT = ('Syntax: "exact phrase" · impair* (prefix) · goodwill AND segment · '
               "revenue OR receivable · NOT")
AnyIndex = QModelIndex | QPersistentModelIndex


# -- shared by the review views ---------------------------------------------------------------

def place(store: Store, comment: Comment, document: Document | None = None) -> str:
    """"Comment 3 · Staff letter 2017-08-16" ("Item 3 · Response …" in a response letter)."""
    document = document or store.document(comment.document_id)
    kind = "Item" if document.role == "response" else "Comment"
    return f"{kind} {comment.number} · {document.label}"


def muted(widget: QWidget) -> str:
    """The colour of secondary text in the widget's palette, for rich text (which ignores
    alpha: the placeholder colour is blended onto the base colour)."""
    palette = widget.palette()
    ink, paper = palette.color(QPalette.ColorRole.PlaceholderText), palette.color(
        QPalette.ColorRole.Base)
    alpha = ink.alphaF()
    mixed = QColor.fromRgbF(*(alpha * a + (1 - alpha) * b for a, b in zip(
        (ink.redF(), ink.greenF(), ink.blueF()), (paper.redF(), paper.greenF(), paper.blueF()),
        strict=True)))
    return mixed.name()


def snippet_html(hit: SearchHit) -> str:
    """The hit's snippet, escaped, with the matched words in bold."""
    return "".join(f"<b>{html.escape(text)}</b>" if matched else html.escape(text)
                   for text, matched in hit.parts())


# -- the view ---------------------------------------------------------------------------------

class SearchView(QWidget):
    """The search field, a syntax hint, a summary line and the results by matter. Signals:

    commentChosen(str): the user opened a result (the id of its comment).
    """

    commentChosen = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._documents: dict[str, Document] = {}
        self._muted = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._build()
        self._timer.timeout.connect(self.run_now)
        self.query.textEdited.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self.run_now)
        self.results.itemActivated.connect(self._activated)

    def _build(self) -> None:
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search comments, answers and notes in every matter")
        self.query.setClearButtonEnabled(True)
        self.query.installEventFilter(self)
        self.hint = QLabel(SYNTAX_HINT)
        self.hint.setStyleSheet(f"color: {muted(self)}")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setItemDelegate(HtmlDelegate(self.results, HTML_ROLE))
        self.results.setUniformRowHeights(False)
        self.results.setIndentation(16)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        for widget in (self.query, self.hint, self.summary, self.results):
            layout.addWidget(widget)

    def set_store(self, store: Store) -> None:
        self._store = store
        self.run_now()

    def follow(self, _comment: Comment | None) -> None:
        """Shown again: search again (the answers and notes may have changed meanwhile); the
        results do not follow the selection."""
        if self.query.text().strip():
            self.run_now()

    def set_query(self, text: str) -> None:
        """Put a query in the field and search after the usual pause."""
        self.query.setText(text)
        self._timer.start()

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    # -- searching ------------------------------------------------------------------------

    @Slot()
    def run_now(self) -> None:
        """Search for the field's text now and show the results."""
        self._timer.stop()
        if not self._store.is_open:  # the window closed its workspace meanwhile
            return
        text = self.query.text().strip()
        hits = search(self._store, text, LIMIT) if text else []
        self._show(text, hits)

    def _show(self, text: str, hits: list[SearchHit]) -> None:
        self.results.clear()
        self._documents.clear()  # cached for one list of results
        self._muted = muted(self)
        groups: dict[str, QTreeWidgetItem] = {}
        shown = 0
        for hit in hits:
            item = self._hit_item(hit)
            if item is None:
                continue
            group = groups.get(hit.matter_id) or self._matter_item(hit.matter_id)
            groups[hit.matter_id] = group
            group.addChild(item)
            shown += 1
        for group in groups.values():
            group.setText(0, f"{group.text(0)} ({group.childCount()})")
        self.results.addTopLevelItems(list(groups.values()))
        self.results.expandAll()
        self.summary.setText(_summary(text, shown, len(groups), len(hits) >= LIMIT))

    def _matter_item(self, matter_id: str) -> QTreeWidgetItem:
        try:
            title = self._store.matter(matter_id).title
        except NotFound:
            title = "(a matter no longer in the workspace)"
        item = QTreeWidgetItem([title])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def _hit_item(self, hit: SearchHit) -> QTreeWidgetItem | None:
        try:
            comment = self._store.comment(hit.comment_id)
        except NotFound:
            return None
        document = self._documents.get(comment.document_id)
        if document is None:
            document = self._documents[comment.document_id] = self._store.document(
                comment.document_id)
        where, kind = place(self._store, comment, document), KIND_LABELS.get(hit.kind, hit.kind)
        plain = "".join(text for text, _ in hit.parts())
        item = QTreeWidgetItem([f"{where} — {kind}\n{plain}"])
        item.setData(0, HTML_ROLE, f"<b>{html.escape(where)}</b> <span style='color:"
                     f"{self._muted}'>— {html.escape(kind)}</span><br>{snippet_html(hit)}")
        item.setData(0, COMMENT_ROLE, hit.comment_id)
        item.setToolTip(0, plain)
        return item

    # -- opening and the keyboard ---------------------------------------------------------

    @Slot(QTreeWidgetItem, int)
    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        comment_id = item.data(0, COMMENT_ROLE)
        if comment_id:
            self.commentChosen.emit(comment_id)
        else:
            item.setExpanded(not item.isExpanded())

    def first_hit(self) -> QTreeWidgetItem | None:
        group = self.results.topLevelItem(0)
        return group.child(0) if group is not None and group.childCount() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.query and event.key() == Qt.Key.Key_Down:
                return self._into_results()
            if watched is self.results and event.key() == Qt.Key.Key_Up \
                    and self.results.currentItem() in (self.first_hit(),
                                                       self.results.topLevelItem(0)):
                self.query.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _into_results(self) -> bool:
        if self._timer.isActive():
            self.run_now()
        first = self.first_hit()
        if first is None:
            return False
        self.results.setCurrentItem(first)
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


def _summary(text: str, shown: int, matters: int, capped: bool) -> str:
    if not text:
        return "Type words to search every matter's comments, answers and notes."
    if not shown:
        return f"No results for {text}"
    noun = "result" if shown == 1 else "results"
    where = f"in {matters} matter{'s' if matters != 1 else ''}"
    return (f"The first {shown} {noun} for {text} {where}" if capped
            else f"{shown} {noun} for {text} {where}")
