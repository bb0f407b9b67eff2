"""A comment of the workspace asked of the precedent library: its headings, text, topic tags and
company. The Precedent dock and the review pack ask through here, so that they find the same
precedents for a comment; and both read the library's path from the same remembered setting.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage.letterfacts import company_key
from storage.precedent.search import Filters, Precedent, similar
from storage.topics import tags_of

if TYPE_CHECKING:
    from storage.models import Comment
    from storage.store import Store

FOLLOW_UP_WORDS = 25  # of the staff's follow-up, after its outcome
ANY = Filters()


@dataclass(frozen=True)
class Query:
    text: str  # the headings above the comment, then its text
    tags: tuple[str, ...]
    company_key: str  # the workspace's own company, left out of what is found


def query(comment: Comment, tags: Sequence[str], company: str) -> Query:
    """What to ask for `comment` of a matter of `company`, its topic tags given."""
    return Query("\n".join([*comment.heading_path, comment.text]), tuple(tags),
                 company_key(company))


def find(conn: sqlite3.Connection, asked: Query, filters: Filters = ANY,
         limit: int = 10) -> list[Precedent]:
    """The `limit` precedents most like the comment asked, best first."""
    return similar(conn, asked.text, asked.tags, asked.company_key, filters, limit)


def for_comment(conn: sqlite3.Connection, store: Store, comment: Comment,
                filters: Filters = ANY, limit: int = 10) -> list[Precedent]:
    """A comment's precedents, its tags and company read from the store."""
    matter = store.matter(comment.matter_id)
    return find(conn, query(comment, tags_of(store, comment.id), matter.company), filters,
                limit)


def follow_up(p: Precedent, words: int = FOLLOW_UP_WORDS) -> str:
    """The start of the staff's follow-up, when the outcome was one; else ""."""
    if p.outcome != "followed_up" or not p.follow_up:
        return ""
    return first_words(p.follow_up, words)


def first_words(text: str | None, count: int) -> str:
    """The first `count` words of `text`, on one line, "…" when there were more."""
    found = (text or "").split()
    return " ".join(found[:count]) + (" …" if len(found) > count else "")


def setting_key(store: Store) -> str:
    """Where the window's settings remember the library attached to this workspace (a path on
    this machine, so kept per machine and not in the workspace)."""
    where = str(store.path.resolve()) if store.path else "memory"
    return "precedent/library-" + hashlib.sha1(where.encode()).hexdigest()[:12]
