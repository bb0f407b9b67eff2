"""Running page headers and footers: found by what they say and by repetition across pages.

A letter's continuation pages open with a header that ends with "Page N" (addressee, company,
date, "Page N" in staff letters; "Securities and Exchange Commission / date / Page N" in
responses). Footers are bare page numbers or lines repeated at the foot of several pages (a
law firm's address, office cities). Both are removed before the letter is segmented; the
header dates are kept, since a letter may print its date nowhere else.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import groupby

from storage.ingest.lines import Line, shape

PAGE_LINE = re.compile(r"^\W*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4}\W*)?(?:page|p\.)\s*\d{1,3}"
                       r"(?:\s*(?:of|/)\s*\d{1,3})?\W*$|^-\s*\d{1,3}\s*-$", re.I)
BARE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^[ivx]{1,5}$", re.I)
DATE_ONLY = re.compile(r"^\W*[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4}\W*$")
_HEADER_WIDTH = 100  # characters: longer lines are the letter's sentences, not a header
_ZONE = 7  # lines looked at, at the top and at the foot of a page
_LABEL = re.compile(r"^\W*(?:response|comment|answer)\b", re.I)


def strip_furniture(lines: list[Line], page_heights: dict[int, float] | None = None
                    ) -> tuple[list[Line], list[Line]]:
    """Return (the lines without headers and footers, the header/footer lines removed)."""
    pages = [list(group) for _, group in groupby(lines, key=lambda line: line.page)]
    tops = _repeated([page[:_ZONE] for page in pages[1:]])
    feet = _repeated([page[-_ZONE:] for page in pages])
    kept: list[Line] = []
    removed: list[Line] = []
    for index, page in enumerate(pages):
        height = (page_heights or {}).get(page[0].page)
        start = _header_end(page, tops if index else set(), height)
        end = _footer_start(page, feet, height, start)
        removed.extend(page[:start] + page[end:])
        body = page[start:end]
        if body:
            body[0].para = True
        kept.extend(body)
    return kept, removed


def _repeated(zones: list[list[Line]]) -> set[str]:
    counts: Counter[str] = Counter()
    for zone in zones:
        counts.update({shape(line.text) for line in zone if _repeatable(line)})
    return {text for text, count in counts.items() if count >= 2}


def _repeatable(line: Line) -> bool:
    text = line.text
    return 0 < len(text) <= 160 and not _LABEL.match(text) and bool(shape(text))


def _in_top(line: Line, height: float | None) -> bool:
    return height is None or line.rect is None or line.rect[1] < height * 0.2


def _in_foot(line: Line, height: float | None) -> bool:
    return height is None or line.rect is None or line.rect[3] > height * 0.86


def _header_end(page: list[Line], tops: set[str], height: float | None) -> int:
    """Index of the first line after the page's running header."""
    end = 0
    for index, line in enumerate(page[:_ZONE]):
        if not _in_top(line, height) or len(line.text) > _HEADER_WIDTH:
            break  # a running header is short lines: a sentence means the body has begun
        if PAGE_LINE.search(line.text) and len(line.text) <= 90:
            end = index + 1
    if end:
        if end < len(page) and DATE_ONLY.match(page[end].text) and _in_top(page[end], height):
            end += 1
        return end
    while end < min(len(page), _ZONE) and _in_top(page[end], height):
        if shape(page[end].text) not in tops:
            break
        end += 1
    return end


def _footer_start(page: list[Line], feet: set[str], height: float | None, start: int) -> int:
    """Index of the first line of the page's footer (len(page) when there is none)."""
    end = len(page)
    while end > start and len(page) - end < _ZONE and _in_foot(page[end - 1], height):
        text = page[end - 1].text
        if not (BARE_NUMBER.match(text) or shape(text) in feet
                or (PAGE_LINE.search(text) and len(text) <= 40)):
            break
        end -= 1
    return end
