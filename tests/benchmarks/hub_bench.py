"""The team hub against a private PostgreSQL cluster (tests/hub/pg.py; skipped, saying so, where
no server is installed):

- sync_s_2000: Ada changes 2,000 answers and syncs (push); Bob syncs (pull and merge). Target
  ≤ 5 s for both.
- hub_pull_matter_s: Bob's first pull of one matter of 500 comments from a hub of 200 matters
  and 20,000 comments. Target ≤ 1 s.
- hub_concurrent_10: 10 laptop processes syncing random edits at once, 5 rounds, then until they
  agree: reported as lost and duplicated records (target 0) and conflicts not shown (target 0).
- hub_rls_denials: direct SQL by a non-member (read, insert, update, delete of every table):
  how many were refused, of how many tried.
"""
from __future__ import annotations

import multiprocessing
import random
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

PROCESSES, ROUNDS, SHARED_COMMENTS = 10, 5, 60


def _build(path: Path, matters: list[int], title: str = "Bench") -> list[str]:
    """A workspace with one matter per entry of `matters` (its comment count)."""
    from storage.ids import new_id, now
    from storage.store import Store
    from tests.benchmarks.merge_bench import add_letter

    made = []
    with Store.open(path) as store:
        me = store.set_me("Ada Lovelace", "AL")
        stamp = now()
        with store.atomic():
            for n, count in enumerate(matters):
                matter = new_id()
                made.append(matter)
                store.db["matters"].insert({"id": matter, "title": f"{title} {n} — Form 10-K",
                                            "company": f"{title} {n} Corp", "file_numbers": "[]",
                                            "filings": "[]", "created_at": stamp})
                add_letter(store, matter, f"letter-{n}.pdf", 1, count, f"of {title} {n}",
                           me.id, stamp)
    return made


def _sync_2000(cluster: Any, folder: Path) -> dict[str, float]:
    from storage.hub.admin import add_member
    from storage.hub.sync import sync
    from storage.store import Store
    from tests.hub.pg import create_hub

    create_hub(cluster, "bench_sync")
    url = lambda role: cluster.url(role, "bench_sync")  # noqa: E731
    (matter,) = _build(folder / "ada.rejoinder", [2000])
    with Store.open(folder / "ada.rejoinder") as ada, Store.open(folder / "bob.rejoinder") as bob:
        bob.set_me("Bob Brown", "BB")
        start = time.perf_counter()
        sync(ada, url("alice"))
        first_push = time.perf_counter() - start
        add_member(url("boss"), matter, "bob")
        start = time.perf_counter()
        sync(bob, url("bob"))
        first_pull = time.perf_counter() - start
        with ada.atomic():
            for i, comment in enumerate(c.id for c in ada.comments(matter_id=matter)):
                ada.save_draft(comment, f"<p>Answer {i}: the unit passed step 1 by 12%.</p>")
        start = time.perf_counter()
        pushed = sync(ada, url("alice"))
        push = time.perf_counter() - start
        start = time.perf_counter()
        pulled = sync(bob, url("bob"))
        pull = time.perf_counter() - start
        assert sum(pushed.pushed.values()) >= 2000, pushed.pushed
        assert pulled.pulled[0].updated.get("responses") == 2000, pulled.pulled[0].updated
    return {"sync_s_2000": push + pull, "sync_push_s_2000": push, "sync_pull_s_2000": pull,
            "sync_first_push_s_2000_comments": first_push,
            "sync_first_pull_s_2000_comments": first_pull}


def _pull_matter(cluster: Any, folder: Path) -> dict[str, float]:
    from storage.hub.admin import add_member
    from storage.hub.sync import sync
    from storage.store import Store
    from tests.hub.pg import create_hub

    create_hub(cluster, "bench_pull")
    url = lambda role: cluster.url(role, "bench_pull")  # noqa: E731
    sizes = [500] + [(20_000 - 500) // 199 + (1 if i < (20_000 - 500) % 199 else 0)
                     for i in range(199)]
    matters = _build(folder / "firm.rejoinder", sizes, "Client")
    with Store.open(folder / "firm.rejoinder") as firm:
        start = time.perf_counter()
        sync(firm, url("alice"))
        push_all = time.perf_counter() - start
    add_member(url("boss"), matters[0], "carol")
    with Store.open(folder / "carol.rejoinder") as carol:
        carol.set_me("Carol Chen", "CC")
        start = time.perf_counter()
        summary = sync(carol, url("carol"))
        pull = time.perf_counter() - start
        assert len(carol.comments(matter_id=matters[0])) == 500 and len(summary.pulled) == 1
    return {"hub_pull_matter_s": pull, "hub_push_200_matters_20000_comments_s": push_all}


