"""A response letter recites the staff's comments before answering each: given the comments of
the staff letter it answers (`Recital`s), find where each is recited, and pair a response's items
with the staff's comments, by recital text first and number second.

Pure functions over words; storage.ingest.segment builds the split from what they find, and
storage.rounds pairs a response's items with the staff comments of the workspace.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence

from storage.ingest.lines import norm
from storage.ingest.model import Recital

TEXT_PAIR = 0.6  # recital and item this alike (by words) are the same comment
NUMBER_PAIR = 0.5  # an item of the same number pairs when this alike (by letters)
_FOUND = 0.5  # a passage this alike to a comment (by words) is its recital
_WORDS = 150  # words compared at most


def recitals_of(given: Sequence[Recital | str] | None) -> list[Recital]:
    """Recitals from what a caller gave: `Recital`s, or plain texts numbered 1, 2, …"""
    return [r if isinstance(r, Recital) else Recital(i + 1, str(r))
            for i, r in enumerate(given or ())]


def words(text: str) -> list[str]:
    return norm(text).split()


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """How alike two word lists are (0 … 1), on their first `_WORDS` words."""
    a, b = list(a[:_WORDS]), list(b[:_WORDS])
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.3:
        return 0.0
    return matcher.ratio()


def letters_alike(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a[:600], b[:600]).ratio()


def pair(items: Sequence[tuple[int, str]], recitals: Sequence[Recital]) -> dict[int, int]:
    """Item index → recital index: each item and each comment paired once at most, the most
    alike texts first (at least `TEXT_PAIR`), then an item with the comment of its number when
    their texts are at least `NUMBER_PAIR` alike letter by letter."""
    item_words = [words(text) for _, text in items]
    recital_words = [words(r.text) for r in recitals]
    paired: dict[int, int] = {}
    used: set[int] = set()
    # Most responses recite the comments in order: the item beside each comment, when alike,
    # is its answer (and the whole table need not be scored).
    for i, (a, b) in enumerate(zip(item_words, recital_words, strict=False)):
        if similarity(a, b) >= TEXT_PAIR:
            paired[i] = i
            used.add(i)
    scored = sorted(((similarity(a, b), i, j) for i, a in enumerate(item_words) if i not in paired
                     for j, b in enumerate(recital_words) if j not in used),
                    key=lambda s: (-s[0], s[1], s[2]))
    for score, i, j in scored:
        if score < TEXT_PAIR:
            break
        if i not in paired and j not in used:
            paired[i] = j
            used.add(j)
    for i, (number, text) in enumerate(items):
        if i in paired:
            continue
        same = [j for j, r in enumerate(recitals) if r.number == number and j not in used]
        if same and letters_alike(text, recitals[same[0]].text) >= NUMBER_PAIR:
            paired[i] = same[0]
            used.add(same[0])
    return paired


def locate(paras: Sequence[Sequence[str]], recitals: Sequence[Recital]
           ) -> list[tuple[int, int] | None]:
    """Where each comment is recited among paragraphs (each given as its words, without any
    number or label before the comment): (first, last) paragraph index, or None when it is
    not found. Recitals found stand in the comments' order and do not overlap."""
    found: list[tuple[float, int, int] | None] = []
    for recital in recitals:
        target = words(recital.text)
        found.append(_best_span(paras, target) if target else None)
    # Keep the recitals in order: a passage found before an earlier comment's is dropped,
    # the less alike of two first.
    kept: list[tuple[int, int] | None] = [None if f is None else (f[1], f[2]) for f in found]
    changed = True
    while changed:
        changed = False
        spans = [(i, s) for i, s in enumerate(kept) if s is not None]
        for (i, a), (j, b) in zip(spans, spans[1:], strict=False):
            if b[0] <= a[1]:
                worse = i if (found[i] or (0.0,))[0] < (found[j] or (0.0,))[0] else j
                kept[worse] = None
                changed = True
                break
    return kept


def _best_span(paras: Sequence[Sequence[str]], target: list[str]) -> tuple[float, int, int] | None:
    """(how alike, first, last) of the run of paragraphs most like `target`."""
    head = target[:10]
    best: tuple[float, int, int] | None = None
    for start, para in enumerate(paras):
        if not para or similarity(para[:len(head)], head) < 0.6:
            continue
        taken: list[str] = []
        for stop in range(start, min(len(paras), start + 40)):
            taken += paras[stop]
            if len(taken) > len(target) * 1.5 + 20:
                break
            score = difflib.SequenceMatcher(None, taken, target, autojunk=False).ratio()
            if score >= _FOUND and (best is None or score > best[0]):
                best = (score, start, stop)
    return best
