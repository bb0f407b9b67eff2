"""Make the README's picture of the window: `python -m gui.screenshot OUT.png [WIDTHxHEIGHT]`.

The window is opened on a fresh workspace holding the sample matter, on its fifth comment, with
the letter rendered, and grabbed offscreen — so the picture is what the program shows.
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.models import Comment, Status
from storage.store import Store


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from gui.window.main_window import MainWindow
    from storage.firstrun import ensure_sample_matter
    from storage.session import open_store

    out = Path(argv[0]) if argv else Path("resources/screenshot.png")
    width, height = (int(v) for v in (argv[1] if len(argv) > 1 else "1440x900").split("x"))
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        os.environ["REJOINDER_CONFIG_DIR"] = folder  # a reviewer known to this "machine"
        from storage.identity import remember_identity

        remember_identity("Ada Lovelace", "AL")
        store = open_store(Path(folder) / "sample.rejoinder")
        store.set_me("Ada Lovelace", "AL")
        ensure_sample_matter(store)
        _stage_review(store)
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.resize(width, height)
        window.show()
        window.tree.select_comment(_staff_comments(store)[4].id)
        loop = QEventLoop()
        QTimer.singleShot(1500, loop.quit)  # the render thread paints the visible pages
        loop.exec()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.close()
    app.processEvents()
    print(f"wrote {out}")
    return 0


def _staff_comments(store: Store) -> list[Comment]:
    staff = next(d for d in store.documents(store.matters()[0].id) if d.role == "staff")
    return store.comments(document_id=staff.id)


def _stage_review(store: Store) -> None:
    """A review under way, as a team would leave it, so the picture shows the workflow."""
    from storage.due import add_business_days

    comments = _staff_comments(store)
    counsel = store.add_reviewer("Will Cai", "WC")
    due = add_business_days(date.today(), 3).isoformat()  # a review under way today
    statuses: tuple[Status, ...] = ("approved", "in_review", "drafting", "open", "in_review")
    for comment, status in zip(comments, statuses, strict=True):
        store.set_status(comment.id, status, "Sample review")
        store.set_due(comment.id, due, "Extension granted by the staff")
    store.set_owner(comments[4].id, counsel.id)
    store.add_note(comments[4].id, "Say which reporting units were tested, and the headroom "
                   "of each, before we send this.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
