"""A letter as filed, with the reviewers' highlights and notes as real PDF annotations: each
carries its author, text and date, replies are threaded (/IRT), so Acrobat, Preview and the
browsers' viewers list them in their comments pane."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pymupdf

from storage.exports import ALL, ExportError, Progress, Selection, report, write_atomic
from storage.exports.gather import Bundle, Item, gather
from storage.exports.regions import region_notes
from storage.models import Annotation, Document

if TYPE_CHECKING:
    from storage.store import Store

NOTE_ICON = "Comment"
TEXT, HIGHLIGHT = 0, 8  # PDF annotation types (pymupdf.PDF_ANNOT_TEXT, …_HIGHLIGHT)
DEFAULT_COLOR = "#fab005"


def export_annotated(store: Store, matter_id: str, path: Path | str,
                     selection: Selection = ALL, *, document_id: str | None = None,
                     progress: Progress | None = None) -> Path:
    """Write a letter of the matter (by default its latest staff letter) with its notes."""
    document = _letter(store, matter_id, document_id)
    data = build(store, document, selection, progress)

    def writer(out: BinaryIO) -> None:
        out.write(data)

    return write_atomic(path, writer)


def _letter(store: Store, matter_id: str, document_id: str | None) -> Document:
    documents = [d for d in store.documents(matter_id) if d.role != "reference"]
    if document_id:
        chosen = [d for d in documents if d.id == document_id]
        if not chosen:
            raise ExportError(f"The matter has no letter with id {document_id}; choose one of "
                              + ", ".join(f"{d.id} ({d.label})" for d in documents) + ".")
        return chosen[0]
    staff = [d for d in documents if d.role == "staff"] or documents
    if not staff:
        raise ExportError("The matter has no letter to annotate; import one first.")
    return max(staff, key=lambda d: (d.round, d.letter_date or ""))


def build(store: Store, document: Document, selection: Selection = ALL,
          progress: Progress | None = None) -> bytes:
    bundle = gather(store, document.matter_id, selection, document.id)
    highlights = region_notes(store, document.id)
    doc = pymupdf.open("pdf", store.display_pdf(document.id))
    # kept alive: an annotation lives only as long as its page object
    pages = [doc[i] for i in range(doc.page_count)]
    total = len(bundle.items) + 1
    report(progress, 0, total)
    _highlights(pages, bundle, highlights)
    for done, item in enumerate(bundle.items, start=1):
        report(progress, done, total)
        _comment_notes(pages, bundle, item)
    data = doc.tobytes(garbage=1, deflate=True)
    doc.close()
    report(progress, total, total)
    return data


def _highlights(pages: list[pymupdf.Page], bundle: Bundle, notes: list[Annotation]) -> None:
    made: dict[str, pymupdf.Annot] = {}
    for note in notes:
        if note.parent_id in made:
            _reply(made[note.parent_id], bundle, note)
            continue
        if note.target != "region" or not note.regions:
            continue
        spots: dict[int, list[pymupdf.Rect]] = {}
        for region in note.regions:
            if 1 <= region.page <= len(pages):
                spots.setdefault(region.page, []).append(pymupdf.Rect(region.rect))
        for page_no, rects in spots.items():
            annot = pages[page_no - 1].add_highlight_annot(quads=[r.quad for r in rects])
            _describe(annot, bundle, note, subject="Highlight")
            made.setdefault(note.id, annot)


def _comment_notes(pages: list[pymupdf.Page], bundle: Bundle, item: Item) -> None:
    """The notes on a comment (and on its answer), pinned beside the comment's first line."""
    regions = [r for r in item.comment.regions if 1 <= r.page <= len(pages)]
    if not regions or not item.notes:
        return
    first = regions[0]
    page = pages[first.page - 1]
    top = pymupdf.Rect(first.rect)
    ids = {n.id for n in item.notes}
    made: dict[str, pymupdf.Annot] = {}
    for index, note in enumerate(n for n in item.notes if n.target != "region"):
        if note.parent_id in made:
            made[note.id] = _reply(made[note.parent_id], bundle, note)
            continue
        if note.parent_id in ids:
            continue  # a reply to a note that is not shown here
        point = pymupdf.Point(max(4.0, top.x0 - 24), top.y0 + 14 * (index % 4))
        annot = page.add_text_annot(point, _body(note), icon=NOTE_ICON)
        _describe(annot, bundle, note, subject=f"Note on comment {item.comment.number}"
                  + (" (answer)" if note.target == "response" else ""))
        made[note.id] = annot


def _reply(parent: pymupdf.Annot, bundle: Bundle, note: Annotation) -> pymupdf.Annot:
    page = parent.parent
    spot = parent.rect.tl if parent.type[0] == TEXT else \
        pymupdf.Point(min(page.rect.width - 22, parent.rect.x1 + 4), parent.rect.y0)
    annot = page.add_text_annot(spot, _body(note), icon=NOTE_ICON)
    _describe(annot, bundle, note, subject="Reply")
    annot.set_irt_xref(parent.xref)
    return annot


def _describe(annot: pymupdf.Annot, bundle: Bundle, note: Annotation, subject: str) -> None:
    reviewer = bundle.reviewers.get(note.author_id or "")
    annot.set_info(title=reviewer.name if reviewer else "Unknown", content=_body(note),
                   subject=subject, creationDate=_pdf_date(note.created_at),
                   modDate=_pdf_date(note.updated_at))
    annot.set_colors(stroke=_rgb(reviewer.color if reviewer else DEFAULT_COLOR))
    annot.update(opacity=0.4 if annot.type[0] == HIGHLIGHT else 1.0)


def _body(note: Annotation) -> str:
    text = note.body
    if note.quote:
        text = f"“{note.quote}”\n\n{text}"
    return f"[Resolved] {text}" if note.resolved_at else text


def _pdf_date(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return pymupdf.get_pdf_now()
    if moment.utcoffset() is None:
        return moment.strftime("D:%Y%m%d%H%M%S")
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
