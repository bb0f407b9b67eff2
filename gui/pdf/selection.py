"""Text selection over a document's words: a run in reading order, from one word to another,
possibly across pages.

A `Caret` is a word's place (page, index in the page's word list). The pure functions map a
point to the nearest word and a run of words to its text (spaces within a line, newlines between
lines) and to one rectangle per line, which is what is drawn and what a highlight stores.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from gui.pdf.page_text import Rect, Word


class WordSource(Protocol):
    def words(self, page: int) -> list[Word]: ...


@dataclass(frozen=True, order=True)
class Caret:
    """A word on a page: page 1-based, index into that page's words."""

    page: int
    index: int


def word_at(words: list[Word], x: float, y: float) -> int | None:
    """The index of the word under (x, y), else of the nearest one, preferring the same line."""
    if not words:
        return None

    def distance(word: Word) -> tuple[float, float]:
        dx = max(word.x0 - x, 0.0, x - word.x1)
        dy = max(word.y0 - y, 0.0, y - word.y1)
        return (dy, dx)

    return min(range(len(words)), key=lambda i: distance(words[i]))


def line_of(words: list[Word], index: int) -> tuple[int, int]:
    """The first and last indexes of the words on the same line as words[index]."""
    line = (words[index].block, words[index].line)
    same = [i for i, word in enumerate(words) if (word.block, word.line) == line]
    return same[0], same[-1]


def run(source: WordSource, start: Caret, end: Caret) -> dict[int, list[Word]]:
    """The words from start to end inclusive (in either order), by page."""
    first, last = min(start, end), max(start, end)
    found: dict[int, list[Word]] = {}
    for page in range(first.page, last.page + 1):
        words = source.words(page)
        low = first.index if page == first.page else 0
        high = last.index if page == last.page else len(words) - 1
        if words[low:high + 1]:
            found[page] = words[low:high + 1]
    return found


def _lines(words: list[Word]) -> list[list[Word]]:
    lines: list[list[Word]] = []
    for word in words:
        if lines and (lines[-1][-1].block, lines[-1][-1].line) == (word.block, word.line):
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def text_of(words_by_page: dict[int, list[Word]]) -> str:
    """The words as text: spaces between words of a line, a newline between lines."""
    return "\n".join(" ".join(word.text for word in line)
                     for page in sorted(words_by_page) for line in _lines(words_by_page[page]))


def line_rects(words: list[Word]) -> list[Rect]:
    """One rectangle around each line's run of words."""
    return [(min(w.x0 for w in line), min(w.y0 for w in line),
             max(w.x1 for w in line), max(w.y1 for w in line)) for line in _lines(words)]


class TextSelection:
    """The selected run of words of one document, as an anchor and a focus caret."""

    def __init__(self) -> None:
        self.source: WordSource | None = None
        self.anchor: Caret | None = None
        self.focus: Caret | None = None

    def clear(self) -> None:
        self.anchor = self.focus = None

    def is_empty(self) -> bool:
        return self.anchor is None or self.focus is None or self.source is None

    def words(self) -> dict[int, list[Word]]:
        if self.is_empty():
            return {}
        assert self.source is not None and self.anchor is not None and self.focus is not None
        return run(self.source, self.anchor, self.focus)

    def text(self) -> str:
        return text_of(self.words())

    def regions(self) -> list[tuple[int, Rect]]:
        """(page, line rect) for each selected line, in reading order."""
        return [(page, rect) for page, words in self.words().items()
                for rect in line_rects(words)]
