"""Importing a pack: union the append-only kinds, take what only one side changed, record a
conflict where both did — all in one transaction, after every check has passed."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.errors import BugError
from storage.exchange.conflict import Conflict, conflicts, settle_conflicts
from storage.exchange.model import (
    APPEND_ONLY,
    AUTO_MERGE,
    MUTABLE,
    NO_DEFAULT,
    Ancestry,
    Table,
    canonical,
    digest,
    field_columns,
    heads,
    make_revision,
    put_revisions,
    seal,
    select_in,
    set_heads,
    value_of,
)
from storage.exchange.pack import RawPack, read_pack
from storage.exchange.records import Pack, check_pack
from storage.matters import key_received_letters
from storage.same_letter import fold_same_letters

if TYPE_CHECKING:
    from storage.store import Store

# Columns that follow the newest change rather than being merged field by field.
_STAMPS = {"responses": ("updated_at", "updated_by"), "annotations": ("updated_at",)}


@dataclass(frozen=True)
class ImportSummary:
    path: Path
    pack_id: str
    matter_id: str
    matter_title: str
    author: str  # who made the pack
    new_matter: bool
    repeated: bool  # this pack had been imported before
    added: dict[str, int]  # new records per kind
    updated: dict[str, int]  # records that took the other side's changes, per kind
    new_conflicts: int
    settled_conflicts: int  # conflicts the pack settled (the other side chose already)
    waiting: tuple[Conflict, ...]  # every open conflict of the matter

    def lines(self) -> list[str]:
        def listing(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n) \
                or "nothing"

        out = [f"Imported {self.author}'s pack for {self.matter_title}"
               + (" (a new matter)" if self.new_matter else "")
               + (" — it had been imported before" if self.repeated else "") + ".",
               f"New: {listing(self.added)}.",
               f"Merged their changes into: {listing(self.updated)}."]
        if self.settled_conflicts:
            out.append(f"{self.settled_conflicts} earlier conflict(s) were settled by the pack.")
        out.append(f"{len(self.waiting)} conflict(s) wait for your choice"
                   + (f" ({self.new_conflicts} new)." if self.new_conflicts else "."))
        return out


@dataclass
class _Tally:
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    touched: list[tuple[str, str, str]] = field(default_factory=list)


def import_pack(store: Store, path: Path) -> ImportSummary:
    """Check a pack completely, then merge it in one transaction. Raises DamagedPack (a
    UserError) and leaves the workspace untouched if anything is wrong with it."""
    return merge_raw(store, read_pack(Path(path)))


def merge_raw(store: Store, raw: RawPack) -> ImportSummary:
    """`import_pack` for a pack already read (from a file, or from a team hub's rows)."""
    path = raw.path
    pack = check_pack(store, raw)
    repeated = store._one("SELECT 1 AS x FROM exchanges WHERE pack_id = ? AND "
                          "direction = 'import'", [pack.pack_id]) is not None
    new_matter = store._one("SELECT 1 AS x FROM matters WHERE id = ?", [pack.matter_id]) is None
    tally = _Tally()
    with store.atomic():
        store.db.execute("PRAGMA defer_foreign_keys = ON")
        _merge(store, pack, tally)
        settled = settle_conflicts(store, tally.touched)
        if not repeated:
            _record(store, pack, tally)
        # one letter, one matter (storage.same_letter); then the keys of the matter kept, so
        # the review's next letter, imported here, joins it
        folded = fold_same_letters(store, pack.matter_id)
        key_received_letters(store, folded[-1][1] if folded else pack.matter_id)
    title = store._one("SELECT title FROM matters WHERE id = ?", [pack.matter_id])
    return ImportSummary(Path(path), pack.pack_id, pack.matter_id,
                         title["title"] if title else "", str(pack.manifest["author"]["name"]),
                         new_matter, repeated, dict(tally.added), dict(tally.updated),
                         tally.conflicts, settled, tuple(conflicts(store, pack.matter_id)))


def _merge(store: Store, pack: Pack, tally: _Tally) -> None:
    for digest_, size in pack.raw.sizes().items():
        _put_blob(store, pack.raw, digest_, size)
    put_revisions(store, pack.revisions)
    for table in MUTABLE:
        _merge_table(store, pack, table, tally)
    for table in APPEND_ONLY:
        tally.added[table.name] += _union(store, table.name, pack.rows[table.name])


def _put_blob(store: Store, raw: RawPack, digest_: str, size: int) -> None:
    """A document's bytes written a chunk at a time (SQLite's incremental blob I/O), so a large
    pack never sits whole in memory."""
    if store._one("SELECT 1 AS x FROM blobs WHERE sha256 = ?", [digest_]):
        return
    cursor = store.db.execute("INSERT INTO blobs (sha256, size, data) VALUES (?, ?, zeroblob(?))",
                              [digest_, size, size])
    if cursor.lastrowid is None:
        raise BugError(f"the document {digest_} was written without a rowid")
    with store.db.conn.blobopen("blobs", "data", cursor.lastrowid) as blob:
        for chunk in raw.chunks(digest_):
            blob.write(chunk)


def _union(store: Store, table: str, rows: list[dict[str, Any]]) -> int:
    added = 0
    for row in rows:  # rows may differ in columns (an older sender), so one at a time
        cols = list(row)
        cursor = store.db.execute(
            f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}) "
            f"VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols])
        added += max(cursor.rowcount, 0)
    return added


