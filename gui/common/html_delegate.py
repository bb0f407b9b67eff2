"""One item delegate for lists whose items are rich text: it draws an item's HTML (from a data
role) in place of its text, in the palette's colours (the highlighted ones when selected).

Unwrapped, an item is as wide as its text (search results, one line each). Wrapped, it is as
wide as the view and grows in height (threaded notes), indented by `depth_role` with a rule to
the left of a reply.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

AnyIndex = QModelIndex | QPersistentModelIndex
INDENT = 18


class HtmlDelegate(QStyledItemDelegate):
    """Draws `index.data(html_role)` as rich text; items without it are drawn as usual."""

    def __init__(self, view: QAbstractItemView, html_role: int, *, wrap: bool = False,
                 depth_role: int | None = None) -> None:
        super().__init__(view)
        self._view = view
        self._role = html_role
        self._wrap = wrap
        self._depth_role = depth_role

    def _depth(self, index: AnyIndex) -> int:
        return int(index.data(self._depth_role) or 0) if self._depth_role is not None else 0

    def _document(self, option: QStyleOptionViewItem, index: AnyIndex,
                  width: int | None) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)  # type: ignore[attr-defined]
        document.setDocumentMargin(2)
        document.setHtml(index.data(self._role) or "")
        if width is not None:
            document.setTextWidth(max(60, width - INDENT * self._depth(index) - 8))
        return document

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt's name)
                 index: AnyIndex) -> QSize:
        if index.data(self._role) is None:
            return super().sizeHint(option, index)
        if self._wrap:
            width = self._view.viewport().width()
            return QSize(width, int(self._document(option, index, width).size().height()) + 6)
        document = self._document(option, index, None)
        return QSize(int(document.idealWidth()) + 8, int(document.size().height()) + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if index.data(self._role) is None:
            super().paint(painter, option, index)
            return
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""  # type: ignore[attr-defined]
        style = self._view.style() or QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, self._view)
        if self._wrap:
            rect = options.rect  # type: ignore[attr-defined]
        else:
            rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, options,
                                        self._view)
        depth = self._depth(index)
        document = self._document(options, index, rect.width() if self._wrap else None)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette: QPalette = options.palette  # type: ignore[attr-defined]
        selected = bool(options.state & QStyle.StateFlag.State_Selected)  # type: ignore
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(role))
        painter.save()
        if self._wrap:
            left = rect.left() + 4 + INDENT * depth
            if depth:
                painter.setPen(palette.mid().color())
                painter.drawLine(left - 8, rect.top() + 3, left - 8, rect.bottom() - 3)
            painter.translate(left, rect.top() + 3)
        else:
            painter.translate(rect.topLeft())
            painter.setClipRect(rect.translated(-rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()
