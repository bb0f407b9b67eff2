"""The render seam: PDF pages to QImages, off the GUI thread, through a byte-budgeted cache.

`Renderer.request(doc_key, page_index, zoom, dpr)` returns the cached QImage or queues a render
and returns None; the worker thread renders the newest request first and the result comes back
to the GUI thread as `Renderer.rendered(doc_key, page_index, zoom_key, image)`.

Threading: the worker opens its own `pymupdf.Document` from the bytes it is given and no other
thread touches it. MuPDF keeps one global context, so every MuPDF call in this module holds
`MUPDF_LOCK` (the GUI thread opens its own documents to read page sizes and, in
`gui.pdf.page_text`, words, links and search hits). `get_pixmap` releases the GIL while MuPDF draws
(measured: a 70 ms render left the GUI thread's longest pause at 15 ms), so a render does not
freeze the window; the worker keeps the newest request first.

Page indexes here are 0-based, as in PyMuPDF.
"""
from __future__ import annotations

import atexit
import threading
import weakref
from collections import OrderedDict
from collections.abc import Container
from functools import partial
from typing import NamedTuple

import pymupdf
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

DEFAULT_BUDGET = 150 * 1024 * 1024
MUPDF_LOCK = threading.RLock()


class DocumentError(Exception):
    """The bytes given are not a document PyMuPDF can open."""


class RenderKey(NamedTuple):
    """What a rendered image depends on; zoom_key is device pixels per PDF point."""

    doc_key: str
    page: int
    zoom_key: float
    rotation: int = 0


def zoom_key(zoom: float, dpr: float) -> float:
    """The cache's zoom: device pixels per point, rounded so equal zooms compare equal."""
    return round(zoom * dpr, 4)


def page_sizes(pdf_bytes: bytes, doc_key: str = "") -> list[tuple[float, float]]:
    """Each page's (width, height) in points; opens and closes its own document."""
    with MUPDF_LOCK:
        try:
            doc = pymupdf.open(stream=pdf_bytes)
        except Exception as error:  # PyMuPDF raises several types for bad input
            raise DocumentError(f"cannot open document {doc_key!r}: {error}") from error
        try:
            rects = [doc.load_page(index).rect for index in range(doc.page_count)]
            return [(rect.width, rect.height) for rect in rects]
        finally:
            doc.close()


def pixmap_to_qimage(pix: pymupdf.Pixmap) -> QImage:
    """A QImage owning its pixels, read from the pixmap's samples without a copy.

    The conversion to a 32-bit format is the copy (it costs what `.copy()` would) and makes
    the image three times cheaper to paint, which the pane does on every scroll."""
    if pix.alpha:
        fmt, fast = QImage.Format.Format_RGBA8888, QImage.Format.Format_ARGB32_Premultiplied
    else:
        fmt, fast = QImage.Format.Format_RGB888, QImage.Format.Format_RGB32
    view = QImage(pix.samples_mv, pix.width, pix.height, pix.stride, fmt)
    return view.convertToFormat(fast)


def render_page(
    doc: pymupdf.Document, page_index: int, zoom: float, dpr: float, rotation: int = 0
) -> QImage:
    """Render one page at zoom * dpr pixels per point; only in the thread owning `doc`."""
    scale = zoom * dpr
    with MUPDF_LOCK:
        matrix = pymupdf.Matrix(scale, scale).prerotate(rotation)
        pix = doc.load_page(page_index).get_pixmap(matrix=matrix, alpha=False)
        image = pixmap_to_qimage(pix)
    image.setDevicePixelRatio(dpr)
    return image


class ImageCache:
    """Least-recently-used images, evicted once their bytes pass the budget."""

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET) -> None:
        self.budget_bytes = budget_bytes
        self._items: OrderedDict[RenderKey, QImage] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    @property
    def bytes(self) -> int:
        return self._bytes

    def get(self, key: RenderKey) -> QImage | None:
        image = self._items.get(key)
        if image is not None:
            self._items.move_to_end(key)
        return image

    def put(self, key: RenderKey, image: QImage) -> None:
        self._drop(key)
        self._items[key] = image
        self._bytes += image.sizeInBytes()
        while self._bytes > self.budget_bytes and len(self._items) > 1:
            self._drop(next(iter(self._items)))

    def best_for(self, doc_key: str, page: int, rotation: int = 0) -> QImage | None:
        """The sharpest image of a page at any zoom, to scale while the right one renders."""
        found = [
            (key.zoom_key, image)
            for key, image in self._items.items()
            if (key.doc_key, key.page, key.rotation) == (doc_key, page, rotation)
        ]
        return max(found, key=lambda pair: pair[0])[1] if found else None

    def discard(self, doc_key: str) -> None:
        for key in [key for key in self._items if key.doc_key == doc_key]:
            self._drop(key)

    def _drop(self, key: RenderKey) -> None:
        image = self._items.pop(key, None)
        if image is not None:
            self._bytes -= image.sizeInBytes()


