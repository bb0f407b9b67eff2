"""The mouse over the PDF pane: select text, click comments' regions, follow links, context menu.

`Pointer` filters the view's viewport events. A press followed by a drag past the platform's
drag distance selects words from the press to the cursor (across pages); a press released
without a drag is a click: it follows a link, or selects the comment whose region it is in, or
clears the selection. A double-click selects a word, a third click a line.

External links open only after the user confirms (`confirm_and_open`): the program is offline
and opening the user's browser on request is the one exception.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPointF, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from gui.pdf.selection import Caret, line_of, word_at

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction

    from gui.pdf.page_text import Link, PageText
    from gui.pdf.selection import TextSelection


class PointerHost(Protocol):
    """What the pointer uses of the view it is attached to (`PdfView` is one)."""

    regionClicked: SignalInstance
    selection: TextSelection

    def viewport(self) -> QWidget: ...
    def select_words(self, start: Caret, end: Caret) -> None: ...
    def has_selection(self) -> bool: ...
    def copy(self) -> None: ...
    def context_actions(self) -> list[QAction]: ...
    def link_at(self, pos: QPointF) -> Link | None: ...
    def marker_at(self, pos: QPointF) -> str | None: ...
    def clear_selection(self) -> None: ...
    def scroll_to_point(self, page: int, point: tuple[float, float] | None = None) -> None: ...
    def page_point(self, pos: QPointF, clamp: bool = True) -> tuple[int, QPointF] | None: ...
    def hovered_link(self) -> str: ...
    def set_hovered_link(self, where: str) -> None: ...
    def page_text(self) -> PageText | None: ...


def confirm_and_open(parent: QWidget, uri: str) -> bool:
    """Ask whether to open the address in the browser; open it only on Yes."""
    box = QMessageBox(QMessageBox.Icon.Question, "Open link",
                      f"Open {uri} in your browser?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setInformativeText("The link leads outside this workspace.")
    if box.exec() != QMessageBox.StandardButton.Yes:
        return False
    return QDesktopServices.openUrl(QUrl(uri))


class Pointer(QObject):
    """Handles the mouse on a view's viewport; attach it with `view.add_tool(Pointer(view))`."""

    def __init__(self, view: PointerHost) -> None:
        super().__init__()
        self.view = view
        self._press: QPointF | None = None
        self._dragging = False
        self._double = QElapsedTimer()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(event, QMouseEvent):
            handler = {
                QEvent.Type.MouseButtonPress: self._pressed,
                QEvent.Type.MouseMove: self._moved,
                QEvent.Type.MouseButtonRelease: self._released,
                QEvent.Type.MouseButtonDblClick: self._double_clicked,
            }.get(kind)
            if handler is not None:
                handler(event)
                return True
        if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            self._context_menu(event)
            return True
        return False

    # -- the events ----------------------------------------------------------------------

    def _pressed(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        if self._double.isValid() and self._double.elapsed() < QApplication.doubleClickInterval():
            self._double.invalidate()
            self._select_line(pos)
            self._press = None
            return
        self._press, self._dragging = pos, False

    def _moved(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            self._hover(pos)
            return
        if not self._dragging:
            moved = (pos - self._press).manhattanLength()
            if moved < QApplication.startDragDistance():
                return
            self._dragging = True
            self._start_selection(self._press)
        self._extend_selection(pos)

    def _released(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        pos, dragged = event.position(), self._dragging
        self._press, self._dragging = None, False
        if dragged:
            self._extend_selection(pos)
            return
        self._click(pos)

    def _double_clicked(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        caret = self._caret(event.position())
        if caret is not None:
            self.view.select_words(caret, caret)
        self._double.start()
        self._press = None

    def _context_menu(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self.view.viewport())
        copy = menu.addAction("&Copy")
        copy.setEnabled(self.view.has_selection())
        copy.triggered.connect(self.view.copy)
        extra = self.view.context_actions()
        if extra:
            menu.addSeparator()
            menu.addActions(extra)
        menu.popup(event.globalPos())

    # -- what they do --------------------------------------------------------------------

    def _click(self, pos: QPointF) -> None:
        link = self.view.link_at(pos)
        if link is not None:
            self.follow(link)
            return
        key = self.view.marker_at(pos)
        self.view.clear_selection()
        if key is not None:
            self.view.regionClicked.emit(key)

    def follow(self, link: Link) -> None:
        """Go to an internal link's target; ask before opening an external one."""
        if link.page is not None:
            self.view.scroll_to_point(link.page, link.point)
        elif link.uri:
            confirm_and_open(self.view.viewport(), link.uri)

    def _hover(self, pos: QPointF) -> None:
        link = self.view.link_at(pos)
        shape = Qt.CursorShape.ArrowCursor
        if link is not None or self.view.marker_at(pos) is not None:
            shape = Qt.CursorShape.PointingHandCursor
        elif self.view.page_point(pos) is not None:
            shape = Qt.CursorShape.IBeamCursor
        self.view.viewport().setCursor(shape)
        where = "" if link is None else link.uri or f"Page {link.page}"
        if where != self.view.hovered_link():
            self.view.set_hovered_link(where)
            self.view.viewport().setToolTip(where)

    def _caret(self, pos: QPointF) -> Caret | None:
        found = self.view.page_point(pos, clamp=False)
        text = self.view.page_text()
        if found is None or text is None:
            return None
        page, point = found
        index = word_at(text.words(page), point.x(), point.y())
        return Caret(page, index) if index is not None else None

    def _start_selection(self, pos: QPointF) -> None:
        caret = self._caret(pos)
        if caret is not None:
            self.view.select_words(caret, caret)
        else:
            self.view.clear_selection()

    def _extend_selection(self, pos: QPointF) -> None:
        anchor, focus = self.view.selection.anchor, self._caret(pos)
        if anchor is not None and focus is not None:
            self.view.select_words(anchor, focus)

    def _select_line(self, pos: QPointF) -> None:
        caret, text = self._caret(pos), self.view.page_text()
        if caret is None or text is None:
            return
        first, last = line_of(text.words(caret.page), caret.index)
        self.view.select_words(Caret(caret.page, first), Caret(caret.page, last))
