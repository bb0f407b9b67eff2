"""Conflicts: where both sides changed the same field since they last exchanged. The local value
stays in place and the other side's waits here until the user chooses; the choice is applied
through the store's ordinary methods (so it has its events and versions) and recorded as a
revision descending from both sides, so the other workspace takes it without asking again."""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from storage.errors import NotFound, UserError
from storage.exchange.model import (
    FIELD_LABELS,
    TABLE,
    Ancestry,
    field_columns,
    heads,
    make_revision,
    put_revisions,
    seal,
    select_in,
    set_heads,
    value_of,
)

if TYPE_CHECKING:
    from storage.store import Store

Choice = Literal["local", "remote", "combined"]
_REASON = "Chosen when merging an exchange pack"


@dataclass(frozen=True)
class Conflict:
    id: str
    matter_id: str
    entity: str  # the table: responses, annotations, comments, …
    entity_id: str
    field: str  # draft | status | owner_id | due_date | body | resolved | row
    local: Any  # your value when the conflict was found (decoded)
    remote: Any  # theirs
    base: Any  # the value you both last had, when known (None otherwise)
    remote_author: str | None  # reviewer id of the pack's author
    pack_id: str
    created_at: str
    resolved_at: str | None
    resolved_by: str | None
    resolution: str | None  # local | remote | combined | settled | superseded
    comment_id: str | None  # the comment to show it with, if any
    local_rev: str = ""
    remote_rev: str = ""

    @property
    def label(self) -> str:
        return FIELD_LABELS.get((self.entity, self.field), self.field)


def _decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _comment_of(store: Store, entity: str, entity_id: str) -> str | None:
    if entity in ("responses", "comments"):
        return entity_id
    if entity == "annotations":
        row = store._one("SELECT comment_id FROM annotations WHERE id = ?", [entity_id])
        return row["comment_id"] if row else None
    return None


def _conflict(store: Store, row: dict[str, Any]) -> Conflict:
    return Conflict(row["id"], row["matter_id"], row["entity"], row["entity_id"], row["field"],
                    _decode(row["local_value"]), _decode(row["remote_value"]),
                    _decode(row["base_value"]), row["remote_author"], row["pack_id"],
                    row["created_at"], row["resolved_at"], row["resolved_by"],
                    row["resolution"], _comment_of(store, row["entity"], row["entity_id"]),
                    row["local_rev"], row["remote_rev"])


def conflicts(store: Store, matter_id: str, open_only: bool = True) -> list[Conflict]:
    sql = "SELECT * FROM conflicts WHERE matter_id = ?"
    if open_only:
        sql += " AND resolved_at IS NULL"
    return [_conflict(store, r) for r in store._all(sql + " ORDER BY created_at, rowid",
                                                    [matter_id])]


def conflict(store: Store, conflict_id: str) -> Conflict:
    row = store._one("SELECT * FROM conflicts WHERE id = ?", [conflict_id])
    if row is None:
        raise NotFound(f"conflict {conflict_id}")
    return _conflict(store, row)


def diff_words(local: str, remote: str) -> list[tuple[str, str]]:
    """Two texts as runs of (kind, text), kind one of 'same', 'local', 'remote': for showing two
    answers side by side with their differences marked. Rich-text drafts are compared by
    their words."""
    from storage.store import plain_text

    mine, theirs = plain_text(local).split(" "), plain_text(remote).split(" ")
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(mine[a1:a2])))
            continue
        if a2 > a1:
            out.append(("local", " ".join(mine[a1:a2])))
        if b2 > b1:
            out.append(("remote", " ".join(theirs[b1:b2])))
    return out


