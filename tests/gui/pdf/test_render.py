"""The render seam: the worker thread, its newest-first queue, the byte-budgeted cache."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from gui.pdf.render import MUPDF_LOCK, ImageCache, Renderer, RenderKey, zoom_key
from tests.gui.pdf.test_view import LETTER, make_pdf


@pytest.fixture
def renderer(qtbot: QtBot) -> Iterator[Renderer]:
    made = Renderer()
    made.open_document("doc", make_pdf(6))
    yield made
    made.shutdown()


def image_of(nbytes: int) -> QImage:
    return QImage(nbytes // 4, 1, QImage.Format.Format_ARGB32)


def test_cache_evicts_least_recently_used_past_the_budget() -> None:
    cache = ImageCache(budget_bytes=3000)
    keys = [RenderKey("doc", page, 1.0) for page in range(4)]
    for key in keys[:3]:
        cache.put(key, image_of(1000))
    assert cache.get(keys[0]) is not None  # page 0 is now the most recently used
    cache.put(keys[3], image_of(1000))
    assert keys[1] not in cache and keys[0] in cache and keys[3] in cache
    assert cache.bytes == 3000
    cache.discard("doc")
    assert len(cache) == 0 and cache.bytes == 0


def test_cache_offers_another_zoom_as_a_stand_in() -> None:
    cache = ImageCache()
    cache.put(RenderKey("doc", 0, 1.0), image_of(400))
    cache.put(RenderKey("doc", 0, 2.0), image_of(800))
    stand_in = cache.best_for("doc", 0)
    assert stand_in is not None and stand_in.sizeInBytes() == 800
    assert cache.best_for("doc", 1) is None


def test_render_is_sized_for_zoom_and_device_pixel_ratio(qtbot: QtBot, renderer: Renderer) -> None:
    with qtbot.waitSignal(renderer.rendered) as blocker:
        assert renderer.request("doc", 2, 1.5, dpr=2.0) is None
    doc_key, page, key, image = blocker.args
    assert (doc_key, page, key) == ("doc", 2, zoom_key(1.5, 2.0))
    assert image.format() == QImage.Format.Format_RGB32
    assert (image.width(), image.height()) == (round(LETTER[0] * 3), round(LETTER[1] * 3))
    assert image.devicePixelRatio() == 2.0
    assert renderer.request("doc", 2, 1.5, dpr=2.0) is not None
    assert renderer.render_count == 1


def test_newest_request_renders_first(qtbot: QtBot, renderer: Renderer) -> None:
    order: list[int] = []
    renderer.rendered.connect(lambda _doc, page, _zoom, _image: order.append(page))
    with MUPDF_LOCK:  # hold the worker back while the queue fills
        for page in range(5):
            renderer.request("doc", page, 1.0)
    qtbot.waitUntil(lambda: len(order) == 5)
    later = [page for page in order if page != order[0]]
    assert later == sorted(later, reverse=True)


def test_cancel_drops_queued_renders(qtbot: QtBot, renderer: Renderer) -> None:
    with MUPDF_LOCK:
        renderer.request_pages("doc", [0, 1, 2, 3], 1.0)
        keep = {RenderKey("doc", 3, zoom_key(1.0, 1.0))}
        renderer.cancel("doc", keep=keep)
    qtbot.waitUntil(lambda: renderer.pending() == 0)
    assert RenderKey("doc", 3, 1.0) in renderer.cache
    assert len(renderer.cache) <= 2  # page 3, and the one the worker had already taken


def test_closed_document_delivers_nothing(qtbot: QtBot, renderer: Renderer) -> None:
    with qtbot.assertNotEmitted(renderer.rendered):
        with MUPDF_LOCK:
            renderer.request("doc", 0, 1.0)
            renderer.close_document("doc")
        qtbot.waitUntil(lambda: renderer.pending() == 0)
    assert renderer.request("doc", 0, 1.0) is None and renderer.pending() == 0


def test_a_page_that_fails_is_reported(qtbot: QtBot, renderer: Renderer) -> None:
    with qtbot.waitSignal(renderer.failed) as blocker:
        renderer.request("doc", 99, 1.0)
    assert blocker.args[:2] == ["doc", 99]


def test_shutdown_stops_the_thread_and_a_request_restarts_it(
    qtbot: QtBot, renderer: Renderer
) -> None:
    with qtbot.waitSignal(renderer.rendered):
        renderer.request("doc", 0, 1.0)
    thread = renderer._thread
    renderer.shutdown()
    assert thread is not None and thread.isFinished()
    with qtbot.waitSignal(renderer.rendered):
        renderer.request("doc", 1, 1.0)
