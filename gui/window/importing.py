"""Importing letter files from the window: one `storage.importer.import_file` call per file,
a progress dialog when there are several, a password prompt for encrypted PDFs, and every
failure collected (never raised) so that one bad file does not stop the others."""
from __future__ import annotations

import sqlite3
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QProgressDialog, QWidget

from storage.errors import EncryptedFile, UserError
from storage.faults import explain
from storage.importer import ImportResult
from storage.store import Store


@dataclass
class Failure:
    path: Path
    message: str
    details: str | None = None  # a traceback when the failure is a bug

    @property
    def is_bug(self) -> bool:
        return self.details is not None


@dataclass
class Outcome:
    results: list[ImportResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    cancelled: bool = False
    left: int = 0  # letters not reached when the import was stopped
    stopped: bool = False  # a fault of the machine (a full disk, say) stopped the batch


PasswordPrompt = Callable[[QWidget | None, Path, bool], str | None]


def ask_password(parent: QWidget | None, path: Path, again: bool) -> str | None:
    """The password of an encrypted PDF, or None if the user cancels."""
    label = (f"That password did not open {path.name}. Try again:" if again else
             f"{path.name} is protected by a password. Enter it to import the letter:")
    text, ok = QInputDialog.getText(parent, "Password needed", label,
                                    QLineEdit.EchoMode.Password)
    return text if ok else None


def import_paths(store: Store, paths: Iterable[Path], parent: QWidget | None = None,
                 password_prompt: PasswordPrompt = ask_password) -> Outcome:
    """Import each file; collect results and failures. Shows progress for several files."""
    paths = list(paths)
    outcome = Outcome()
    progress = _progress(parent, len(paths)) if len(paths) > 1 else None
    for i, path in enumerate(paths):
        if progress is not None:
            progress.setLabelText(f"Importing {path.name}…")
            progress.setValue(i)
            QApplication.processEvents()
            if progress.wasCanceled():
                outcome.cancelled = True
                outcome.left = len(paths) - i
                break
        _import_one(store, path, parent, password_prompt, outcome)
        if outcome.stopped:
            _stopped(outcome, paths[i:])
            break
    if progress is not None:
        progress.setValue(len(paths))
        progress.deleteLater()
    return outcome


def _progress(parent: QWidget | None, count: int) -> QProgressDialog:
    progress = QProgressDialog("Importing letters…", "Stop", 0, count, parent)
    progress.setWindowTitle("Importing letters")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    return progress


def _import_one(store: Store, path: Path, parent: QWidget | None,
                password_prompt: PasswordPrompt, outcome: Outcome) -> None:
    from storage.importer import import_file  # the parsers load with the first import

    password: str | None = None
    while True:
        try:
            outcome.results.append(import_file(store, path, password=password))
            return
        except EncryptedFile as error:
            password = password_prompt(parent, path, password is not None)
            if password is None:
                outcome.failures.append(Failure(path, str(error)))
                return
        except UserError as error:
            outcome.failures.append(Failure(path, str(error)))
            return
        except (OSError, sqlite3.Error) as error:
            fault = explain(error, store.path)
            if fault is None:
                raise
            outcome.failures.append(Failure(path, str(fault)))
            outcome.stopped = True
            return
        except Exception as error:  # a bug: reported, and the other files still imported
            outcome.failures.append(Failure(
                path, f"{type(error).__name__}: {error}. This is a bug in Rejoinder.",
                "".join(traceback.format_exception(error))))
            return


def _stopped(outcome: Outcome, rest: list[Path]) -> None:
    """Say which letters went in and which did not when a fault stopped the batch."""
    failure = outcome.failures[-1]
    went_in = ", ".join(r.document.name for r in outcome.results) or "none"
    failure.message += (f" The import stopped there: the letters before it went in ({went_in}); "
                        f"{len(rest)} did not, and nothing of them was kept. Import those again "
                        "once that is fixed.")
    outcome.failures += [Failure(path, "Not imported: the import stopped before it.")
                         for path in rest[1:]]


def summary(outcome: Outcome) -> str:
    """The status-bar line for what was imported (and where a stopped import stopped)."""
    line = _summary(outcome)
    if outcome.cancelled:
        line += (f". Stopped: {outcome.left} letter{'s' if outcome.left != 1 else ''} "
                 "not imported; the others are kept")
    return line


def _summary(outcome: Outcome) -> str:
    results = outcome.results
    if len(results) == 1:
        result = results[0]
        name = result.document.name
        if result.already_there:
            return f"{name} was already in {result.matter.title}"
        where = f"new matter {result.matter.title}" if result.new_matter else result.matter.title
        linked = f", {result.linked} linked to their comments" if result.linked else ""
        return f"Imported {name}: {_count(result)}, {where}{linked}"
    if results:
        fresh = [r for r in results if not r.already_there]
        comments = sum(r.comment_count for r in fresh if r.document.role != "response")
        answers = sum(r.comment_count for r in fresh if r.document.role == "response")
        parts = [_words(comments, "comment")] if comments or not answers else []
        parts += [_words(answers, "answer")] if answers else []
        return f"Imported {len(results)} letters: {' and '.join(parts)}"
    return "Nothing imported"


def _count(result: ImportResult) -> str:
    """A staff letter's items are comments; a response letter's are answers."""
    return _words(result.comment_count,
                  "answer" if result.document.role == "response" else "comment")


def _words(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def failure_text(failures: list[Failure]) -> str:
    head = ("This file could not be imported:" if len(failures) == 1 else
            f"These {len(failures)} files could not be imported:")
    return head + "\n\n" + "\n\n".join(f"• {f.path.name}: {f.message}" for f in failures)


def failure_details(failures: list[Failure]) -> str | None:
    bugs = [f"{f.path}:\n{f.details}" for f in failures if f.details]
    return "\n\n".join(bugs) or None
