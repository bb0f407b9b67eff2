"""The PDF pane on a 300-page document made from corpus letter pages (repeated with insert_pdf).

first_page_ms_300p: from PdfView.set_document to the first page painted (its render arrived
and the viewport repainted), in a 900×1000 pane at fit width; first_page_bare_ms: a bare
`pymupdf.open` + `get_pixmap` of that page at the same scale.
scroll_max_stall_ms: the pane scrolled top to bottom at a steady pace (a timer stepping the
scrollbar every 16 ms) while a probe timer every PROBE_MS records the longest time the GUI
thread did not answer (the gap between probes, less the probe's own interval).
scroll_peak_rss_mb: the process's peak resident memory by the end of the scroll (VmHWM). The
measures run in a fresh process of their own, so that the peak is the pane's, not that of the
benchmarks run before it.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pymupdf
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from gui.pdf.letter_view import letter_view
from gui.pdf.render import MUPDF_LOCK
from gui.pdf.view import PdfView

LETTERS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "letters"
PAGES = 300
STEP_MS = 16
STEP_PX = 120  # about 7,500 pixels a second: a brisk, steady scroll (six pages a second)
PROBE_MS = 4
PANE = (900, 1000)
RUNS = 5


def build_pdf(pages: int = PAGES) -> bytes:
    """A document of `pages` pages: the corpus letters' pages, over and over."""
    out = pymupdf.open()
    sources = [pymupdf.open(path) for path in sorted(LETTERS.glob("*.pdf"))]
    while out.page_count < pages:
        for source in sources:
            take = min(source.page_count, pages - out.page_count)
            if take > 0:
                out.insert_pdf(source, from_page=0, to_page=take - 1)
    data: bytes = out.tobytes(garbage=1)
    for source in sources:
        source.close()
    out.close()
    return data


def _wait_rendered(view: PdfView, timeout_ms: int = 30000) -> None:
    """Run the event loop until the visible pages are rendered (no polling: a busy GUI
    thread would take the GIL from the worker)."""
    loop = QEventLoop()

    def check(*_args: object) -> None:
        if view.fully_rendered():
            loop.quit()

    view.renderer.rendered.connect(check)
    QTimer.singleShot(timeout_ms, loop.quit)
    if not view.fully_rendered():
        loop.exec()
    view.renderer.rendered.disconnect(check)


def _cold() -> None:
    """Empty MuPDF's caches, so neither measurement profits from the other's glyphs."""
    with MUPDF_LOCK:
        pymupdf.TOOLS.glyph_cache_empty()
        pymupdf.TOOLS.store_shrink(100)


def first_page(view: PdfView, data: bytes, key: str) -> float:
    view.set_document("", None)  # the previous run's teardown is not this run's cost
    QCoreApplication.processEvents()
    _cold()
    start = time.perf_counter()
    view.set_document(key, data)
    _wait_rendered(view)
    view.viewport().repaint()
    return (time.perf_counter() - start) * 1000


def bare_first_page(data: bytes, scale: float) -> float:
    _cold()
    start = time.perf_counter()
    with pymupdf.open(stream=data) as doc:
        doc.load_page(0).get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
    return (time.perf_counter() - start) * 1000


def scroll(view: PdfView) -> float:
    """Scroll top to bottom; the longest the GUI thread did not answer, in ms."""
    bar = view.verticalScrollBar()
    loop = QEventLoop()
    clock = QElapsedTimer()
    worst = [0.0]
    last = [0.0]

    def step() -> None:
        if bar.value() >= bar.maximum():
            loop.quit()
        bar.setValue(bar.value() + STEP_PX)

    def probe() -> None:
        now = clock.nsecsElapsed() / 1e6
        worst[0] = max(worst[0], now - last[0] - PROBE_MS)
        last[0] = now

    stepper, prober = QTimer(), QTimer()
    for timer, interval, slot in ((stepper, STEP_MS, step), (prober, PROBE_MS, probe)):
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
    clock.start()
    stepper.start()
    prober.start()
    loop.exec()
    stepper.stop()
    prober.stop()
    return worst[0]


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure() -> dict[str, float]:
    """Run the measures in a child process and return its figures."""
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks.pdf_bench", "--json"],
                          cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, check=True, timeout=600)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def measure_here() -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    data = build_pdf()
    view = letter_view()
    view.resize(*PANE)
    view.show()
    try:
        QCoreApplication.processEvents()
        opened, bare = [], []
        for run in range(RUNS):  # taking turns, medians
            opened.append(first_page(view, data, f"big{run}"))
            bare.append(bare_first_page(data, view.scale() * view.devicePixelRatioF()))
        stall = scroll(view)
        rss = peak_rss_mb()
        renders = float(view.renderer.render_count)
    finally:
        view.renderer.shutdown()
        view.close()
    del app
    return {
        "first_page_ms_300p": statistics.median(opened),
        "first_page_bare_ms": statistics.median(bare),
        "scroll_max_stall_ms": stall,
        "scroll_peak_rss_mb": rss,
        "scroll_pages_rendered": renders,
    }


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures = measure_here()
    if "--json" in sys.argv:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name}: {value:.3f}")
