"""Printed page numbers: which page of a filing is "page 84".

A comment's heading cites the filing by the number printed on its pages ("Goodwill, page 84",
"Note 3, page F-12"), not by the page's place in the PDF. `printed_page_map(doc)` reads the
document's page labels when it has them, and otherwise the number printed alone in each page's
footer (or header); `cited_page(headings)` finds the citation in a heading path and
`page_for(printed, citation)` resolves it, counting on from the nearest numbered page when the
cited page itself prints no number.

Pure functions over PyMuPDF; no Qt. The caller serialises MuPDF calls (the GUI holds its lock).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pymupdf

BAND = 0.12  # the top and bottom share of a page scanned for a printed number
_NUMBER = re.compile(
    r"^[\s\-–—]*(?:page\s+)?(?P<n>[A-Z]{1,2}-\s?\d{1,4}|\d{1,4}|[ivxlcdm]{1,7})[\s\-–—]*$",
    re.IGNORECASE)
_CITATION = re.compile(
    r"\bpages?\s+(?P<n>[A-Z]{1,2}-\s?\d{1,4}|\d{1,4}|[ivxlcdm]{1,7})\b", re.IGNORECASE)


def normalise(number: str) -> str:
    """One spelling per printed number: "f- 12" → "F-12", "IV" → "iv", "084" → "84"."""
    number = re.sub(r"\s+", "", number.strip())
    if "-" in number:
        prefix, _, digits = number.partition("-")
        return f"{prefix.upper()}-{int(digits)}"
    if number.isdigit():
        return str(int(number))
    return number.lower()


def cited_page(headings: Iterable[str]) -> str | None:
    """The page number the innermost heading citing one cites ("Goodwill, page 84" → "84")."""
    for heading in reversed(list(headings)):
        found = _CITATION.findall(heading)
        if found:
            return normalise(found[0])
    return None


def printed_page_map(doc: pymupdf.Document) -> dict[str, int]:
    """Printed number → 1-based page: the PDF's page labels if any, else footers/headers."""
    if doc.get_page_labels():
        labels = {normalise(doc.load_page(i).get_label()): i + 1
                  for i in range(doc.page_count) if doc.load_page(i).get_label()}
        if labels:
            return labels
    found: dict[str, int] = {}
    for index in range(doc.page_count):
        number = printed_number(doc.load_page(index))
        if number is not None and number not in found:
            found[number] = index + 1
    return found


def printed_number(page: pymupdf.Page) -> str | None:
    """The number printed alone on a line in the page's footer, else its header."""
    box = page.rect
    band = box.height * BAND
    footer = _lines(page, pymupdf.Rect(box.x0, box.y1 - band, box.x1, box.y1))
    header = _lines(page, pymupdf.Rect(box.x0, box.y0, box.x1, box.y0 + band))
    for text in [*reversed(footer), *header]:
        match = _NUMBER.match(text)
        if match:
            return normalise(match.group("n"))
    return None


def _lines(page: pymupdf.Page, clip: pymupdf.Rect) -> list[str]:
    """The text of each line inside clip, top to bottom."""
    lines = []
    for block in page.get_text("dict", clip=clip)["blocks"]:
        for line in block.get("lines", ()):
            text = "".join(span["text"] for span in line["spans"]).strip()
            if text:
                lines.append((line["bbox"][1], text))
    return [text for _, text in sorted(lines)]


def page_for(printed: dict[str, int], citation: str) -> int | None:
    """The 1-based page printed with this number; failing that, counted on (or back) from the
    nearest page whose plain number is printed ("84" when only 83 and 85 show a number)."""
    citation = normalise(citation)
    if citation in printed:
        return printed[citation]
    if not citation.isdigit():
        return None
    wanted = int(citation)
    numbered = [(int(n), page) for n, page in printed.items() if n.isdigit()]
    if not numbered:
        return None
    number, page = min(numbered, key=lambda pair: abs(pair[0] - wanted))
    guess = page + wanted - number
    return guess if guess >= 1 else None
