"""A Word answer with every tracked change accepted, as the draft HTML the editor and the letter
exports read (`storage.exports.richtext`): paragraphs, bulleted and numbered lists (nested by
level), and bold, italic and underline on the words that carry them. The plain text beside it
(`storage.worddraft.proposal`) still does the comparing and the redline; this only keeps what
accepting would otherwise lose. Tables, footnotes, fonts, colours and line breaks inside a
paragraph are not carried over."""
from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from storage.worddraft.mapping import PLACEHOLDER
from storage.worddraft.reader import Paragraph, Piece
from storage.worddraft.styles import ListPlace

_Look = tuple[bool, bool, bool]  # bold, italic, underline


def accepted_html(paragraphs: Sequence[Paragraph]) -> str:
    """The answer as accepted, in HTML; "" when nothing (or only the placeholder) is left."""
    found = _blocks(paragraphs)
    if not found or [_text(runs) for _, runs in found] == [PLACEHOLDER]:
        return ""
    out: list[str] = []
    open_lists: list[ListPlace] = []  # each with an <li> open

    def close_to(depth: int) -> None:
        while len(open_lists) > depth:
            out.append(f"</li></{open_lists.pop().kind}>")

    for place, runs in found:
        if place is None:
            close_to(0)
            out.append(f"<p>{_inline(runs)}</p>")
            continue
        level = min(place.level, len(open_lists))  # never deeper than one past the open ones
        close_to(level + 1)
        if len(open_lists) == level + 1 and not place.follows(open_lists[-1]):
            close_to(level)  # another list at this level
        if len(open_lists) == level + 1:
            out.append("</li><li>")
            open_lists[-1] = place
        else:
            out.append(f"<{place.kind}><li>")
            open_lists.append(place)
        out.append(_inline(runs))
    close_to(0)
    return "".join(out)


def _blocks(paragraphs: Sequence[Paragraph]) -> list[tuple[ListPlace | None, list[Piece]]]:
    """The accepted paragraphs: deleted runs left out, and a paragraph whose mark was deleted
    joined to the next (which, holding the mark that is left, gives the list place)."""
    found: list[tuple[ListPlace | None, list[Piece]]] = []
    pending: list[Piece] = []
    for index, paragraph in enumerate(paragraphs):
        pending += [p for p in paragraph.pieces if p.state != "del"]
        if paragraph.mark == "del" and index + 1 < len(paragraphs):
            continue
        if _text(pending):
            found.append((paragraph.list_place, pending))
        pending = []
    return found


def _text(runs: list[Piece]) -> str:
    return " ".join("".join(r.text for r in runs).split())


def _inline(runs: list[Piece]) -> str:
    """Runs as HTML, white space collapsed as the plain text collapses it."""
    merged: list[tuple[str, _Look]] = []
    for run in runs:
        text = re.sub(r"\s+", " ", run.text)
        if merged and merged[-1][0].endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        look = (run.bold, run.italic, run.underline)
        if merged and merged[-1][1] == look:
            merged[-1] = (merged[-1][0] + text, look)
        else:
            merged.append((text, look))
    if merged:
        merged[0] = (merged[0][0].lstrip(" "), merged[0][1])
        merged[-1] = (merged[-1][0].rstrip(" "), merged[-1][1])
    return "".join(_wrap(text, look) for text, look in merged if text)


def _wrap(text: str, look: _Look) -> str:
    out = escape(text, quote=False)
    for on, tag in zip(look, ("b", "i", "u"), strict=True):
        if on:
            out = f"<{tag}>{out}</{tag}>"
    return out
