"""Fixing a letter's split by hand: split a comment, merge two, renumber, edit headings, make a
comment from a selected passage. Each fix is one atomic, recorded, undoable step. `undo` and
`redo` also undo and redo the matter fixes of storage.matter_corrections (one stack).

A correction keeps the touched comment rows as they were before and after; undo writes the
`before` rows back, redo the `after` rows. Comments are never deleted: one that a fix removes is
retired (`retired_at`), so notes, drafts and links that point at it survive an undo.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from storage import rows
from storage.errors import UserError
from storage.models import Comment, Correction, Region

if TYPE_CHECKING:
    from storage.store import Store

_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]\s+")


def corrections(store: Store, document_id: str) -> list[Correction]:
    found = store._all("SELECT * FROM corrections WHERE document_id = ? ORDER BY at, rowid",
                       [document_id])
    return [Correction(**r) for r in found]


def split_comment(store: Store, comment_id: str, offset: int) -> tuple[Comment, Comment]:
    """Split a comment's text at `offset`; the second part becomes a comment of its own,
    numbered by a leading "N." if it has one, else one more than the first."""
    comment = store.comment(comment_id)
    head, tail = comment.text[:offset].rstrip(), comment.text[offset:].strip()
    if not head or not tail:
        raise UserError("Put the cursor inside the comment's text, where the new comment starts.")
    number = comment.number + 1
    match = _LEADING_NUMBER.match(tail)
    if match:
        number, tail = int(match.group(1)), tail[match.end():]
    before_regions, after_regions = split_regions(comment.regions, comment.text, offset)
    from storage.ids import new_id

    second_id = new_id()
    work = store.response(comment_id)

    def change(row_of: dict[str, dict[str, Any]]) -> None:
        first = row_of[comment_id]
        first.update(text=head, regions=_regions_json(before_regions))
        for other in _after(store, comment):
            row_of[other.id]["seq"] = other.seq + 1
        row_of[second_id] = {**first, "id": second_id, "seq": comment.seq + 1, "number": number,
                             "headings": "[]", "text": tail, "origin": "split",
                             "regions": _regions_json(after_regions),
                             "filed_response": None, "response_regions": "[]",
                             "answers_id": None, "retired_at": None}
        # The new comment is part of the same work: same status, owner and due date.
        row_of[f"responses:{second_id}"] = {
            "comment_id": second_id, "draft": "", "draft_text": "", "status": work.status,
            "owner_id": work.owner_id, "due_date": work.due_date, "updated_at": _now(),
            "updated_by": store._author()}

    touched = [comment_id, second_id, f"responses:{second_id}"] + \
        [c.id for c in _after(store, comment)]
    _apply(store, comment, "split", f"Split comment {comment.number} into {comment.number} "
           f"and {number}", touched, change)
    return store.comment(comment_id), store.comment(second_id)


def merge_with_next(store: Store, comment_id: str) -> Comment:
    """Join a comment and the one after it in the same letter; the second is retired."""
    comment = store.comment(comment_id)
    following = _after(store, comment)
    if not following:
        raise UserError(f"Comment {comment.number} is the last in its letter: "
                        "there is nothing after it to merge.")
    second = following[0]
    # What hangs on the second comment follows it into the first: the response letter's
    # items that answer it, its notes, its status history, and its draft (joined to the first's).
    answering = [a.id for a in store.answers_to(second.id)]
    notes = [n.id for n in store.notes(second.id)]
    statuses = [c.id for c in store.status_changes(second.id)]
    joined = join_drafts(store.response(comment.id).draft, store.response(second.id).draft,
                         second.number)

    def change(row_of: dict[str, dict[str, Any]]) -> None:
        first = row_of[comment.id]
        first["text"] = comment.text.rstrip() + "\n\n" + second.text.lstrip()
        first["regions"] = _regions_json(comment.regions + second.regions)
        if second.filed_response:
            first["filed_response"] = "\n\n".join(
                t for t in (comment.filed_response, second.filed_response) if t)
            first["response_regions"] = _regions_json(comment.response_regions
                                                       + second.response_regions)
        first["origin"] = "merge"
        row_of[second.id]["retired_at"] = _now()
        for item in answering:
            row_of[item]["answers_id"] = comment.id
        for key in [f"annotations:{n}" for n in notes] + [f"status_changes:{c}" for c in statuses]:
            row_of[key]["comment_id"] = comment.id
        if joined is not None:
            response = row_of.setdefault(f"responses:{comment.id}", _response_row(store, comment))
            response.update(draft=joined, draft_text=_plain(joined), updated_at=_now(),
                            updated_by=store._author())

    touched = [comment.id, second.id, *answering, *(f"annotations:{n}" for n in notes),
               *(f"status_changes:{c}" for c in statuses), f"responses:{comment.id}"]
    with store.atomic():
        if joined is not None:
            store.checkpoint(comment.id, f"Before merging comment {second.number}")
        _apply(store, comment, "merge", f"Merged comment {second.number} into {comment.number}",
               touched, change)
        if joined is not None:
            store.checkpoint(comment.id, f"Merged with comment {second.number}: both answers")
    return store.comment(comment.id)


MERGE_SEPARATOR = "——— Answer to comment {number}, merged in ———"


def join_drafts(first: str, second: str, number: int) -> str | None:
    """Both answers in one draft, the second after a visible separator line; None when the
    second has none (the first's stands)."""
    from storage.store import plain_text

    if not plain_text(second).strip():
        return None
    separator = MERGE_SEPARATOR.format(number=number)
    rich = [d for d in (first, second) if "<" in d and ">" in d]
    if not rich:
        return "\n\n".join(p for p in (first.strip(), separator, second.strip()) if p)
    from html import escape

    def body(draft: str) -> str:
        if not (("<" in draft) and (">" in draft)):
            return "".join(f"<p>{escape(line)}</p>" for line in draft.splitlines() if line.strip())
        match = re.search(r"<body[^>]*>(.*)</body>", draft, re.S | re.I)
        return match.group(1) if match else draft

    parts = [body(first)] if plain_text(first).strip() else []
    parts += [f"<p><b>{escape(separator)}</b></p>", body(second)]
    return "<html><body>" + "".join(parts) + "</body></html>"


def split_regions(regions: tuple[Region, ...], text: str, offset: int
                  ) -> tuple[tuple[Region, ...], tuple[Region, ...]]:
    """The regions (one a printed line) before and after a split at `offset` of the text: the
    line the split falls in is cut where the text is split, measured by the lines' widths."""
    if not regions:
        return (), ()
    widths = [max(0.0, r.rect[2] - r.rect[0]) for r in regions]
    target = sum(widths) * offset / max(1, len(text))
    done = 0.0
    for index, (region, width) in enumerate(zip(regions, widths, strict=True)):
        if done + width >= target:
            x = region.rect[0] + (target - done)
            x0, y0, x1, y1 = region.rect
            if x - x0 < 0.05 * width:
                return regions[:index], regions[index:]
            if x1 - x < 0.05 * width:
                return regions[:index + 1], regions[index + 1:]
            return (regions[:index] + (Region(region.page, (x0, y0, x, y1)),),
                    (Region(region.page, (x, y0, x1, y1)),) + regions[index + 1:])
        done += width
    return regions, ()


def renumber(store: Store, comment_id: str, number: int) -> Comment:
    comment = store.comment(comment_id)
    if number < 1:
        raise UserError("A comment number is a whole number from 1.")

    def change(row_of: dict[str, dict[str, Any]]) -> None:
        row_of[comment_id]["number"] = number

    _apply(store, comment, "renumber", f"Renumbered comment {comment.number} as {number}",
           [comment_id], change)
    return store.comment(comment_id)


def set_headings(store: Store, comment_id: str, headings: Iterable[str]) -> Comment:
    """Replace the headings printed above a comment (one line each; empty lines dropped)."""
    comment = store.comment(comment_id)
    clean = [" ".join(h.split()) for h in headings if h.strip()]

    def change(row_of: dict[str, dict[str, Any]]) -> None:
        row_of[comment_id]["headings"] = json.dumps(clean, ensure_ascii=False)

    _apply(store, comment, "headings", f"Edited the headings of comment {comment.number}",
           [comment_id] + [c.id for c in _after(store, comment)], change)
    return store.comment(comment_id)


def create_comment(store: Store, document_id: str, text: str, regions: Iterable[Region],
                   number: int | None = None) -> Comment:
    """Make a comment of a passage the parser missed, placed by where it stands on the page."""
    from storage.ids import new_id

    text = text.strip()
    regions = tuple(regions)
    if not text:
        raise UserError("Select the comment's text in the letter first.")
    document = store.document(document_id)
    existing = store.comments(document_id=document_id)
    match = _LEADING_NUMBER.match(text)
    if match and number is None:
        number, text = int(match.group(1)), text[match.end():]
    position = _position(regions[0] if regions else None, existing)
    if number is None:
        number = existing[position - 1].number + 1 if position else 1
    later = existing[position:]
    comment_id = new_id()

    def change(row_of: dict[str, dict[str, Any]]) -> None:
        for other in later:
            row_of[other.id]["seq"] = other.seq + 1
        row_of[comment_id] = rows.to_row(Comment(
            comment_id, document.matter_id, document_id, position, number, (), (), text,
            regions[0].page if regions and document.source_format == "pdf" else None, regions,
            (), None, (), None, origin="manual"))

    anchor = later[0] if later else (existing[-1] if existing else None)
    _apply(store, anchor, "create", f"Made comment {number} from a selection",
           [comment_id] + [c.id for c in later], change, document_id=document_id,
           matter_id=document.matter_id)
    return store.comment(comment_id)


def undo(store: Store) -> Correction | None:
    """Undo the newest correction still in force; None when there is none."""
    found = store._one("SELECT * FROM corrections WHERE undone_at IS NULL "
                       "ORDER BY at DESC, rowid DESC LIMIT 1", [])
    if found is None:
        return None
    correction = Correction(**found)
    with store.atomic():
        _restore(store, json.loads(correction.before))
        store.db.execute("UPDATE corrections SET undone_at = ? WHERE id = ?",
                         [_now(), correction.id])
        store._event(correction.matter_id, "correction", correction.document_id, "undone", None,
                     {"description": correction.description, "correction_id": correction.id})
    return correction


def redo(store: Store) -> Correction | None:
    """Redo the correction undone last, unless a newer correction has been made since."""
    found = store._one("SELECT * FROM corrections WHERE undone_at IS NOT NULL "
                       "AND at > coalesce((SELECT max(at) FROM corrections "
                       "WHERE undone_at IS NULL), '') ORDER BY undone_at DESC LIMIT 1", [])
    if found is None:
        return None
    correction = Correction(**found)
    with store.atomic():
        _restore(store, json.loads(correction.after))
        store.db.execute("UPDATE corrections SET undone_at = NULL WHERE id = ?", [correction.id])
        store._event(correction.matter_id, "correction", correction.document_id, "redone", None,
                     {"description": correction.description, "correction_id": correction.id})
    return correction


# -- the machinery --------------------------------------------------------------------------------

def _now() -> str:
    from storage.ids import now

    return now()


def _regions_json(regions: Iterable[Region]) -> str:
    return json.dumps([{"page": r.page, "rect": list(r.rect)} for r in regions])


def _after(store: Store, comment: Comment) -> list[Comment]:
    return [c for c in store.comments(document_id=comment.document_id) if c.seq > comment.seq]


def _position(region: Region | None, existing: list[Comment]) -> int:
    """How many existing comments stand before a region (by page, then height on the page)."""
    if region is None:
        return len(existing)
    key = (region.page, region.rect[1])
    return sum(1 for c in existing if c.regions and (c.regions[0].page, c.regions[0].rect[1]) < key)


# A correction's snapshot holds comment rows by id, and the rows of other tables it moves
# (a merged comment's notes, its status history, a draft) by "table:key".
_KEYS = {"comments": "id", "responses": "comment_id", "annotations": "id", "status_changes": "id"}


def _table_of(key: str) -> tuple[str, str]:
    table, _, row_id = key.rpartition(":")
    return table or "comments", row_id


def _response_row(store: Store, comment: Comment) -> dict[str, Any]:
    work = store.response(comment.id)
    return {"comment_id": comment.id, "draft": work.draft, "draft_text": _plain(work.draft),
            "status": work.status, "owner_id": work.owner_id, "due_date": work.due_date,
            "updated_at": work.updated_at, "updated_by": work.updated_by}


def _plain(draft: str) -> str:
    from storage.store import plain_text

    return plain_text(draft)


def _snapshot(store: Store, ids: list[str]) -> dict[str, dict[str, Any] | None]:
    out: dict[str, dict[str, Any] | None] = {}
    for key in ids:
        table, row_id = _table_of(key)
        out[key] = store._one(f"SELECT * FROM {table} WHERE {_KEYS[table]} = ?", [row_id])
    return out


def _apply(store: Store, anchor: Comment | None, action: str, description: str, ids: list[str],
           change: Callable[[dict[str, dict[str, Any]]], None], *,
           document_id: str | None = None, matter_id: str | None = None) -> None:
    from storage.ids import new_id, now

    document_id = document_id or (anchor.document_id if anchor else None)
    matter_id = matter_id or (anchor.matter_id if anchor else None)
    assert document_id and matter_id
    with store.atomic():
        before = _snapshot(store, ids)
        row_of = {k: dict(v) for k, v in before.items() if v is not None}
        change(row_of)
        _restore(store, row_of)
        _recompute_heading_paths(store, document_id)
        after = _snapshot(store, ids)
        correction_id = new_id()
        store.db.table("corrections").insert({
            "id": correction_id, "matter_id": matter_id, "document_id": document_id,
            "action": action, "description": description,
            "before": json.dumps(before, ensure_ascii=False),
            "after": json.dumps(after, ensure_ascii=False),
            "author_id": store._author(), "at": now(), "undone_at": None})
        store._event(matter_id, "correction", document_id, action, None,
                     {"description": description, "correction_id": correction_id})


def _restore(store: Store, snapshot: Mapping[str, Any]) -> None:
    if "tables" in snapshot:  # a matter fix (storage.matter_corrections)
        from storage.matter_corrections import restore_tables

        restore_tables(store, snapshot["tables"])
        return
    for key, row in snapshot.items():
        table, row_id = _table_of(key)
        if row is not None:
            store.db.table(table).upsert(row, pk=_KEYS[table])
        elif table == "comments":
            store.db.execute("UPDATE comments SET retired_at = ? WHERE id = ? "
                             "AND retired_at IS NULL", [_now(), row_id])
        else:  # a row the correction made (the work on a comment a split made)
            store.db.execute(f"DELETE FROM {table} WHERE {_KEYS[table]} = ?", [row_id])


def _recompute_heading_paths(store: Store, document_id: str) -> None:
    path: tuple[str, ...] = ()
    for comment in store.comments(document_id=document_id):
        if comment.headings:
            path = comment.headings
        if comment.heading_path != path:
            store.db.execute("UPDATE comments SET heading_path = ? WHERE id = ?",
                             [json.dumps(list(path), ensure_ascii=False), comment.id])


_PLACE_ONLY = {"seq", "heading_path"}  # what a fix to another comment changes in this one


def corrections_of(store: Store, comment_id: str) -> list[Correction]:
    """The corrections of a comment's letter that changed this comment itself (its text,
    bounds, number or headings), not those that only moved it down or changed the headings
    it inherits."""
    comment = store.comment(comment_id)
    found = []
    for correction in corrections(store, comment.document_id):
        before = json.loads(correction.before).get(comment_id)
        after = json.loads(correction.after).get(comment_id)
        if before is None or after is None:
            if before != after:
                found.append(correction)
            continue
        if any(before.get(k) != after.get(k) for k in set(before) | set(after)
               if k not in _PLACE_ONLY):
            found.append(correction)
    return found
