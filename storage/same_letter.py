"""One letter, one matter, everywhere: a letter is known by its bytes.

Two reviewers who each import the same staff letter before any pack or sync make two matters
(with different ids). When one of them receives the other's matter — by pack or from the hub —
the workspace holds two live matters sharing a letter. `fold_same_letters` then folds one into
the other, the same choice on every laptop:

- the *kept* matter is the one the team hub already has (a hub matter never folds into a local
  one); otherwise the one whose shared letter was imported first; then the smaller id;
- every comment of the folded matter moves its work onto its counterpart in the kept matter (the
  comment at the same place of the same letter): notes, attachments, answer versions, status
  and due-date changes move over; an answer, status, owner or due date the kept comment never
  changed takes the folded one's; where both changed it differently, the kept value stays and
  the folded one waits as a conflict, on the same screen as a pack's;
- letters only the folded matter has move over with their comments; the folded matter and its
  comments are retired (never deleted), and the change travels like any other.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storage.exchange.model import (
    TABLE,
    canonical,
    field_columns,
    heads,
    make_revision,
    put_revisions,
    seal,
    value_of,
)

if TYPE_CHECKING:
    from storage.store import Store

_LETTER_ROLES = ("staff", "response")
_MOVED = ("response_versions", "status_changes", "due_changes")


def fold_same_letters(store: Store, matter_id: str) -> list[tuple[str, str]]:
    """Fold any live matter that shares a letter's bytes with `matter_id` (either way);
    returns the (folded, kept) pairs. Runs inside the caller's transaction."""
    done: list[tuple[str, str]] = []
    while True:
        pair = _twin(store, matter_id)
        if pair is None:
            return done
        folded, kept = _order(store, *pair)
        fold(store, folded, kept)
        done.append((folded, kept))
        matter_id = kept


def _twin(store: Store, matter_id: str) -> tuple[str, str] | None:
    row = store._one(
        "SELECT o.matter_id FROM documents d JOIN documents o ON o.sha256 = d.sha256 "
        "AND o.matter_id != d.matter_id JOIN matters m ON m.id = o.matter_id "
        "WHERE d.matter_id = ? AND d.role IN (?, ?) AND m.retired_at IS NULL "
        "ORDER BY o.matter_id LIMIT 1", [matter_id, *_LETTER_ROLES])
    return (matter_id, row["matter_id"]) if row else None


def _order(store: Store, one: str, other: str) -> tuple[str, str]:
    """(folded, kept)."""
    def rank(matter: str) -> tuple[int, str, str]:
        on_hub = store._one("SELECT 1 AS x FROM hub_matters WHERE matter_id = ?", [matter])
        first = store._one("SELECT min(d.imported_at) AS t FROM documents d JOIN documents o "
                           "ON o.sha256 = d.sha256 AND o.matter_id = ? WHERE d.matter_id = ?",
                           [other if matter == one else one, matter])
        return (0 if on_hub else 1, (first or {}).get("t") or "", matter)

    kept = min(one, other, key=rank)
    return (other if kept == one else one), kept


def fold(store: Store, folded: str, kept: str) -> None:
    """Move the folded matter's work into the kept one; retire what is left of it."""
    from storage.ids import now

    kept_docs = {r["sha256"]: r["id"] for r in store._all(
        "SELECT id, sha256 FROM documents WHERE matter_id = ?", [kept])}
    for doc in store._all("SELECT id, sha256 FROM documents WHERE matter_id = ?", [folded]):
        target = kept_docs.get(doc["sha256"])
        if target is None:  # a letter only the folded matter has: it moves, comments and all
            _move_document(store, doc["id"], kept)
            continue
        counterparts = {(r["seq"], r["number"]): r["id"] for r in store._all(
            "SELECT id, seq, number FROM comments WHERE document_id = ? AND retired_at IS NULL",
            [target])}
        for comment in store._all("SELECT id, seq, number FROM comments WHERE document_id = ? "
                                  "AND retired_at IS NULL", [doc["id"]]):
            twin = counterparts.get((comment["seq"], comment["number"]))
            if twin is not None:
                _move_work(store, comment["id"], twin, kept)
    stamp = now()
    store.db.execute("UPDATE comments SET retired_at = ? WHERE matter_id = ? AND retired_at "
                     "IS NULL", [stamp, folded])
    store.db.execute("UPDATE matters SET retired_at = ? WHERE id = ?", [stamp, folded])
    store._event(kept, "matter", kept, "folded", {"matter_id": folded},
                 {"reason": "the same letter was imported on two laptops"})


