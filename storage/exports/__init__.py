"""Exports: the work of a matter in the forms people without Rejoinder use.

    docx.export_docx            the response letter in Word
    edgar_html.export_edgar_html the same letter as EDGAR HTML, for filing as CORRESP
    pack_pdf.export_pack        the review pack PDF
    xlsx.export_tracker         the tracker spreadsheet
    annotated_pdf.export_annotated  a letter with the reviewers' highlights and notes

Each takes the store, the matter, a `Selection` of comments, the path to write and an optional
`progress(done, total) -> bool` callback (return False to cancel: `Cancelled` is raised and
nothing is written); the review pack also takes a `warn(line)` callback, told when it was
written without something asked for (a precedent library that cannot be read). Every file
is written with `write_atomic`. The formats, for the command line and the window alike, are
registered in `formats.py`.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from storage.errors import UserError

Progress = Callable[[int, int], bool]
Warn = Callable[[str], None]  # hears, in a line, what an export wrote without (and why)
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class ExportError(UserError):
    """An export could not be written where the user asked."""


class Cancelled(UserError):
    """The user cancelled an export; nothing was written."""


@dataclass(frozen=True)
class Selection:
    """Which comments to export: all of them, the open ones, or those listed by id."""

    only: Literal["all", "open", "ids"] = "all"
    ids: tuple[str, ...] = ()

    @classmethod
    def all(cls) -> Selection:
        return cls("all")

    @classmethod
    def open(cls) -> Selection:
        """Comments whose answer is not yet approved or filed."""
        return cls("open")

    @classmethod
    def of(cls, ids: Sequence[str]) -> Selection:
        return cls("ids", tuple(ids))


ALL = Selection()  # every comment of the matter


def report(progress: Progress | None, done: int, total: int) -> None:
    """Tell the caller how far we are; raise `Cancelled` when they ask to stop."""
    if progress is not None and progress(done, total) is False:
        raise Cancelled("The export was cancelled; no file was written.")


def write_atomic(path: Path | str, writer: Callable[[BinaryIO], object]) -> Path:
    """Write a file whole or not at all: `writer` fills a temporary file in the same folder,
    which is flushed to disk and then renamed over `path`. On any failure the temporary file
    is removed and `path` is left as it was."""
    path = Path(path).expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ExportError(f"Could not write {path}: it is a folder. Choose a file name.")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise _unwritable(path, error) from error
    try:
        os.chmod(temp, _mode_for(path))
        with os.fdopen(handle, "wb") as out:
            writer(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise _unwritable(path, error) from error
        raise
    return path


def _mode_for(path: Path) -> int:
    """The permissions of the file replaced, or those a new file would get."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_UMASK


def _unwritable(path: Path, error: OSError) -> ExportError:
    reason = error.strerror or str(error)
    return ExportError(f"Could not write {path}: {reason}. Check that the folder "
                       f"{path.parent} exists and that you may write to it, or choose "
                       "another place.")
