"""What a page says and links to, for the GUI thread: words, search hits, links, page labels.

`PageText` opens its own short-lived `pymupdf.Document` from the bytes the view shows (a
document belongs to one thread: this one is the GUI thread's, the renderer's worker has its
own) and calls MuPDF only under `MUPDF_LOCK`. Everything read is cached per page, so asking
again while the user drags a selection costs nothing.

Pages are 1-based here, as in the view's API; rectangles are PDF points, top-left origin.
"""
from __future__ import annotations

from typing import NamedTuple

import pymupdf

from gui.pdf.render import MUPDF_LOCK

Rect = tuple[float, float, float, float]


class Word(NamedTuple):
    """One word as `page.get_text("words")` gives it, in reading order."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int
    line: int
    number: int

    @property
    def rect(self) -> Rect:
        return (self.x0, self.y0, self.x1, self.y1)


class Link(NamedTuple):
    """A link area on a page: to another page (and point) of the same document, or a URI."""

    rect: Rect
    page: int | None = None  # 1-based target page of an internal link
    point: tuple[float, float] | None = None  # where on the target page
    uri: str | None = None  # an external address


class PageText:
    """Read-only text access to one document's pages, cached, for the GUI thread."""

    def __init__(self, pdf_bytes: bytes) -> None:
        self._bytes = pdf_bytes
        self._doc: pymupdf.Document | None = None
        self._words: dict[int, list[Word]] = {}
        self._links: dict[int, list[Link]] = {}
        self._hits: dict[tuple[str, int], list[Rect]] = {}
        self._labels: dict[str, int] | None = None

    def close(self) -> None:
        if self._doc is not None:
            with MUPDF_LOCK:
                self._doc.close()
            self._doc = None

    def _document(self) -> pymupdf.Document:
        if self._doc is None:
            with MUPDF_LOCK:
                self._doc = pymupdf.open(stream=self._bytes)
        return self._doc

    @property
    def page_count(self) -> int:
        return int(self._document().page_count)

    def words(self, page: int) -> list[Word]:
        """The page's words in reading order."""
        if page not in self._words:
            with MUPDF_LOCK:
                raw = self._document().load_page(page - 1).get_text("words")
            self._words[page] = [Word(*w[:8]) for w in raw if w[4].strip()]
        return self._words[page]

    def search(self, page: int, text: str) -> list[Rect]:
        """Where the text occurs on the page (case-insensitive, one rect per line of a hit)."""
        key = (text.casefold(), page)
        if key not in self._hits:
            with MUPDF_LOCK:
                found = self._document().load_page(page - 1).search_for(text, quads=False)
            self._hits[key] = [(r.x0, r.y0, r.x1, r.y1) for r in found]
        return self._hits[key]

    def links(self, page: int) -> list[Link]:
        if page not in self._links:
            with MUPDF_LOCK:
                raw = self._document().load_page(page - 1).get_links()
            self._links[page] = [link for link in map(_link, raw) if link is not None]
        return self._links[page]

    def printed_pages(self) -> dict[str, int]:
        """Printed page number ("84", "F-3", "iv") → 1-based page index; see page_numbers."""
        if self._labels is None:
            from gui.pdf.page_numbers import printed_page_map  # asked for rarely: not at start

            with MUPDF_LOCK:
                self._labels = printed_page_map(self._document())
        return self._labels


def _link(raw: dict[str, object]) -> Link | None:
    area = raw.get("from")
    if not isinstance(area, pymupdf.Rect):
        return None
    rect = (area.x0, area.y0, area.x1, area.y1)
    kind = raw.get("kind")
    if kind == pymupdf.LINK_URI and isinstance(raw.get("uri"), str):
        return Link(rect, uri=str(raw["uri"]))
    target = raw.get("page")
    if kind in (pymupdf.LINK_GOTO, pymupdf.LINK_NAMED) and isinstance(target, int) and target >= 0:
        to = raw.get("to")
        point = (to.x, to.y) if isinstance(to, pymupdf.Point) else None
        return Link(rect, page=target + 1, point=point)
    return None
