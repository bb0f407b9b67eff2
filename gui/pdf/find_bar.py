"""Find in the PDF pane: a bar over the view's top-right corner, every hit highlighted.

`FindBar(view)` is a child of the view. Typing searches the document a few pages per event-loop
turn (a 300-page filing does not freeze the window), through the view's `PageText`, which caches
each page's hits. The count reads "3 of 12"; Enter / F3 go to the next hit, Shift+Enter /
Shift+F3 to the previous one, Esc closes the bar and drops the hits.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton

from gui.pdf.page_text import Rect
from gui.pdf.view import PdfView

HIT_FILL = QColor(60, 200, 60, 90)  # green: apart from the comment yellow, selection blue
CURRENT_FILL = QColor(0, 150, 30, 170)
HIT_LAYER, CURRENT_LAYER = 10, 11
SLICE_SECONDS = 0.012  # searching yields to the event loop this often
MARGIN = 6


class FindBar(QFrame):
    """Finds text in a PdfView.

    Signals:
        searched(int): the whole document has been searched; carries the hit count.
        currentChanged(int): the current hit changed (0-based; -1 when there is none).
    """

    searched = Signal(int)
    currentChanged = Signal(int)

    def __init__(self, view: PdfView) -> None:
        super().__init__(view)
        self.view = view
        self._hits: list[tuple[int, Rect]] = []
        self._current = -1
        self._next_page = 0  # the next page to search; 0 when done
        self._start_page = 1
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._search_some)
        self._build()
        view.documentChanged.connect(self._document_changed)
        view.installEventFilter(self)
        self.hide()

    def _build(self) -> None:
        self.setObjectName("findBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in letter")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(180)
        self.field.textChanged.connect(self._text_changed)
        self.field.installEventFilter(self)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(64)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.addWidget(self.field)
        layout.addWidget(self.count_label)
        for text, tip, slot in (("▲", "Previous hit (Shift+Enter, Shift+F3)", self.find_previous),
                                ("▼", "Next hit (Enter, F3)", self.find_next),
                                ("✕", "Close (Esc)", self.close_bar)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            layout.addWidget(button)

    # -- the API -------------------------------------------------------------------------

    @Slot()
    def open_bar(self) -> None:
        """Show the bar with the field focused and its text selected (search it again)."""
        self.show()
        self.raise_()
        self._place()
        self.field.setFocus()
        self.field.selectAll()
        if self.field.text() and not self._hits and not self._next_page:
            self._restart()

    @Slot()
    def close_bar(self) -> None:
        self._timer.stop()
        self._hits, self._current, self._next_page = [], -1, 0
        self._paint_hits()
        self.hide()
        self.view.setFocus()

    def hits(self) -> list[tuple[int, Rect]]:
        return list(self._hits)

    def current(self) -> int:
        return self._current

    def count_text(self) -> str:
        return self.count_label.text()

    def is_searching(self) -> bool:
        return self._next_page != 0

    @Slot()
    def find_next(self) -> None:
        self._step(1)

    @Slot()
    def find_previous(self) -> None:
        self._step(-1)

    # -- searching -----------------------------------------------------------------------

    @Slot(str)
    def _text_changed(self, _text: str) -> None:
        self._restart()

    @Slot(str)
    def _document_changed(self, _key: str) -> None:
        if self.isVisible():
            self._restart()
        else:
            self._timer.stop()
            self._hits, self._current, self._next_page = [], -1, 0

    def _restart(self) -> None:
        self._hits, self._current = [], -1
        text = self.field.text()
        ready = bool(text.strip()) and self.view.page_text() is not None
        self._next_page = 1 if ready else 0
        self._start_page = max(self.view.current_page(), 1)
        self._paint_hits()
        self._update_count()
        if ready:
            self._timer.start()
        else:
            self._timer.stop()

    @Slot()
    def _search_some(self) -> None:
        text, source = self.field.text(), self.view.page_text()
        if source is None or not self._next_page:
            self._timer.stop()
            return
        deadline = time.perf_counter() + SLICE_SECONDS
        first_new = len(self._hits)
        while self._next_page and time.perf_counter() < deadline:
            page = self._next_page
            self._hits.extend((page, rect) for rect in source.search(page, text))
            self._next_page = page + 1 if page < source.page_count else 0
        self._pick_first(first_new)
        self._paint_hits()
        self._update_count()
        if not self._next_page:
            self._timer.stop()
            self.searched.emit(len(self._hits))

    def _pick_first(self, first_new: int) -> None:
        """Make current the first hit at or after the page the search started from (or, at
        the end, the first hit of all)."""
        if self._current >= 0:
            return
        later = [i for i in range(first_new, len(self._hits))
                 if self._hits[i][0] >= self._start_page]
        if later:
            self._set_current(later[0])
        elif not self._next_page and self._hits:
            self._set_current(0)

    def _step(self, by: int) -> None:
        if not self._hits:
            return
        self._set_current((self._current + by) % len(self._hits) if self._current >= 0 else 0)
        self._paint_hits()
        self._update_count()

    def _set_current(self, index: int) -> None:
        self._current = index
        page, rect = self._hits[index]
        shown = QRectF(self.view.viewport().rect())
        box = self.view.map_to_viewport(page, QPointF(rect[0], rect[1]))
        end = self.view.map_to_viewport(page, QPointF(rect[2], rect[3]))
        if not shown.contains(QRectF(box, end)):
            self.view.scroll_to_anchor(page, rect)
        self.currentChanged.emit(index)

    def _paint_hits(self) -> None:
        current = self._hits[self._current] if self._current >= 0 else None
        self.view.set_layer("find", [(p, r, HIT_FILL) for p, r in self._hits], HIT_LAYER)
        self.view.set_layer("find-current", [(current[0], current[1], CURRENT_FILL)]
                            if current else [], CURRENT_LAYER)

    def _update_count(self) -> None:
        more = "+" if self._next_page else ""
        if not self.field.text().strip():
            text = ""
        elif not self._hits:
            text = "Searching…" if self._next_page else "No results"
        else:
            text = f"{self._current + 1 if self._current >= 0 else 0} of {len(self._hits)}{more}"
        self.count_label.setText(text)

    # -- keys and placement --------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self._place()
        elif watched is self.field and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
            self._step(-1 if back else 1)
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return True
        return False

    def _place(self) -> None:
        self.adjustSize()
        viewport = self.view.viewport().geometry()
        self.move(viewport.right() - self.width() - MARGIN, viewport.top() + MARGIN)