def _merge_table(store: Store, pack: Pack, table: Table, tally: _Tally) -> None:
    remote = {row[table.key]: row for row in pack.rows[table.name]}
    if not remote:
        return
    local = {row[table.key]: row for row in select_in(
        store, f"SELECT * FROM {table.name} WHERE {table.key} IN ({{ids}})", list(remote))}
    fresh = [row for key, row in remote.items() if key not in local]
    tally.added[table.name] += _union(store, table.name, fresh)
    set_heads(store, [(table.name, row[table.key], f.name,
                       pack.heads[(table.name, row[table.key], f.name)],
                       _remote_digest(pack, table, row, f.name)) for row in fresh
                      for f in table.fields])
    if not local:
        return
    seal(store, table, list(local.values()))
    known = heads(store, table.name, list(local))
    ancestry = Ancestry(store, list(local))
    for key, row in local.items():
        _merge_record(store, pack, table, row, remote[key], known, ancestry, tally)


def _remote_digest(pack: Pack, table: Table, row: dict[str, Any], field_name: str) -> str:
    return pack.digests[pack.heads[(table.name, row[table.key], field_name)]]


def _merge_record(store: Store, pack: Pack, table: Table, local: dict[str, Any],
                  remote: dict[str, Any], known: dict[tuple[str, str], tuple[str, str]],
                  ancestry: Ancestry, tally: _Tally) -> None:
    key = local[table.key]
    changes: dict[str, Any] = {}
    moved: list[tuple[str, str, str, str, str]] = []
    for spec in table.fields:
        ours = known[(key, spec.name)][0]
        theirs = pack.heads[(table.name, key, spec.name)]
        if ours == theirs or ancestry.is_ancestor(theirs, ours):
            continue
        cols = field_columns(store, table, spec)
        if ancestry.is_ancestor(ours, theirs):
            changes.update({c: remote.get(c) for c in cols})
            if spec.name == "draft":
                changes["draft_text"] = remote.get("draft_text", local.get("draft_text"))
            moved.append((table.name, key, spec.name, theirs, pack.digests[theirs]))
            continue
        mine, yours = value_of(local, cols, spec), value_of(remote, cols, spec)
        merged = mine if digest(mine) == digest(yours) else \
            AUTO_MERGE.get((table.name, spec.name), lambda a, b: NO_DEFAULT)(mine, yours)
        if merged is NO_DEFAULT:
            tally.conflicts += _conflict(store, pack, table, spec.name, key, mine, yours,
                                         ours, theirs, ancestry)
            tally.touched.append((table.name, key, spec.name))
            continue
        revision = make_revision(table, spec, key, merged, [ours, theirs])
        put_revisions(store, [revision])
        moved.append((table.name, key, spec.name, revision.rev, revision.digest))
        if digest(merged) != digest(mine):
            changes.update(dict(merged) if isinstance(merged, dict) else {cols[0]: merged})
    # Only a change of a field counts as merged: a conflict's newer time stamp alone does not.
    merged_any = any(local.get(c) != v for c, v in changes.items())
    changes.update(_newer_stamps(table, local, remote))
    if any(local.get(c) != v for c, v in changes.items()):
        assignments = ", ".join(f"{c} = ?" for c in changes)
        store.db.execute(f"UPDATE {table.name} SET {assignments} WHERE {table.key} = ?",
                         [*changes.values(), key])
        tally.updated[table.name] += merged_any
    set_heads(store, moved)
    tally.touched += [(t, k, f) for t, k, f, _, _ in moved]


def _newer_stamps(table: Table, local: dict[str, Any], remote: dict[str, Any]) -> dict[str, Any]:
    stamps = _STAMPS.get(table.name, ())
    if stamps and (remote.get(stamps[0]) or "") > (local.get(stamps[0]) or ""):
        return {c: remote.get(c) for c in stamps}
    return {}


def _conflict(store: Store, pack: Pack, table: Table, field_name: str, key: str, mine: Any,
              yours: Any, ours: str, theirs: str, ancestry: Ancestry) -> int:
    from storage.ids import new_id, now

    waiting = store._all("SELECT id, local_rev, remote_rev FROM conflicts WHERE entity = ? "
                         "AND entity_id = ? AND field = ? AND resolved_at IS NULL",
                         [table.name, key, field_name])
    for old in waiting:
        if old["remote_rev"] == theirs:  # the same disagreement, seen again
            if old["local_rev"] != ours:
                store.db.execute("UPDATE conflicts SET local_rev = ?, local_value = ? "
                                 "WHERE id = ?", [ours, canonical(mine), old["id"]])
            return 0
        if ancestry.is_ancestor(old["remote_rev"], theirs):  # they changed it again since
            store.db.execute("UPDATE conflicts SET resolved_at = ?, resolution = 'superseded' "
                             "WHERE id = ?", [now(), old["id"]])
    store.db.table("conflicts").insert({
        "id": new_id(), "matter_id": pack.matter_id, "entity": table.name, "entity_id": key,
        "field": field_name, "local_value": canonical(mine), "remote_value": canonical(yours),
        "base_value": ancestry.base(ours, theirs), "local_rev": ours, "remote_rev": theirs,
        "remote_author": pack.author_id, "pack_id": pack.pack_id, "created_at": now(),
        "resolved_at": None, "resolved_by": None, "resolution": None})
    return 1


def _record(store: Store, pack: Pack, tally: _Tally) -> None:
    from storage.ids import new_id, now

    store.db.table("exchanges").insert({
        "id": new_id(), "pack_id": pack.pack_id, "matter_id": pack.matter_id,
        "peer_id": pack.author_id, "direction": "import", "at": now(), "mark": "{}",
        "summary": json.dumps({"added": dict(tally.added), "updated": dict(tally.updated),
                               "conflicts": tally.conflicts})})