def resolve_conflict(store: Store, conflict_id: str, choice: Choice,
                     combined_text: str | None = None) -> Conflict:
    """Settle a conflict: keep yours, take theirs, or (answers and note texts) a combined text."""
    found = conflict(store, conflict_id)
    if found.resolved_at is not None:
        raise UserError("This conflict has been settled already; reload the list.")
    table = TABLE[found.entity]
    spec = table.field(found.field)
    cols = field_columns(store, table, spec)
    with store.atomic():
        row = _row(store, found)
        seal(store, table, [row])
        ours = heads(store, table.name, [found.entity_id])[(found.entity_id, found.field)][0]
        value = _chosen(found, choice, combined_text, value_of(row, cols, spec))
        _apply(store, found, value, choice)
        merged = value_of(_row(store, found), cols, spec)
        revision = make_revision(table, spec, found.entity_id, merged, [ours, found.remote_rev])
        put_revisions(store, [revision])
        set_heads(store, [(table.name, found.entity_id, found.field, revision.rev,
                           revision.digest)])
        store.db.execute("UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ?"
                         " WHERE id = ?", [_now(), store._author(), choice, found.id])
        store._event(found.matter_id, "conflict", found.id, "resolved", None,
                     {"entity": found.entity, "entity_id": found.entity_id,
                      "field": found.field, "choice": choice})
        settle_conflicts(store, [(table.name, found.entity_id, found.field)])
    return conflict(store, found.id)


def _now() -> str:
    from storage.ids import now

    return now()


def _row(store: Store, found: Conflict) -> dict[str, Any]:
    key = TABLE[found.entity].key
    row = store._one(f"SELECT * FROM {found.entity} WHERE {key} = ?", [found.entity_id])
    if row is None:
        raise NotFound(f"{found.entity} {found.entity_id}")
    return row


def _chosen(found: Conflict, choice: str, combined: str | None, current: Any) -> Any:
    if choice == "local":
        return current
    if choice == "remote":
        return found.remote
    if choice == "combined":
        if (found.entity, found.field) not in (("responses", "draft"), ("annotations", "body")):
            raise UserError(f"A {found.label} cannot be combined; keep yours or take theirs.")
        if not combined or not combined.strip():
            raise UserError("Write the combined text first.")
        return combined
    raise UserError(f"Choose 'local', 'remote' or 'combined', not {choice!r}.")


def _apply(store: Store, found: Conflict, value: Any, choice: str) -> None:
    key, where = found.entity_id, (found.entity, found.field)
    if where == ("responses", "draft"):
        store.save_draft(key, value)
        store.checkpoint(key, {"local": "Merged: kept mine", "remote": "Merged: took theirs",
                               "combined": "Merged: combined"}[choice])
    elif where == ("responses", "status"):
        store.set_status(key, value, _REASON)
    elif where == ("responses", "owner_id"):
        store.set_owner(key, value)
    elif where == ("responses", "due_date"):
        store.set_due(key, value, _REASON)
    elif where == ("annotations", "body"):
        _set_note_body(store, key, value)
    elif where == ("annotations", "resolved"):
        store.resolve_note(key, value is not None)
    elif found.field == "row" and choice == "remote":
        table = TABLE[found.entity]
        store.db.table(found.entity).upsert({**value, table.key: key}, pk=table.key)
        store._event(found.matter_id, found.entity.rstrip("s"), key, "merged", None,
                     {"conflict_id": found.id})


def _set_note_body(store: Store, note_id: str, body: str) -> None:
    note = store.note(note_id)
    if note.author_id == store._author():
        store.edit_note(note_id, body)
        return
    if note.body != body:  # someone else's note: the choice is recorded as a merge
        store.db.execute("UPDATE annotations SET body = ?, updated_at = ? WHERE id = ?",
                         [body, _now(), note_id])
        store._event(note.matter_id, "annotation", note_id, "edited", {"body": note.body},
                     {"body": body, "merged": True})


def settle_conflicts(store: Store, touched: list[tuple[str, str, str]]) -> int:
    """Close open conflicts on these fields whose other side is now part of the field's
    history (the other reviewer chose already, and their choice came in)."""
    wanted = set(touched)
    ids = sorted({key for _, key, _ in wanted})
    waiting = [r for r in select_in(store, "SELECT * FROM conflicts WHERE resolved_at IS NULL "
                                    "AND entity_id IN ({ids})", ids)
               if (r["entity"], r["entity_id"], r["field"]) in wanted]
    if not waiting:
        return 0
    ancestry = Ancestry(store, sorted({r["entity_id"] for r in waiting}))
    settled = 0
    for row in waiting:
        head = heads(store, row["entity"], [row["entity_id"]]).get(
            (row["entity_id"], row["field"]))
        if head and ancestry.is_ancestor(row["remote_rev"], head[0]):
            store.db.execute("UPDATE conflicts SET resolved_at = ?, resolution = 'settled' "
                             "WHERE id = ?", [_now(), row["id"]])
            settled += 1
    return settled