class _Job(NamedTuple):
    key: RenderKey
    dpr: float
    generation: int


class _JobStack:
    """State shared by the GUI thread and the worker, under one condition variable."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._jobs: list[_Job] = []
        self._sources: dict[str, tuple[int, bytes]] = {}
        self._closed: list[str] = []
        self.stopped = False

    def push(self, jobs: list[_Job]) -> None:
        """Queue jobs at once, the last on top; a job already queued moves up."""
        keys = {job.key for job in jobs}
        with self._cond:
            self._jobs = [queued for queued in self._jobs if queued.key not in keys]
            self._jobs.extend(jobs)
            self._cond.notify()

    def cancel(self, doc_key: str | None, keep: Container[RenderKey]) -> list[RenderKey]:
        """Drop queued jobs (of doc_key, or all) whose key is not in keep."""
        with self._cond:
            dropped = [
                job.key
                for job in self._jobs
                if (doc_key is None or job.key.doc_key == doc_key) and job.key not in keep
            ]
            self._jobs = [job for job in self._jobs if job.key not in dropped]
        return dropped

    def set_source(self, doc_key: str, generation: int, pdf_bytes: bytes | None) -> None:
        with self._cond:
            if doc_key in self._sources:
                self._closed.append(doc_key)
            self._sources.pop(doc_key, None)
            if pdf_bytes is not None:
                self._sources[doc_key] = (generation, pdf_bytes)
            self._cond.notify()

    def source(self, doc_key: str) -> tuple[int, bytes] | None:
        with self._cond:
            return self._sources.get(doc_key)

    def take(self) -> tuple[list[str], _Job | None]:
        """Block until there is work: documents to close, then the newest job."""
        with self._cond:
            while not (self._jobs or self._closed or self.stopped):
                self._cond.wait()
            closed, self._closed = self._closed, []
            job = self._jobs.pop() if self._jobs and not self.stopped else None
            return closed, job

    def stop(self) -> None:
        with self._cond:
            self.stopped = True
            self._cond.notify_all()


class _RenderThread(QThread):
    """Owns the worker's documents; renders jobs from the stack until it is stopped."""

    done = Signal(object, QImage)
    failed = Signal(object, str)

    def __init__(self, stack: _JobStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self._docs: dict[str, tuple[int, pymupdf.Document]] = {}

    def run(self) -> None:
        try:
            while not self.stack.stopped:
                closed, job = self.stack.take()
                for doc_key in closed:
                    self._close(doc_key)
                if job is not None:
                    self._render(job)
        finally:
            for doc_key in list(self._docs):
                self._close(doc_key)

    def _render(self, job: _Job) -> None:
        try:
            doc = self._document(job.key.doc_key, job.generation)
            if doc is None:  # closed or replaced since: the GUI side drops this
                self.failed.emit(job, "document closed")
                return
            key = job.key
            image = render_page(doc, key.page, key.zoom_key / job.dpr, job.dpr, key.rotation)
        except Exception as error:  # a damaged page must not end the worker
            self.failed.emit(job, f"{type(error).__name__}: {error}")
        else:
            self.done.emit(job, image)

    def _document(self, doc_key: str, generation: int) -> pymupdf.Document | None:
        opened = self._docs.get(doc_key)
        if opened is not None and opened[0] == generation:
            return opened[1]
        source = self.stack.source(doc_key)
        if source is None or source[0] != generation:
            return None
        self._close(doc_key)
        with MUPDF_LOCK:
            doc = pymupdf.open(stream=source[1])
        self._docs[doc_key] = (generation, doc)
        return doc

    def _close(self, doc_key: str) -> None:
        opened = self._docs.pop(doc_key, None)
        if opened is not None:
            with MUPDF_LOCK:
                opened[1].close()


_LIVE_WORKERS: weakref.WeakSet[_RenderThread] = weakref.WeakSet()


def _stop_worker(stack: _JobStack, thread: _RenderThread) -> None:
    stack.stop()
    thread.wait()


@atexit.register
def _stop_all_workers() -> None:
    for thread in list(_LIVE_WORKERS):
        try:
            _stop_worker(thread.stack, thread)
        except RuntimeError:  # its C++ object is already gone, and so is the thread
            pass


class Renderer(QObject):
    """Renders pages in one worker thread, newest request first, through an LRU cache.

    Signals:
        rendered(doc_key: str, page_index: int, zoom_key: float, image: QImage)
            a requested page is ready (and cached).
        failed(doc_key: str, page_index: int, message: str)
            a page could not be rendered.
    """

    rendered = Signal(str, int, float, QImage)
    failed = Signal(str, int, str)

    def __init__(self, parent: QObject | None = None, budget_bytes: int = DEFAULT_BUDGET) -> None:
        super().__init__(parent)
        self.cache = ImageCache(budget_bytes)
        self.render_count = 0
        self._stack = _JobStack()
        self._pending: set[RenderKey] = set()
        self._generations: dict[str, int] = {}
        self._thread: _RenderThread | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def open_document(self, doc_key: str, pdf_bytes: bytes) -> None:
        """Make a document renderable under doc_key (replacing one of the same key)."""
        self.close_document(doc_key)
        generation = self._generations.get(doc_key, 0) + 1
        self._generations[doc_key] = generation
        self._stack.set_source(doc_key, generation, pdf_bytes)

    def close_document(self, doc_key: str) -> None:
        """Forget a document: its queued jobs, its cached images, the worker's copy."""
        if self._stack.source(doc_key) is None:
            return
        self.cancel(doc_key)
        self._pending = {key for key in self._pending if key.doc_key != doc_key}
        self.cache.discard(doc_key)
        self._stack.set_source(doc_key, 0, None)

    def request(
        self, doc_key: str, page_index: int, zoom: float, dpr: float = 1.0, rotation: int = 0
    ) -> QImage | None:
        """The cached image, or None after queueing (or re-prioritising) its render.

        zoom is logical pixels per point; the image has zoom * dpr pixels per point."""
        return self.request_pages(doc_key, [page_index], zoom, dpr, rotation)[page_index]

    def request_pages(
        self, doc_key: str, pages: list[int], zoom: float, dpr: float = 1.0, rotation: int = 0
    ) -> dict[int, QImage | None]:
        """request() for several pages, queued together: the last page renders first."""
        found: dict[int, QImage | None] = {}
        jobs: list[_Job] = []
        source = self._stack.source(doc_key)
        for page in pages:
            key = RenderKey(doc_key, page, zoom_key(zoom, dpr), rotation)
            found[page] = self.cache.get(key)
            if found[page] is None and source is not None:
                jobs.append(_Job(key, dpr, source[0]))
        if jobs:
            self._pending.update(job.key for job in jobs)
            self._stack.push(jobs)
            self._ensure_thread()
        return found

    def cancel(self, doc_key: str | None = None, keep: Container[RenderKey] = ()) -> int:
        """Drop queued renders (of doc_key, or all) not in keep; returns how many."""
        dropped = self._stack.cancel(doc_key, keep)
        self._pending.difference_update(dropped)
        return len(dropped)

    def pending(self) -> int:
        """Renders queued or in progress."""
        return len(self._pending)

    @Slot()
    def shutdown(self) -> None:
        """Stop the worker thread and wait for it; a later request starts a new one."""
        thread, self._thread = self._thread, None
        if thread is not None:
            _stop_worker(self._stack, thread)
            _LIVE_WORKERS.discard(thread)
        self._stack = self._restarted_stack()
        self._pending.clear()

    def _restarted_stack(self) -> _JobStack:
        stack = _JobStack()
        for doc_key, generation in self._generations.items():
            source = self._stack.source(doc_key)
            if source is not None:
                stack.set_source(doc_key, generation, source[1])
        return stack

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        thread = _RenderThread(self._stack, self)
        thread.done.connect(self._on_done)
        thread.failed.connect(self._on_failed)
        self.destroyed.connect(partial(_stop_worker, self._stack, thread))
        _LIVE_WORKERS.add(thread)
        self._thread = thread
        thread.start()

    def _is_current(self, job: _Job) -> bool:
        source = self._stack.source(job.key.doc_key)
        return source is not None and source[0] == job.generation

    @Slot(object, QImage)
    def _on_done(self, job: _Job, image: QImage) -> None:
        self._pending.discard(job.key)
        if not self._is_current(job):
            return
        self.cache.put(job.key, image)
        self.render_count += 1
        key = job.key
        self.rendered.emit(key.doc_key, key.page, key.zoom_key, image)

    @Slot(object, str)
    def _on_failed(self, job: _Job, message: str) -> None:
        self._pending.discard(job.key)
        if self._is_current(job):
            self.failed.emit(job.key.doc_key, job.key.page, message)
