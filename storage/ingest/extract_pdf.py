"""PDF → visual lines with boxes, in reading order, one text extraction per page.

Spans on one baseline are joined into one line even when MuPDF emits them in separate blocks (a
comment number printed left of its text is sometimes emitted at the end of the page). White text
(the form-field residue of recent staff letters) is invisible on the page and dropped.
"""
from __future__ import annotations

import re
from typing import Any

import pymupdf

from storage.errors import EncryptedFile, NotALetter, ScannedLetter, UnreadableFile
from storage.ingest.lines import Line, clean
from storage.ingest.patterns import ends_sentence

_WHITE = 0xFFFFFF
_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP


MAX_LETTER_PAGES = 200  # a bound on the work one import may do


def open_pdf(data: bytes, name: str, password: str | None) -> pymupdf.Document:
    """Open the bytes as a PDF, authenticating when it is encrypted."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # MuPDF raises several types for damaged files
        raise UnreadableFile(f"{name} is not a readable PDF ({error}). Check that the file is "
                             "complete, or download it again from EDGAR.") from error
    if doc.needs_pass:
        if not password:
            raise EncryptedFile(f"{name} is protected by a password. Pass it with --password on "
                                "the command line; the window will ask for it.")
        if not doc.authenticate(password):
            raise EncryptedFile(f"The password given for {name} is wrong. Try again with the "
                                "right one (--password on the command line; the window asks).")
    if doc.page_count == 0:
        raise UnreadableFile(f"{name} has no pages. Check that the file is complete.")
    if doc.page_count > MAX_LETTER_PAGES:
        raise NotALetter(f"{name} has {doc.page_count} pages: far too long for a comment letter "
                         f"(they rarely run past 30 pages; Rejoinder reads letters of up to "
                         f"{MAX_LETTER_PAGES}). Choose the staff letter or the response letter, "
                         "not the filing itself.")
    return doc


def pdf_lines(doc: pymupdf.Document, name: str) -> tuple[list[Line], bool]:
    """Every visible line of the document, page by page, top to bottom; and whether they were
    read by OCR (a scan without a text layer)."""
    lines: list[Line] = []
    try:
        for number in range(doc.page_count):
            raw = doc[number].get_text("dict", flags=_FLAGS)
            lines.extend(_page_lines(raw, number))
    except (RuntimeError, ValueError) as error:
        raise UnreadableFile(f"{name} is damaged: a page could not be read ({error}). "
                             "Download it again from EDGAR.") from error
    ocr = sum(len(line.text) for line in lines) < 40
    if ocr:
        lines = _ocr_lines(doc, name)
    _mark_paragraphs(lines)
    return lines, ocr


def _spans(raw: dict[str, Any], ocr: bool = False
           ) -> list[tuple[str, tuple[float, ...], float, float, float]]:
    """(text, bbox, bold, italic, size) of every visible span; OCR's words are invisible (they
    lie over the scanned image), so with `ocr` those count too."""
    found = []
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            if line.get("dir", (1, 0))[0] < 0.5:  # rotated text: margins, stamps
                continue
            for span in line["spans"]:
                text = span["text"]
                hidden = span.get("color") == _WHITE or span.get("alpha", 255) == 0
                if not text.strip() or (hidden and not ocr):
                    continue
                font = span.get("font", "")
                bold = float(bool(span["flags"] & 16) or "Bold" in font or "Black" in font)
                italic = float(bool(span["flags"] & 2) or "Italic" in font or "Oblique" in font)
                found.append((text, tuple(span["bbox"]), bold, italic, span["size"]))
    return found


def _page_lines(raw: dict[str, Any], page: int, ocr: bool = False) -> list[Line]:
    spans = _inline_superscripts(_spans(raw, ocr))
    spans.sort(key=lambda s: ((s[1][1] + s[1][3]) / 2, s[1][0]))
    rows: list[list[tuple[str, tuple[float, ...], float, float, float]]] = []
    for span in spans:
        mid = (span[1][1] + span[1][3]) / 2
        if rows:
            last = rows[-1][0][1]
            if abs(mid - (last[1] + last[3]) / 2) < max(2.0, (last[3] - last[1]) * 0.35):
                rows[-1].append(span)
                continue
        rows.append([span])
    return [_row_line(row, page) for row in rows]


_SUPERSCRIPT_MARKS = {"TM": "™", "SM": "℠", "(R)": "®"}


def _inline_superscripts(spans: list[tuple[str, tuple[float, ...], float, float, float]]
                         ) -> list[tuple[str, tuple[float, ...], float, float, float]]:
    """A raised small span ("TM", a footnote mark) touching a word of a larger span is part of
    that span's line: it takes the line's box, so it is not read as a line of its own."""
    out = []
    largest = max((span[4] for span in spans), default=0.0)
    for text, box, bold, italic, size in spans:
        for other in spans if size < largest * 0.85 else ():
            obox = other[1]
            raised = obox[1] - 1 < box[3] < obox[3] and box[1] < (obox[1] + obox[3]) / 2
            touching = abs(obox[2] - box[0]) < 3 or abs(box[2] - obox[0]) < 3
            if other[4] * 0.85 > size and raised and touching and box[1] < obox[1]:
                mark = _SUPERSCRIPT_MARKS.get(text.strip(), text)
                text, box = mark, (box[0], obox[1], box[2], obox[3])
                break
        out.append((text, box, bold, italic, size))
    return out


def _row_line(row: list[tuple[str, tuple[float, ...], float, float, float]], page: int) -> Line:
    row.sort(key=lambda s: s[1][0])
    text, right, weight = "", None, 0.0
    bold = italic = 0.0
    for span_text, box, span_bold, span_italic, _ in row:
        if right is not None and box[0] - right > 1.0 and not text.endswith(" "):
            text += " "
        text += span_text
        right = box[2]
        count = len(span_text.strip())
        weight += count
        bold += span_bold * count
        italic += span_italic * count
    rect = (min(s[1][0] for s in row), min(s[1][1] for s in row),
            max(s[1][2] for s in row), max(s[1][3] for s in row))
    size = max(s[4] for s in row)
    return Line(clean(text), page, bold=bold / weight if weight else 0.0,
                italic=italic / weight if weight else 0.0, rect=rect, x0=rect[0], size=size)


def _mark_paragraphs(lines: list[Line]) -> None:
    """A line opens a paragraph when the space above it is clearly more than a line's."""
    pitches = [b.rect[1] - a.rect[1] for a, b in zip(lines, lines[1:], strict=False)
               if a.page == b.page and a.rect and b.rect and b.rect[1] > a.rect[1]]
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else 14.0  # most lines are in paragraphs
    previous: Line | None = None
    for line in lines:
        if previous is None or previous.page != line.page or not line.rect or not previous.rect:
            line.para = True
        else:
            line.para = line.rect[1] - previous.rect[1] > pitch * 1.3 or (
                line.x0 < previous.x0 - 10 and ends_sentence(previous.text))
        previous = line


