"""The PDF pane: layout, rendering through the worker, zoom, navigation, regions, markers."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.pdf.letter_view import letter_view
from gui.pdf.render import DocumentError
from gui.pdf.view import GAP, MAX_PAGE_PIXELS, PdfView, ZoomMode
from tests.conftest import HAVE_CORPUS, LETTERS

LETTER = (612.0, 792.0)




def make_pdf(pages: int = 3, size: tuple[float, float] = LETTER) -> bytes:
    """A small PDF with a heading and some lines of text on each page."""
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=size[0], height=size[1])
        page.insert_text((72, 72), f"Page {number}", fontsize=24)
        for line in range(20):
            page.insert_text((72, 120 + 24 * line), f"Comment text line {line} on page {number}.")
    data: bytes = doc.tobytes()
    doc.close()
    return data




def wait_idle(qtbot: QtBot, view: PdfView) -> None:
    """Until every visible page is rendered and nothing else is queued."""
    qtbot.waitUntil(lambda: view.fully_rendered() and view.renderer.pending() == 0)


def ctrl_wheel(view: PdfView, pos: QPointF, delta: int) -> None:
    event = QWheelEvent(
        pos, view.viewport().mapToGlobal(pos), QPoint(), QPoint(0, delta),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_set_document_shows_every_page(qtbot: QtBot, view: PdfView) -> None:
    assert view.page_count() == 0 and view.current_page() == 0
    with qtbot.waitSignal(view.pageChanged) as blocker:
        view.set_document("doc", make_pdf(5))
    assert blocker.args == [1]
    assert view.page_count() == 5
    assert view.current_page() == 1
    assert view.page_rect(2).top() > view.page_rect(1).bottom()


def test_render_arrives_at_zoom_times_dpr(qtbot: QtBot, view: PdfView) -> None:
    view.set_zoom(1.0)
    with qtbot.waitSignal(view.renderer.rendered, timeout=5000) as blocker:
        view.set_document("doc", make_pdf(1))
    doc_key, page_index, _zoom_key, image = blocker.args
    dpr = view.devicePixelRatioF()
    assert (doc_key, page_index) == ("doc", 0)
    assert abs(image.width() - LETTER[0] * view.scale() * dpr) <= 1
    assert abs(image.height() - LETTER[1] * view.scale() * dpr) <= 1
    assert image.devicePixelRatio() == dpr


def test_cache_hit_does_not_render_again(qtbot: QtBot, view: PdfView) -> None:
    view.set_zoom(1.0)
    view.set_document("doc", make_pdf(1))
    wait_idle(qtbot, view)
    renders = view.renderer.render_count
    view.grab()
    view.zoom_in()
    wait_idle(qtbot, view)
    view.zoom_out()
    view.grab()
    assert view.renderer.render_count == renders + 1
    assert view.renderer.request("doc", 0, view.scale(), view.devicePixelRatioF()) is not None


def test_ctrl_wheel_keeps_the_point_under_the_cursor(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", make_pdf(3))
    view.set_zoom(1.0)
    view.verticalScrollBar().setValue(300)
    cursor = QPointF(250, 200)
    page, before = view.page_point(cursor)  # type: ignore[misc]
    with qtbot.waitSignal(view.zoomChanged) as blocker:
        ctrl_wheel(view, cursor, 120)
    assert blocker.args == [1.1]
    assert view.page_point(cursor)[0] == page  # type: ignore[index]
    after = view.page_point(cursor)[1]  # type: ignore[index]
    assert abs(after.x() - before.x()) < 3 and abs(after.y() - before.y()) < 3
    ctrl_wheel(view, cursor, -120)
    assert view.zoom() == 1.0


def test_a_huge_zoom_renders_a_bounded_image(qtbot: QtBot, view: PdfView) -> None:
    view.set_zoom(8.0)
    with qtbot.waitSignal(view.renderer.rendered, timeout=10000) as blocker:
        view.set_document("doc", make_pdf(1))
    image = blocker.args[3]
    assert image.width() * image.height() <= MAX_PAGE_PIXELS * 1.01  # pixmaps round outward
    assert view.page_rect(1).width() == round(LETTER[0] * view.scale())
    wait_idle(qtbot, view)


def test_fit_width_fills_the_viewport_and_sticks(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", make_pdf(2))
    view.set_zoom(0.5)
    view.fit_width()
    assert view.zoom_mode() is ZoomMode.FIT_WIDTH
    assert abs(view.page_rect(1).width() - (view.viewport().width() - 2 * GAP)) <= 1
    view.resize(1000, 600)
    qtbot.waitUntil(lambda: view.viewport().width() > 900)
    assert abs(view.page_rect(1).width() - (view.viewport().width() - 2 * GAP)) <= 1
    view.zoom_in()
    zoom = view.zoom()
    view.resize(700, 600)
    qtbot.waitUntil(lambda: view.viewport().width() < 700)
    assert view.zoom_mode() is ZoomMode.FIXED and view.zoom() == zoom


def test_fit_page_shows_a_whole_page(view: PdfView) -> None:
    view.set_document("doc", make_pdf(3))
    view.fit_page()
    rect = view.page_rect(view.current_page())
    assert view.viewport().rect().contains(rect.toRect())


def test_go_to_page_scrolls_and_reports(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", make_pdf(5))
    with qtbot.waitSignal(view.pageChanged) as blocker:
        view.go_to_page(4)
    assert blocker.args == [4]
    assert view.current_page() == 4
    assert view.page_rect(4).top() == GAP


def test_keys_scroll(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", make_pdf(5))
    bar = view.verticalScrollBar()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert bar.value() == bar.pageStep()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert bar.value() == 2 * bar.pageStep()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert bar.value() == bar.maximum() and view.current_page() == 5
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert bar.value() == bar.maximum() - bar.singleStep()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert bar.value() == 0 and view.current_page() == 1


def test_show_region_scrolls_it_into_view(view: PdfView) -> None:
    view.set_document("doc", make_pdf(5))
    region = (72.0, 400.0, 540.0, 460.0)
    view.show_region([(4, region), (5, region)])
    top_left = view.map_to_viewport(4, QPointF(region[0], region[1]))
    bottom_right = view.map_to_viewport(4, QPointF(region[2], region[3]))
    assert view.viewport().rect().contains(top_left.toPoint())
    assert view.viewport().rect().contains(bottom_right.toPoint())
    assert abs(top_left.y() - view.viewport().height() / 3) <= 1
    assert view.current_page() == 4


def test_clicking_a_marker_emits_its_key(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", make_pdf(3))
    region = (72.0, 300.0, 540.0, 360.0)
    view.set_markers([("comment-7", "7", 2, region)])
    view.show_region([(2, region)])
    inside = view.map_to_viewport(2, QPointF(300, 330)).toPoint()
    with qtbot.waitSignal(view.regionClicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=inside)
    assert blocker.args == ["comment-7"]
    badge = view.map_to_viewport(2, QPointF(20, 304)).toPoint()
    with qtbot.waitSignal(view.regionClicked):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=badge)
    outside = view.map_to_viewport(2, QPointF(300, 600)).toPoint()
    with qtbot.assertNotEmitted(view.regionClicked):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=outside)


def test_set_document_none_clears(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", make_pdf(3))
    view.set_highlights([(1, (72.0, 72.0, 200.0, 100.0))])
    wait_idle(qtbot, view)
    with qtbot.waitSignal(view.pageChanged) as blocker:
        view.set_document("doc", None)
    assert blocker.args == [0]
    assert view.page_count() == 0 and view.current_page() == 0
    assert view.renderer.cache.bytes == 0 and view.renderer.pending() == 0
    view.go_to_page(2)
    view.zoom_in()
    view.fit_width()
    assert not view.grab().isNull()


def test_unreadable_bytes_raise_and_keep_the_shown_document(view: PdfView) -> None:
    view.set_document("doc", make_pdf(2))
    with pytest.raises(DocumentError, match="bad"):
        view.set_document("bad", b"this is not a PDF")
    assert view.page_count() == 2 and view.doc_key() == "doc"


def test_only_pages_near_the_viewport_are_rendered(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", make_pdf(30))
    view.go_to_page(20)
    wait_idle(qtbot, view)
    rendered = {key.page for key in view.renderer.cache._items}
    assert 19 in rendered and len(rendered) <= 6


def test_renderer_thread_stops_when_the_view_is_deleted(qtbot: QtBot) -> None:
    view = letter_view()
    view.resize(400, 400)
    view.show()
    qtbot.waitExposed(view)
    view.set_document("doc", make_pdf(2))
    wait_idle(qtbot, view)
    thread = view.renderer._thread
    assert thread is not None and thread.isRunning()
    stopped: list[bool] = []
    thread.finished.connect(lambda: stopped.append(True), Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(view.destroyed):
        view.deleteLater()
    assert stopped == [True]


def page_is_blank(image: QImage) -> bool:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return min(bytes(gray.constBits())) > 200  # type: ignore[call-overload]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path", sorted(LETTERS.glob("*.pdf")) if HAVE_CORPUS else [], ids=lambda p: p.stem
)
def test_real_letter_renders(qtbot: QtBot, view: PdfView, path: Path) -> None:
    data = path.read_bytes()
    first_page = lambda doc_key, page, zoom_key, image: page == 0  # noqa: E731
    with qtbot.waitSignal(view.renderer.rendered, timeout=10000,
                          check_params_cb=first_page) as blocker:
        view.set_document(path.stem, data)
    with pymupdf.open(stream=data) as doc:
        assert view.page_count() == len(doc)
    assert not page_is_blank(blocker.args[3])
