"""Sync through a real PostgreSQL hub: push and pull, the same merge and conflicts as packs,
idempotence, atomicity, tombstones, a restored hub, and packs and hub together."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from storage.exchange import conflicts, export_pack, import_pack, resolve_conflict
from storage.hub.admin import add_member
from storage.hub.connection import HubRestored
from storage.hub.sync import changes_waiting, sync
from storage.importer import import_letter
from storage.removal import remove_matter
from storage.store import Store
from tests.hub.pg import Cluster
from tests.storage.conftest import letter
from tests.storage.test_exchange import dump
from tests.storage.test_exchange import shared as everything

Url = Callable[..., str]


def shared(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """What two workspaces of one matter share: all but each reviewer's own person (a
    reviewer travels once they did something in the matter)."""
    found = everything(store)
    found["reviewers"] = [r for r in found["reviewers"] if r[1] == "Ada Lovelace"]
    found["events"] = [e for e in found["events"] if e[3] is not None]
    return found


def first_matter(store: Store) -> str:
    return import_letter(store, letter(texts=("Tell us about goodwill.", "Explain the tax.")),
                         b"staff letter").matter.id


def share(url: Url, matter: str, *roles: str) -> None:
    for role in roles:
        add_member(url("boss"), matter, role)


def test_push_then_pull_brings_the_matter_and_work(ada: Store, bob: Store, url: Url) -> None:
    matter = first_matter(ada)
    comment = ada.comments(matter_id=matter)[0].id
    ada.save_draft(comment, "Goodwill was tested at the reporting-unit level.")
    ada.add_note(comment, "Check the 8% figure.")
    first = sync(ada, url("alice"))
    assert first.created and sum(first.pushed.values()) > 0
    share(url, matter, "bob")
    pulled = sync(bob, url("bob"))
    assert [s.matter_title for s in pulled.pulled] and pulled.pulled[0].new_matter
    assert shared(bob) == shared(ada)
    assert bob.response(comment).draft.startswith("Goodwill")


def test_sync_is_idempotent(ada: Store, bob: Store, url: Url, cluster: Cluster,
                            hub: str) -> None:
    matter = first_matter(ada)
    sync(ada, url("alice"))
    share(url, matter, "bob")
    sync(bob, url("bob"))
    assert sync(bob, url("bob")).pushed  # Bob himself, as a reviewer: new to the others
    sync(ada, url("alice"))
    before_a, before_b = dump(ada), dump(bob)
    for _ in range(2):
        again_a, again_b = sync(ada, url("alice")), sync(bob, url("bob"))
        assert not (again_a.pushed or again_a.pulled or again_b.pushed or again_b.pulled)
    drop = {"settings"}  # the time of the last sync
    assert {k: v for k, v in dump(ada).items() if k not in drop} == \
        {k: v for k, v in before_a.items() if k not in drop}
    assert {k: v for k, v in dump(bob).items() if k not in drop} == \
        {k: v for k, v in before_b.items() if k not in drop}
    with psycopg.connect(cluster.url(database=hub)) as conn:
        assert conn.execute("SELECT count(*) FROM rejoinder.changes").fetchone()[0] == 2


def test_an_answer_edited_on_two_laptops_waits_as_a_conflict(ada: Store, bob: Store,
                                                            url: Url) -> None:
    matter = first_matter(ada)
    sync(ada, url("alice"))
    share(url, matter, "bob")
    sync(bob, url("bob"))
    comment = ada.comments(matter_id=matter)[0].id
    ada.save_draft(comment, "Ada's answer.")
    bob.save_draft(comment, "Bob's answer.")
    sync(ada, url("alice"))
    summary = sync(bob, url("bob"))
    assert summary.conflicts == 1
    waiting = conflicts(bob, matter)
    assert [(c.field, c.local, c.remote) for c in waiting] == \
        [("draft", "Bob's answer.", "Ada's answer.")]
    resolve_conflict(bob, waiting[0].id, "remote")
    sync(bob, url("bob"))
    sync(ada, url("alice"))
    assert ada.response(comment).draft == bob.response(comment).draft == "Ada's answer."
    assert conflicts(ada, matter) == [] and conflicts(bob, matter) == []


def test_changes_waiting_counts_and_clears(ada: Store, url: Url) -> None:
    matter = first_matter(ada)
    assert changes_waiting(ada) > 0  # never synced
    sync(ada, url("alice"))
    assert changes_waiting(ada) == 0
    comment = ada.comments(matter_id=matter)[0].id
    ada.save_draft(comment, "More.")
    ada.add_note(comment, "A note.")
    assert changes_waiting(ada) == 2
    sync(ada, url("alice"))
    assert changes_waiting(ada) == 0


def test_no_password_is_kept(ada: Store, url: Url) -> None:
    first_matter(ada)
    sync(ada, url("alice"))
    kept = json.dumps(ada._all("SELECT * FROM settings"))
    assert "alice-pw" not in kept and "127.0.0.1" in kept
    assert b"alice-pw" not in Path(str(ada.path)).read_bytes()


def test_pgpass_supplies_the_password(ada: Store, url: Url, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch, cluster: Cluster,
                                      hub: str) -> None:
    first_matter(ada)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{cluster.port}:{hub}:alice:alice-pw\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    summary = sync(ada, url("alice", password=""))
    assert summary.created
    assert sync(ada).pushed == {}  # the remembered address, the password from ~/.pgpass


def test_a_killed_sync_applies_nothing_and_the_next_completes(
        ada: Store, bob: Store, url: Url, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.exchange import merge

    matter = first_matter(ada)
    ada.add_note(ada.comments(matter_id=matter)[0].id, "One.")
    ada.add_note(ada.comments(matter_id=matter)[1].id, "Two.")
    sync(ada, url("alice"))
    ada.add_note(ada.comments(matter_id=matter)[0].id, "Three.")
    sync(ada, url("alice"))
    share(url, matter, "bob")
    before = dump(bob)
    real, calls = merge._merge, []

    def dies(*args: Any) -> None:  # killed while merging the second change
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(*args)

    monkeypatch.setattr(merge, "_merge", dies)
    with pytest.raises(KeyboardInterrupt):
        sync(bob, url("bob"))
    assert dump(bob) == before
    monkeypatch.setattr(merge, "_merge", real)
    sync(bob, url("bob"))
    assert shared(bob) == shared(ada)


def test_a_push_the_hub_took_before_a_kill_is_not_duplicated(
        ada: Store, bob: Store, url: Url, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.hub import sync as sync_module

    matter = first_matter(ada)
    ada.save_draft(ada.comments(matter_id=matter)[0].id, "Before the kill.")

    def killed(self: Any, visible: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sync_module._Run, "pull", killed)
    with pytest.raises(KeyboardInterrupt):
        sync(ada, url("alice"))  # the hub has the push; the laptop rolled back
    monkeypatch.undo()
    sync(ada, url("alice"))
    share(url, matter, "bob")
    sync(bob, url("bob"))
    assert shared(bob) == shared(ada)
    assert len(bob.comments(matter_id=matter)) == 2


def test_a_removed_matter_travels_as_a_tombstone(ada: Store, bob: Store, url: Url) -> None:
    matter = first_matter(ada)
    sync(ada, url("alice"))
    share(url, matter, "bob")
    sync(bob, url("bob"))
    remove_matter(ada, matter)
    assert sync(ada, url("alice")).tombstones
    summary = sync(bob, url("bob"))
    assert summary.removed and bob._one("SELECT 1 AS x FROM matters WHERE id = ?",
                                        [matter]) is None
    assert sync(ada, url("alice")).pulled == []  # not pulled back


def test_a_tombstone_keeps_a_copy_with_unsynced_work(ada: Store, bob: Store, url: Url) -> None:
    matter = first_matter(ada)
    sync(ada, url("alice"))
    share(url, matter, "bob")
    sync(bob, url("bob"))
    bob.add_note(bob.comments(matter_id=matter)[0].id, "Not synced yet.")
    remove_matter(ada, matter)
    sync(ada, url("alice"))
    summary = sync(bob, url("bob"))
    assert not summary.removed and "not synced" in " ".join(summary.notes)
    assert bob.matter(matter)


def test_a_hub_restored_from_an_older_backup_is_refused(ada: Store, bob: Store, url: Url,
                                                       cluster: Cluster, hub: str) -> None:
    matter = first_matter(ada)
    sync(ada, url("alice"))
    share(url, matter, "bob")
    sync(bob, url("bob"))
    bob.save_draft(bob.comments(matter_id=matter)[0].id, "Bob's work, lost by the restore.")
    sync(bob, url("bob"))
    sync(ada, url("alice"))
    with psycopg.connect(cluster.url(database=hub)) as conn:  # the restore: the last push gone
        conn.execute("DELETE FROM rejoinder.changes WHERE seq = (SELECT max(seq) FROM "
                     "rejoinder.changes)")
        conn.execute("ALTER TABLE rejoinder.changes ALTER COLUMN seq RESTART WITH 2")
    before = dump(ada)
    with pytest.raises(HubRestored, match="restored from an older backup"):
        sync(ada, url("alice"))
    assert dump(ada) == before
    with pytest.raises(HubRestored):
        sync(bob, url("bob"))
    summary = sync(bob, url("bob"), accept_restored=True)  # Bob's laptop re-feeds it
    assert "restore was accepted" in " ".join(summary.lines())
    sync(ada, url("alice"), accept_restored=True)
    comment = ada.comments(matter_id=matter)[0].id
    assert ada.response(comment).draft == "Bob's work, lost by the restore."


def test_pack_then_sync_does_not_duplicate(ada: Store, bob: Store, url: Url,
                                           tmp_path: Path) -> None:
    matter = first_matter(ada)
    ada.add_note(ada.comments(matter_id=matter)[0].id, "By pack and by hub.")
    export_pack(ada, matter, tmp_path / "p.rxp")
    import_pack(bob, tmp_path / "p.rxp")
    sync(ada, url("alice"))
    share(url, matter, "bob")
    sync(bob, url("bob"))
    bob.add_note(bob.comments(matter_id=matter)[1].id, "Bob's, by hub.")
    sync(bob, url("bob"))
    sync(ada, url("alice"))
    export_pack(bob, matter, tmp_path / "q.rxp")
    import_pack(ada, tmp_path / "q.rxp")
    assert shared(bob) == shared(ada)
    assert len(ada.db.execute("SELECT * FROM annotations").fetchall()) == 2