def _laptop(index: int, url: str, folder: str, matter: str, barrier: Any, queue: Any) -> None:
    """One laptop: join, then 5 rounds of random edits and a sync, then sync until quiet. A
    failure is reported (and breaks the others' barrier), never hangs the benchmark."""
    import traceback

    try:
        _rounds(index, url, folder, matter, barrier, queue)
    except BaseException:
        barrier.abort()
        queue.put((index, None, traceback.format_exc(), 0))


def _rounds(index: int, url: str, folder: str, matter: str, barrier: Any, queue: Any) -> None:
    from storage.hub.sync import sync
    from storage.store import Store

    rng = random.Random(index)
    written: list[tuple[str, str]] = []  # (comment, draft text)
    notes: list[str] = []
    conflicts_seen = 0
    with Store.open(Path(folder) / f"laptop{index}.rejoinder") as store:
        store.set_me(f"Reviewer {index}", f"R{index}")
        sync(store, url)
        comments = [c.id for c in store.comments(matter_id=matter)]
        for round_ in range(ROUNDS):
            barrier.wait(timeout=300)
            for comment in rng.sample(comments, 6):
                text = f"Laptop {index}, round {round_}: answer to {comment[:8]}."
                store.save_draft(comment, text)
                written.append((comment, text))
            note = store.add_note(rng.choice(comments), f"Note {index}.{round_}")
            notes.append(note.id)
            conflicts_seen = max(conflicts_seen, sync(store, url).conflicts)
        for _ in range(3):  # until everyone's last round has come in
            barrier.wait(timeout=300)
            sync(store, url)
    queue.put((index, written, notes, conflicts_seen))


def _concurrent(cluster: Any, folder: Path) -> dict[str, float]:
    import psycopg
    from psycopg import sql

    from storage.exchange.model import Ancestry, digest, heads
    from storage.hub.admin import add_member
    from storage.hub.sync import sync
    from storage.store import Store
    from tests.hub.pg import create_hub

    create_hub(cluster, "bench_many")
    roles = [f"laptop{i}" for i in range(PROCESSES)]
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        for role in roles:
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD 'pw' IN ROLE "
                                     "rejoinder_reviewer").format(sql.Identifier(role)))
    (matter,) = _build(folder / "ada.rejoinder", [SHARED_COMMENTS], "Shared")
    with Store.open(folder / "ada.rejoinder") as ada:
        sync(ada, cluster.url("alice", "bench_many"))
    for role in roles:
        add_member(cluster.url("boss", "bench_many"), matter, role)
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_laptop, args=(
        i, cluster.url(roles[i], "bench_many", password="pw"), str(folder), matter, barrier,
        queue)) for i in range(PROCESSES)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    failed = [r for r in results if r[1] is None]
    for index, _, error, _ in failed:
        print(f"hub_concurrent_10: laptop {index} failed:\n{error}")
    results = [r for r in results if r[1] is not None]
    if failed:
        return {"hub_concurrent_10_failed_laptops": float(len(failed))}
    lost = duplicated = unshown = 0
    all_notes = {n for _, _, notes, _ in results for n in notes}
    for index in range(PROCESSES):
        with Store.open(folder / f"laptop{index}.rejoinder") as store:
            bodies = [r["id"] for r in store._all("SELECT id FROM annotations")]
            duplicated += len(bodies) - len(set(bodies))
            lost += len(all_notes - set(bodies))
            duplicated += len(store.comments(matter_id=matter)) - SHARED_COMMENTS
            waiting = store._all("SELECT entity_id, remote_rev FROM conflicts WHERE "
                                 "resolved_at IS NULL AND field = 'draft'")
            for _, written, _, _ in results:
                for comment, text in written:
                    found = store._one("SELECT rev FROM exchange_revisions WHERE entity_id = ? "
                                       "AND field = 'draft' AND digest = ?",
                                       [comment, digest(text)])
                    if found is None:
                        lost += 1
                        continue
                    head = heads(store, "responses", [comment])[(comment, "draft")][0]
                    ancestry = Ancestry(store, [comment])
                    if not (ancestry.is_ancestor(found["rev"], head) or any(
                            ancestry.is_ancestor(found["rev"], c["remote_rev"])
                            for c in waiting if c["entity_id"] == comment)):
                        unshown += 1
    return {"hub_concurrent_10_lost": float(lost), "hub_concurrent_10_duplicated":
            float(duplicated), "hub_concurrent_10_conflicts_not_shown": float(unshown),
            "hub_concurrent_10_conflicts_seen": float(max(r[3] for r in results)),
            "hub_concurrent_10_failed_laptops": 0.0,
            "hub_concurrent_10_s": elapsed}


