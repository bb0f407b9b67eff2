"""Faults of the machine rather than of Rejoinder — a read-only folder, a full disk, a folder
given as a workspace, a workspace on a drive that was removed — each turned into one line that
says what happened, to which file, and what to do next.

`explain(error, path)` maps an `OSError` or `sqlite3.Error` met while using `path` to one of the
`EnvironmentFault` errors below (user errors, shown as they are), or None when the error is not
the environment's (a bug, to be reported as one).
"""
from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from storage.errors import WorkspaceError

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EROFS, errno.EACCES, errno.EPERM}
_GONE = {errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO, errno.ESTALE}
# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF).
SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = (
    3, 8, 10, 11, 13, 14)


class EnvironmentFault(WorkspaceError):
    """The machine refused a read or a write (disk, folder, drive); not a bug."""


class DiskFull(EnvironmentFault):
    """The disk holding a file is full."""


class NotWritable(EnvironmentFault):
    """A folder or file may not be written (read-only, or no permission)."""


class FolderGiven(EnvironmentFault):
    """A folder was given where a workspace file was expected."""


class FileGone(EnvironmentFault):
    """A file in use can no longer be reached (a drive removed, a network share gone)."""


def explain(error: BaseException, path: Path | None) -> EnvironmentFault | None:
    """The user's version of `error`, met while using the file at `path`; None for a bug."""
    if isinstance(error, EnvironmentFault):
        return error
    if isinstance(error, OSError) and error.filename and path is None:
        path = Path(str(error.filename))
    where = Path(path) if path is not None else None
    name = str(where) if where is not None else "the file"
    kind = _kind(error)
    if kind is None:
        return None
    if where is not None and where.is_dir():
        return FolderGiven(f"{name} is a folder, not a workspace file. Give a file name in it "
                           f"instead, such as {where / 'workspace.rejoinder'}.")
    if kind == "full":
        return DiskFull(f"The disk holding {name} is full, so the last change was not saved. "
                        "Free some space on that disk (or move the workspace to another one), "
                        "then try again.")
    if kind == "cantopen":
        folder = where.parent if where is not None else None
        kind = "gone" if folder is None or not folder.exists() else \
            "denied" if not os.access(folder, os.W_OK) else "io"
    if kind == "denied":
        return NotWritable(f"Rejoinder may not write {name}: the file or its folder "
                           f"{where.parent if where is not None else ''} is "
                           "read-only, or you lack permission. Choose a workspace in a folder "
                           "you may write to (File ▸ Open workspace…, or --workspace PATH).")
    if kind == "gone" or (kind == "io" and where is not None and not where.parent.exists()):
        return FileGone(f"{name} can no longer be reached (was its drive removed or its network "
                        "folder disconnected?); changes since the last save may be lost. "
                        "Reconnect it and start Rejoinder again, or open another workspace.")
    if kind == "io":
        return FileGone(f"{name} could not be read or written (the disk reports an input/output "
                        "error). Check the drive, copy the workspace to another disk if you "
                        "can, and start Rejoinder again.")
    return None


def _kind(error: BaseException) -> str | None:
    if isinstance(error, OSError):
        code = error.errno
        return ("full" if code in _FULL else "denied" if code in _DENIED else
                "gone" if code in _GONE else None)
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        text = str(error).lower()
        if primary == SQLITE_FULL or "disk is full" in text:
            return "full"
        if primary in (SQLITE_READONLY, SQLITE_PERM) or "readonly" in text:
            return "denied"
        if primary == SQLITE_CANTOPEN or "unable to open" in text:
            return "cantopen"
        if primary == SQLITE_IOERR or "disk i/o error" in text:
            return "io"
    return None
