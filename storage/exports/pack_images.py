"""Pictures of the comments for the review pack: each comment's lines cut from its letter page
(one picture a page it spans, grey: letters are black on white), and the highlights to draw on
them once the pack is laid out — the comment's own lines and the reviewers' highlights, as
vector shapes over the picture."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pymupdf

from storage.exports.gather import Bundle, Item
from storage.exports.regions import region_notes
from storage.models import Region

if TYPE_CHECKING:
    from storage.store import Store

ZOOM = 2.0  # 144 dpi: sharp on screen and on paper
MAX_CLIP_HEIGHT = 420.0
MAX_WIDTH = 504.0  # points between the pack's margins
COMMENT_MARK = "#ffd43b"
Color = tuple[float, float, float]


@dataclass(frozen=True)
class Picture:
    name: str  # in the Story's archive; also the id of the paragraph that holds it
    width: float  # shown at this width (points)
    height: float
    marks: tuple[tuple[pymupdf.Rect, Color], ...]  # highlights, as fractions of the picture


def pictures(store: Store, bundle: Bundle, archive: pymupdf.Archive,
             tick: Callable[[int], None]) -> dict[int, list[Picture]]:
    """Pictures per comment (by its index in the bundle), their images added to `archive`."""
    opened: dict[str, pymupdf.Document] = {}
    marks: dict[str, list[tuple[Region, Color]]] = {}
    out: dict[int, list[Picture]] = {}
    try:
        for index, item in enumerate(bundle.items):
            tick(index)
            if not item.comment.regions:
                continue
            doc_id = item.document.id
            if doc_id not in opened:
                opened[doc_id] = pymupdf.open("pdf", store.display_pdf(doc_id))
                marks[doc_id] = _reviewer_marks(store, bundle, doc_id)
            out[index] = _cut(opened[doc_id], item, marks[doc_id], archive, index)
    finally:
        for doc in opened.values():
            doc.close()
    return out


def draw_marks(page: pymupdf.Page, where: pymupdf.Rect, picture: Picture) -> None:
    """The highlights over a picture laid out at `where` (its top left), and a hairline frame."""
    frame = pymupdf.Rect(where.x0, where.y0, where.x0 + picture.width,
                         where.y0 + picture.height)
    shape = page.new_shape()
    for fraction, color in picture.marks:
        shape.draw_rect(pymupdf.Rect(frame.x0 + fraction.x0 * frame.width,
                                     frame.y0 + fraction.y0 * frame.height,
                                     frame.x0 + fraction.x1 * frame.width,
                                     frame.y0 + fraction.y1 * frame.height))
        shape.finish(color=None, fill=color, fill_opacity=0.35)
    shape.draw_rect(frame)
    shape.finish(color=(0.8, 0.82, 0.85), width=0.5)
    shape.commit()


def rgb(color: str) -> Color:
    value = color.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _reviewer_marks(store: Store, bundle: Bundle, document_id: str
                    ) -> list[tuple[Region, Color]]:
    found = []
    for note in region_notes(store, document_id):
        reviewer = bundle.reviewers.get(note.author_id or "")
        color = rgb(reviewer.color if reviewer else COMMENT_MARK)
        found += [(region, color) for region in note.regions]
    return found


def _cut(doc: pymupdf.Document, item: Item, reviewer_marks: list[tuple[Region, Color]],
         archive: pymupdf.Archive, index: int) -> list[Picture]:
    pages: dict[int, list[pymupdf.Rect]] = {}
    for region in item.comment.regions:
        if 1 <= region.page <= doc.page_count:
            pages.setdefault(region.page, []).append(pymupdf.Rect(region.rect))
    out = []
    for page_no, rects in list(pages.items())[:2]:
        page = doc[page_no - 1]
        clip = _clip(page.rect, rects)
        pixmap = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), clip=clip,
                                 colorspace=pymupdf.csGRAY, annots=False)
        name = f"pic-{index}-{page_no}"
        archive.add(pixmap.tobytes("png"), name + ".png")
        theirs = [(pymupdf.Rect(r.rect), c) for r, c in reviewer_marks if r.page == page_no]
        marks = [(rect, rgb(COMMENT_MARK)) for rect in _merged(rects)] + theirs
        width = min(clip.width, MAX_WIDTH)
        out.append(Picture(name, width, width * clip.height / clip.width,
                           tuple(_fractions(marks, clip))))
    return out


def _merged(rects: list[pymupdf.Rect]) -> list[pymupdf.Rect]:
    """Line rectangles without repeats (the parser may give the first line twice)."""
    out: list[pymupdf.Rect] = []
    for rect in rects:
        if not any(abs(rect.y0 - o.y0) < 1 and abs(rect.x0 - o.x0) < 1 for o in out):
            out.append(rect)
    return out


def _fractions(marks: list[tuple[pymupdf.Rect, Color]], clip: pymupdf.Rect
               ) -> list[tuple[pymupdf.Rect, Color]]:
    out = []
    for rect, color in marks:
        part = rect & clip
        if part.is_empty:
            continue
        out.append((pymupdf.Rect((part.x0 - clip.x0) / clip.width,
                                 (part.y0 - clip.y0) / clip.height,
                                 (part.x1 - clip.x0) / clip.width,
                                 (part.y1 - clip.y0) / clip.height), color))
    return out


def _clip(page: pymupdf.Rect, rects: list[pymupdf.Rect]) -> pymupdf.Rect:
    union = pymupdf.Rect(rects[0])
    for rect in rects[1:]:
        union |= rect
    clip = pymupdf.Rect(union.x0 - 14, union.y0 - 8, union.x1 + 14, union.y1 + 8) & page
    if clip.height > MAX_CLIP_HEIGHT:
        clip.y1 = clip.y0 + MAX_CLIP_HEIGHT
    return clip
