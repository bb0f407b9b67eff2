"""The PDF viewer pane: every page of one document in a continuous vertical scroll.

Pages are 1-based in this module's API (as comment anchors are); the renderer's are 0-based.
Rectangles are in PDF points, top-left origin, as PyMuPDF gives them. Zoom 1.0 is actual size
(a point is 1/72 inch at the screen's logical DPI); `scale()` is the resulting pixels per point.
"""
from __future__ import annotations

from bisect import bisect_right
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSlider, QApplication, QWidget

from gui.pdf.render import Renderer, RenderKey, page_sizes, zoom_key
from gui.pdf.selection import Caret, TextSelection

if TYPE_CHECKING:
    from gui.pdf.page_text import Link, PageText

Rect = tuple[float, float, float, float]
Anchor = tuple[int, Rect]  # (page, rect)
Marker = tuple[str, str, int, Rect]  # (key, label, page, region rect)
LayerItem = tuple[int, Rect, QColor]  # (page, rect, fill)

ZOOM_STEPS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
GAP = 12  # pixels around and between pages
PREFETCH = 1  # pages rendered ahead above and below the visible ones
MAX_PAGE_PIXELS = 16_000_000  # past this a page renders smaller and is scaled up (no tiles yet)

BACKGROUND = QColor(96, 99, 102)
PAGE_BORDER = QColor(0, 0, 0, 90)
HIGHLIGHT_FILL = QColor(255, 212, 0, 80)
HIGHLIGHT_EDGE = QColor(214, 150, 0, 220)
MARKER_FILL = QColor(32, 96, 184)
MARKER_TEXT = QColor(255, 255, 255)
SELECTION_FILL = QColor(40, 110, 230, 80)
SELECTION_LAYER = 100  # above the other layers


class ZoomMode(Enum):
    """Whether the zoom follows the viewport's size."""

    FIXED = "fixed"
    FIT_WIDTH = "fit_width"
    FIT_PAGE = "fit_page"


