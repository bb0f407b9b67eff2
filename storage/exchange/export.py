"""Writing a matter's exchange pack: everything, or what changed since the last pack sent to a
given reviewer (by local row order for append-only kinds, by fresh revisions for the rest)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.errors import UserError
from storage.exchange.model import (
    APPEND_ONLY,
    MUTABLE,
    TABLES,
    matter_rows,
    seal_matter,
    select_in,
)
from storage.exchange.pack import FORMAT, FORMAT_VERSION, write_pack

if TYPE_CHECKING:
    from storage.store import Store


@dataclass(frozen=True)
class PackSummary:
    path: Path
    pack_id: str
    matter_id: str
    counts: dict[str, int]  # records per kind
    documents: int  # document files carried
    since_pack_id: str | None  # the earlier pack to that reviewer it follows on from, if any
    size: int  # bytes
    retired: int = 0  # comment records carried only to retire them (merged away, split undone)
    left_out: tuple[str, ...] = ()  # attached files over the pack's limits (records only)

    def shown_counts(self) -> dict[str, int]:
        """The records per kind as a reader counts them: a comment a correction retired (a
        split undone) travels so the other side retires it too, but is no comment of the pack."""
        return {**self.counts, "comments": self.counts.get("comments", 0) - self.retired}

    def text(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in self.shown_counts().items()
                          if n and k not in ("revisions", "heads"))  # bookkeeping, not records
        scope = "changes since the pack of " + self.since_pack_id if self.since_pack_id \
            else "the whole matter"
        text = f"Wrote {self.path} ({self.size:,} bytes; {scope}): {kinds or 'no changes'}."
        if self.left_out:
            text += (f" Too large for the pack, send separately: {', '.join(self.left_out)}.")
        return text


def export_pack(store: Store, matter_id: str, path: Path, *, since_peer: str | None = None,
                to: str | None = None) -> PackSummary:
    """Write the matter's records and documents to a pack at `path` (atomically): all of
    them, or those changed since the last pack to `since_peer`. The pack is recorded as sent
    to `to` (or to `since_peer`), so the next pack to them can carry only the changes."""
    from storage.ids import new_id, now
    from storage.schema import known_names

    me = store.me()
    if me is None:
        raise UserError("Say who you are (your name and initials) before exporting a pack.")
    _matter(store, matter_id)
    previous = _previous_export(store, matter_id, since_peer) if since_peer else None
    mark = json.loads(previous["mark"]) if previous else None
    with store.atomic():
        records, new_mark = matter_records(store, matter_id, mark)
    blobs = {d: store.blob(d) for row in records["documents"]
             for d in {row["sha256"], row["display_sha256"]}}
    _check_documents_fit(blobs)
    left_out = _attachment_blobs(store, records, blobs)
    pack_id = new_id()
    applied = [r["name"] for r in store._all(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'rejoinder' ORDER BY rowid")]
    counts = {kind: len(rows) for kind, rows in records.items()}
    manifest = {"format": FORMAT, "version": FORMAT_VERSION, "pack_id": pack_id,
                "created_at": now(), "author": {"id": me.id, "name": me.name,
                                                "initials": me.initials},
                "matter_id": matter_id, "matter_title": _matter(store, matter_id)["title"],
                "schema": [n for n in applied if n in known_names()],
                "since": {"peer": since_peer, "pack_id": previous["pack_id"] if previous
                          else None}, "counts": counts}
    size = write_pack(Path(path), manifest, records, blobs)
    store.db.table("exchanges").insert({
        "id": new_id(), "pack_id": pack_id, "matter_id": matter_id, "peer_id": since_peer or to,
        "direction": "export", "at": manifest["created_at"], "mark": json.dumps(new_mark),
        "summary": json.dumps(counts)})
    retired = sum(1 for row in records["comments"] if row.get("retired_at"))
    return PackSummary(Path(path), pack_id, matter_id, counts, len(blobs),
                       previous["pack_id"] if previous else None, size, retired, left_out)


def matter_records(store: Store, matter_id: str, mark: dict[str, int] | None
                   ) -> tuple[dict[str, list[Any]], dict[str, int]]:
    """Seal the matter's fields, then gather its records (all of them, or those added or
    changed after `mark`) with their history, and the mark to follow on from next time. The
    same records travel in a pack and to a team hub. Call inside a transaction."""
    seal_matter(store, matter_id)
    records: dict[str, list[Any]] = {t.name: _rows(store, t.name, matter_id, mark)
                                     for t in TABLES}
    records["revisions"], records["heads"] = _history(store, records)
    return records, _mark(store)


def _check_documents_fit(blobs: dict[str, bytes]) -> None:
    """Letters and references must travel (their records need them): a pack they would take
    past its limits is refused here, in plain words, rather than by the reader as a bomb."""
    import storage.exchange.pack as limits  # read when called: tests lower the limits

    total = sum(len(data) for data in blobs.values())
    largest = max((len(data) for data in blobs.values()), default=0)
    if total > limits.MAX_TOTAL_BYTES or largest > limits.MAX_MEMBER_BYTES:
        raise UserError(
            f"The pack would carry {total / 2**20:,.0f} MB of letters and reference documents "
            f"(the largest {largest / 2**20:,.0f} MB), more than an exchange pack may: "
            f"{limits.MAX_TOTAL_BYTES / 2**20:,.0f} MB in all, "
            f"{limits.MAX_MEMBER_BYTES / 2**20:,.0f} MB for one document. The other reviewer's "
            "Rejoinder would refuse it, so nothing was written. A pack of the changes since "
            "an earlier one carries only the documents added since.")


def _attachment_blobs(store: Store, records: dict[str, list[Any]], blobs: dict[str, bytes]
                      ) -> tuple[str, ...]:
    """Add the attached files' bytes to `blobs` while the pack stays within its limits (one
    member, all members); the names of those left out (their records still travel)."""
    import storage.exchange.pack as limits  # read when called: tests lower the limits

    total = sum(len(data) for data in blobs.values()) + sum(
        len(json.dumps(rows, ensure_ascii=False)) for rows in records.values())
    left_out = []
    for row in records.get("attachments", []):
        digest_ = row["sha256"]
        if row["removed_at"] or digest_ in blobs:
            continue
        found = store._one("SELECT data FROM blobs WHERE sha256 = ?", [digest_])
        if found is None:
            continue  # never received here either
        data = bytes(found["data"])
        if len(data) > limits.MAX_MEMBER_BYTES or total + len(data) > limits.MAX_TOTAL_BYTES:
            left_out.append(str(row["name"]))
            continue
        blobs[digest_] = data
        total += len(data)
    return tuple(left_out)


def _matter(store: Store, matter_id: str) -> dict[str, Any]:
    row = store._one("SELECT * FROM matters WHERE id = ?", [matter_id])
    if row is None:
        raise UserError(f"There is no matter {matter_id} in this workspace; "
                        "list the matters to find its id.")
    return row


def _previous_export(store: Store, matter_id: str, peer: str) -> dict[str, Any] | None:
    return store._one("SELECT * FROM exchanges WHERE matter_id = ? AND peer_id = ? AND "
                      "direction = 'export' ORDER BY at DESC, rowid DESC LIMIT 1",
                      [matter_id, peer])


def _mark(store: Store) -> dict[str, int]:
    """The newest local row of each append-only kind and of the revisions."""
    names = [t.name for t in APPEND_ONLY] + ["exchange_revisions"]
    return {name: store._all(f"SELECT coalesce(max(rowid), 0) AS n FROM {name}")[0]["n"]
            for name in names}


def _rows(store: Store, table: str, matter_id: str, mark: dict[str, int] | None
          ) -> list[dict[str, Any]]:
    from storage.exchange.model import TABLE

    spec = TABLE[table]
    if mark is None:
        return matter_rows(store, spec, matter_id)
    if not spec.mutable:
        return store._all(f"SELECT * FROM {table} WHERE rowid > :after AND ({spec.where})",
                          {"after": mark.get(table, 0), "m": matter_id})  # type: ignore[arg-type]
    return store._all(
        f"SELECT * FROM {table} WHERE ({spec.where}) AND {spec.key} IN ("
        "SELECT h.entity_id FROM exchange_heads h JOIN exchange_revisions r ON r.rev = h.rev "
        "WHERE h.entity = :table AND r.rowid > :after)",
        {"m": matter_id, "table": table,  # type: ignore[arg-type]
         "after": mark.get("exchange_revisions", 0)})


def _history(store: Store, records: dict[str, list[dict[str, Any]]]
             ) -> tuple[list[dict[str, Any]], list[list[str]]]:
    """Every revision of the records carried, and each record's heads."""
    revisions: list[dict[str, Any]] = []
    heads: list[list[str]] = []
    for table in MUTABLE:
        ids = [row[table.key] for row in records[table.name]]
        revisions += select_in(store, "SELECT rev, entity, entity_id, field, digest, value, "
                               "parent1, parent2 FROM exchange_revisions WHERE entity = ? "
                               "AND entity_id IN ({ids}) ORDER BY rowid", ids, (table.name,))
        heads += [[r["entity"], r["entity_id"], r["field"], r["rev"]] for r in select_in(
            store, "SELECT * FROM exchange_heads WHERE entity = ? AND entity_id IN ({ids})",
            ids, (table.name,))]
    return revisions, heads
