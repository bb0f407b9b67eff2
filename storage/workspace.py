"""Opening a workspace file: the lock against a second running copy, the too-new check, the
backup before migrations, then the migrations themselves."""
from __future__ import annotations

import os
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sqlite_utils import Database

from storage.errors import WorkspaceError, WorkspaceLocked, WorkspaceTooNew
from storage.schema import MIGRATION_SET, known_names, migrations

KEEP_BACKUPS = 5


def default_workspace_path() -> Path:
    from platformdirs import user_data_dir  # only when no workspace was named: slow to import

    return Path(user_data_dir("Rejoinder", appauthor=False)) / "workspace.rejoinder"


class WorkspaceLock:
    """An advisory lock on `<workspace>.lock`, held while the workspace is open.

    The operating system drops it when the process ends, however it ends, so a crash never
    leaves a workspace locked.
    """

    def __init__(self, workspace: Path) -> None:
        self.path = workspace.with_name(workspace.name + ".lock")
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held while open)
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise WorkspaceLocked(
                f"The workspace {self.path.with_suffix('')} is open in another running Rejoinder "
                f"({holder}). Close that window first, or open another workspace "
                "(File → Open workspace…, or --workspace PATH).") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _lock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def applied_names(path: Path) -> list[str] | None:
    """The migration names a workspace records, read without writing; None if it has none."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise WorkspaceError(f"Could not open {path}: {error}.") from error
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET]).fetchall()
    except sqlite3.DatabaseError as error:
        if "no such table" in str(error):
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise WorkspaceError(
                    f"{path} is an SQLite file but not a Rejoinder workspace. "
                    "Choose a workspace file, or a new name to create one.") from None
            return None
        raise WorkspaceError(
            f"{path} is not a Rejoinder workspace ({error}). "
            "Choose a workspace file, or a new name to create one.") from None
    finally:
        conn.close()
    return [row[0] for row in rows]


def backup(path: Path, before: str) -> Path:
    """Copy the workspace (consistently, through SQLite's backup API) beside itself."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{stamp}-before-{before}{path.suffix}")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    old = sorted(path.parent.glob(f"{path.stem}.backup-*{path.suffix}"))
    for stale in old[:-KEEP_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target


def open_database(path: Path) -> Database:
    """Open (creating if needed) and migrate a workspace. The caller holds its lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        applied = applied_names(path) or []
        unknown = [name for name in applied if name not in known_names()]
        if unknown:
            raise WorkspaceTooNew(
                f"The workspace {path} was written by a newer version of Rejoinder "
                f"(it has schema steps this version does not know: {', '.join(unknown)}). "
                "It has been left untouched. Update Rejoinder to open it.")
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    db = Database(conn, execute_plugins=False)  # no third-party hooks on our connection
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")
    pending = migrations.pending(db)
    if pending and exists and applied_names(path):
        backup(path, pending[0].name)
    if pending:  # else nothing to do (apply would read the applied steps again)
        migrations.apply(db)
    return db