def _move_document(store: Store, document_id: str, kept: str) -> None:
    store.db.execute("UPDATE documents SET matter_id = ? WHERE id = ?", [kept, document_id])
    store.db.execute("UPDATE comments SET matter_id = ? WHERE document_id = ?",
                     [kept, document_id])
    store.db.execute("UPDATE annotations SET matter_id = ? WHERE document_id = ? OR comment_id "
                     "IN (SELECT id FROM comments WHERE document_id = ?)",
                     [kept, document_id, document_id])
    store.db.execute("UPDATE attachments SET matter_id = ? WHERE comment_id IN (SELECT id FROM "
                     "comments WHERE document_id = ?)", [kept, document_id])


def _move_work(store: Store, source: str, target: str, kept: str) -> None:
    target_doc = store._one("SELECT document_id FROM comments WHERE id = ?", [target])
    store.db.execute("UPDATE annotations SET comment_id = ?, matter_id = ?, document_id = "
                     "CASE WHEN document_id IS NULL THEN NULL ELSE ? END WHERE comment_id = ?",
                     [target, kept, target_doc["document_id"] if target_doc else None, source])
    store.db.execute("UPDATE attachments SET comment_id = ?, matter_id = ? WHERE comment_id = ?",
                     [target, kept, source])
    for table in _MOVED:
        store.db.execute(f"UPDATE {table} SET comment_id = ? WHERE comment_id = ?",
                         [target, source])
    _move_answer(store, source, target, kept)


def _move_answer(store: Store, source: str, target: str, kept: str) -> None:
    """Each field of the answer: taken where the kept comment never changed it, a conflict
    where both changed it differently."""
    from storage.ids import new_id, now

    table = TABLE["responses"]
    mine = store._one("SELECT * FROM responses WHERE comment_id = ?", [source])
    theirs = store._one("SELECT * FROM responses WHERE comment_id = ?", [target])
    if mine is None:
        return
    if theirs is None:
        store.db.execute("INSERT INTO responses (comment_id) VALUES (?)", [target])
        theirs = store._one("SELECT * FROM responses WHERE comment_id = ?", [target])
    assert theirs is not None
    seal(store, table, [theirs])
    known = heads(store, "responses", [target])
    changes: dict[str, Any] = {}
    for spec in table.fields:
        cols = field_columns(store, table, spec)
        moving, staying = value_of(mine, cols, spec), value_of(theirs, cols, spec)
        if moving == spec.default or moving == staying:
            continue
        if staying == spec.default:
            changes.update({c: mine.get(c) for c in cols})
            if spec.name == "draft":
                changes["draft_text"] = mine.get("draft_text", "")
            continue
        head = known[(target, spec.name)][0]
        genesis = make_revision(table, spec, target, spec.default, [])
        remote = make_revision(table, spec, target, moving, [genesis.rev])
        put_revisions(store, [genesis, remote])
        store.db.table("conflicts").insert({
            "id": new_id(), "matter_id": kept, "entity": "responses", "entity_id": target,
            "field": spec.name, "local_value": canonical(staying),
            "remote_value": canonical(moving), "base_value": canonical(spec.default),
            "local_rev": head, "remote_rev": remote.rev, "remote_author": mine.get("updated_by"),
            "pack_id": source, "created_at": now(), "resolved_at": None, "resolved_by": None,
            "resolution": None})
    if changes:
        changes["updated_at"] = max(mine.get("updated_at") or "",
                                    theirs.get("updated_at") or "") or None
        assignments = ", ".join(f"{c} = ?" for c in changes)
        store.db.execute(f"UPDATE responses SET {assignments} WHERE comment_id = ?",
                         [*changes.values(), target])
