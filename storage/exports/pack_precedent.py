"""The review pack's precedent: for each comment, the best few comments of other companies in the
attached library (asked as the Precedent dock asks), with what came of them. A library that
cannot be read costs the pack its precedent, never the pack: it is one warning line."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from storage.exports.gather import Bundle
from storage.precedent.for_comment import find, query
from storage.precedent.library import LibraryError, open_readonly
from storage.precedent.search import Precedent

SHOWN = 3  # precedents per comment


@dataclass(frozen=True)
class Found:
    library: str  # the library's file name, for the pack to say where its precedent came from
    by_item: dict[int, list[Precedent]] = field(default_factory=dict)  # by index in the bundle


def look_up(bundle: Bundle, library: Path, tick: Callable[[int], None] = lambda done: None,
            shown: int = SHOWN) -> tuple[Found | None, str]:
    """Each comment's precedents, or no precedent and the one-line reason the library could
    not give them; `tick(comments done)` after each (a large library takes a while)."""
    try:
        conn = open_readonly(library)
    except LibraryError as error:
        return None, f"{error} The review pack was written without precedent."
    try:
        with closing(conn):
            by_item = {}
            for index, item in enumerate(bundle.items):
                asked = query(item.comment, item.tags, bundle.matter.company)
                if found := find(conn, asked, limit=shown):
                    by_item[index] = found
                tick(index + 1)
    except sqlite3.DatabaseError as error:
        return None, (f"The precedent library {library.name} could not be read ({error}); the "
                      "review pack was written without precedent.")
    return Found(library.name, by_item), ""
