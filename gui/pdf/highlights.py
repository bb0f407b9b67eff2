"""Reviewers' highlights: made from the text selected in a PdfView, kept in the store as region
annotations with the words they quote, drawn on the page in each author's colour.

`Highlights(store_of, view)` keeps a view's highlight layer in step with the store (redrawn
whenever the view shows another document) and makes new highlights; `HighlightList` lists a
comment's highlights and says which one the user chose, to jump to it.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QHelpEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolTip,
    QWidget,
)

from gui.pdf.view import Anchor, PdfView
from storage.errors import NotFound
from storage.models import Annotation, Region
from storage.store import Store

HIGHLIGHT_LAYER = 5
ALPHA = 90
DEFAULT_COLOR = "#f2c200"
ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1

StoreOf = Callable[[], Store]


def _overlap(a: Anchor, b: Region) -> bool:
    (page, (x0, y0, x1, y1)), (bx0, by0, bx1, by1) = a, b.rect
    return page == b.page and x0 < bx1 and bx0 < x1 and y0 < by1 and by0 < y1


class Highlights(QObject):
    """The reviewers' highlights on one PdfView (whose document keys are document ids).

    Signals:
        added(object): a highlight (an Annotation) was made here and stored.
    """

    added = Signal(object)

    def __init__(self, store_of: StoreOf, view: PdfView, parent: QObject | None = None) -> None:
        super().__init__(parent or view)
        self._store_of = store_of
        self.view = view
        self._comment_id: str | None = None
        self._shown: list[Annotation] = []
        view.documentChanged.connect(self.reload)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """A highlight's note, author and words as a tooltip over it."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            note = self.highlight_at(QPointF(event.pos()))
            if note is not None:
                QToolTip.showText(event.globalPos(), self.tooltip(note), self.view.viewport())
                return True
        return False

    def highlight_at(self, pos: QPointF) -> Annotation | None:
        """The highlight under a viewport position, the newest when they overlap."""
        found = self.view.page_point(pos)
        if found is None:
            return None
        page, point = found
        for note in reversed(self._shown):
            for region in note.regions:
                x0, y0, x1, y1 = region.rect
                if region.page == page and x0 <= point.x() <= x1 and y0 <= point.y() <= y1:
                    return note
        return None

    def tooltip(self, note: Annotation) -> str:
        try:
            author = self._store_of().reviewer(note.author_id).name if note.author_id else ""
        except NotFound:
            author = ""
        lines = [f"<b>{escape(author or 'Highlight')}</b>"]
        lines.append(escape(note.body) if note.body else "<i>No note</i>")
        if note.quote:
            lines.append(f"<span style='color:gray'>“{escape(note.quote[:200])}”</span>")
        return "<br>".join(lines)

    @Slot(str)
    def set_comment(self, comment_id: str | None) -> None:
        """The comment selected in the tree: a highlight in its regions is filed under it."""
        self._comment_id = comment_id or None

    @Slot()
    @Slot(str)
    def reload(self, _doc_key: str = "") -> None:
        """Draw the stored highlights of the document shown."""
        doc_key = self.view.doc_key()
        found = self._store_of().highlights(doc_key) if doc_key else []
        self._shown = found
        colors = self._colors(found)
        self.view.set_layer("highlights", [
            (region.page, region.rect, colors[note.author_id])
            for note in found for region in note.regions], HIGHLIGHT_LAYER)

    def _colors(self, notes: list[Annotation]) -> dict[str | None, QColor]:
        colors: dict[str | None, QColor] = {}
        for author in {note.author_id for note in notes}:
            colors[author] = translucent(self._author_color(author))
        return colors

    def _author_color(self, author_id: str | None) -> str:
        if author_id is None:
            return DEFAULT_COLOR
        try:
            return self._store_of().reviewer(author_id).color
        except NotFound:
            return DEFAULT_COLOR

    @Slot()
    def highlight_selection(self) -> Annotation | None:
        """Ask for an optional note and store the selected text as a highlight."""
        doc_key, regions = self.view.doc_key(), self.view.selected_regions()
        if not doc_key or not regions:
            return None
        body, ok = QInputDialog.getText(self.view, "Highlight", "Note (optional):",
                                        QLineEdit.EchoMode.Normal, "")
        if not ok:
            return None
        note = self._store_of().add_highlight(
            doc_key, [Region(page, rect) for page, rect in regions], self.view.selected_text(),
            body, comment_id=self.comment_for(regions))
        self.view.clear_selection()
        self.reload()
        self.added.emit(note)
        return note

    def comment_for(self, regions: list[Anchor]) -> str | None:
        """The comment whose regions the selection touches: the selected one if it does."""
        doc_key = self.view.doc_key()
        comments = self._store_of().comments(document_id=doc_key) if doc_key else []
        comments.sort(key=lambda c: c.id != self._comment_id)
        for comment in comments:
            if any(_overlap(a, r) for a in regions for r in comment.regions):
                return comment.id
        return None


def translucent(color: str) -> QColor:
    found = QColor(color)
    found.setAlpha(ALPHA)
    return found


class HighlightList(QListWidget):
    """A comment's highlights: author's colour, quote and note; choosing one jumps to it.

    Signals:
        chosen(object): the user clicked (or pressed Enter on) a highlight; its Annotation.
    """

    chosen = Signal(object)

    def __init__(self, store_of: StoreOf, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store_of = store_of
        self._comment_id: str | None = None
        self.setWordWrap(True)
        self.setObjectName("highlightList")
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)

    @Slot(str)
    def set_comment(self, comment_id: str | None) -> None:
        self._comment_id = comment_id or None
        self.refresh()

    def comment_id(self) -> str | None:
        return self._comment_id

    @Slot()
    def refresh(self) -> None:
        self.clear()
        if self._comment_id is None:
            return
        store = self._store_of()
        for note in store.notes(self._comment_id):
            if note.target == "region":
                self.addItem(self._item(store, note))

    def _item(self, store: Store, note: Annotation) -> QListWidgetItem:
        author = store.reviewer(note.author_id) if note.author_id else None
        quote = (note.quote or "").replace("\n", " ")
        quote = quote if len(quote) <= 90 else quote[:89] + "…"
        text = f"{author.initials if author else '?'}: “{quote}”"
        if note.body:
            text += f" — {note.body}"
        item = QListWidgetItem(text)
        swatch = QPixmap(12, 12)
        swatch.fill(QColor(author.color if author else DEFAULT_COLOR))
        item.setIcon(QIcon(swatch))
        item.setToolTip(f"Page {note.regions[0].page}" if note.regions else "")
        item.setData(ANNOTATION_ROLE, note.id)
        return item

    @Slot(QListWidgetItem)
    def _chosen(self, item: QListWidgetItem) -> None:
        self.chosen.emit(self._store_of().note(item.data(ANNOTATION_ROLE)))
