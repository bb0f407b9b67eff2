"""Small dialogs: who the user is, the keyboard shortcuts, About, and the error boxes.

Every message box is a `QMessageBox` instance shown with `exec()`, so the tests capture them
all by patching `QMessageBox.exec`.
"""
from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from storage.identity import initials_of

ABOUT = ("<h3>Rejoinder</h3><p>Read SEC comment letters, see them split into numbered comments, "
         "draft the answers, set statuses and leave notes — offline.</p>"
         "<p>Version {version}</p>")


# -- message boxes --------------------------------------------------------------------------

def show_error(parent: QWidget | None, title: str, text: str,
               details: str | None = None) -> None:
    """A warning the user can act on: `text` says what happened and what to do."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_bug(parent: QWidget | None, doing: str, error: BaseException) -> None:
    """An unexpected exception: say it is a bug, with the traceback in the details."""
    box = QMessageBox(
        QMessageBox.Icon.Critical, "Rejoinder — internal error",
        f"Something went wrong while {doing}: {type(error).__name__}: {error}\n\n"
        "This is a bug in Rejoinder, not something you did. Your work so far is saved; the "
        "window keeps working. Please send the details below to whoever supports Rejoinder.",
        QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText("".join(traceback.format_exception(error)))
    box.exec()


def ask_open_another(parent: QWidget | None, text: str) -> bool:
    """After a workspace failed to open: True to choose another file, False to give up."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Rejoinder — workspace", text,
                      QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close, parent)
    box.button(QMessageBox.StandardButton.Open).setText("Open another workspace…")
    box.button(QMessageBox.StandardButton.Close).setText("Quit")
    return box.exec() == QMessageBox.StandardButton.Open


def confirm(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """Ask before a step that cannot be undone; `yes` names the step ("Remove matter")."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


def show_about(parent: QWidget | None) -> None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("rejoinder")
    except PackageNotFoundError:
        number = "development"
    box = QMessageBox(QMessageBox.Icon.Information, "About Rejoinder",
                      ABOUT.format(version=number), QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.exec()


# -- a form and its buttons ----------------------------------------------------------------

def form_body(dialog: QDialog, form: QFormLayout, *, above: QWidget | None = None,
              save: bool = False, accept: Callable[[], object] | None = None
              ) -> QDialogButtonBox:
    """Lay out a dialog as most are: `above` (an explanation), the form, then OK (Save with
    `save`) and Cancel; OK calls `accept` (the dialog's own accept unless given: one that
    checks first). Qt's button enums are read here, not at import: building them costs 5 ms
    of the window's start."""
    ok = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    if above is not None:
        layout.addWidget(above)
    layout.addLayout(form)
    layout.addWidget(buttons)
    return buttons


# -- who the user is ------------------------------------------------------------------------

IDENTITY_TEXT = ("Your notes, drafts and status changes are signed with your name and "
                 "initials, so that colleagues who merge your work see who did what.")


class InitialsFollowName(QObject):
    """Keeps an initials field following the name typed beside it ("Ada Lovelace" → "AL") until
    the user types initials of their own (`typed`)."""

    def __init__(self, name: QLineEdit, initials: QLineEdit) -> None:
        super().__init__(name)
        self.initials = initials
        self.typed = False
        name.textEdited.connect(self._name_edited)
        initials.textEdited.connect(self._initials_edited)

    @Slot(str)
    def _name_edited(self, name: str) -> None:
        if not self.typed:
            self.initials.setText(initials_of(name))

    @Slot(str)
    def _initials_edited(self, _text: str) -> None:
        self.typed = True


class IdentityDialog(QDialog):
    """Asks a person's name and initials: the local reviewer's (every change is attributed to
    them) or, with another title and text, a teammate's."""

    def __init__(self, name: str = "", initials: str = "",
                 parent: QWidget | None = None, *, title: str = "Rejoinder — who are you?",
                 text: str = IDENTITY_TEXT) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit(name)
        self.initials = QLineEdit(initials or initials_of(name))
        self.initials.setMaxLength(4)
        self.follow = InitialsFollowName(self.name, self.initials)
        self.follow.typed = bool(initials) and initials != initials_of(name)
        intro = QLabel(text)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Initials", self.initials)
        self.buttons = form_body(self, form, above=intro)
        self.name.textChanged.connect(self._check)
        self.initials.textChanged.connect(self._check)
        self._check()
        self.resize(420, self.sizeHint().height())

    @Slot()
    def _check(self) -> None:
        ok = bool(self.name.text().strip() and self.initials.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.initials.text().strip()


# -- busy ---------------------------------------------------------------------------------

T = TypeVar("T")


class Abandoned(Exception):
    """The user cancelled a wait (`in_background`); the work ends on its own, unheard."""


def in_background(parent: QWidget | None, text: str, work: Callable[[], T],
                  abandon: Callable[[T], object] = lambda _result: None) -> T:
    """Run `work` (network or other waiting that touches no store) on a thread, while the
    window repaints and a modal note with Cancel stands; its result, or its exception raised
    here. Cancel raises `Abandoned` at once; `abandon` is then called on the thread with the
    result when the work ends (to close a connection nobody will use)."""
    outcome: dict[str, Any] = {}
    done = threading.Event()
    cancelled = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # carried to the GUI thread, raised there
            outcome["error"] = error
        finally:
            done.set()
            if cancelled.is_set() and "value" in outcome:
                abandon(outcome["value"])

    progress = QProgressDialog(text, "Cancel", 0, 0, parent)
    progress.setWindowTitle("Rejoinder")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.show()
    threading.Thread(target=run, name="rejoinder-background", daemon=True).start()
    try:
        while not done.wait(0.03):
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 30)
            if progress.wasCanceled():
                cancelled.set()
                if done.is_set() and "value" in outcome:  # it ended meanwhile
                    abandon(outcome["value"])
                raise Abandoned()
    finally:
        progress.close()
        progress.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


@contextmanager
def busy(parent: QWidget | None, text: str) -> Iterator[None]:
    """A modal note ("Writing pack…", "Syncing…") and a wait cursor while the GUI thread works
    (the store's connection belongs to this thread). Painted once; nothing else runs meanwhile."""
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setWindowTitle("Rejoinder")
    progress.setCancelButton(None)  # type: ignore[arg-type]
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.show()
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
        progress.close()
        progress.deleteLater()
