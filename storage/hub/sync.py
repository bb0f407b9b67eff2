"""Syncing a workspace with a team hub: push this laptop's changes, pull the others', for the
matters this reviewer is a member of.

The records are an exchange pack's (storage.exchange.export.matter_records) and are merged the
same way (storage.exchange.merge.merge_raw: the same checks against hostile input, the same
three-way merge, the same conflicts). Only the carrier differs: a row of `rejoinder.changes`
per push of one matter instead of a zip file.

Atomic on both sides: the hub takes a push in one transaction; the laptop seals, pushes, pulls
and merges in one SQLite transaction that also records how far it pulled, so a sync killed at
any moment leaves nothing half applied (a push the hub took before the kill comes back on the
next pull and merges as a no-op: revisions are named by their content). Pushes of one matter
are serialised by an advisory lock, so the hub's sequence numbers of a matter are in commit
order and a laptop that pulled up to N never misses a change numbered below N.

A hub restored from an older backup is noticed (its sequence went backwards, or the change a
laptop last pulled is gone or different) and refused until the user says to trust it
(`accept_restored`), which pushes this laptop's matters whole again.

Deletions: records are never deleted in a workspace, only marked (a retired comment, a removed
attachment), and those marks travel as changes; a removed matter travels as a tombstone on the
hub's matter row, and a laptop that pulls it removes its copy unless it holds changes not yet
synced (then it keeps it, says so, and stops syncing it).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.errors import UserError
from storage.exchange.model import APPEND_ONLY
from storage.exchange.pack import (
    FORMAT,
    FORMAT_VERSION,
    MAX_MEMBER_BYTES,
    MAX_TOTAL_BYTES,
    RECORD_KINDS,
    DamagedPack,
    RawPack,
    parse_records,
    used_blobs,
)
from storage.hub import LAST_SYNC, URL_SETTING, configured_hub
from storage.hub.connection import HubRefused, HubRestored, connect, shown, without_password
from storage.hub.schema import check_version

if TYPE_CHECKING:
    import psycopg

    from storage.exchange.merge import ImportSummary
    from storage.store import Store

CLIENT_SETTING = "hub:client_id"
_UUID_CHARS = set("0123456789abcdef-")


@dataclass
class SyncSummary:
    hub: str  # the hub as named to the user
    pushed: dict[str, int] = field(default_factory=dict)  # matter title → records sent
    created: list[str] = field(default_factory=list)  # matters new on the hub
    pulled: list[ImportSummary] = field(default_factory=list)
    tombstones: list[str] = field(default_factory=list)  # removals sent
    removed: list[str] = field(default_factory=list)  # matters removed here by a tombstone
    notes: list[str] = field(default_factory=list)  # what the user should know
    conflicts: int = 0  # conflicts waiting, in every matter

    def lines(self) -> list[str]:
        sent = sum(self.pushed.values())
        got = sum(sum(s.added.values()) + sum(s.updated.values()) for s in self.pulled)
        out = [f"Synced with {self.hub}: sent {sent} record(s) of {len(self.pushed)} "
               f"matter(s), received {got} from {len(self.pulled)} change(s)."]
        if self.created:
            out.append(f"New on the hub: {', '.join(self.created)}.")
        new_here = [s.matter_title for s in self.pulled if s.new_matter]
        if new_here:
            out.append(f"New here: {', '.join(new_here)}.")
        if self.tombstones:
            out.append(f"Removed from the hub: {', '.join(self.tombstones)}.")
        if self.removed:
            out.append(f"Removed here (removed on the hub): {', '.join(self.removed)}.")
        out += self.notes
        out.append(f"{self.conflicts} conflict(s) wait for your choice." if self.conflicts
                   else "No conflicts wait.")
        return out


@dataclass(frozen=True)
class HubMatterState:
    id: str
    title: str
    removed: bool


def sync(store: Store, url: str | None = None, *, accept_restored: bool = False,
         conn: psycopg.Connection[Any] | None = None) -> SyncSummary:
    """Push and pull every matter of this workspace the hub lets this reviewer sync. Raises a
    HubError (a UserError) and leaves the workspace as it was when anything goes wrong.
    `conn`: a connection to `url` already opened (the window opens it off its own thread, since
    an unreachable hub takes seconds to give up); it is closed here."""
    url = url or configured_hub(store)
    if not url:
        raise UserError("No team hub is set for this workspace. Sync once with "
                        "`rejoinder sync --hub postgresql://ROLE@HOST/DATABASE` (or File → "
                        "Sync with team hub…); the address is remembered, never a password.")
    me = store.me()
    if me is None:
        raise UserError("Say who you are (your name and initials) before syncing.")
    stored_url = without_password(url)
    with conn or connect(url) as conn:
        hub_id = check_version(conn, url)
        run = _Run(store, conn, url, hub_id, me)
        run.check_same_hub(stored_url, accept_restored)
        visible = run.visible_matters()
        if not accept_restored:
            run.check_not_restored(visible)
        with store.atomic():
            store.db.execute("PRAGMA defer_foreign_keys = ON")
            if accept_restored:
                run.forget_hub()
            deferred = run.push(visible)
            run.pull(visible)
            if deferred:  # folded into the hub's matter while pulling: send the work now
                run.push(run.visible_matters())
            run.finish(stored_url)
    return run.summary


class _Run:
    """One sync: the connection, the hub's id, and what was done."""

    def __init__(self, store: Store, conn: Any, url: str, hub_id: str, me: Any) -> None:
        self.store, self.conn, self.url, self.hub_id, self.me = store, conn, url, hub_id, me
        self.summary = SyncSummary(shown(url))
        self.client_id = ""  # made when first pushing, inside the sync's transaction
        self.own_pushes: set[str] = set()

    # -- is this the hub we knew? ---------------------------------------------------------------

    def check_same_hub(self, url: str, accept_restored: bool) -> None:
        known = self.store.setting("hub:id")
        if known and known != self.hub_id and self.store.setting(URL_SETTING) == url \
                and not accept_restored:
            raise HubRestored(
                f"{self.summary.hub} is not the hub this workspace last synced with (it was "
                "set up again: its id changed). Nothing was sent or changed. Ask the hub's "
                "administrator what happened; if the hub was rebuilt on purpose, sync with "
                "--accept-restored-hub (File → Sync with team hub offers it) to send this "
                "laptop's matters to it whole.")

    def visible_matters(self) -> dict[str, HubMatterState]:
        found = self.conn.execute(
            "SELECT id, title, removed_at IS NOT NULL FROM rejoinder.matters").fetchall()
        self.conn.commit()
        return {r[0]: HubMatterState(r[0], r[1], r[2]) for r in found}

    def check_not_restored(self, visible: dict[str, HubMatterState]) -> None:
        last = int(self.store.setting(f"hub:{self.hub_id}:seq") or 0)
        now_at = self._sequence()
        cursors = {r["matter_id"]: (r["pulled_seq"], r["pulled_push"]) for r in self.store._all(
            "SELECT matter_id, pulled_seq, pulled_push FROM hub_matters WHERE hub_id = ? AND "
            "pulled_seq > 0", [self.hub_id]) if r["matter_id"] in visible}
        found = dict(self.conn.execute(
            "SELECT seq, push_id::text FROM rejoinder.changes WHERE seq = ANY(%s)",
            [[seq for seq, _ in cursors.values()]]).fetchall()) if cursors else {}
        self.conn.commit()
        lost = [m for m, (seq, push) in cursors.items() if found.get(seq) != push]
        if now_at < last or lost:
            what = (f"its changes now end at number {now_at}, but this laptop already pulled "
                    f"up to {last}" if now_at < last else
                    f"changes this laptop pulled from it (of {len(lost)} matter(s)) are gone")
            raise HubRestored(
                f"{self.summary.hub} holds less than this laptop already received from it: "
                f"{what}. It was probably restored from an older backup. Nothing was sent or "
                "changed, here or on the hub. Ask the hub's administrator; once they confirm "
                "the restore, sync with --accept-restored-hub (File → Sync with team hub "
                "offers it) to send this laptop's matters whole again, so the work the restore "
                "lost comes back.")

    def forget_hub(self) -> None:
        """Trust a restored hub: push every matter whole, pull everything again."""
        self.store.db.execute("DELETE FROM hub_matters WHERE hub_id = ?", [self.hub_id])
        self.store.db.execute("DELETE FROM hub_pushes WHERE hub_id = ?", [self.hub_id])
        self.summary.notes.append("The hub's restore was accepted: this laptop's matters were "
                                  "sent whole again.")

    def _sequence(self) -> int:
        row = self.conn.execute("SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
                                "FROM rejoinder.changes_seq_seq").fetchone()
        self.conn.commit()
        return int(row[0])

    # -- push ---------------------------------------------------------------------------------

    def push(self, visible: dict[str, HubMatterState]) -> set[str]:
        """Send what changed; returns the matters held back because the hub has the review
        of their letter already (pulled, folded, then sent)."""
        from storage.exchange.export import matter_records

        known = {r["matter_id"]: r for r in self.store._all(
            "SELECT * FROM hub_matters WHERE hub_id = ?", [self.hub_id])}
        local = {r["id"]: r for r in self.store._all("SELECT id, title, retired_at FROM matters")}
        samples = _sample_matters(self.store)
        outgoing: list[tuple[str, str, dict[str, list[Any]], dict[str, bytes]]] = []
        new_on_hub: list[tuple[str, str]] = []
        deferred: set[str] = set()
        for matter_id, row in sorted(local.items()):
            state = visible.get(matter_id)
            if matter_id in samples or (state is None and row["retired_at"]):
                continue
            if state is not None and state.removed:
                continue  # a tombstone came: handled when pulling
            if state is None and matter_id in known:
                self.summary.notes.append(
                    f"{row['title']}: you are no longer a member of this matter on the hub; "
                    "your copy stays here and no longer syncs.")
                continue
            if state is None and (held := self._letter_elsewhere(matter_id, row["title"],
                                                                 visible)):
                deferred |= held
                continue
            previous = known.get(matter_id)
            mark = json.loads(previous["push_mark"]) if previous and previous["push_mark"] \
                != "{}" else None
            records, _ = matter_records(self.store, matter_id, mark)
            if state is None:
                new_on_hub.append((matter_id, row["title"]))
            if any(records[k] for k in RECORD_KINDS):
                outgoing.append((matter_id, row["title"], records,
                                 _blobs(self.store, records)))
        tombstones = [m for m in known if m not in local and m in visible
                      and not visible[m].removed]
        if not (outgoing or new_on_hub or tombstones):
            return deferred
        self.client_id = _client_id(self.store)
        with self.conn.transaction():
            for matter_id in sorted({m for m, *_ in outgoing} | set(tombstones)):
                self.conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                                  [matter_id])
            refused = {m for m, title in new_on_hub if not self._create(m, title)}
            for matter_id, title, records, blobs in outgoing:
                if matter_id not in refused:
                    self._push_one(matter_id, title, records, blobs)
            for matter_id in tombstones:
                self.conn.execute("UPDATE rejoinder.matters SET removed_at = now(), "
                                  "removed_by = current_user WHERE id = %s", [matter_id])
                self.summary.tombstones.append(visible[matter_id].title)
        for matter_id in tombstones:
            self.store.db.execute("DELETE FROM hub_matters WHERE hub_id = ? AND matter_id = ?",
                                  [self.hub_id, matter_id])
        return deferred

    def _letter_elsewhere(self, matter_id: str, title: str,
                          visible: dict[str, HubMatterState]) -> set[str]:
        """The hub's matters that hold this new matter's letters (the same review)."""
        shas = [r["sha256"] for r in self.store._all(
            "SELECT sha256 FROM documents WHERE matter_id = ? AND role IN ('staff', "
            "'response')", [matter_id])]
        found = {r[1] for r in self.conn.execute(
            "SELECT sha256, matter_id FROM rejoinder.matters_of_letters(%s)",
            [shas]).fetchall()} - {matter_id} if shas else set()
        self.conn.commit()
        hidden = found - set(visible)
        if hidden:
            self.summary.notes.append(
                f"{title}: the hub already has this review (matter {sorted(hidden)[0]}), "
                "started by another reviewer; your copy stays here. Ask the hub's "
                "administrator to add you to it; your work then joins theirs on the next sync.")
        return found

    def _create(self, matter_id: str, title: str) -> bool:
        """Make the matter on the hub, this reviewer its first member; False if the hub has
        it already (another reviewer pushed it, and this one is no member)."""
        from psycopg import errors

        try:
            with self.conn.transaction():  # a savepoint
                self.conn.execute("INSERT INTO rejoinder.matters (id, title) VALUES (%s, %s)",
                                  [matter_id, title])
        except errors.UniqueViolation:
            self.summary.notes.append(
                f"{title}: the hub has this matter, but you are not a member of it; your copy "
                "stays here. Ask the hub's administrator to add you (rejoinder hub add-member).")
            return False
        self.summary.created.append(title)
        return True

    def _push_one(self, matter_id: str, title: str, records: dict[str, list[Any]],
                  blobs: dict[str, bytes]) -> None:
        from storage.ids import new_id, now
        from storage.schema import known_names

        if blobs:
            there = {r[0] for r in self.conn.execute(
                "SELECT sha256 FROM rejoinder.blobs WHERE matter_id = %s AND sha256 = ANY(%s)",
                [matter_id, list(blobs)]).fetchall()}
            with self.conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO rejoinder.blobs (matter_id, sha256, data) VALUES (%s, %s, %s) "
                    "ON CONFLICT DO NOTHING",
                    [(matter_id, d, data) for d, data in blobs.items() if d not in there])
        letters = sorted({row["sha256"] for row in records["documents"]
                          if row["role"] in ("staff", "response")})
        if letters:
            with self.conn.cursor() as cursor:
                cursor.executemany("INSERT INTO rejoinder.letters (sha256, matter_id) VALUES "
                                   "(%s, %s) ON CONFLICT DO NOTHING",
                                   [(sha, matter_id) for sha in letters])
        text = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
        applied = [r["name"] for r in self.store._all(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'rejoinder' "
            "ORDER BY rowid")]
        push_id = new_id()
        author = {"id": self.me.id, "name": self.me.name, "initials": self.me.initials}
        self.conn.execute(
            "INSERT INTO rejoinder.changes (matter_id, push_id, client_id, author, schema, "
            "records, sha256) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [matter_id, push_id, self.client_id, json.dumps(author),
             json.dumps([n for n in applied if n in known_names()]), text,
             hashlib.sha256(text.encode()).hexdigest()])
        self.store.db.execute("INSERT INTO hub_pushes (push_id, hub_id, matter_id, at) "
                              "VALUES (?, ?, ?, ?)", [push_id, self.hub_id, matter_id, now()])
        self.own_pushes.add(push_id)
        self.summary.pushed[title] = sum(len(records[k]) for k in records
                                         if k not in ("revisions", "heads"))

    # -- pull ---------------------------------------------------------------------------------

    def pull(self, before: dict[str, HubMatterState]) -> None:
        visible = self.visible_matters()  # again: the push may have made some
        cursors = {r["matter_id"]: r["pulled_seq"] for r in self.store._all(
            "SELECT matter_id, pulled_seq FROM hub_matters WHERE hub_id = ?", [self.hub_id])}
        local = {r["id"] for r in self.store._all("SELECT id FROM matters")}
        wanted = []
        for matter_id, state in visible.items():
            if state.removed:
                self._tombstone(matter_id, state, matter_id in local)
            elif matter_id in local or matter_id not in cursors:
                wanted.append(matter_id)
        if not wanted:
            return
        self.store.db.conn.executemany(
            "INSERT INTO hub_matters (hub_id, matter_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(self.hub_id, m) for m in wanted])  # before merging: the hub's matter is kept
        own = self.own_pushes | {r["push_id"] for r in self.store._all(
            "SELECT push_id FROM hub_pushes WHERE hub_id = ?", [self.hub_id])}
        with self._hub_snapshot():
            rows = self.conn.execute(
                "SELECT c.seq, c.matter_id, c.push_id::text, c.author, c.schema, "
                "octet_length(c.records), c.sha256, c.pushed_by, c.pushed_at::text "
                "FROM rejoinder.changes c "
                "JOIN unnest(%s::text[], %s::bigint[]) AS w(m, s) "
                "ON c.matter_id = w.m AND c.seq > w.s ORDER BY c.seq",
                [wanted, [cursors.get(m, 0) for m in wanted]]).fetchall()
            reached: dict[str, tuple[int, str]] = {}
            for row in rows:
                seq, matter_id, push_id = row[0], row[1], row[2]
                reached[matter_id] = (seq, push_id)
                if push_id in own:
                    continue
                self._merge(row, visible[matter_id].title)
            self.summary.conflicts = _open_conflicts(self.store)
        for matter_id in wanted:
            seq, push = reached.get(matter_id, (cursors.get(matter_id, 0), None))
            self.store.db.execute(
                "INSERT INTO hub_matters (hub_id, matter_id, pulled_seq, pulled_push) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (hub_id, matter_id) DO UPDATE SET "
                "pulled_seq = excluded.pulled_seq, pulled_push = coalesce("
                "excluded.pulled_push, hub_matters.pulled_push)",
                [self.hub_id, matter_id, seq, push])

    @contextmanager
    def _hub_snapshot(self) -> Iterator[None]:
        """Read the changes and their files as of one moment."""
        from psycopg import IsolationLevel

        self.conn.isolation_level = IsolationLevel.REPEATABLE_READ
        try:
            with self.conn.transaction():
                self.conn.execute("SET TRANSACTION READ ONLY")
                yield
        finally:
            self.conn.isolation_level = None

    def _merge(self, row: tuple[Any, ...], title: str) -> None:
        from storage.exchange.merge import merge_raw

        seq, matter_id, push_id, author, schema, size, sha, pushed_by, pushed_at = row
        where = Path(f"change {seq} of {title or matter_id} on {self.summary.hub}, "
                     f"pushed by {pushed_by} at {pushed_at}")
        if size > MAX_MEMBER_BYTES:  # read one change at a time, and none past the limit
            raise HubRefused(f"The hub holds a change Rejoinder refuses: {where} has "
                             f"{size:,} bytes of records, more than the {MAX_MEMBER_BYTES:,} "
                             "a change may. The hub's administrator should look at that "
                             "change (who pushed it, and how); nothing else was pulled.")
        text = self.conn.execute("SELECT records FROM rejoinder.changes WHERE seq = %s",
                                 [seq]).fetchone()[0]
        raw = self._raw(where, matter_id, push_id, author, schema, text, sha, pushed_at)
        try:
            summary = merge_raw(self.store, raw)  # a savepoint of the sync's transaction
        except DamagedPack as error:
            raise HubRefused(f"The hub holds a change Rejoinder refuses: {error} The hub's "
                             "administrator should look at that change (who pushed it, and "
                             "how); nothing else was pulled.") from None
        self.summary.pulled.append(summary)

    def _raw(self, where: Path, matter_id: str, push_id: str, author: Any, schema: Any,
             text: str, sha: str, pushed_at: str) -> RawPack:
        from storage.exchange.pack import damaged

        def refuse(what: str) -> DamagedPack:
            return damaged(where, what, "")

        if hashlib.sha256(text.encode()).hexdigest() != sha:
            raise HubRefused(str(refuse("its records do not match their SHA-256 (altered on "
                                        "the hub?)")))
        try:
            records = parse_records(where, "its records", text.encode())
        except DamagedPack as error:
            raise HubRefused(str(error)) from None
        if not isinstance(records, dict) or set(records) - set(RECORD_KINDS) \
                or not all(isinstance(v, list) for v in records.values()):
            raise HubRefused(str(refuse("its records are not an exchange's records")))
        _check_author(where, author)
        _check_schema(where, schema)
        for kind in RECORD_KINDS:
            records.setdefault(kind, [])
        manifest = {"format": FORMAT, "version": FORMAT_VERSION, "pack_id": push_id,
                    "created_at": pushed_at, "author": author, "matter_id": matter_id,
                    "schema": schema, "counts": {k: len(v) for k, v in records.items()},
                    "members": {}}
        return RawPack(where, manifest, records, self._fetch_blobs(where, matter_id, records))

    def _fetch_blobs(self, where: Path, matter_id: str, records: dict[str, list[Any]]
                     ) -> dict[str, bytes]:
        wanted = used_blobs(records)
        have = {r["sha256"] for r in self.store._all(
            "SELECT sha256 FROM blobs WHERE sha256 IN ("
            + ",".join("?" * len(wanted)) + ")", sorted(wanted))} if wanted else set()
        missing = sorted(wanted - have)
        if not missing:
            return {}
        sizes = self.conn.execute(
            "SELECT sha256, octet_length(data) FROM rejoinder.blobs WHERE matter_id = %s AND "
            "sha256 = ANY(%s)", [matter_id, missing]).fetchall()
        largest, total = max((n for _d, n in sizes), default=0), sum(n for _d, n in sizes)
        if largest > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise HubRefused(f"The hub holds files for {where} larger than Rejoinder takes "
                             f"({largest:,} bytes for one, {total:,} in "
                             f"all; a file may have {MAX_MEMBER_BYTES:,}, a change "
                             f"{MAX_TOTAL_BYTES:,}). Nothing in your workspace was changed. "
                             "Tell the hub's administrator.")
        found = {r[0]: bytes(r[1]) for r in self.conn.execute(
            "SELECT sha256, data FROM rejoinder.blobs WHERE matter_id = %s AND "
            "sha256 = ANY(%s)", [matter_id, missing]).fetchall()}
        for digest_, data in found.items():
            if hashlib.sha256(data).hexdigest() != digest_:
                raise HubRefused(f"The hub holds a file for {where} that does not match its "
                                 "SHA-256 (altered on the hub?). Nothing in your workspace was "
                                 "changed. Tell the hub's administrator.")
        return found

    def _tombstone(self, matter_id: str, state: HubMatterState, here: bool) -> None:
        known = self.store._one("SELECT * FROM hub_matters WHERE hub_id = ? AND matter_id = ?",
                                [self.hub_id, matter_id])
        if not here or known is None:
            return
        from storage.removal import remove_matter

        waiting = changes_waiting(self.store, [matter_id])
        self.store.db.execute("DELETE FROM hub_matters WHERE hub_id = ? AND matter_id = ?",
                              [self.hub_id, matter_id])
        if waiting:
            self.summary.notes.append(
                f"{state.title} was removed from the hub by another reviewer, but your copy "
                f"holds {waiting} change(s) not synced: it stays here and no longer syncs. "
                "Remove it yourself (File → Remove this matter…) once you have what you need.")
            return
        remove_matter(self.store, matter_id)
        self.summary.removed.append(state.title)

    # -- the end ------------------------------------------------------------------------------

    def finish(self, url: str) -> None:
        from storage.ids import now

        mark = json.dumps(_mark(self.store))
        stamp = now()
        self.store.db.execute("UPDATE hub_matters SET push_mark = ?, pushed_at = ? "
                              "WHERE hub_id = ? AND (push_mark != ? OR pushed_at IS NULL)",
                              [mark, stamp, self.hub_id, mark])
        self.store.set_setting(URL_SETTING, url)
        self.store.set_setting("hub:id", self.hub_id)
        self.store.set_setting(f"hub:{self.hub_id}:seq", str(self._sequence()))
        self.store.set_setting(LAST_SYNC, stamp)
        if self.summary.conflicts == 0:
            self.summary.conflicts = _open_conflicts(self.store)


def changes_waiting(store: Store, matter_ids: list[str] | None = None) -> int:
    """Changes made here since the last sync: recorded events (status, notes, versions…) and
    answers edited, in the matters that sync (or would, on the first sync)."""
    hub_id = store.setting("hub:id") or ""
    marks = {r["matter_id"]: r for r in store._all(
        "SELECT matter_id, push_mark, pushed_at FROM hub_matters WHERE hub_id = ?", [hub_id])}
    samples = _sample_matters(store)
    ids = matter_ids if matter_ids is not None else [
        r["id"] for r in store._all("SELECT id FROM matters WHERE retired_at IS NULL")]
    total = 0
    for matter_id in ids:
        if matter_id in samples:
            continue
        known = marks.get(matter_id)
        after = json.loads(known["push_mark"]).get("events", 0) if known else 0
        since = (known["pushed_at"] if known else None) or ""
        row = store._one(
            "SELECT (SELECT count(*) FROM events WHERE matter_id = :m AND rowid > :after) + "
            "(SELECT count(*) FROM responses WHERE updated_at > :since AND comment_id IN "
            "(SELECT id FROM comments WHERE matter_id = :m)) AS n",
            {"m": matter_id, "after": after, "since": since})  # type: ignore[arg-type]
        total += int(row["n"]) if row else 0
    return total


def _mark(store: Store) -> dict[str, int]:
    """The newest local row of each append-only kind and of the revisions (as a pack's)."""
    names = [t.name for t in APPEND_ONLY] + ["exchange_revisions"]
    return {name: store._all(f"SELECT coalesce(max(rowid), 0) AS n FROM {name}")[0]["n"]
            for name in names}


def _blobs(store: Store, records: dict[str, list[Any]]) -> dict[str, bytes]:
    names = sorted(used_blobs(records))
    if not names:
        return {}
    return {r["sha256"]: bytes(r["data"]) for r in store._all(
        "SELECT sha256, data FROM blobs WHERE sha256 IN (" + ",".join("?" * len(names)) + ")",
        names)}


def _sample_matters(store: Store) -> set[str]:
    """The bundled sample matter's ids (never synced): every letter of it is a sample file."""
    from storage.firstrun import SAMPLE_RESPONSE, SAMPLE_STAFF, sample_path
    from storage.ids import sha256

    try:
        shas = {sha256(sample_path(name).read_bytes()) for name in (SAMPLE_STAFF,
                                                                     SAMPLE_RESPONSE)}
    except OSError:
        return set()
    found = store._all("SELECT matter_id, sum(sha256 NOT IN (?, ?)) AS other FROM documents "
                       "GROUP BY matter_id", sorted(shas))
    return {r["matter_id"] for r in found if not r["other"]}


def _client_id(store: Store) -> str:
    from storage.ids import new_id

    found = store.setting(CLIENT_SETTING)
    if found:
        return found
    made = new_id()
    store.set_setting(CLIENT_SETTING, made)
    return made


def _open_conflicts(store: Store) -> int:
    from storage.exchange import open_conflict_count

    return open_conflict_count(store)


def _check_author(where: Path, author: Any) -> None:
    if not (isinstance(author, dict) and isinstance(author.get("id"), str)
            and len(author["id"]) == 36 and set(author["id"]) <= _UUID_CHARS
            and isinstance(author.get("name"), str)):
        raise HubRefused(f"The hub holds a change ({where}) that does not say who made it. "
                         "Nothing in your workspace was changed. Tell the hub's administrator.")


def _check_schema(where: Path, schema: Any) -> None:
    from storage.exchange.pack import REQUIRED_MIGRATIONS, PackTooNew
    from storage.schema import known_names

    if not isinstance(schema, list) or not all(isinstance(s, str) for s in schema) \
            or any(name not in schema for name in REQUIRED_MIGRATIONS):
        raise HubRefused(f"The hub holds a change ({where}) without a valid list of its "
                         "sender's schema. Nothing in your workspace was changed.")
    unknown = [name for name in schema if name not in known_names()]
    if unknown:
        raise PackTooNew(f"The hub holds a change ({where}) made by a newer Rejoinder (its "
                         f"workspace has schema steps {', '.join(unknown)}). Nothing in your "
                         "workspace was changed. Update Rejoinder, then sync again.")
