"""The tree of comments: matter → letter → headings → numbered comment.

`CommentTreeModel` adapts the store (it is given one, and reads it again on `reload()`);
`CommentTree` is the keyboard-navigable view over it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from storage.models import STATUS_LABELS, STATUSES, Comment, Document, Matter
from storage.store import Store

Kind = Literal["matter", "document", "heading", "comment"]
AnyIndex = QModelIndex | QPersistentModelIndex

COMMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 3

STATUS_COLORS = {"open": "#adb5bd", "drafting": "#f59f00", "in_review": "#1c7ed6",
                 "approved": "#37b24d", "filed": "#5f3dc4"}
RESPONSE_ITEM_COLOR = "#868e96"
TITLE_CHARS = 140
ROOT = QModelIndex()  # the invisible root, as a default argument


@dataclass(eq=False)
class Node:
    kind: Kind
    text: str
    parent: Node | None
    record: Matter | Document | Comment | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0

    def add(self, child: Node) -> Node:
        child.row = len(self.children)
        self.children.append(child)
        return child


_icons: dict[str, QIcon] = {}


def status_icon(status: str) -> QIcon:
    """A coloured dot for a status (a grey ring for a response letter's item)."""
    if status not in _icons:
        _icons[status] = _dot_icon(STATUS_COLORS.get(status, RESPONSE_ITEM_COLOR),
                                   hollow=status not in STATUS_COLORS)
    return _icons[status]


def _dot_icon(color: str, *, hollow: bool) -> QIcon:
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(color).darker(130 if not hollow else 100))
        pen.setWidthF(size / 10)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush if hollow else QBrush(QColor(color)))
        radius = size * 0.3
        painter.drawEllipse(QPointF(size / 2, size / 2), radius, radius)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def comment_title(comment: Comment) -> str:
    text = re.sub(r"\s+", " ", comment.text).strip()
    text = re.sub(rf"^{comment.number}\s*[.)]\s*", "", text)
    if len(text) > TITLE_CHARS:
        text = text[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return f"{comment.number}. {text}"


class CommentTreeModel(QAbstractItemModel):
    """Matters, their letters (by round), heading nodes and comments, with status and notes.

    Column 0 is the title (with the status dot on comments), column 1 the unresolved notes.
    """

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._root = Node("matter", "", None)
        self._by_comment: dict[str, Node] = {}
        self._status: dict[str, str] = {}
        self._notes: dict[str, int] = {}
        self._build()

    # -- loading ------------------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        self._store = store
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def _build(self) -> None:
        self._root = Node("matter", "", None)
        self._by_comment, self._status, self._notes = {}, {}, {}
        for matter in self._store.matters():
            node = self._root.add(Node("matter", matter.title, self._root, matter))
            self._status.update({k: r.status for k, r in
                                 self._store.responses(matter.id).items()})
            self._notes.update(self._store.note_counts(matter.id))
            for document in self._store.documents(matter.id):
                self._add_document(node, document)

    def _add_document(self, parent: Node, document: Document) -> None:
        text = f"Round {document.round} · {document.label}"
        node = parent.add(Node("document", text, parent, document))
        path: list[Node] = []
        for comment in self._store.comments(document_id=document.id):
            path = self._heading_nodes(node, path, comment.heading_path)
            under = path[-1] if path else node
            item = under.add(Node("comment", comment_title(comment), under, comment))
            self._by_comment[comment.id] = item

    @staticmethod
    def _heading_nodes(document: Node, path: list[Node], headings: tuple[str, ...]) -> list[Node]:
        """The heading nodes for `headings`, sharing the previous comment's nodes while the
        headings agree."""
        shared = 0
        while (shared < min(len(path), len(headings))
               and path[shared].text == headings[shared]):
            shared += 1
        nodes = path[:shared]
        for heading in headings[shared:]:
            under = nodes[-1] if nodes else document
            nodes.append(under.add(Node("heading", heading, under)))
        return nodes

    # -- one comment changed ------------------------------------------------------------------

    def refresh_comment(self, comment_id: str) -> None:
        """Read one comment's status and note count again and repaint its row."""
        node = self._by_comment.get(comment_id)
        if node is None:
            return
        self._status[comment_id] = self._store.response(comment_id).status
        notes = sum(1 for n in self._store.notes(comment_id) if n.resolved_at is None)
        self._notes[comment_id] = notes
        first = self.createIndex(node.row, 0, node)
        self.dataChanged.emit(first, first.siblingAtColumn(1))

    # -- lookups ------------------------------------------------------------------------------

    def index_of_comment(self, comment_id: str) -> QModelIndex:
        node = self._by_comment.get(comment_id)
        return self.createIndex(node.row, 0, node) if node else QModelIndex()

    def comment_ids(self, document_id: str | None = None) -> list[str]:
        """Comment ids in tree order (of one document, or all)."""
        return [cid for cid, node in self._by_comment.items()
                if document_id is None or _record(node).document_id == document_id]

    def status_counts(self, matter_id: str) -> Counter[str]:
        """How many of a matter's staff comments stand at each status."""
        counts: Counter[str] = Counter()
        for cid, node in self._by_comment.items():
            comment = _record(node)
            if comment.matter_id == matter_id and not _is_response_item(node):
                counts[self._status.get(cid, "open")] += 1
        return counts

    def status(self, comment_id: str) -> str:
        return self._status.get(comment_id, "open")

    # -- QAbstractItemModel -------------------------------------------------------------------

    def _node(self, index: AnyIndex) -> Node:
        return index.internalPointer() if index.isValid() else self._root  # type: ignore

    def index(self, row: int, column: int, parent: AnyIndex = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    def parent(self, index: AnyIndex = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        if parent.isValid() and parent.column() > 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 2

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Comment", "Notes")[section] if 0 <= section < 2 else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if index.column() == 1:
            return self._notes_data(node, role)
        return self._title_data(node, role)

    def _title_data(self, node: Node, role: int) -> Any:
        comment = node.record if node.kind == "comment" else None
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role == KIND_ROLE:
            return node.kind
        if role == COMMENT_ID_ROLE:
            return comment.id if isinstance(comment, Comment) else None
        if role == DOCUMENT_ID_ROLE:
            return _document_id(node)
        if role == Qt.ItemDataRole.DecorationRole and isinstance(comment, Comment):
            if _is_response_item(node):
                return status_icon("response")
            return status_icon(self._status.get(comment.id, "open"))
        if role == Qt.ItemDataRole.FontRole and node.kind in ("matter", "document"):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _notes_data(self, node: Node, role: int) -> Any:
        if node.kind != "comment" or not isinstance(node.record, Comment):
            return None
        count = self._notes.get(node.record.id, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"✎ {count}" if count else ""
        if role == Qt.ItemDataRole.ToolTipRole and count:
            return f"{count} unresolved note{'s' if count != 1 else ''}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tooltip(self, node: Node) -> str | None:
        if node.kind == "comment" and isinstance(node.record, Comment):
            comment = node.record
            text = comment.text if len(comment.text) < 600 else comment.text[:600] + "…"
            if _is_response_item(node):
                return f"Response letter's item {comment.number}\n\n{text}"
            status = STATUS_LABELS[self._status.get(comment.id, "open")]
            return f"Comment {comment.number} · {status}\n\n{text}"
        return node.text or None


def _record(node: Node) -> Comment:
    assert isinstance(node.record, Comment)
    return node.record


def _document_id(node: Node) -> str | None:
    while node is not None and node.kind != "document":
        if node.parent is None:
            return None
        node = node.parent
    return node.record.id if isinstance(node.record, Document) else None


def _is_response_item(node: Node) -> bool:
    while node.parent is not None and node.kind != "document":
        node = node.parent
    return isinstance(node.record, Document) and node.record.role == "response"


class CommentTree(QTreeView):
    """The comment tree view. Signals:

    commentSelected(str): a comment row became current (its id).
    documentSelected(str): a letter row became current (its document id).
    """

    commentSelected = Signal(str)
    documentSelected = Signal(str)

    def __init__(self, model: CommentTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHeaderHidden(True)
        self.setIconSize(QSize(14, 14))
        self.setIndentation(14)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.selectionModel().currentRowChanged.connect(self._current_changed)
        model.modelReset.connect(self._after_reset)

    def comment_model(self) -> CommentTreeModel:
        model = self.model()
        assert isinstance(model, CommentTreeModel)
        return model

    @Slot()
    def _after_reset(self) -> None:
        self.expandAll()

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        kind = current.data(KIND_ROLE)
        if kind == "comment":
            self.commentSelected.emit(current.data(COMMENT_ID_ROLE))
        elif kind == "document":
            self.documentSelected.emit(current.data(DOCUMENT_ID_ROLE))

    def select_comment(self, comment_id: str) -> bool:
        index = self.comment_model().index_of_comment(comment_id)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def select_first_comment(self, document_id: str | None = None) -> bool:
        ids = self.comment_model().comment_ids(document_id)
        return self.select_comment(ids[0]) if ids else False

    def current_comment_id(self) -> str | None:
        current = self.currentIndex()
        return current.data(COMMENT_ID_ROLE) if current.isValid() else None

    def step(self, delta: int) -> None:
        """Go to the next (delta=1) or previous (delta=-1) comment in tree order."""
        ids = self.comment_model().comment_ids()
        if not ids:
            return
        current = self.current_comment_id()
        if current in ids:
            target = max(0, min(len(ids) - 1, ids.index(current) + delta))
        else:
            target = 0 if delta > 0 else len(ids) - 1
        self.select_comment(ids[target])


def status_summary(counts: Counter[str]) -> str:
    """"Open 3 · Drafting 2 · Filed 6" (statuses with none left out)."""
    return " · ".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUSES if counts[s])