class PdfView(QAbstractScrollArea):
    """Shows a PDF: pages rendered off the GUI thread, highlights, comment markers, zoom.

    Signals:
        zoomChanged(float): the zoom factor changed (1.0 is actual size).
        pageChanged(int): the current page (1-based) changed; 0 when no document.
        regionClicked(str): a marker's badge or region was clicked (not dragged); carries the
            marker's key.
        documentChanged(str): another document is shown (its key; "" when cleared).
        selectionChanged(): the selected text changed.
        linkHovered(str): the mouse is over a link to this address ("Page 3" inside the
            document); "" when it leaves.

    Mouse handling (select text, click regions, follow links, context menu) is a tool attached
    from outside with `add_tool` (`gui.pdf.pointer.Pointer`; see `letter_view.letter_view`);
    what the text says comes from `page_text()`. Other panes add coloured boxes with
    `set_layer` (find hits, reviewers' highlights) and actions to the context menu with
    `set_context_actions`.

    Each view makes its own Renderer (one worker thread) unless given one to share; views that
    share one share its cache, but two of them showing the same document cancel each other's
    prefetching.
    """

    zoomChanged = Signal(float)
    pageChanged = Signal(int)
    regionClicked = Signal(str)
    documentChanged = Signal(str)
    selectionChanged = Signal()
    linkHovered = Signal(str)

    def __init__(self, parent: QWidget | None = None, renderer: Renderer | None = None) -> None:
        super().__init__(parent)
        self._renderer = renderer if renderer is not None else Renderer(self)
        self._renderer.rendered.connect(self._on_rendered)
        self._doc_key: str | None = None
        self._sizes: list[tuple[float, float]] = []
        self._rects: list[QRect] = []  # page rectangles in content pixels
        self._tops: list[int] = []  # their tops, for bisection
        self._content = QSize(0, 0)
        self._zoom = 1.0
        self._mode = ZoomMode.FIT_WIDTH
        self._current = -1  # index of the current page; -1 without a document
        self._highlights: list[Anchor] = []
        self._markers: list[Marker] = []
        self._layers: dict[str, tuple[int, list[LayerItem]]] = {}
        self._text: PageText | None = None
        self._text_bytes: bytes | None = None  # the document's, for its text when asked
        self._hovered_link = ""
        self._context_actions: list[QAction] = []
        self.selection = TextSelection()
        self.tools: list[QObject] = []  # attached from outside: see add_tool
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.verticalScrollBar().setSingleStep(20)
        self.horizontalScrollBar().setSingleStep(20)

    def add_tool(self, tool: QObject) -> None:
        """Attach a mouse or keyboard tool: it filters the viewport's events from now on (as
        qpageview attaches its rubberband). The view imports no tool."""
        tool.setParent(self)
        self.viewport().installEventFilter(tool)
        self.tools.append(tool)

    # -- document ------------------------------------------------------------------------

    @property
    def renderer(self) -> Renderer:
        return self._renderer

    def doc_key(self) -> str | None:
        return self._doc_key

    @Slot(str, object)
    def set_document(self, doc_key: str, pdf_bytes: bytes | None) -> None:
        """Show a document (raises DocumentError if it cannot be read); None clears."""
        sizes = page_sizes(pdf_bytes, doc_key) if pdf_bytes is not None else []
        if self._doc_key is not None:
            self._renderer.close_document(self._doc_key)
        self._doc_key = doc_key if pdf_bytes is not None else None
        if pdf_bytes is not None:
            self._renderer.open_document(doc_key, pdf_bytes)
        self._sizes, self._rects, self._tops, self._current = sizes, [], [], -1
        self._highlights, self._markers, self._layers = [], [], {}
        self._set_text(pdf_bytes)
        self._relayout_for_mode()
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)
        self._update_current()
        if not sizes:
            self.pageChanged.emit(0)
        self.viewport().update()
        self.documentChanged.emit(self._doc_key or "")

    def page_count(self) -> int:
        return len(self._sizes)

    def page_text(self) -> PageText | None:
        """Words, search hits and links of the document shown (None without one); read when
        first asked for (a hover, a selection, a search), not when the document is shown."""
        if self._text is None and self._text_bytes is not None:
            from gui.pdf.page_text import PageText

            self._text = PageText(self._text_bytes)
            self.selection.source = self._text
        return self._text

    def _set_text(self, pdf_bytes: bytes | None) -> None:
        if self._text is not None:
            self._text.close()
        self._text, self._text_bytes = None, pdf_bytes
        self.selection.source = None
        self.selection.clear()
        self._hovered_link = ""

    # -- text selection and links ----------------------------------------------------------

    def select_words(self, start: Caret, end: Caret) -> None:
        """Select the words from start to end (either order), in reading order."""
        self.page_text()  # the words, read now if they were not
        self.selection.anchor, self.selection.focus = start, end
        self._selection_changed()

    @Slot()
    def clear_selection(self) -> None:
        if not self.selection.is_empty():
            self.selection.clear()
            self._selection_changed()

    def has_selection(self) -> bool:
        return not self.selection.is_empty()

    def selected_text(self) -> str:
        return self.selection.text()

    def selected_regions(self) -> list[Anchor]:
        """(page, rect) of each selected line, in reading order."""
        return self.selection.regions()

    @Slot()
    def copy(self) -> None:
        """Put the selected text on the clipboard (the Edit menu's Copy calls this too)."""
        if self.has_selection():
            QApplication.clipboard().setText(self.selected_text())

    def _selection_changed(self) -> None:
        fill = SELECTION_FILL
        self.set_layer("selection", [(page, rect, fill) for page, rect in self.selected_regions()],
                       SELECTION_LAYER)
        self.selectionChanged.emit()

    def set_context_actions(self, actions: list[QAction]) -> None:
        """Actions the context menu offers after Copy (e.g. Highlight)."""
        self._context_actions = list(actions)

    def context_actions(self) -> list[QAction]:
        return list(self._context_actions)

    def link_at(self, pos: QPointF) -> Link | None:
        """The link under a viewport position, if any."""
        found = self.page_point(pos)
        text = self.page_text() if found is not None else None
        if found is None or text is None:
            return None
        page, point = found
        for link in text.links(page):
            x0, y0, x1, y1 = link.rect
            if x0 <= point.x() <= x1 and y0 <= point.y() <= y1:
                return link
        return None

    def hovered_link(self) -> str:
        return self._hovered_link

    def set_hovered_link(self, where: str) -> None:
        self._hovered_link = where
        self.linkHovered.emit(where)

    # -- layers: coloured boxes over the pages ---------------------------------------------

    def set_layer(self, name: str, items: list[LayerItem], z: int = 0) -> None:
        """Draw these (page, rect, fill) boxes, replacing the layer's earlier ones; layers
        paint in z order, below the comment markers. An empty list removes the layer."""
        if items:
            self._layers[name] = (z, list(items))
        else:
            self._layers.pop(name, None)
        self.viewport().update()

    def layer(self, name: str) -> list[LayerItem]:
        return list(self._layers.get(name, (0, []))[1])

    # -- highlights and markers ----------------------------------------------------------

    @Slot(list)
    def set_highlights(self, anchors: list[Anchor]) -> None:
        """Draw translucent boxes over these (page, rect) regions, replacing earlier ones."""
        self._highlights = list(anchors)
        self.viewport().update()

    def highlights(self) -> list[Anchor]:
        """The regions set_highlights drew (the selected comment's)."""
        return list(self._highlights)

    @Slot(list)
    def set_markers(self, markers: list[Marker]) -> None:
        """Label regions (key, label, page, rect): a badge in the page's left margin at the
        region's top; clicking the badge or the region emits regionClicked(key)."""
        self._markers = list(markers)
        self.viewport().update()

    @Slot(list)
    def show_region(self, anchors: list[Anchor]) -> None:
        """Highlight these regions and scroll to the first."""
        self.set_highlights(anchors)
        if anchors:
            self.scroll_to_anchor(*anchors[0])

    def scroll_to_anchor(self, page: int, rect: Rect) -> None:
        """Scroll so the region's top sits a third of the way down (and it is in view)."""
        if not 1 <= page <= len(self._rects):
            return
        box = self._content_rect(page - 1, rect)
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setValue(round(box.top() - self.viewport().height() / 3))
        left = hbar.value()
        if box.left() < left or box.right() > left + self.viewport().width():
            hbar.setValue(round(box.center().x() - self.viewport().width() / 2))
        self._update_current()

    # -- zoom ----------------------------------------------------------------------------

    def zoom(self) -> float:
        return self._zoom

    def zoom_mode(self) -> ZoomMode:
        return self._mode

    def scale(self) -> float:
        """Logical pixels per PDF point at the current zoom."""
        return self._zoom * self.logicalDpiY() / 72.0

    @Slot(float)
    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom by hand (leaves fit modes), keeping the point at anchor (viewport) fixed."""
        self._mode = ZoomMode.FIXED
        self._apply_zoom(zoom, anchor)

    @Slot()
    def zoom_in(self, anchor: QPointF | None = None) -> None:
        bigger = [step for step in ZOOM_STEPS if step > self._zoom * 1.001]
        self.set_zoom(bigger[0] if bigger else self._zoom, anchor)

    @Slot()
    def zoom_out(self, anchor: QPointF | None = None) -> None:
        smaller = [step for step in ZOOM_STEPS if step < self._zoom * 0.999]
        self.set_zoom(smaller[-1] if smaller else self._zoom, anchor)

    @Slot()
    def actual_size(self) -> None:
        self.set_zoom(1.0)

    @Slot()
    def fit_width(self) -> None:
        """Zoom so the widest page fills the viewport's width; sticks until a manual zoom."""
        self._mode = ZoomMode.FIT_WIDTH
        self._relayout_for_mode()

    @Slot()
    def fit_page(self) -> None:
        """Zoom so the current page fits whole; sticks until a manual zoom."""
        self._mode = ZoomMode.FIT_PAGE
        self._relayout_for_mode()
        if self._current >= 0:
            self.go_to_page(self._current + 1)

    def _fitted_zoom(self) -> float:
        if not self._sizes:
            return self._zoom
        dpi = self.logicalDpiY() / 72.0
        width = (self.viewport().width() - 2 * GAP) / (max(w for w, _ in self._sizes) * dpi)
        if self._mode is ZoomMode.FIT_WIDTH:
            return width
        _, page_height = self._sizes[max(self._current, 0)]
        return min(width, (self.viewport().height() - 2 * GAP) / (page_height * dpi))

    def _relayout_for_mode(self) -> None:
        if self._mode is ZoomMode.FIXED:
            self._relayout()
        else:
            self._apply_zoom(self._fitted_zoom())

    def _apply_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        anchor = anchor if anchor is not None else QPointF(self.viewport().rect().center())
        fixed = self.page_point(anchor, clamp=False)
        changed = abs(zoom - self._zoom) > 1e-6
        self._zoom = zoom
        self._relayout()
        if fixed is not None:
            moved = self.map_to_viewport(*fixed) - anchor
            hbar, vbar = self.horizontalScrollBar(), self.verticalScrollBar()
            hbar.setValue(hbar.value() + round(moved.x()))
            vbar.setValue(vbar.value() + round(moved.y()))
        self.viewport().update()
        if changed:
            self.zoomChanged.emit(zoom)

    # -- navigation ----------------------------------------------------------------------

    def current_page(self) -> int:
        """The page taking most of the viewport, 1-based; 0 when there is no document."""
        return self._current + 1

    @Slot(int)
    def go_to_page(self, page: int) -> None:
        """Scroll the top of the page (1-based, clamped) to the top of the viewport."""
        if not self._rects:
            return
        index = min(max(page, 1), len(self._rects)) - 1
        self.verticalScrollBar().setValue(self._rects[index].top() - GAP)
        self._set_current(index)

    def visible_pages(self) -> list[int]:
        """The pages (1-based) that intersect the viewport."""
        return [index + 1 for index in self._visible()]

    def fully_rendered(self) -> bool:
        """Whether every visible page is rendered at the current zoom."""
        cache = self._renderer.cache
        return all(self._render_key(index) in cache for index in self._visible())

    def page_rect(self, page: int) -> QRectF:
        """Where a page (1-based) is, in viewport pixels."""
        return QRectF(self._rects[page - 1].translated(-self._offset()))

    def page_point(self, pos: QPointF, clamp: bool = True) -> tuple[int, QPointF] | None:
        """The page (1-based) and the point on it, in points, under a viewport position.

        With clamp, None off the pages; without, the nearest page in the vertical order."""
        if not self._rects:
            return None
        content = pos + QPointF(self._offset())
        index = max(bisect_right(self._tops, content.y()) - 1, 0)
        rect = self._rects[index]
        if clamp and not QRectF(rect).contains(content):
            return None
        scale = self.scale()
        return index + 1, QPointF((content.x() - rect.left()) / scale,
                                  (content.y() - rect.top()) / scale)

    def scroll_to_point(self, page: int, point: tuple[float, float] | None = None) -> None:
        """Scroll a point of a page (1-based; its top when None) to the viewport's top."""
        if not 1 <= page <= len(self._rects):
            return
        y = 0.0 if point is None else min(max(point[1], 0.0), self._sizes[page - 1][1])
        top = self._rects[page - 1].top() + y * self.scale()
        self.verticalScrollBar().setValue(round(top - (GAP if point is None else 0)))
        self._update_current()

    def map_to_viewport(self, page: int, point: QPointF) -> QPointF:
        """Where a point (in points) on a page (1-based) is, in viewport pixels."""
        return self.page_rect(page).topLeft() + point * self.scale()

    # -- layout --------------------------------------------------------------------------

    def _offset(self) -> QPoint:
        return QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _relayout(self) -> None:
        scale = self.scale()
        sizes = [(round(w * scale), round(h * scale)) for w, h in self._sizes]
        width = max((w for w, _ in sizes), default=0) + 2 * GAP
        span = max(width, self.viewport().width())
        self._rects, top = [], GAP
        for w, h in sizes:
            self._rects.append(QRect((span - w) // 2, top, w, h))
            top += h + GAP
        self._tops = [rect.top() for rect in self._rects]
        self._content = QSize(width, top if sizes else 0)
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        view = self.viewport().size()
        for bar, content, page in (
            (self.horizontalScrollBar(), self._content.width(), view.width()),
            (self.verticalScrollBar(), self._content.height(), view.height()),
        ):
            bar.setRange(0, max(0, content - page))
            bar.setPageStep(max(1, page - 2 * GAP))

    def _content_rect(self, index: int, rect: Rect) -> QRectF:
        x0, y0, x1, y1 = rect
        page, scale = self._rects[index], self.scale()
        return QRectF(page.left() + x0 * scale, page.top() + y0 * scale,
                      (x1 - x0) * scale, (y1 - y0) * scale)

    def _visible(self) -> range:
        """Indexes of the pages that intersect the viewport (found by bisection: a 300-page
        document is asked this on every scroll step)."""
        area = self.viewport().rect().translated(self._offset())
        first = max(bisect_right(self._tops, area.top()) - 1, 0)
        last = bisect_right(self._tops, area.bottom())
        shown = [i for i in range(first, last) if self._rects[i].intersects(area)]
        return range(shown[0], shown[-1] + 1) if shown else range(0)

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.pageChanged.emit(index + 1)

    def _update_current(self) -> None:
        area = self.viewport().rect().translated(self._offset())
        heights = [(self._rects[i].intersected(area).height(), -i) for i in self._visible()]
        if heights:
            self._set_current(-max(heights)[1])

    # -- events --------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout_for_mode()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
        self._update_current()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        delta = event.angleDelta().y()
        if delta > 0:
            self.zoom_in(event.position())
        elif delta < 0:
            self.zoom_out(event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.has_selection():
            self.clear_selection()
            event.accept()
            return
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        action = QAbstractSlider.SliderAction
        key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        moves = {
            Qt.Key.Key_PageDown: (vbar, action.SliderPageStepAdd),
            Qt.Key.Key_PageUp: (vbar, action.SliderPageStepSub),
            Qt.Key.Key_Space: (vbar, action.SliderPageStepSub if shift
                               else action.SliderPageStepAdd),
            Qt.Key.Key_Home: (vbar, action.SliderToMinimum),
            Qt.Key.Key_End: (vbar, action.SliderToMaximum),
            Qt.Key.Key_Down: (vbar, action.SliderSingleStepAdd),
            Qt.Key.Key_Up: (vbar, action.SliderSingleStepSub),
            Qt.Key.Key_Right: (hbar, action.SliderSingleStepAdd),
            Qt.Key.Key_Left: (hbar, action.SliderSingleStepSub),
        }
        if key not in moves:
            super().keyPressEvent(event)
            return
        bar, move = moves[Qt.Key(key)]
        bar.triggerAction(move)
        event.accept()

    def marker_at(self, pos: QPointF) -> str | None:
        """The key of the marker whose badge or region is under a viewport position."""
        for key, label, page, rect in self._markers:
            if not 1 <= page <= len(self._rects):
                continue
            region = self._content_rect(page - 1, rect).translated(-QPointF(self._offset()))
            if self._badge_rect(label, page, rect).contains(pos) or region.contains(pos):
                return key
        return None

    # -- rendering and painting ----------------------------------------------------------

    def _dpr(self) -> float:
        return self.viewport().devicePixelRatioF()

    def _render_scale(self) -> float:
        """The zoom pages are rendered at: the view's, unless the largest page would then
        pass MAX_PAGE_PIXELS."""
        area = max((w * h for w, h in self._sizes), default=1.0)
        return min(self.scale(), (MAX_PAGE_PIXELS / area) ** 0.5 / self._dpr())

    def _render_key(self, index: int) -> RenderKey:
        assert self._doc_key is not None
        return RenderKey(self._doc_key, index, zoom_key(self._render_scale(), self._dpr()))

    def _request(self, visible: range) -> dict[int, QImage | None]:
        """Queue the visible pages (first on top) and their neighbours; cancel the rest."""
        if self._doc_key is None or not visible:
            return {}
        last = min(visible.stop + PREFETCH, len(self._rects))
        near = range(max(visible.start - PREFETCH, 0), last)
        self._renderer.cancel(self._doc_key, keep={self._render_key(i) for i in near})
        order = [i for i in near if i not in visible] + list(reversed(visible))
        return self._renderer.request_pages(self._doc_key, order, self._render_scale(), self._dpr())

    @Slot(str, int, float, QImage)
    def _on_rendered(self, doc_key: str, page_index: int, key: float, image: QImage) -> None:
        if doc_key != self._doc_key or page_index >= len(self._rects):
            return
        if key == zoom_key(self._render_scale(), self._dpr()):
            self.viewport().update(self._rects[page_index].translated(-self._offset()))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), BACKGROUND)
        visible = self._visible()
        images = self._request(visible)
        for index in visible:
            self._paint_page(painter, index, images.get(index))
        self._paint_highlights(painter, visible)
        self._paint_layers(painter, visible)
        self._paint_markers(painter, visible)
        painter.end()

    def _paint_page(self, painter: QPainter, index: int, image: QImage | None) -> None:
        target = QRectF(self._rects[index].translated(-self._offset()))
        if image is not None and self._render_scale() == self.scale():
            painter.drawImage(target.topLeft(), image)  # pixel for pixel: the fast path
        else:
            assert self._doc_key is not None
            stand_in = image or self._renderer.cache.best_for(self._doc_key, index)
            painter.fillRect(target, Qt.GlobalColor.white)
            if stand_in is not None:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(target, stand_in)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.setPen(QPen(PAGE_BORDER, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5))

    def _paint_highlights(self, painter: QPainter, visible: range) -> None:
        painter.setPen(QPen(HIGHLIGHT_EDGE, 1.5))
        painter.setBrush(HIGHLIGHT_FILL)
        offset = QPointF(self._offset())
        for page, rect in self._highlights:
            if page - 1 in visible:
                painter.drawRect(self._content_rect(page - 1, rect).translated(-offset))

    def _paint_layers(self, painter: QPainter, visible: range) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        offset = QPointF(self._offset())
        for _z, items in sorted(self._layers.values(), key=lambda layer: layer[0]):
            for page, rect, fill in items:
                if page - 1 in visible:
                    painter.fillRect(self._content_rect(page - 1, rect).translated(-offset), fill)

    def _badge_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(9, round(8 * self.scale())))
        return font

    def _badge_rect(self, label: str, page: int, rect: Rect) -> QRectF:
        """The marker's badge: in the page's left margin, level with the region's top."""
        metrics = QFontMetricsF(self._badge_font())
        height = metrics.height() + 2
        width = max(metrics.horizontalAdvance(label) + 8, height)
        page_box = self.page_rect(page)
        left = page_box.left() + min(12 * self.scale(), max(rect[0] * self.scale() - width - 4, 2))
        return QRectF(left, page_box.top() + rect[1] * self.scale(), width, height)

    def _paint_markers(self, painter: QPainter, visible: range) -> None:
        painter.setFont(self._badge_font())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for _key, label, page, rect in self._markers:
            if page - 1 not in visible:
                continue
            badge = self._badge_rect(label, page, rect)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(MARKER_FILL)
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(MARKER_TEXT)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
