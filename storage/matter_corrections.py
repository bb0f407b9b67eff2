"""Fixing the grouping by hand: move a letter to another matter, merge two matters, split a matter
in two. Each fix is one atomic, recorded step on the same undo stack as the split corrections
(storage.corrections.undo / redo undo and redo these too).

A letter moves with everything on it: its comments keep their drafts, statuses, notes and
highlights (they hang on the comments, not on the matter). A letter a reviewer placed is never
moved again by the automatic grouping of later imports. A matter emptied by a fix is retired,
never deleted, so that undo brings it back.

The window's menu items call:

    move_letter(store, document_id, matter_id) -> Correction
    merge_matters(store, source_id, target_id) -> Correction
    split_matter(store, document_id) -> Matter   # the new matter
    storage.corrections.undo(store) / redo(store)
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from storage.errors import UserError
from storage.models import Correction, Matter

if TYPE_CHECKING:
    from storage.store import Store

# The columns a matter fix changes, per table (a snapshot keeps only these).
_COLUMNS = {
    "matters": None,  # every column (small rows)
    "documents": ("matter_id", "round", "placed_by", "warnings"),
    "comments": ("matter_id", "answers_id"),
    "annotations": ("matter_id",),
    "responses": None,
}
_KEYS = {"matters": "id", "documents": "id", "comments": "id", "annotations": "id",
         "responses": "comment_id"}


def move_letter(store: Store, document_id: str, matter_id: str) -> Correction:
    """Move one letter (with its comments, drafts and notes) to another matter."""
    document = store.document(document_id)
    target = store.matter(matter_id)
    if document.role == "reference":
        raise UserError(f"{document.name} is a reference document, not a letter: add it to the "
                        "other matter instead.")
    if document.matter_id == matter_id:
        raise UserError(f"{document.name} is already in {target.title}.")
    source = store.matter(document.matter_id)

    def change() -> None:
        _move(store, [document_id], matter_id)

    return _apply(store, "move_letter", f"Moved {document.label} from {source.title} to "
                  f"{target.title}", document_id, matter_id, [source.id, matter_id], change)


def merge_matters(store: Store, source_id: str, target_id: str) -> Correction:
    """Put every document of `source_id` into `target_id`; the emptied matter is retired."""
    source, target = store.matter(source_id), store.matter(target_id)
    if source_id == target_id:
        raise UserError("Choose two different matters to merge.")
    documents = store.documents(source_id)
    if not documents:
        raise UserError(f"{source.title} holds no letters to merge.")

    def change() -> None:
        _move(store, [d.id for d in documents], target_id)
        _pin(store, [d.id for d in store.documents(target_id)])

    return _apply(store, "merge_matters", f"Merged {source.title} into {target.title}",
                  documents[0].id, target_id, [source_id, target_id], change)


def split_matter(store: Store, document_id: str) -> Matter:
    """Move this letter and every letter after it (in reading order) into a new matter."""
    from storage.matters import new_matter

    document = store.document(document_id)
    letters = [d for d in store.documents(document.matter_id) if d.role != "reference"]
    position = [d.id for d in letters].index(document_id) if document.role != "reference" \
        else -1
    if position <= 0:
        raise UserError(f"{document.name} is the first letter of its matter: choose a later "
                        "letter to start the new matter from.")
    moving = [d.id for d in letters[position:]]
    made: list[str] = []
    source_id = document.matter_id

    def change() -> None:
        from storage.matters import letters_facts

        (facts,) = [f for f in letters_facts(store, [document_id])]
        matter = new_matter(store, facts)
        made.append(matter.id)
        _move(store, moving, matter.id)
        _pin(store, [d.id for d in store.documents(source_id)] + moving)

    source = store.matter(source_id)
    _apply(store, "split_matter", f"Split {source.title} from {document.label} on",
           document_id, source_id, [source_id], change, created=made)
    return store.matter(made[0])


# -- the machinery --------------------------------------------------------------------------------

def _move(store: Store, document_ids: list[str], matter_id: str) -> None:
    from storage.matters import move_rows, refresh

    touched = {store.document(d).matter_id for d in document_ids} | {matter_id}
    for document_id in document_ids:
        if not move_rows(store, document_id, matter_id, "moved by a reviewer"):
            name = store.document(document_id).name
            raise UserError(f"{name} is already in that matter (the same file was imported "
                            "twice); leave this copy where it is.")
    _pin(store, document_ids)
    refresh(store, touched)


def _pin(store: Store, document_ids: list[str]) -> None:
    who = store._author() or "reviewer"
    for document_id in document_ids:
        store.db.execute("UPDATE documents SET placed_by = ? WHERE id = ?", [who, document_id])


def _snapshot(store: Store, matter_ids: list[str]) -> dict[str, dict[str, dict[str, Any] | None]]:
    """The rows a matter fix may change, of the matters given."""
    marks = ", ".join("?" for _ in matter_ids)
    where = {
        "matters": f"id IN ({marks})",
        "documents": f"matter_id IN ({marks})",
        "comments": f"matter_id IN ({marks})",
        "annotations": f"matter_id IN ({marks})",
        "responses": f"comment_id IN (SELECT id FROM comments WHERE matter_id IN ({marks}))",
    }
    out: dict[str, dict[str, dict[str, Any] | None]] = {}
    for table, columns in _COLUMNS.items():
        key = _KEYS[table]
        wanted = "*" if columns is None else ", ".join((key, *columns))
        found = store._all(f"SELECT {wanted} FROM {table} WHERE {where[table]}", matter_ids)
        out[table] = {row[key]: row for row in found}
    return out


def _apply(store: Store, action: str, description: str, document_id: str, matter_id: str,
           matter_ids: list[str], change: Callable[[], None], *,
           created: list[str] | None = None) -> Correction:
    from storage.ids import new_id, now

    with store.atomic():
        before = _snapshot(store, matter_ids)
        change()
        involved = list(dict.fromkeys(matter_ids + (created or [])))
        after = _snapshot(store, involved)
        for table, found in after.items():  # rows that did not exist before
            for key in found:
                before[table].setdefault(key, None)
        correction = Correction(new_id(), matter_id, document_id, action, description,
                                json.dumps({"tables": before}, ensure_ascii=False),
                                json.dumps({"tables": after}, ensure_ascii=False),
                                store._author(), now(), None)
        store.db.table("corrections").insert(asdict(correction))
        store._event(matter_id, "correction", document_id, action, None,
                     {"description": description})
    return correction


def restore_tables(store: Store, tables: dict[str, dict[str, dict[str, Any] | None]]) -> None:
    """Write a matter fix's snapshot back (undo writes `before`, redo `after`)."""
    from storage.ids import now

    for table in _COLUMNS:
        key = _KEYS[table]
        for pk, row in tables.get(table, {}).items():
            if row is None:
                if table == "matters":
                    store.db.execute("UPDATE matters SET retired_at = coalesce(retired_at, ?) "
                                     "WHERE id = ?", [now(), pk])
                elif table == "responses":
                    store.db.execute("DELETE FROM responses WHERE comment_id = ?", [pk])
                continue
            columns = [c for c in row if c != key]
            store.db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} "
                             f"WHERE {key} = ?", [row[c] for c in columns] + [pk])
            if table == "responses" and not store._one(
                    "SELECT 1 AS x FROM responses WHERE comment_id = ?", [pk]):
                store.db.table("responses").insert(row)
