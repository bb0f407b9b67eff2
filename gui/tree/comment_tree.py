"""The tree of comments: matter → letter → headings → numbered comment.

`CommentTreeModel` adapts the store (it is given one, and reads it again on `reload()`). It reads
the light lists of the whole workspace at once (`comment_heads`, `work_states`, `note_counts`:
one query each, no drafts, no regions) and keeps what the filters ask of each comment (`Facts`:
status, owner, due date, unresolved notes, the lowercased text) in memory, so that filtering
(gui.tree.filters) never queries the store; the full texts the text filter searches are read once,
when it is first used (`want_texts`). `CommentTree` is the keyboard-navigable view over it, or
over a filter proxy of it.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from storage.errors import NotFound
from storage.models import (
    STATUS_COLORS,
    STATUS_LABELS,
    STATUSES,
    CommentHead,
    Document,
    Matter,
    WorkState,
)
from storage.store import Store
from storage.topics import comment_tags, tags_of, taxonomy_for

Kind = Literal["matter", "document", "heading", "comment"]
AnyIndex = QModelIndex | QPersistentModelIndex

COMMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 3

RESPONSE_ITEM_COLOR = "#868e96"
CLOSED_COLOR = "#868e96"  # the rows of a review the staff closed
OVERDUE_COLOR = "#e03131"
TITLE_CHARS = 140
HEAD_CHARS = 300  # of a comment's text read for its title: room for spaces and its number
TOOLTIP_CHARS = 600
EXPAND_ALL_LIMIT = 5000  # comments shown: above, the view expands only the current matter
HEADERS = ("Comment", "Notes", "Owner", "Topics")
COLUMNS = len(HEADERS)
TOPIC_COLOR = "#5c7cfa"
TOPIC_WIDTH = 150  # the topics column at most, in pixels (its text is elided beyond)
TITLE_ROOM = 340  # pixels the titles keep before the topics column is shown
ROOT = QModelIndex()  # the invisible root, as a default argument
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(slots=True)
class Facts:
    """What the filters and the navigation ask of one comment, kept in memory."""

    number: int
    status: str
    owner_id: str | None
    due: date | None
    notes: int  # unresolved
    haystack: str  # headings and text, lowercased, for the text filter ("" until loaded)
    response_item: bool  # an item of a response letter (no status of its own)
    closed: bool = False  # its review was closed by the staff: no due date, never overdue
    tags: tuple[str, ...] = ()  # its topic tags (storage.topics)

    def overdue(self, today: date) -> bool:
        return (not self.closed and self.due is not None and self.status not in DONE
                and self.due < today)


DONE = ("approved", "filed")


@dataclass(eq=False)
class Node:
    kind: Kind
    text: str
    parent: Node | None
    record: Matter | Document | CommentHead | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0
    facts: Facts | None = None  # comments only

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


_PRINTED_NUMBER = re.compile(r"^\d{1,3}\s*[.)]\s*")


def comment_title(number: int, text: str, cut: bool = False) -> str:
    """"5. Tell us …": the number and the text's start; `cut` says the text given is only the
    start of the comment's (it then ends with "…" however short)."""
    text = " ".join(text.split())  # what re.sub(r"\s+", " ", text).strip() gives
    if text[:1].isdigit():
        text = _PRINTED_NUMBER.sub("", text)  # the printed number, maybe corrected
    if len(text) > TITLE_CHARS:
        text = text[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    elif cut:
        text = text.rsplit(" ", 1)[0] + "…"
    return f"{number}. {text}"


class CommentTreeModel(QAbstractItemModel):
    """Matters, their letters (by round), heading nodes and comments, with status and notes.

    Column 0 is the title (with the status dot on comments), column 1 the unresolved notes,
    column 2 the owner's initials and how late the answer is ("AL · 2d overdue").
    """

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._root = Node("matter", "", None)
        self._by_comment: dict[str, Node] = {}
        self._by_document: dict[str, list[str]] = {}  # comment ids in tree order
        self._by_matter: dict[str, list[str]] = {}  # document ids
        self._texts_loaded = False
        self._texts_wanted = False
        self._tags: dict[str, tuple[str, ...]] = {}
        self._tags_loaded = False
        self._tags_wanted = False
        self._initials: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        self._small_font = QFont()
        self._small_font.setPointSizeF(max(6.0, self._small_font.pointSizeF() - 1))
        self.today = date.today()
        self._build()

    # -- loading ------------------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        """Show another workspace (nothing to do when it is the one shown)."""
        if store is self._store:
            return
        self._store = store
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def _build(self) -> None:
        """Read the workspace: one query per list, whatever the number of letters."""
        store = self._store
        self._root = Node("matter", "", None)
        self._by_comment = {}
        self._by_document = {}
        self._by_matter = {}
        self._texts_loaded = False
        self._initials = {r.id: r.initials for r in store.reviewers()}
        self.today = date.today()
        heads: defaultdict[str, list[CommentHead]] = defaultdict(list)
        for head in store.comment_heads(title_chars=HEAD_CHARS):
            heads[head.document_id].append(head)
        documents: defaultdict[str, list[Document]] = defaultdict(list)
        for document in store.documents():
            documents[document.matter_id].append(document)
        states, notes = store.work_states(), store.note_counts()
        self._tags = {}
        self._tags_loaded = False  # read when first wanted: tagging thousands takes a second
        self._labels = taxonomy_for(store).labels
        for matter in store.matters():
            title = f"{matter.title} · closed" if matter.closed else matter.title
            node = self._root.add(Node("matter", title, self._root, matter))
            self._by_matter[matter.id] = [document.id for document in documents[matter.id]]
            for document in documents[matter.id]:
                self._add_document(node, document, heads[document.id], states, notes,
                                   matter.closed)
        if self._texts_wanted:
            self._load_texts()
        if self._tags_wanted:
            self.load_tags()

    def load_tags(self) -> None:
        """Give every comment's facts its topic tags (once per reload): for the topics column,
        the `tag:` filter and the rows' tooltips."""
        if self._tags_loaded:
            return
        self._tags_loaded = True
        self._tags = comment_tags(self._store)
        for comment_id, node in self._by_comment.items():
            if node.facts is not None:
                node.facts.tags = self._tags.get(comment_id, ())

    def want_tags(self, wanted: bool) -> None:
        """Whether the tags must be there (the topics column is shown, or a tag filter is on):
        read them now if they are not, and on every reload while wanted."""
        self._tags_wanted = wanted
        if wanted and not self._tags_loaded:
            self.load_tags()

    def tags_loaded(self) -> bool:
        return self._tags_loaded

    def _add_document(self, parent: Node, document: Document, heads: Iterable[CommentHead],
                      states: dict[str, WorkState], notes: dict[str, int],
                      closed: bool = False) -> None:
        mark = "⚠ " if document.warnings else ""
        text = f"{mark}Round {document.round} · {document.label}"
        node = parent.add(Node("document", text, parent, document))
        path: list[Node] = []
        response_item = document.role == "response"
        ids = self._by_document[document.id] = []
        for head in heads:
            path = self._heading_nodes(node, path, head.heading_path)
            under = path[-1] if path else node
            title = comment_title(head.number, head.title, len(head.title) >= HEAD_CHARS)
            item = under.add(Node("comment", title, under, head))
            item.facts = _facts(head, states.get(head.id), notes.get(head.id, 0),
                                response_item, closed)
            item.facts.tags = self._tags.get(head.id, ())
            self._by_comment[head.id] = item
            ids.append(head.id)

    def want_texts(self, wanted: bool) -> None:
        """Whether the facts must hold the full texts (the text filter is on): read them now
        if they are not there, and on every reload while wanted."""
        self._texts_wanted = wanted
        if wanted:
            self._load_texts()

    def _load_texts(self) -> None:
        """Give every comment's facts its full text (one query)."""
        if self._texts_loaded:
            return
        self._texts_loaded = True
        for comment_id, text in self._store.comment_texts().items():
            node = self._by_comment.get(comment_id)
            if node is not None and node.facts is not None:
                node.facts.haystack = _haystack(_record(node), text)

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
        """Read one comment's status, owner, due date and notes again and repaint its row."""
        node = self._by_comment.get(comment_id)
        if node is None or node.facts is None:
            return
        response = self._store.response(comment_id)
        closed = node.facts.closed
        state = WorkState(response.status, response.owner_id,
                          None if closed else response.due_date, closed)
        notes = sum(1 for n in self._store.notes(comment_id) if n.resolved_at is None)
        self._initials = {r.id: r.initials for r in self._store.reviewers()}
        haystack = node.facts.haystack
        node.facts = _facts(_record(node), state, notes, node.facts.response_item, closed)
        node.facts.haystack = haystack
        node.facts.tags = tags_of(self._store, comment_id)
        first = self.createIndex(node.row, 0, node)
        self.dataChanged.emit(first, first.siblingAtColumn(COLUMNS - 1))

    # -- lookups ------------------------------------------------------------------------------

    def index_of_comment(self, comment_id: str) -> QModelIndex:
        node = self._by_comment.get(comment_id)
        return self.createIndex(node.row, 0, node) if node else QModelIndex()

    def comment_ids(self, document_id: str | None = None) -> list[str]:
        """Comment ids in tree order (of one document, or all)."""
        if document_id is None:
            return list(self._by_comment)
        return list(self._by_document.get(document_id, ()))

    def comment_count(self) -> int:
        return len(self._by_comment)

    def matter_of(self, comment_id: str) -> str | None:
        node = self._by_comment.get(comment_id)
        return _record(node).matter_id if node is not None else None

    def widest(self, column: int) -> tuple[str, QFont]:
        """The longest text of a column over every comment (shown or not) and its font: the
        column is made that wide, so no owner or lateness is cut short when scrolled to."""
        role = Qt.ItemDataRole.DisplayRole
        if column == 3 and not self._tags_loaded:  # not read yet: as wide as it may be
            return ("W" * 40 if self._by_comment else ""), self._small_font
        read = {1: self._notes_data, 2: self._owner_data, 3: self._topics_data}[column]
        texts = [read(node, role) or "" for node in self._by_comment.values()]
        font = self._small_font if column in (2, 3) else QFont()
        return max(texts, key=len, default=""), font

    def comment_nodes(self) -> Iterator[Node]:
        """Every comment's node, in tree order."""
        return iter(self._by_comment.values())

    def node_at(self, parent: AnyIndex, row: int) -> Node:
        """The node at `row` under `parent`, without making an index (for the filter)."""
        return self._node(parent).children[row]

    def facts(self, comment_id: str) -> Facts | None:
        node = self._by_comment.get(comment_id)
        return node.facts if node else None

    def status_counts(self, matter_id: str) -> Counter[str]:
        """How many of a matter's staff comments stand at each status."""
        counts: Counter[str] = Counter()
        for document_id in self._by_matter.get(matter_id, ()):
            for comment_id in self._by_document[document_id]:
                facts = self._by_comment[comment_id].facts
                if facts is not None and not facts.response_item:
                    counts[facts.status] += 1
        return counts

    def status(self, comment_id: str) -> str:
        facts = self.facts(comment_id)
        return facts.status if facts else "open"

    def initials(self, reviewer_id: str | None) -> str:
        return self._initials.get(reviewer_id, "?") if reviewer_id else ""

    # -- QAbstractItemModel -------------------------------------------------------------------

    def _node(self, index: AnyIndex) -> Node:
        return index.internalPointer() if index.isValid() else self._root  # type: ignore

    def index(self, row: int, column: int, parent: AnyIndex = ROOT) -> QModelIndex:
        # hasIndex() would call rowCount and columnCount back in Python: too slow for the
        # filter proxy, which asks for every row
        if parent.isValid() and parent.column() > 0 or not 0 <= column < COLUMNS or row < 0:
            return QModelIndex()
        children = self._node(parent).children
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

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
        return COLUMNS

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < COLUMNS else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if index.column() == 1:
            return self._notes_data(node, role)
        if index.column() == 2:
            return self._owner_data(node, role)
        if index.column() == 3:
            return self._topics_data(node, role)
        return self._title_data(node, role)

    def _topics_data(self, node: Node, role: int) -> Any:
        facts = node.facts
        if facts is None or not facts.tags:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return " · ".join(facts.tags)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Topics: " + "; ".join(self._labels.get(t, t) for t in facts.tags)
        if role == Qt.ItemDataRole.FontRole:
            return self._small_font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(TOPIC_COLOR))
        return None

    def label_of(self, tag: str) -> str:
        return self._labels.get(tag, tag)

    def _title_data(self, node: Node, role: int) -> Any:
        comment = node.record if node.kind == "comment" else None
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role == KIND_ROLE:
            return node.kind
        if role == COMMENT_ID_ROLE:
            return comment.id if isinstance(comment, CommentHead) else None
        if role == DOCUMENT_ID_ROLE:
            return _document_id(node)
        if role == Qt.ItemDataRole.DecorationRole and node.facts is not None:
            return status_icon("response" if node.facts.response_item else node.facts.status)
        if role == Qt.ItemDataRole.FontRole and node.kind in ("matter", "document"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and self.closed_matter(node) is not None:
            return QBrush(QColor(CLOSED_COLOR))
        return None

    @staticmethod
    def closed_matter(node: Node) -> Matter | None:
        """The closed matter a row belongs to (None while its review is open)."""
        found: Node | None = node
        while found is not None and found.kind != "matter":
            found = found.parent
        record = found.record if found is not None else None
        return record if isinstance(record, Matter) and record.closed else None

    def _notes_data(self, node: Node, role: int) -> Any:
        if node.facts is None:
            return None
        count = node.facts.notes
        if role == Qt.ItemDataRole.DisplayRole:
            return f"✎ {count}" if count else ""
        if role == Qt.ItemDataRole.ToolTipRole and count:
            return f"{count} unresolved note{'s' if count != 1 else ''}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _owner_data(self, node: Node, role: int) -> Any:
        facts = node.facts
        if facts is None or facts.response_item:
            return None
        late = (self.today - facts.due).days if facts.overdue(self.today) and facts.due else 0
        if role == Qt.ItemDataRole.DisplayRole:
            parts = [self.initials(facts.owner_id), f"{late}d overdue" if late else "",
                     "closed" if facts.closed else ""]
            return " · ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ForegroundRole and (late or facts.closed):
            return QBrush(QColor(OVERDUE_COLOR if late else CLOSED_COLOR))
        if role == Qt.ItemDataRole.ToolTipRole and facts.closed:
            return self._closed_tooltip(node)
        if role == Qt.ItemDataRole.FontRole:
            return self._small_font
        if role == Qt.ItemDataRole.ToolTipRole and (facts.owner_id or facts.due):
            return self._owner_tooltip(facts, late)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _closed_tooltip(self, node: Node) -> str:
        matter = self.closed_matter(node)
        when = f" on {matter.closed_at}" if matter is not None and matter.closed_at else ""
        owner = (f"Owner: {self._store_reviewer_name(node.facts.owner_id)}; "
                 if node.facts is not None and node.facts.owner_id else "")
        return f"{owner}closed by staff{when}: the review is over, nothing is due"

    def _owner_tooltip(self, facts: Facts, late: int) -> str:
        owner = self._store_reviewer_name(facts.owner_id) if facts.owner_id else "nobody"
        due = f"due {facts.due.isoformat()}" if facts.due else "no due date"
        if late:
            due += f", {late} day{'s' if late != 1 else ''} overdue"
        return f"Owner: {owner}; {due}"

    def _store_reviewer_name(self, reviewer_id: str) -> str:
        try:
            return self._store.reviewer(reviewer_id).name
        except Exception:  # a reviewer of a merged workspace this one does not know
            return "?"

    def _tooltip_text(self, comment: CommentHead) -> str:
        """The start of a comment's text, read when a tooltip asks for it."""
        try:
            text = self._store.comment(comment.id).text
        except NotFound:  # gone since the last reload
            text = comment.title
        return text if len(text) < TOOLTIP_CHARS else text[:TOOLTIP_CHARS] + "…"

    def _tooltip(self, node: Node) -> str | None:
        if node.kind == "comment" and isinstance(node.record, CommentHead):
            comment = node.record
            text = self._tooltip_text(comment)
            if node.facts is not None and node.facts.response_item:
                return f"Response letter's item {comment.number}\n\n{text}"
            status = STATUS_LABELS[self.status(comment.id)]
            tags = node.facts.tags if node.facts is not None else ()
            if not self._tags_loaded:  # one comment's tags, read for its tooltip
                tags = tags_of(self._store, comment.id)
            topics = ("\nTopics: " + "; ".join(self.label_of(t) for t in tags)) if tags else ""
            return f"Comment {comment.number} · {status}{topics}\n\n{text}"
        if node.kind == "document" and isinstance(node.record, Document):
            warnings = node.record.warnings
            if warnings:
                return "The parser doubts:\n" + "\n".join(f"• {w}" for w in warnings)
        if node.kind == "matter" and isinstance(node.record, Matter) and node.record.closed:
            when = f" on {node.record.closed_at}" if node.record.closed_at else ""
            return f"{node.record.title}\nReview closed by the staff{when}"
        return node.text or None


def _facts(comment: CommentHead, state: WorkState | None, notes: int,
           response_item: bool, closed: bool = False) -> Facts:
    due = None
    if state is not None and state.due_date:
        try:
            due = date.fromisoformat(state.due_date)
        except ValueError:
            due = None
    return Facts(number=comment.number, status=state.status if state else "open",
                 owner_id=state.owner_id if state else None, due=due, notes=notes,
                 haystack="", response_item=response_item, closed=closed)


def _haystack(comment: CommentHead, text: str) -> str:
    return f"{' '.join(comment.heading_path)}\n{text}".lower()


def _record(node: Node) -> CommentHead:
    assert isinstance(node.record, CommentHead)
    return node.record


def _document_id(node: Node) -> str | None:
    while node is not None and node.kind != "document":
        if node.parent is None:
            return None
        node = node.parent
    return node.record.id if isinstance(node.record, Document) else None


class CommentTree(QTreeView):
    """The comment tree view, over the model or over a filter proxy of it. Signals:

    commentSelected(str): a comment row became current (its id).
    documentSelected(str): a letter row became current (its document id).
    """

    commentSelected = Signal(str)
    documentSelected = Signal(str)

    def __init__(self, model: CommentTreeModel, proxy: QAbstractProxyModel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = model
        self._proxy = proxy
        self._shown: str | None = None  # the comment last announced by commentSelected
        self._quiet = False
        self._expand_all = True  # False: a big tree, of which only the current matter opens
        self._open_matter: str | None = None  # the matter expanded in a big tree
        self._widths: list[int] = []  # of the notes, owner and topics columns, when fitted
        self.setModel(proxy if proxy is not None else model)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHeaderHidden(True)
        self.setIconSize(QSize(14, 14))
        self.setIndentation(14)
        self.setAllColumnsShowFocus(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.moveSection(2, 1)  # owner and lateness before the notes
        self.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model().modelReset.connect(self.expand_shown)
        model.modelReset.connect(self._comments_reloaded)
        model.modelReset.connect(self.fit_columns)
        model.dataChanged.connect(self.fit_columns)
        self.fit_columns()

    @Slot()
    def fit_columns(self) -> None:
        """Owner, lateness and notes columns as wide as their longest text in the whole tree
        (sizing to the rows in sight cut off the rows scrolled to later)."""
        self._widths = []
        for column in (1, 2, 3):
            text, font = self._source.widest(column)
            self._widths.append(QFontMetrics(font).horizontalAdvance(text) + 12 if text else 0)
        self._apply_widths()

    def _apply_widths(self) -> None:
        """The topics only where the titles keep their room: a narrow tree shows them in the
        rows' tooltips alone."""
        notes, owner, topics = self._widths or [0, 0, 0]
        topics = min(topics, TOPIC_WIDTH)
        room = self.viewport().width() - notes - owner - TITLE_ROOM
        shown = topics if room >= topics else 0
        if shown and self.isVisible() and not self._source.tags_loaded():
            self._source.want_tags(True)  # the column is in sight: its tags are read now
            self.fit_columns()
            self.viewport().update()
            return
        for column, width in ((1, notes), (2, owner), (3, shown)):
            # An empty column is hidden: left at the header's default width it took 100 px
            # from the titles (a fresh workspace with no owners or notes read "…").
            self.header().setSectionHidden(column, not width)
            if width:
                self.header().resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._apply_widths()

    def comment_model(self) -> CommentTreeModel:
        return self._source

    def view_index(self, comment_id: str) -> QModelIndex:
        """A comment's row in the view (invalid when the filter hides it)."""
        index = self._source.index_of_comment(comment_id)
        return self._proxy.mapFromSource(index) if self._proxy is not None else index

    @Slot()
    def expand_shown(self) -> None:
        """Expand the rows: all of them while the tree shows at most EXPAND_ALL_LIMIT
        comments; in a bigger tree only the matter of the comment selected (expanding tens of
        thousands of rows takes seconds)."""
        shown = self._source.comment_count()
        shown_count = getattr(self._proxy, "shown_count", None)  # the filter's count
        if shown > EXPAND_ALL_LIMIT and shown_count is not None:
            shown = shown_count()[0]
        self._expand_all = shown <= EXPAND_ALL_LIMIT
        if self._expand_all:
            self.expandAll()
            return
        matter, self._open_matter = self._open_matter, None
        if matter is not None:
            self._expand_matter(matter)

    def _expand_matter(self, matter_id: str) -> None:
        if self._expand_all or matter_id == self._open_matter:
            return
        for row in range(self._source.rowCount()):
            index = self._source.index(row, 0)
            record = self._source.node_at(ROOT, row).record
            if isinstance(record, Matter) and record.id == matter_id:
                if self._proxy is not None:
                    index = self._proxy.mapFromSource(index)
                if index.isValid():
                    self.expandRecursively(index)
                    self._open_matter = matter_id
                return

    @Slot()
    def _comments_reloaded(self) -> None:
        self._shown = None  # the comments may have changed: announce the next one again

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        kind = current.data(KIND_ROLE)
        if kind == "comment":
            comment_id = current.data(COMMENT_ID_ROLE)
            if comment_id != self._shown:
                self._shown = comment_id
                self.commentSelected.emit(comment_id)
        elif kind == "document":
            self._shown = None
            self.documentSelected.emit(current.data(DOCUMENT_ID_ROLE))

    # -- selecting ----------------------------------------------------------------------------

    def select_comment(self, comment_id: str) -> bool:
        """Make a comment current; False when there is no such row (or the filter hides it)."""
        index = self.view_index(comment_id)
        if not index.isValid():
            return False
        if not self._expand_all:
            self._expand_matter(self._source.matter_of(comment_id) or "")
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def select_first_comment(self, document_id: str | None = None) -> bool:
        """Select the first comment the tree shows (of one letter, or of all)."""
        return any(self.select_comment(comment_id)
                   for comment_id in self._source.comment_ids(document_id))

    def current_comment_id(self) -> str | None:
        current = self.currentIndex()
        return current.data(COMMENT_ID_ROLE) if current.isValid() else None

    def visible_comment_ids(self) -> list[str]:
        """The ids of the comments the tree shows (the filter passes), in tree order."""
        ids = self._source.comment_ids()
        if self._proxy is None:
            return ids
        return [i for i in ids if self.view_index(i).isValid()]

    def step(self, delta: int) -> None:
        """Go to the next (delta=1) or previous (delta=-1) comment the tree shows."""
        ids = self.visible_comment_ids()
        if not ids:
            return
        current = self.current_comment_id()
        if current in ids:
            target = max(0, min(len(ids) - 1, ids.index(current) + delta))
        else:
            target = 0 if delta > 0 else len(ids) - 1
        self.select_comment(ids[target])

    def step_to_open(self, delta: int = 1) -> bool:
        """Go to the next (or previous) shown staff comment not yet approved or filed, wrapping
        round; False when there is none."""
        ids = self.visible_comment_ids()
        current = self.current_comment_id() or self._shown
        start = ids.index(current) if current in ids else (-1 if delta > 0 else len(ids))
        for step in range(1, len(ids) + 1):
            candidate = ids[(start + delta * step) % len(ids)]
            facts = self._source.facts(candidate)
            if facts and not facts.response_item and facts.status not in DONE:
                if candidate != current:
                    return self.select_comment(candidate)
        return False

    # -- filtering ----------------------------------------------------------------------------

    def refiltered(self) -> None:
        """After the filter changed: keep the comment shown if the tree still shows it, else
        leave no row current, without announcing anything (the editor keeps its comment)."""
        self._quiet = True
        try:
            if self._shown is None or not self.select_comment(self._shown):
                self.selectionModel().clear()
        finally:
            self._quiet = False


def status_summary(counts: Counter[str]) -> str:
    """"Open 3 · Drafting 2 · Filed 6" (statuses with none left out)."""
    return " · ".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUSES if counts[s])