def _denials(cluster: Any, folder: Path) -> dict[str, float]:
    import psycopg
    from psycopg import errors

    from storage.hub.sync import sync
    from storage.importer import import_letter
    from storage.store import Store
    from tests.hub.pg import create_hub
    from tests.storage.conftest import letter

    create_hub(cluster, "bench_rls")
    with Store.open(folder / "owner.rejoinder") as ada:
        ada.set_me("Ada Lovelace", "AL")
        matter = import_letter(ada, letter(), b"staff").matter.id
        sync(ada, cluster.url("alice", "bench_rls"))
    fresh = lambda: str(uuid.uuid4())  # noqa: E731
    attempts = [
        ("SELECT * FROM rejoinder.matters", []), ("SELECT * FROM rejoinder.members", []),
        ("SELECT * FROM rejoinder.changes", []), ("SELECT * FROM rejoinder.blobs", []),
        ("INSERT INTO rejoinder.changes (matter_id, push_id, client_id, author, schema, records,"
         " sha256) VALUES (%s, %s, %s, '{}', '[]', '{}', '')", [matter, fresh(), fresh()]),
        ("INSERT INTO rejoinder.blobs VALUES (%s, 'x', 'x')", [matter]),
        ("INSERT INTO rejoinder.members (matter_id, member) VALUES (%s, 'mallory')", [matter]),
        ("UPDATE rejoinder.matters SET removed_at = now()", []),
        ("UPDATE rejoinder.changes SET records = '{}'", []),
        ("UPDATE rejoinder.blobs SET data = 'x'", []),
        ("UPDATE rejoinder.members SET member = 'mallory'", []),
        ("DELETE FROM rejoinder.matters", []), ("DELETE FROM rejoinder.changes", []),
        ("DELETE FROM rejoinder.blobs", []), ("DELETE FROM rejoinder.members", []),
        ("SELECT * FROM rejoinder.letters", []),
        ("INSERT INTO rejoinder.letters VALUES (%s, %s)", ["0" * 64, matter]),
        ("UPDATE rejoinder.letters SET matter_id = 'x'", []),
        ("DELETE FROM rejoinder.letters", []),
    ]
    refused = 0
    with psycopg.connect(cluster.url("mallory", "bench_rls")) as conn:
        for statement, params in attempts:
            try:
                with conn.transaction():
                    cursor = conn.execute(statement, params)  # type: ignore[arg-type]
                    rows = cursor.fetchall() if cursor.description else []
                    refused += cursor.rowcount <= 0 and not rows
            except (errors.InsufficientPrivilege, errors.ForeignKeyViolation):
                refused += 1
    return {"hub_rls_denials": float(refused), "hub_rls_attempts": float(len(attempts))}


def measure() -> dict[str, float]:
    from tests.hub.pg import make_roles, start_cluster

    cluster = start_cluster()
    if cluster is None:
        print("hub_bench: no PostgreSQL server binaries found; skipped")
        return {}
    figures: dict[str, float] = {}
    try:
        make_roles(cluster)
        for step in (_denials, _sync_2000, _pull_matter, _concurrent):
            with tempfile.TemporaryDirectory() as name:
                figures.update(step(cluster, Path(name)))
    finally:
        cluster.stop()
    return figures


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.3f}")
