"""render_ratio: what the PDF pane spends to show a page — render_page() (PyMuPDF's pixmap, the
QImage made from its samples and copied) plus painting that image into a widget-format QImage —
divided by PyMuPDF's bare `page.get_pixmap` of the same page at the same scale. Best of RUNS per
page, median over every page of the corpus letters. render_pipeline_ratio does the same through
the Renderer's worker thread and the signal back to the GUI thread (queue and hand-off included).
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf
from PySide6.QtCore import QEventLoop, QPointF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from gui.pdf.render import Renderer, render_page

LETTERS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "letters"
SCALE = 1.5  # pixels per point: about fit-width in a 900-pixel pane
RUNS = 5


def _best(*actions: Callable[[], object]) -> list[float]:
    """Each action's best time of RUNS, the actions taking turns so they share conditions."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(RUNS):
        for action, spent in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            spent.append(time.perf_counter() - start)
    return [min(spent) for spent in times]


def _surface(like: QImage) -> QImage:
    """A surface like the widget's backing store (made once, as the window's is)."""
    return QImage(like.size(), QImage.Format.Format_ARGB32_Premultiplied)


def _paint(image: QImage, target: QImage) -> None:
    """Paint as the pane does: background, then the page image."""
    painter = QPainter(target)
    painter.fillRect(target.rect(), Qt.GlobalColor.gray)
    painter.drawImage(QPointF(0, 0), image)
    painter.end()


def _through_renderer(renderer: Renderer, doc_key: str, index: int, target: QImage) -> None:
    renderer.cache.discard(doc_key)
    loop = QEventLoop()
    images: list[QImage] = []

    def done(_doc: str, _page: int, _zoom: float, image: QImage) -> None:
        images.append(image)
        loop.quit()

    renderer.rendered.connect(done)
    renderer.request(doc_key, index, SCALE)
    if not images:
        loop.exec()
    renderer.rendered.disconnect(done)
    _paint(images[0], target)


def _page_ratio(doc: pymupdf.Document, index: int, renderer: Renderer, doc_key: str
                ) -> tuple[float, float]:
    matrix = pymupdf.Matrix(SCALE, SCALE)
    target = _surface(render_page(doc, index, SCALE, 1.0))
    bare, pane, pipeline = _best(
        lambda: doc.load_page(index).get_pixmap(matrix=matrix, alpha=False),
        lambda: _paint(render_page(doc, index, SCALE, 1.0), target),
        lambda: _through_renderer(renderer, doc_key, index, target),
    )
    return pane / bare, pipeline / bare


def _letter_ratios(path: Path, renderer: Renderer) -> list[tuple[float, float]]:
    data = path.read_bytes()
    renderer.open_document(path.stem, data)
    with pymupdf.open(stream=data) as doc:
        ratios = [_page_ratio(doc, index, renderer, path.stem) for index in range(len(doc))]
    renderer.close_document(path.stem)
    return ratios


def measure() -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    renderer = Renderer()
    try:
        letters = sorted(LETTERS.glob("*.pdf"))
        ratios = [ratio for path in letters for ratio in _letter_ratios(path, renderer)]
    finally:
        renderer.shutdown()
    del app  # kept alive until the renderer has stopped
    return {
        "render_ratio": statistics.median(pane for pane, _ in ratios),
        "render_pipeline_ratio": statistics.median(pipeline for _, pipeline in ratios),
        "render_pages": float(len(ratios)),
    }


if __name__ == "__main__":
    for name, value in measure().items():
        print(f"{name}: {value:.3f}")
