"""What a pack carries and how a field's history is kept: the tables, their mergeable fields,
value digests, revision ids, heads, and sealing (recording a field's current value as a revision).

A revision is pure content: its id is derived from (table, record id, field, digest of the value,
sorted parent ids), so two workspaces that record the same step get the same id, and a merge
that both sides make the same way converges on its own.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.store import Store

NO_DEFAULT = object()


@dataclass(frozen=True)
class Field:
    """A mergeable part of a record: one column, several, or the whole row ("row")."""

    name: str
    columns: tuple[str, ...] = ()  # empty: every column but the key and `skip`
    default: Any = NO_DEFAULT  # the value a record has before anyone changes it
    keep_value: bool = True  # store the value in its revisions (for showing a base)


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    where: str  # selects a matter's rows; `:m` is the matter id
    fields: tuple[Field, ...] = ()  # none: append-only, merged as a union by key
    skip: tuple[str, ...] = ()  # columns a "row" field leaves out (copied on insert only)
    optional: bool = False  # added after packs were first made: an older pack may lack it

    @property
    def mutable(self) -> bool:
        return bool(self.fields)

    def field(self, name: str) -> Field:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)


_BY_COMMENT = "comment_id IN (SELECT id FROM comments WHERE matter_id = :m)"
ROW = Field("row", keep_value=False)

# In the order they are written (references first).
TABLES: tuple[Table, ...] = (
    Table("reviewers", "id", "1 = 1", (ROW,)),
    Table("clauses", "id", "1 = 1", (ROW,), optional=True),  # the workspace's clause library
    Table("matters", "id", "id = :m", (ROW,)),
    Table("documents", "id", "matter_id = :m", (ROW,), skip=("parse",)),
    Table("comments", "id", "matter_id = :m", (ROW,)),
    Table("corrections", "id", "matter_id = :m", (ROW,)),
    Table("responses", "comment_id", _BY_COMMENT, (
        Field("draft", ("draft",), ""), Field("status", ("status",), "open"),
        Field("owner_id", ("owner_id",), None), Field("due_date", ("due_date",), None))),
    Table("response_versions", "id", _BY_COMMENT),
    Table("status_changes", "id", _BY_COMMENT),
    Table("due_changes", "id", _BY_COMMENT),
    Table("attachments", "id", "matter_id = :m", (ROW,), optional=True),
    Table("tag_overrides", "id", _BY_COMMENT, (ROW,), optional=True),  # storage.topics
    Table("answer_kinds", "comment_id", _BY_COMMENT, (ROW,), optional=True),
    Table("annotations", "id", "matter_id = :m", (
        Field("body", ("body",)), Field("resolved", ("resolved_at", "resolved_by"), None))),
    # A precedent passage used in a draft: carried, so a colleague's export warns of it too.
    Table("precedent_quotes", "id", _BY_COMMENT, optional=True),
    Table("events", "id", "matter_id = :m OR (matter_id IS NULL AND entity = 'reviewer')"),
)
TABLE = {t.name: t for t in TABLES}
MUTABLE = tuple(t for t in TABLES if t.mutable)
APPEND_ONLY = tuple(t for t in TABLES if not t.mutable)
# Fields that the user decides between when both sides changed them.
FIELD_LABELS = {("responses", "draft"): "answer", ("responses", "status"): "status",
                ("responses", "owner_id"): "owner", ("responses", "due_date"): "due date",
                ("annotations", "body"): "note text", ("annotations", "resolved"): "note resolved",
                ("comments", "row"): "comment", ("documents", "row"): "document",
                ("matters", "row"): "matter", ("reviewers", "row"): "reviewer",
                ("clauses", "row"): "clause", ("attachments", "row"): "attachment",
                ("corrections", "row"): "split correction",
                ("tag_overrides", "row"): "topic tag", ("answer_kinds", "row"): "answer kind"}


def columns(store: Store, table: str) -> list[str]:
    return [c.name for c in store.db[table].columns]


def field_columns(store: Store, table: Table, field: Field) -> tuple[str, ...]:
    if field.columns:
        return field.columns
    return tuple(c for c in columns(store, table.name) if c != table.key and c not in table.skip)


def value_of(row: dict[str, Any], cols: tuple[str, ...], field: Field) -> Any:
    if field.name != "row" and len(cols) == 1:
        return row.get(cols[0])
    if field.default is None and all(row.get(c) is None for c in cols):
        return None
    return {c: row.get(c) for c in cols}


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode()).hexdigest()


def rev_id(table: str, entity_id: str, field: str, value_digest: str,
           parents: Iterable[str]) -> str:
    text = "\0".join((table, entity_id, field, value_digest, ",".join(sorted(parents))))
    return str(uuid.UUID(bytes=hashlib.sha256(text.encode()).digest()[:16], version=5))


@dataclass(frozen=True)
class Revision:
    rev: str
    entity: str
    entity_id: str
    field: str
    digest: str
    value: str | None  # canonical JSON, or None when not kept
    parent1: str | None
    parent2: str | None

    @property
    def parents(self) -> tuple[str, ...]:
        return tuple(p for p in (self.parent1, self.parent2) if p)


def make_revision(table: Table, field: Field, entity_id: str, value: Any,
                  parents: Iterable[str], value_digest: str | None = None) -> Revision:
    parents = sorted(parents)
    value_digest = value_digest or digest(value)
    return Revision(rev_id(table.name, entity_id, field.name, value_digest, parents),
                    table.name, entity_id, field.name, value_digest,
                    canonical(value) if field.keep_value else None,
                    parents[0] if parents else None, parents[1] if len(parents) > 1 else None)


def chunks(items: list[Any], size: int = 800) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def select_in(store: Store, sql: str, ids: list[str], params: tuple[Any, ...] = ()
              ) -> list[dict[str, Any]]:
    """`sql` with `{ids}` standing for a list of placeholders (after `params`), run in chunks."""
    found: list[dict[str, Any]] = []
    for part in chunks(ids):
        found += store._all(sql.format(ids=",".join("?" * len(part))), [*params, *part])
    return found


Heads = dict[tuple[str, str], tuple[str, str]]


def heads(store: Store, table: str, ids: list[str] | None = None) -> Heads:
    """(record id, field) → (head rev, its digest)."""
    sql = "SELECT entity_id, field, rev, digest FROM exchange_heads WHERE entity = ?"
    found = (store._all(sql, [table]) if ids is None
             else select_in(store, sql + " AND entity_id IN ({ids})", ids, (table,)))
    return {(r["entity_id"], r["field"]): (r["rev"], r["digest"]) for r in found}


def put_revisions(store: Store, revisions: Iterable[Revision]) -> int:
    cursor = store.db.conn.executemany(
        "INSERT OR IGNORE INTO exchange_revisions "
        "(rev, entity, entity_id, field, digest, value, parent1, parent2) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(r.rev, r.entity, r.entity_id, r.field, r.digest, r.value, r.parent1, r.parent2)
         for r in revisions])
    return max(cursor.rowcount, 0)


def set_heads(store: Store, entries: Iterable[tuple[str, str, str, str, str]]) -> None:
    """Entries are (table, record id, field, rev, digest)."""
    store.db.conn.executemany(
        "INSERT INTO exchange_heads (entity, entity_id, field, rev, digest) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(entity, entity_id, field) DO UPDATE SET rev = excluded.rev, "
        "digest = excluded.digest", list(entries))


def seal(store: Store, table: Table, rows: list[dict[str, Any]],
         known: Heads | None = None) -> None:
    """Record as a revision every field whose value differs from its head's (a local change
    since the last exchange). A field without a head starts from its default, if it has one."""
    if known is None:
        known = heads(store, table.name, [r[table.key] for r in rows])
    revisions: list[Revision] = []
    moved: list[tuple[str, str, str, str, str]] = []
    cols = {f.name: field_columns(store, table, f) for f in table.fields}
    for row in rows:
        record_id = row[table.key]
        for field in table.fields:
            value = value_of(row, cols[field.name], field)
            value_digest = digest(value)
            head = known.get((record_id, field.name))
            if head is not None and head[1] == value_digest:
                continue
            parents: list[str] = [head[0]] if head else []
            if head is None and field.default is not NO_DEFAULT:
                genesis = make_revision(table, field, record_id, field.default, [])
                revisions.append(genesis)
                parents = [genesis.rev]
                if genesis.digest == value_digest:
                    moved.append((table.name, record_id, field.name, genesis.rev, genesis.digest))
                    continue
            revision = make_revision(table, field, record_id, value, parents, value_digest)
            revisions.append(revision)
            moved.append((table.name, record_id, field.name, revision.rev, revision.digest))
    put_revisions(store, revisions)
    set_heads(store, moved)


def matter_rows(store: Store, table: Table, matter_id: str) -> list[dict[str, Any]]:
    return store._all(f"SELECT * FROM {table.name} WHERE {table.where}",
                      {"m": matter_id})  # type: ignore[arg-type]


def seal_matter(store: Store, matter_id: str) -> None:
    for table in MUTABLE:
        seal(store, table, matter_rows(store, table, matter_id))  # the heads of these rows only


class Ancestry:
    """Parent links of the revisions of some records, for 'is X an ancestor of Y'."""

    def __init__(self, store: Store, ids: list[str]) -> None:
        found = select_in(store, "SELECT rev, parent1, parent2, value FROM exchange_revisions "
                                 "WHERE entity_id IN ({ids})", ids)
        self.parents = {r["rev"]: tuple(p for p in (r["parent1"], r["parent2"]) if p)
                        for r in found}
        self.values = {r["rev"]: r["value"] for r in found}

    def ancestors(self, rev: str) -> list[str]:
        """`rev` and everything before it, nearest first."""
        seen, order, frontier = {rev}, [rev], [rev]
        while frontier:
            following: list[str] = []
            for item in frontier:
                for parent in self.parents.get(item, ()):
                    if parent not in seen:
                        seen.add(parent)
                        order.append(parent)
                        following.append(parent)
            frontier = following
        return order

    def is_ancestor(self, older: str, newer: str) -> bool:
        return older in self.ancestors(newer)

    def base(self, one: str, other: str) -> str | None:
        """A nearest common ancestor's stored value (canonical JSON), if any."""
        theirs = set(self.ancestors(other))
        for rev in self.ancestors(one):
            if rev in theirs:
                return self.values.get(rev)
        return None


AutoMerge = Callable[[Any, Any], Any]


def _earlier_resolution(local: Any, remote: Any) -> Any:
    """Both sides resolved the same note: keep the earlier resolution (the same on both)."""
    if local is None or remote is None:
        return NO_DEFAULT
    return min(local, remote, key=lambda v: (v.get("resolved_at") or "", canonical(v)))


AUTO_MERGE: dict[tuple[str, str], AutoMerge] = {("annotations", "resolved"): _earlier_resolution}
