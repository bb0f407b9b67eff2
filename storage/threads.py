"""A comment's thread across rounds: the earlier comments it cites ("prior comment 3") in the
staff letter before its own, and the later comments that cite it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage.models import Comment, Document

if TYPE_CHECKING:
    from storage.store import Store


@dataclass(frozen=True)
class Thread:
    earlier: tuple[Comment, ...]  # oldest first
    comment: Comment
    later: tuple[Comment, ...]  # oldest first


def _staff_letters(store: Store, matter_id: str) -> list[Document]:
    return sorted((d for d in store.documents(matter_id) if d.role == "staff"),
                  key=lambda d: (d.round, d.letter_date or ""))


def _cited(store: Store, comment: Comment, letters: list[Document]) -> list[Comment]:
    """The comments of the previous staff letter that `comment` cites by number."""
    ids = [d.id for d in letters]
    if comment.document_id not in ids or not comment.prior_refs:
        return []
    position = ids.index(comment.document_id)
    if position == 0:
        return []
    previous = store.comments(document_id=ids[position - 1])
    return [c for number in comment.prior_refs for c in previous if c.number == number]


def thread(store: Store, comment_id: str) -> Thread:
    comment = store.comment(comment_id)
    if comment.answers_id:  # a response letter's item: follow the staff comment it answers
        comment = store.comment(comment.answers_id)
    letters = _staff_letters(store, comment.matter_id)
    earlier: list[Comment] = []
    frontier = [comment]
    while frontier:
        cited = [c for item in frontier for c in _cited(store, item, letters)]
        earlier = cited + earlier
        frontier = cited
    later: list[Comment] = []
    frontier = [comment]
    ids = [d.id for d in letters]
    while frontier:
        found = []
        for item in frontier:
            position = ids.index(item.document_id) if item.document_id in ids else -1
            if 0 <= position < len(ids) - 1:
                found += [c for c in store.comments(document_id=ids[position + 1])
                          if item.number in c.prior_refs]
        later += found
        frontier = found
    return Thread(tuple(dict.fromkeys(earlier)), comment, tuple(dict.fromkeys(later)))
