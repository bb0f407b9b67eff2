"""Where each comment stands in the display PDF: the original PDF, or a rendition of HTML/text.

For a PDF the lines carry their boxes. For HTML and text the words were read from the markup;
MuPDF lays the markup out once (the rendition the viewer shows) and each line is found again
among the rendition's words, in order, so the boxes can be highlighted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pymupdf

from storage.ingest.lines import Line, norm
from storage.ingest.model import Anchor

_WINDOW = 4000  # rendition words searched ahead of the last line found


@dataclass
class Locator:
    """The rendition's words in reading order, and how far the search has come."""
    tokens: list[str] = field(default_factory=list)
    boxes: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)
    cursor: int = 0


def render(source: object, data: bytes) -> tuple[bytes, int, Locator | None]:
    """(display PDF bytes, its page count, a locator for HTML/text or None for a PDF)."""
    doc = getattr(source, "doc", None)
    if doc is not None:
        return data, doc.page_count, None
    fmt = getattr(source, "fmt", "text")
    markup: str = getattr(source, "markup", "")
    kind = "html" if fmt == "html" else "txt"
    layout = pymupdf.open(stream=markup.encode("utf-8"), filetype=kind)
    pdf = layout.convert_to_pdf()
    locator = Locator()
    for number in range(layout.page_count):
        for word in layout[number].get_text("words"):
            for token in norm(word[4]).split():
                locator.tokens.append(token)
                locator.boxes.append((number, (word[0], word[1], word[2], word[3])))
    count = layout.page_count
    layout.close()
    return pdf, count, locator


def anchors_for(locator: object, lines: list[Line]) -> tuple[Anchor, ...]:
    """One anchor per printed line (PDF) or per rendition line the letter's lines fall on."""
    if not isinstance(locator, Locator):
        return tuple(Anchor(line.page + 1, line.rect) for line in lines if line.rect)
    found: list[tuple[int, int]] = []  # (where the line starts, how many words it has)
    for line in lines:
        tokens = norm(line.text).split()
        at = _find(locator, tokens)
        if at is not None:
            found.append((at, _extent(locator, at, tokens)))
            locator.cursor = at + min(4, len(tokens))
    spans = [(at, min(end, found[k + 1][0] if k + 1 < len(found) else end))
             for k, (at, end) in enumerate(found)]
    return _merge(locator, spans)


def _extent(locator: Locator, at: int, tokens: list[str]) -> int:
    """Where the line ends in the rendition, skipping words the layout clipped off."""
    j, index, end, misses = 0, at, at, 0
    while index < len(locator.tokens) and j < len(tokens) and misses <= 2:
        try:
            j = tokens.index(locator.tokens[index], j, j + 25) + 1
            end, misses = index + 1, 0
        except ValueError:
            misses += 1
        index += 1
    index = end
    return index


def _find(locator: Locator, tokens: list[str]) -> int | None:
    if not tokens:
        return None
    probe = tokens[: min(4, len(tokens))]
    window = _WINDOW if len(probe) >= 3 else 150
    stop = min(len(locator.tokens), locator.cursor + window)
    first = probe[0]
    for at in range(locator.cursor, stop):
        if locator.tokens[at] == first and locator.tokens[at: at + len(probe)] == probe:
            return at
    return None


def _merge(locator: Locator, spans: list[tuple[int, int]]) -> tuple[Anchor, ...]:
    anchors: list[Anchor] = []
    for start, end in spans:
        current: tuple[int, list[float]] | None = None
        for page, box in locator.boxes[start:end]:
            if current and current[0] == page and abs(current[1][1] - box[1]) < 3:
                rect = current[1]
                rect[0], rect[2] = min(rect[0], box[0]), max(rect[2], box[2])
                rect[3] = max(rect[3], box[3])
                continue
            if current:
                anchors.append(Anchor(current[0] + 1, tuple(current[1])))  # type: ignore[arg-type]
            current = (page, list(box))
        if current:
            anchors.append(Anchor(current[0] + 1, tuple(current[1])))  # type: ignore[arg-type]
    return tuple(anchors)
