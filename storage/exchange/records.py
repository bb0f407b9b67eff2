"""Checking a pack's records before anything is written: each row's shape and types against this
workspace's own schema, ids that look like UUIDs, values the schema allows, every record inside
the pack's matter, every reference resolvable in the pack or the workspace, and every record's
head revision consistent with its values."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.exchange.model import (
    MUTABLE,
    TABLE,
    TABLES,
    Revision,
    Table,
    digest,
    field_columns,
    rev_id,
    select_in,
    value_of,
)
from storage.exchange.pack import PackNeedsEarlier, RawPack, damaged
from storage.models import STATUSES

if TYPE_CHECKING:
    from storage.store import Store

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHA256 = re.compile(r"[0-9a-f]{64}")
_ID_COLUMNS = {"imported_by", "updated_by", "resolved_by", "entity_id"}
_LIST_COLUMNS = {"file_numbers", "filings", "warnings", "headings", "heading_path", "regions",
                 "prior_refs", "response_regions"}
_JSON_COLUMNS = {"parse", "before", "after"}
_CHOICES = {("responses", "status"): STATUSES, ("status_changes", "status"): STATUSES,
            ("documents", "role"): ("staff", "response", "reference"),
            ("annotations", "target"): ("comment", "response", "region"),
            ("attachments", "target"): ("comment", "response")}
# (table, column) → the table it refers to.
_REFERENCES = {
    "clauses": {"author_id": "reviewers"},
    "attachments": {"matter_id": "matters", "comment_id": "comments", "added_by": "reviewers"},
    "tag_overrides": {"comment_id": "comments", "author_id": "reviewers"},
    "answer_kinds": {"comment_id": "comments", "author_id": "reviewers"},
    "precedent_quotes": {"comment_id": "comments", "note_id": "annotations",
                         "author_id": "reviewers"},
    "documents": {"matter_id": "matters", "imported_by": "reviewers"},
    "comments": {"matter_id": "matters", "document_id": "documents", "answers_id": "comments"},
    "corrections": {"matter_id": "matters", "document_id": "documents",
                    "author_id": "reviewers"},
    "responses": {"comment_id": "comments", "owner_id": "reviewers", "updated_by": "reviewers"},
    "response_versions": {"comment_id": "comments", "author_id": "reviewers"},
    "status_changes": {"comment_id": "comments", "author_id": "reviewers"},
    "due_changes": {"comment_id": "comments", "author_id": "reviewers"},
    "annotations": {"matter_id": "matters", "comment_id": "comments", "document_id": "documents",
                    "parent_id": "annotations", "author_id": "reviewers",
                    "resolved_by": "reviewers"},
}
_NONE = Table("", "", "")
# Tables whose referenced rows must belong to the pack's matter.
_IN_MATTER = {"documents", "comments", "annotations"}


@dataclass(frozen=True)
class Pack:
    """A pack that passed every check: what the merge works from."""

    path: Path
    manifest: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]  # table → rows
    revisions: list[Revision]
    heads: dict[tuple[str, str, str], str]  # (table, record id, field) → rev
    raw: RawPack  # whose documents the merge writes (RawPack.chunks)

    @cached_property
    def digests(self) -> dict[str, str]:
        """rev → digest of its value."""
        return {r.rev: r.digest for r in self.revisions}

    @property
    def pack_id(self) -> str:
        return str(self.manifest["pack_id"])

    @property
    def matter_id(self) -> str:
        return str(self.manifest["matter_id"])

    @property
    def author_id(self) -> str:
        return str(self.manifest["author"]["id"])


class Checker:
    def __init__(self, store: Store, raw: RawPack) -> None:
        self.store, self.raw, self.path = store, raw, raw.path
        self.matter_id = str(raw.manifest["matter_id"])
        self.schema = {t.name: _schema(store, t.name) for t in TABLES}

    def fail(self, what: str) -> Exception:
        return damaged(self.path, what)

    def run(self) -> Pack:
        rows = {t.name: self.rows(t) for t in TABLES}
        self.check_counts(rows)
        self.check_scope(rows)
        self.check_references(rows)
        self.check_blobs(rows)
        revisions = self.revisions()
        heads = self.heads(rows, revisions)
        return Pack(self.path, self.raw.manifest, rows, revisions, heads, self.raw)

    # -- shapes --------------------------------------------------------------------------------

    def rows(self, table: Table) -> list[dict[str, Any]]:
        found = self.raw.records[table.name]
        keys: set[Any] = set()
        for row in found:
            self.row(table, row)
            if row[table.key] in keys:
                raise self.fail(f"it lists the {table.name} record {row[table.key]} twice")
            keys.add(row[table.key])
        return found

    def row(self, table: Table, row: Any) -> None:
        spec = self.schema[table.name]
        if not isinstance(row, dict):
            raise self.fail(f"a {table.name} record is not an object")
        unknown = set(row) - set(spec)
        if unknown:
            raise self.fail(f"a {table.name} record has unknown fields {sorted(unknown)}")
        for column, (kind, required) in spec.items():
            if column not in row:
                if required or column == table.key:
                    raise self.fail(f"a {table.name} record lacks {column!r}")
                continue
            self.value(table.name, column, kind, required, row[column])

    def value(self, table: str, column: str, kind: str, required: bool, value: Any) -> None:
        """One column's value: its type, and what the column means (ids, hashes, dates…)."""
        where = f"{table}.{column}"
        if value is None:
            if required:
                raise self.fail(f"{where} is empty")
            return
        expected: type = {"TEXT": str, "INTEGER": int}.get(kind, str)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise self.fail(f"{where} holds {type(value).__name__}, not {kind.lower()}")
        if not isinstance(value, str):
            return
        if (column == "id" or column.endswith("_id") or column in _ID_COLUMNS) \
                and not UUID.fullmatch(value):
            raise self.fail(f"{where} is not an id ({str(value)[:40]!r})")
        if column in ("sha256", "display_sha256") and not SHA256.fullmatch(value):
            raise self.fail(f"{where} is not a SHA-256")
        if value not in _CHOICES.get((table, column), (value,)):
            raise self.fail(f"{where} has an unknown value {value!r}")
        if column == "due_date" or (table == "due_changes" and column == "previous"):
            _iso_date(self, where, value)
        if column in _LIST_COLUMNS or column in _JSON_COLUMNS:
            _json_text(self, where, column, value)

    def check_counts(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        counts = self.raw.manifest["counts"]
        for name, found in rows.items():
            if counts.get(name, 0 if TABLE.get(name, _NONE).optional else None) != len(found):
                raise self.fail(f"its manifest counts {counts.get(name)} {name} records "
                                f"but it holds {len(found)}")

    # -- revisions and heads -------------------------------------------------------------------

    def revisions(self) -> list[Revision]:
        out = []
        for entry in self.raw.records["revisions"]:
            revision = self.revision(entry)
            parents = list(revision.parents)
            if parents != sorted(parents) or revision.rev != rev_id(
                    revision.entity, revision.entity_id, revision.field, revision.digest,
                    parents) or (revision.value is not None
                                 and _digest_text(revision.value) != revision.digest):
                raise self.fail(f"the revision {revision.rev} does not match its contents")
            out.append(revision)
        return out

    def revision(self, entry: Any) -> Revision:
        if not isinstance(entry, dict) or set(entry) != set(Revision.__dataclass_fields__):
            raise self.fail("a revision record is malformed")
        texts = ("rev", "entity", "entity_id", "field", "digest")
        table = TABLE.get(entry["entity"]) if isinstance(entry["entity"], str) else None
        if not all(isinstance(entry[k], str) for k in texts) or table is None \
                or not table.mutable or entry["field"] not in {f.name for f in table.fields} \
                or not all(p is None or (isinstance(p, str) and UUID.fullmatch(p))
                           for p in (entry["parent1"], entry["parent2"])) \
                or not UUID.fullmatch(entry["rev"]) or not UUID.fullmatch(entry["entity_id"]) \
                or not SHA256.fullmatch(entry["digest"]) \
                or not isinstance(entry["value"], str | None):
            raise self.fail("a revision record is malformed")
        return Revision(**entry)

    def heads(self, rows: dict[str, list[dict[str, Any]]], revisions: list[Revision]
              ) -> dict[tuple[str, str, str], str]:
        by_rev = {r.rev: r for r in revisions}
        heads: dict[tuple[str, str, str], str] = {}
        for entry in self.raw.records["heads"]:
            if not (isinstance(entry, list) and len(entry) == 4
                    and all(isinstance(e, str) for e in entry)):
                raise self.fail("a head record is malformed")
            heads[(entry[0], entry[1], entry[2])] = entry[3]
        for table in MUTABLE:
            for field in table.fields:
                cols = field_columns(self.store, table, field)
                for row in rows[table.name]:
                    self.head(table, field.name, row, cols, heads, by_rev)
        return heads

    def head(self, table: Table, field: str, row: dict[str, Any], cols: tuple[str, ...],
             heads: dict[tuple[str, str, str], str], by_rev: dict[str, Revision]) -> None:
        rev = heads.get((table.name, row[table.key], field))
        revision = by_rev.get(rev or "")
        value = value_of({c: row.get(c) for c in cols}, cols, table.field(field))
        if revision is None or revision.entity_id != row[table.key] \
                or revision.field != field or revision.entity != table.name \
                or revision.digest != digest(value):
            raise self.fail(f"the history of {table.name} record {row[table.key]} does not "
                            "match its values")

    # -- scope and references ------------------------------------------------------------------

    def check_scope(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        """Every record belongs to the pack's matter, here and in the workspace."""
        matter = self.matter_id
        if any(r["id"] != matter for r in rows["matters"]):
            raise self.fail("it holds records of another matter")
        for name in ("documents", "comments", "corrections", "annotations", "attachments"):
            if any(r["matter_id"] != matter for r in rows[name]):
                raise self.fail(f"it holds {name} of another matter")
            ids = [r["id"] for r in rows[name]]
            elsewhere = select_in(self.store, f"SELECT id FROM {name} WHERE matter_id != ? "
                                  "AND id IN ({ids})", ids, (matter,))
            if elsewhere:
                raise self.fail(f"it would move {name} of another matter into this one")
        for row in rows["events"]:
            if row["matter_id"] != matter and not (row["matter_id"] is None
                                                   and row["entity"] == "reviewer"):
                raise self.fail("it holds events of another matter")
        self.check_documents(rows["documents"])

    def check_documents(self, documents: list[dict[str, Any]]) -> None:
        for row in documents:
            other = self.store._one("SELECT id, name FROM documents WHERE matter_id = ? AND "
                                    "sha256 = ? AND id != ?",
                                    [row["matter_id"], row["sha256"], row["id"]])
            if other:
                raise PackNeedsEarlier(
                    f"The exchange pack {self.path} holds the letter {row['name']}, which you "
                    f"imported separately as {other['name']}. Nothing in your workspace was "
                    "changed. Ask the sender for a pack made after you exchanged that letter, "
                    "or remove one of the two copies.")

    def check_references(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        wanted: dict[str, set[str]] = {}
        for table, refs in _REFERENCES.items():
            for row in rows[table]:
                for column, target in refs.items():
                    if row.get(column) is not None:
                        wanted.setdefault(target, set()).add(row[column])
        for target, ids in wanted.items():
            key = TABLE[target].key
            missing = sorted(ids - {r[key] for r in rows[target]})
            where = "matter_id = ?" if target in _IN_MATTER else "1 = 1"
            params = (self.matter_id,) if target in _IN_MATTER else ()
            found = {r["id"] for r in select_in(
                self.store, f"SELECT {key} AS id FROM {target} WHERE {where} AND {key} IN "
                "({ids})", missing, params)} if missing else set()
            if set(missing) - found:
                raise PackNeedsEarlier(
                    f"The exchange pack {self.path} refers to {len(set(missing) - found)} "
                    f"{target} record(s) that neither it nor your workspace holds. Nothing in "
                    "your workspace was changed. Ask the sender for a full pack (one exported "
                    "without --since-peer).")

    def check_blobs(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        needed = {r[c] for r in rows["documents"] for c in ("sha256", "display_sha256")}
        missing = sorted(needed - set(self.raw.sizes()))
        found = {r["sha256"] for r in select_in(
            self.store, "SELECT sha256 FROM blobs WHERE sha256 IN ({ids})", missing)}
        if set(missing) - found:
            raise self.fail("a document's original file is missing from it")


def _schema(store: Store, table: str) -> dict[str, tuple[str, bool]]:
    """column → (declared type, required: NOT NULL without a default)."""
    found = store._all(f"PRAGMA table_info({table})")
    return {c["name"]: (c["type"].upper(), bool(c["notnull"]) and c["dflt_value"] is None)
            for c in found}


def _digest_text(text: str) -> str:
    try:
        return digest(json.loads(text))
    except json.JSONDecodeError:
        return ""


def _iso_date(checker: Checker, where: str, value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise checker.fail(f"{where} is not a date ({value[:20]!r})") from None


def _json_text(checker: Checker, where: str, column: str, value: str) -> None:
    try:
        decoded = json.loads(value)
    except json.JSONDecodeError:
        raise checker.fail(f"{where} is not valid JSON") from None
    if column in _LIST_COLUMNS and not isinstance(decoded, list):
        raise checker.fail(f"{where} is not a list")
    if column in ("regions", "response_regions"):
        for region in decoded:
            if not (isinstance(region, dict) and isinstance(region.get("page"), int)
                    and isinstance(region.get("rect"), list) and len(region["rect"]) == 4
                    and all(isinstance(x, int | float) for x in region["rect"])):
                raise checker.fail(f"{where} holds a malformed region")


def check_pack(store: Store, raw: RawPack) -> Pack:
    return Checker(store, raw).run()