def _ocr_lines(doc: pymupdf.Document, name: str) -> list[Line]:
    """Read a scan through Tesseract when it is installed; otherwise say how to get it."""
    try:
        pymupdf.get_tessdata()
    except Exception as error:
        raise ScannedLetter(f"{name} is a scanned image with no text layer, so its words cannot "
                            "be read. Reading it needs OCR through Tesseract: install it "
                            "(apt-get install tesseract-ocr) and open the file again, or ask for "
                            "a PDF with text.") from error
    lines: list[Line] = []
    try:
        for number in range(doc.page_count):
            page = doc[number]
            textpage = page.get_textpage_ocr(full=True)
            raw = page.get_text("dict", textpage=textpage)
            lines.extend(_page_lines(raw, number, ocr=True))
    except Exception as error:
        raise ScannedLetter(f"{name} is a scanned image with no text layer, and OCR failed "
                            f"({error}). Ask for a PDF with text.") from error
    if sum(len(line.text) for line in lines) < 40:
        raise ScannedLetter(f"{name} is a scanned image and OCR found no words in it. "
                            "Ask for a PDF with text.")
    for line in lines:
        line.text = _ocr_fix(line.text)
    return lines


def _ocr_fix(text: str) -> str:
    """Undo OCR's usual misreadings at the start of a line: a comment number 1 read as "|." or
    "l.", and a stray opening quote before a capital."""
    text = re.sub(r"^[|lI]([.)])\s", r"1\1 ", text)
    return re.sub(r"^[‘'`]+(?=[A-Z])", "", text)
