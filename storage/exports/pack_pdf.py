"""The review pack PDF: cover, status summary with a chart, a table of the comments, then each
comment with a picture of it cut from the letter, its answer, notes, (when a precedent library
is given) its best precedents, and last changes; a bookmark per comment. Laid out with
pymupdf.Story from the HTML of pack_html."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pymupdf

from storage.exports import ALL, Progress, Selection, Warn, report, write_atomic
from storage.exports import pack_html as html
from storage.exports.gather import Bundle, gather
from storage.exports.pack_images import draw_marks, pictures, rgb
from storage.exports.pack_precedent import look_up
from storage.models import STATUS_COLORS, STATUS_LABELS, STATUSES

if TYPE_CHECKING:
    from storage.store import Store

PAGE = pymupdf.paper_rect("letter")
MARGIN = 54
BODY = pymupdf.Rect(MARGIN, MARGIN, PAGE.width - MARGIN, PAGE.height - MARGIN - 12)
GREY = (0.45, 0.47, 0.5)


def export_pack(store: Store, matter_id: str, path: Path | str,
                selection: Selection = ALL, *, progress: Progress | None = None,
                today: date | None = None, precedent: Path | None = None,
                warn: Warn | None = None) -> Path:
    """Write the matter's review pack to `path` (.pdf); with each comment's best precedents
    when a `precedent` library is given (`warn` hears why, when it cannot be read)."""
    data = build(store, matter_id, selection, progress, today, precedent, warn)

    def writer(out: BinaryIO) -> None:
        out.write(data)

    return write_atomic(path, writer)


def build(store: Store, matter_id: str, selection: Selection = ALL,
          progress: Progress | None = None, today: date | None = None,
          precedent: Path | None = None, warn: Warn | None = None) -> bytes:
    bundle = gather(store, matter_id, selection)
    count = len(bundle.items)
    total = count * (2 if precedent else 1) + 2
    archive = pymupdf.Archive()
    images = pictures(store, bundle, archive, lambda done: report(progress, done, total))
    found, problem = None, ""
    if precedent is not None:
        found, problem = look_up(bundle, precedent,
                                 lambda done: report(progress, count + done, total))
    if problem and warn is not None:
        warn(problem)
    me = store.me()
    parts = html.parts(bundle, selection, me.name if me else "", images, today, found)
    report(progress, total - 2, total)
    doc, places = _lay_out(parts, archive)
    report(progress, total - 1, total)
    _draw_chart(doc, places, bundle)
    for picture in (p for found in images.values() for p in found):
        if picture.name in places:
            number, where = places[picture.name]
            draw_marks(doc[number], where, picture)
    _footers(doc, bundle.matter.title)
    doc.set_toc(_outline(bundle, places))
    doc.set_metadata({"title": f"Review pack — {bundle.matter.title}",
                      "author": me.name if me else "", "subject": bundle.matter.company,
                      "creator": "Rejoinder", "producer": "Rejoinder (PyMuPDF)"})
    data = doc.tobytes(garbage=3, deflate=True)
    report(progress, total, total)
    return data


# -- layout --------------------------------------------------------------------------------------

Places = dict[str, tuple[int, pymupdf.Rect]]  # element id → (0-based page, rect)


def _lay_out(parts: list[list[html.Chunk]], archive: pymupdf.Archive
             ) -> tuple[pymupdf.Document, Places]:
    """Each part starts a page; its chunks flow, a chunk's head never alone at a page's foot.
    (One Story per chunk: MuPDF also loops forever on a CSS page break after a table.)"""
    stream = io.BytesIO()
    layout = _Layout(pymupdf.DocumentWriter(stream), archive)
    for part in parts:
        layout.new_page()
        for head, chunk, starts in part:
            layout.add(head, chunk, starts)
    layout.finish()
    doc = pymupdf.Story.add_pdf_links(stream, layout.positions)
    for page in doc:  # a Story may leave its coordinates flipped: keep what we add upright
        if not page.is_wrapped:
            page.wrap_contents()
    for number, y in layout.rules:
        doc[number].draw_line((BODY.x0, y), (BODY.x1, y), color=(0.8, 0.82, 0.85), width=0.75)
    return doc, _places(layout.positions)


class _Layout:
    """Stories placed one below the other on the pages of a DocumentWriter."""

    GAP = 22.0  # between comments, a rule in the middle
    ROOM = 240.0  # below this much room left, check that a chunk's head fits

    def __init__(self, writer: pymupdf.DocumentWriter, archive: pymupdf.Archive) -> None:
        self.writer, self.archive = writer, archive
        self.device: Any = None
        self.pages = 0
        self.y = BODY.y0
        self.positions: list[Any] = []
        positions = self.positions

        def record(position: Any) -> None:  # a plain function: Story counts its arguments
            positions.append(position)

        self._record = record
        self.rules: list[tuple[int, float]] = []  # (0-based page, y) of the lines between

    def new_page(self) -> None:
        if self.device is not None:
            self.writer.end_page()
        self.device = self.writer.begin_page(PAGE)
        self.pages += 1
        self.y = BODY.y0

    def add(self, head: str, chunk: str, starts: bool) -> None:
        gap = self.GAP if starts else 0.0
        if self.y > BODY.y0:
            room = BODY.y1 - self.y - gap
            if head and room < self.ROOM and room < self._height(head) + 36:
                self.new_page()
            elif starts:
                self.rules.append((self.pages - 1, self.y + gap / 2))
                self.y += gap
        story = self._story(chunk)
        empty_pages = 0
        while True:
            more, placed = story.place(pymupdf.Rect(BODY.x0, self.y, BODY.x1, BODY.y1))
            filled = pymupdf.Rect(placed)
            story.element_positions(self._record, {"page_num": self.pages})
            story.draw(self.device)
            self.y = filled.y1
            if not more:
                return
            empty_pages = empty_pages + 1 if filled.is_empty else 0
            if empty_pages > 1:
                return  # nothing fits even a fresh page: give up on the rest of this chunk
            self.new_page()

    def finish(self) -> None:
        if self.device is not None:
            self.writer.end_page()
        self.writer.close()

    def _story(self, text: str) -> pymupdf.Story:
        return pymupdf.Story(html=f"<html><body>{text}</body></html>", user_css=html.CSS,
                             archive=self.archive)

    def _height(self, text: str) -> float:
        _, filled = self._story(text).place(pymupdf.Rect(BODY.x0, 0, BODY.x1, BODY.height))
        return pymupdf.Rect(filled).height


def _places(positions: list[Any]) -> Places:
    places: Places = {}
    for position in positions:
        if position.open_close & 1:
            key = position.id or (f"h:{position.text}" if position.heading else "")
            if key and key not in places:
                places[key] = (position.page_num - 1, pymupdf.Rect(position.rect))
    return places


def _outline(bundle: Bundle, places: Places) -> list[list[Any]]:
    toc: list[list[Any]] = [[1, "Cover", 1]]
    for title in ("Status summary", "Comments"):
        if f"h:{title}" in places:
            toc.append([1, title, places[f"h:{title}"][0] + 1])
    letter = None
    for index, item in enumerate(bundle.items):
        page = places.get(f"c-{index}", (0, None))[0] + 1
        if item.document.id != letter:
            letter = item.document.id
            toc.append([2, item.document.label, page])
        toc.append([3, html.bookmark(item), page])
    return toc


def _footers(doc: pymupdf.Document, title: str) -> None:
    title = title if len(title) <= 90 else title[:89] + "…"
    font = pymupdf.Font("helv")
    y = PAGE.height - MARGIN / 2
    for page in doc.pages(1):
        label = f"Page {page.number + 1} of {doc.page_count}"
        writer = pymupdf.TextWriter(page.rect, color=GREY)
        writer.append((MARGIN, y), f"{title} — review pack", font=font, fontsize=7.5)
        writer.append((PAGE.width - MARGIN - font.text_length(label, fontsize=7.5), y), label,
                      font=font, fontsize=7.5)
        writer.write_text(page)


def _draw_chart(doc: pymupdf.Document, places: Places, bundle: Bundle) -> None:
    """Horizontal bars, one per status, in the space the summary left for them."""
    if "chart" not in places:
        return
    number, area = places["chart"]
    page = doc[number]
    counts = {s: sum(1 for i in bundle.items if i.response.status == s) for s in STATUSES}
    most = max(1, *counts.values())
    label_width, row = 70.0, (area.height - 10) / len(STATUSES)
    bar_left, bar_right = area.x0 + label_width, area.x1 - 40
    for index, status in enumerate(STATUSES):
        top = area.y0 + index * row + 4
        page.insert_text((area.x0, top + row * 0.55), STATUS_LABELS[status], fontsize=9,
                         fontname="helv", color=(0.13, 0.15, 0.17))
        width = (bar_right - bar_left) * counts[status] / most
        if counts[status]:
            page.draw_rect(pymupdf.Rect(bar_left, top, bar_left + width, top + row * 0.7),
                           color=None, fill=rgb(STATUS_COLORS[status]))
        page.insert_text((bar_left + width + 5, top + row * 0.55), str(counts[status]),
                         fontsize=9, fontname="hebo", color=(0.13, 0.15, 0.17))
    page.draw_line((bar_left, area.y0 + 2), (bar_left, area.y1 - 4), color=(0.7, 0.7, 0.7),
                   width=0.75)


