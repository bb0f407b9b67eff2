"""The GUI start, as a flat sequence: application → settings → workspace → who the user is →
main window → event loop."""
from __future__ import annotations

import gc
import os
import sqlite3
import sys
import traceback
from pathlib import Path
from types import TracebackType

# The storage layer (sqlite-utils) and PyMuPDF (for the letter pane) load before PySide6: once
# PySide6 is imported, its __feature__ import hook reads the source of every module imported
# after it, which costs the start some 25 ms for these big ones.
import pymupdf  # noqa: F401

from storage.errors import UserError
from storage.faults import explain
from storage.identity import sign_workspace
from storage.ingest.mupdf import quiet
from storage.session import open_store
from storage.store import Store
from storage.workspace import default_workspace_path

# isort: split
from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog

from gui.common import feature_hook

feature_hook.quicken()  # before the rest of the window loads: PySide6 checks each module

from gui.common import dialogs  # noqa: E402
from gui.window.file_open import Application, FileOpener  # noqa: E402
from gui.window.main_window import WORKSPACE_FILTER, MainWindow  # noqa: E402
from gui.window.settings import last_workspace  # noqa: E402

EXIT_OK, EXIT_WORKSPACE = 0, 1
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"  # found in a bundle too
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def run(workspace: Path | None) -> int:
    quiet()  # MuPDF's complaints about a damaged page: recorded, never printed
    app = make_application()
    settings = QSettings()
    remembered = last_workspace(settings)
    vanished = remembered if workspace is None and remembered and not remembered.exists() \
        else None  # on a drive since removed, say: not made again, empty, where it was
    path = workspace or (None if vanished else remembered) or default_workspace_path()
    opened = open_workspace(path)
    if opened is None:
        return EXIT_WORKSPACE
    store, created = opened
    sign_workspace(store)  # the machine's reviewer, else the OS account's name, to confirm
    if created:
        add_sample_matter(store)
    window = MainWindow(store, settings)
    window.show()
    if isinstance(app, Application):  # macOS: a file double-clicked while we run
        app.fileOpened.connect(FileOpener(window).open)
    QTimer.singleShot(0, resume_collection)
    if vanished:
        window.message(f"The last workspace, {vanished}, could not be found (was its drive "
                       f"removed?); this is {path}. Once it is back, open it with File ▸ Open "
                       "workspace…", 0)
    if os.environ.get("REJOINDER_EXIT_WHEN_IDLE"):  # the startup benchmark's stopwatch
        QTimer.singleShot(0, lambda: (print("idle", flush=True), app.quit()))
    sys.excepthook = lambda kind, error, tb: _report_bug(kind, error, tb, store.path)
    try:
        return app.exec()
    finally:
        sys.excepthook = sys.__excepthook__
        window.close()
        window.deleteLater()


def resume_collection() -> None:
    """Once the window is up: what the start built lives as long as the program, so it is set
    aside from later collections (gc.freeze), and collection resumes if `main` paused it. Some
    35 ms of the start were collections that found almost nothing (~500 objects)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def make_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = Application(sys.argv)
    app.setOrganizationName("Rejoinder")
    app.setApplicationName("Rejoinder")
    # No applicationDisplayName: Qt would add " — Rejoinder" to every title, which already
    # starts with it ("Rejoinder — Rejoinder — workspace.rejoinder" on Linux).
    app.setDesktopFileName("rejoinder")  # a Linux desktop matches the window to rejoinder.desktop
    icon = QIcon()
    for size in ICON_SIZES:  # sizes given, so no file is read until one is drawn
        icon.addFile(str(ICONS / f"rejoinder-{size}.png"), QSize(size, size))
    app.setWindowIcon(icon)
    return app


def open_workspace(path: Path) -> tuple[Store, bool] | None:
    """Open the workspace, offering to pick another after an error; (store, just created), or
    None when the user gives up."""
    while True:
        created = not path.exists() or path.stat().st_size == 0
        try:
            return open_store(path), created
        except UserError as error:
            message = str(error)
        except Exception as error:  # a bug: say so, and let the user try another file
            message = (f"Could not open {path}: {type(error).__name__}: {error}. "
                       "This is a bug in Rejoinder.\n\n"
                       + "".join(traceback.format_exception(error)))
        if not dialogs.ask_open_another(None, message):
            return None
        name, _ = QFileDialog.getSaveFileName(
            None, "Open or create a workspace", str(path.parent), WORKSPACE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not name:
            return None
        path = Path(name)


def add_sample_matter(store: Store) -> None:
    """Import the bundled sample matter into a brand-new, empty workspace."""
    from storage.firstrun import ensure_sample_matter  # importlib.resources: the first run's

    try:
        ensure_sample_matter(store)
    except UserError as error:
        dialogs.show_error(None, "Rejoinder — sample matter",
                           f"The sample matter could not be added: {error}")
    except Exception as error:  # the sample is a convenience: never stop the start for it
        dialogs.show_bug(None, "adding the sample matter", error)


def _report_bug(kind: type[BaseException], error: BaseException,
                tb: TracebackType | None, workspace: Path | None = None) -> None:
    """Exceptions escaping a slot: a fault of the machine (full disk, removed drive) is shown
    in one line; anything else as a bug. The window keeps running."""
    if isinstance(error, KeyboardInterrupt):
        QApplication.quit()
        return
    fault = explain(error, workspace) if isinstance(error, OSError | sqlite3.Error) else None
    if fault is not None:
        print(f"rejoinder: {fault}", file=sys.stderr)
        dialogs.show_error(QApplication.activeWindow(), "Rejoinder", str(fault))
        return
    traceback.print_exception(kind, error, tb)
    dialogs.show_bug(QApplication.activeWindow(), "doing that", error.with_traceback(tb))
