"""What a Word draft proposes for one answer: its text with every tracked change accepted, its
text with every change rejected, the changes themselves (kind, author, date), and the steps
that turn the current draft into the proposal one author's changes at a time — replayed by
`storage.exports.redline.replay`, they give the redline against whatever the draft then is."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.exports.redline import Step, Token, replay
from storage.worddraft.formatting import accepted_html
from storage.worddraft.mapping import PLACEHOLDER
from storage.worddraft.reader import Change, Paragraph
from storage.worddraft.styles import ListPlace

UNTRACKED = "Edited without tracking"


@dataclass(frozen=True)
class Proposal:
    original: str  # every change rejected: the text as it was sent, plus untracked edits
    proposed: str  # every change accepted
    changes: tuple[Change, ...]
    steps: tuple[Step, ...]  # original, then each author's changes in order of time
    proposed_html: str = ""  # `proposed` with its paragraphs, lists, bold, italic, underline

    @property
    def tracked(self) -> int:
        return len(self.changes)

    def redline(self, current: str) -> list[Token]:
        """The proposal against `current` (the draft as plain text), each change attributed:
        edits made without tracking to `UNTRACKED`, tracked ones to their authors."""
        return replay(current, list(self.steps))


# A unit of text and what keeps it: (text, state, group) — group orders the change in time.
_Unit = tuple[str, str, int]


def propose(paragraphs: Sequence[Paragraph]) -> Proposal:
    units, groups = _units(paragraphs)
    original = _clean(_text(units, -1))
    steps = [Step(original, UNTRACKED, "")]
    for index, (author, date) in enumerate(groups):
        steps.append(Step(_clean(_text(units, index)), author or "Unknown", date))
    proposed = _clean(_text(units, len(groups)))
    changes = tuple(c for p in paragraphs for c in p.changes)
    html = accepted_html(paragraphs) if proposed else ""
    return Proposal(original, proposed, changes, tuple(steps), html)


def _units(paragraphs: Sequence[Paragraph]) -> tuple[list[_Unit], list[tuple[str, str]]]:
    """Every piece and paragraph end as units; the change groups (author, date) by time."""
    keys = sorted({(p.author, p.date) for para in paragraphs for p in para.pieces
                   if p.state != "same"} |
                  {(c.author, c.date) for para in paragraphs for c in para.changes
                   if c.kind == "paragraph"}, key=lambda key: (key[1], key[0]))
    group = {key: index for index, key in enumerate(keys)}
    units: list[_Unit] = []
    counter: dict[int, tuple[ListPlace, int]] = {}
    for index, paragraph in enumerate(paragraphs):
        prefix = _list_prefix(paragraph, counter)
        if prefix:
            units.append((prefix, "same", 0))
        for piece in paragraph.pieces:
            units.append((piece.text, piece.state, group.get((piece.author, piece.date), 0)))
        if index + 1 < len(paragraphs):
            mark = [c for c in paragraph.changes if c.kind == "paragraph"]
            key = (mark[0].author, mark[0].date) if mark else ("", "")
            units.append(("\n", paragraph.mark, group.get(key, 0)))
    return units, keys


def _list_prefix(paragraph: Paragraph, counter: dict[int, tuple[ListPlace, int]]) -> str:
    """A list item's mark as the letters' plain text writes it ("• ", or "1. " counting the
    items of one numbered list at one level; `counter` holds the last item of each level)."""
    place = paragraph.list_place
    if place is None:
        counter.clear()
        return ""
    if not paragraph.text().strip():
        return ""
    for deeper in [level for level in counter if level > place.level]:
        del counter[deeper]
    last = counter.get(place.level)
    count = last[1] + 1 if last is not None and place.follows(last[0]) else 1
    counter[place.level] = (place, count)
    return f"{count}. " if place.kind == "ol" else "• "


def _text(units: list[_Unit], through: int) -> str:
    """The text with the change groups up to `through` accepted and the later ones not."""
    out = []
    for text, state, group in units:
        if state == "same" or (state == "ins" and group <= through) or \
                (state == "del" and group > through):
            out.append(text)
    return "".join(out)


def _clean(text: str) -> str:
    lines = [" ".join(line.replace("\t", " ").split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if lines == [PLACEHOLDER]:
        return ""
    return "\n".join(lines)
