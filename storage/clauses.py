"""The clause library: reusable passages of a workspace ("The Company respectfully advises the
Staff…", future-filing undertakings, standard acknowledgements), inserted into answers with a
shortcut, edited like anything else, and exchanged in packs. A clause marked as committing is
listed in the commitments register wherever an answer holds it."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage.errors import NotFound, UserError
from storage.ids import new_id, now

if TYPE_CHECKING:
    from storage.store import Store

# What a new workspace's library starts with: the passages every response letter uses.
STARTERS: tuple[tuple[str, str, bool], ...] = (
    ("Respectfully advises", "The Company respectfully advises the Staff that", False),
    ("Future filings", "In response to the Staff's comment, the Company will revise its "
     "disclosure in future filings, beginning with its next Annual Report on Form 10-K, to "
     "read substantially as follows:", True),
    ("Acknowledges", "The Company acknowledges that it is responsible for the adequacy and "
     "accuracy of the disclosure in its filings.", False),
)


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    body: str
    commits: bool  # promises the staff something ("in future filings we will…")
    author_id: str | None
    created_at: str
    updated_at: str
    removed_at: str | None = None


def _clause(row: dict) -> Clause:  # type: ignore[type-arg]
    return Clause(row["id"], row["title"], row["body"], bool(row["commits"]), row["author_id"],
                  row["created_at"], row["updated_at"], row["removed_at"])


def clauses(store: Store) -> list[Clause]:
    """The library, by title (removed clauses left out)."""
    found = store._all("SELECT * FROM clauses WHERE removed_at IS NULL "
                       "ORDER BY title COLLATE NOCASE, created_at")
    return [_clause(r) for r in found]


def clause(store: Store, clause_id: str) -> Clause:
    row = store._one("SELECT * FROM clauses WHERE id = ?", [clause_id])
    if row is None:
        raise NotFound(f"clause {clause_id}")
    return _clause(row)


def _checked(title: str, body: str) -> tuple[str, str]:
    title, body = " ".join(title.split()), body.strip()
    if not title or not body:
        raise UserError("A clause needs a title (to find it by) and its text.")
    return title, body


def add_clause(store: Store, title: str, body: str, commits: bool = False) -> Clause:
    title, body = _checked(title, body)
    stamp = now()
    made = Clause(new_id(), title, body, commits, store.setting("local_reviewer_id"), stamp,
                  stamp)
    with store.atomic():
        store.db.table("clauses").insert({**made.__dict__, "commits": int(commits)})
        store._event(None, "clause", made.id, "created", None, {"title": title})
    return made


def edit_clause(store: Store, clause_id: str, title: str, body: str, commits: bool) -> Clause:
    before = clause(store, clause_id)
    title, body = _checked(title, body)
    with store.atomic():
        store.db.execute("UPDATE clauses SET title = ?, body = ?, commits = ?, updated_at = ? "
                         "WHERE id = ?", [title, body, int(commits), now(), clause_id])
        store._event(None, "clause", clause_id, "edited",
                     {"title": before.title, "body": before.body, "commits": before.commits},
                     {"title": title, "body": body, "commits": commits})
    return clause(store, clause_id)


def remove_clause(store: Store, clause_id: str) -> None:
    """Take a clause out of the library (answers that hold its words keep them)."""
    found = clause(store, clause_id)
    with store.atomic():
        store.db.execute("UPDATE clauses SET removed_at = ?, updated_at = ? WHERE id = ?",
                         [now(), now(), clause_id])
        store._event(None, "clause", clause_id, "removed", {"title": found.title}, None)


STARTED = "2026-01-01T00:00:00+00:00"  # the starters' time: the same on every laptop


def ensure_starters(store: Store) -> bool:
    """Fill an empty library (never used) with the starter clauses. True if it did. Every
    laptop makes them with the same ids and values, so packs merge them as one."""
    if store._one("SELECT 1 AS x FROM clauses LIMIT 1", []) is not None:
        return False
    with store.atomic():
        for title, body, commits in STARTERS:
            starter = Clause(str(uuid.uuid5(uuid.NAMESPACE_URL, f"rejoinder:clause:{title}")),
                             title, body, commits, None, STARTED, STARTED)
            store.db.table("clauses").insert({**starter.__dict__, "commits": int(commits)})
    return True


def committing_clauses_in(store: Store, text: str) -> list[Clause]:
    """The committing clauses whose words an answer holds (spacing aside)."""
    flat = " ".join(text.split())
    return [c for c in clauses(store) if c.commits and " ".join(c.body.split()) in flat]
