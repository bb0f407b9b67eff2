"""Opening workspaces: new ones, old ones (backup first), newer ones (refused, untouched),
files that are not workspaces, and a second running copy."""
from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from storage.errors import WorkspaceError, WorkspaceLocked, WorkspaceTooNew
from storage.schema import migrations
from storage.store import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_workspace_has_every_table_and_wal(workspace_path: Path) -> None:
    with Store.open(workspace_path) as store:
        tables = set(store.db.table_names())
        mode = store.db.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"matters", "documents", "comments", "responses", "response_versions",
            "status_changes", "annotations", "reviewers", "events", "blobs"} <= tables
    assert mode == "wal"
    assert not list(workspace_path.parent.glob("*.backup-*")), "no backup of a new workspace"


def test_reopening_a_current_workspace_makes_no_backup(workspace_path: Path) -> None:
    Store.open(workspace_path).close()
    Store.open(workspace_path).close()
    assert not list(workspace_path.parent.glob("*.backup-*"))


def test_old_workspace_is_backed_up_then_migrated(workspace_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(workspace_path) as store:
        store.set_me("Grace Hopper", "GH")
    registered = list(migrations._migrations)

    def m999_add_column(db) -> None:  # type: ignore[no-untyped-def]
        db.execute("ALTER TABLE matters ADD COLUMN letterhead TEXT")

    monkeypatch.setattr(migrations, "_migrations",
                        registered + [migrations._Migration("m999_add_column", m999_add_column)])
    with Store.open(workspace_path) as store:
        assert "letterhead" in store.db["matters"].columns_dict
        assert store.me() is not None and store.me().name == "Grace Hopper"
    backups = list(workspace_path.parent.glob("*.backup-*-before-m999_add_column*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT name FROM reviewers").fetchall() == [("Grace Hopper",)]
    assert "letterhead" not in [r[1] for r in old.execute("PRAGMA table_info(matters)")]
    old.close()


def test_failed_migration_leaves_data_and_stays_pending(workspace_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(workspace_path) as store:
        store.set_me("Grace Hopper", "GH")

    def m999_broken(db) -> None:  # type: ignore[no-untyped-def]
        db.execute("ALTER TABLE matters ADD COLUMN half_done TEXT")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrations, "_migrations", list(migrations._migrations)
                        + [migrations._Migration("m999_broken", m999_broken)])
    with pytest.raises(RuntimeError):
        Store.open(workspace_path)
    conn = sqlite3.connect(workspace_path)
    assert "half_done" not in [r[1] for r in conn.execute("PRAGMA table_info(matters)")]
    assert conn.execute("SELECT name FROM reviewers").fetchall() == [("Grace Hopper",)]
    conn.close()


def test_workspace_from_a_newer_version_is_refused_untouched(workspace_path: Path) -> None:
    Store.open(workspace_path).close()
    conn = sqlite3.connect(workspace_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('rejoinder', 'm500_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = digest(workspace_path)
    with pytest.raises(WorkspaceTooNew, match="newer version"):
        Store.open(workspace_path)
    assert digest(workspace_path) == before
    assert not list(workspace_path.parent.glob("*.backup-*"))


def test_a_file_that_is_not_a_workspace_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "letter.pdf"
    bogus.write_bytes(b"%PDF-1.4 not a database at all" * 100)
    before = digest(bogus)
    with pytest.raises(WorkspaceError, match="not a Rejoinder workspace"):
        Store.open(bogus)
    assert digest(bogus) == before


def test_other_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceError, match="not a Rejoinder workspace"):
        Store.open(other)


def _hold_open(path: str, ready, release) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(Path(path))
    ready.set()
    release.wait(30)
    store.close()


def test_second_running_copy_is_refused(workspace_path: Path) -> None:
    Store.open(workspace_path).close()
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_open, args=(str(workspace_path), ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(WorkspaceLocked, match="open in another running Rejoinder"):
            Store.open(workspace_path)
    finally:
        release.set()
        holder.join(30)
    Store.open(workspace_path).close()  # free again once the other copy has gone
