"""File → Sync with team hub… in a real window against a real PostgreSQL hub: the address is
asked once and remembered without a password, the password is asked when libpq has none, the
status bar shows the last sync and the changes waiting, a conflict opens the same screen as a
pack's, and a hub that cannot be reached changes nothing."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from gui.exchange.conflicts import ConflictsView
from gui.window.main_window import MainWindow
from storage.hub.sync import sync
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs
from tests.hub.pg import free_port
from tests.hub.test_sync import first_matter, share
from tests.storage.test_exchange import dump

pytestmark = [OFFSCREEN_NOISE, pytest.mark.hub]
Url = Callable[..., str]


def window_over(qtbot: QtBot, store: Store, folder: Path) -> MainWindow:
    window = MainWindow(store, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    return window


def file_menu(window: MainWindow) -> list[str]:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "File":
            return [a.text().replace("&", "") for a in action.menu().actions()]  # type: ignore
    return []


def test_sync_from_the_file_menu(qtbot: QtBot, tmp_path: Path, url: Url, dialogs: Dialogs,
                                 bob: Store) -> None:
    ada = Store.open(tmp_path / "ada-window.rejoinder")
    ada.set_me("Ada Lovelace", "AL")
    matter = first_matter(ada)
    window = window_over(qtbot, ada, tmp_path)
    assert "Sync with team hub…" in file_menu(window)
    assert window.hub.status.isHidden()  # no hub set: nothing said, nothing online
    dialogs.answers += [(url("alice", password=""), True), ("alice-pw", True)]
    window.hub.sync_action.trigger()
    assert "Synced with the team hub" in dialogs.texts[-1]
    assert "alice-pw" not in str(ada._all("SELECT * FROM settings"))
    assert window.hub.status.isVisible() or not window.isVisible()
    assert window.hub.status.text().endswith("· 0 changes waiting")
    comment = ada.comments(matter_id=matter)[0].id
    window.open_comment(comment)
    ada.save_draft(comment, "Ada's answer.")
    window.commentChanged.emit(comment)
    assert window.hub.status.text().endswith("· 1 change waiting")

    share(url, matter, "bob")  # Bob answers the same comment differently
    sync(bob, url("bob"))
    bob.save_draft(comment, "Bob's answer.")
    sync(bob, url("bob"))
    dialogs.answers.append(("alice-pw", True))
    shown: list[QMessageBox] = []

    def resolve(box: QMessageBox) -> int:  # the summary: press "Resolve conflicts…"
        shown.append(box)
        buttons = [b for b in box.buttons() if b.text() == "Resolve conflicts…"]
        if buttons:
            buttons[0].click()
        return 0

    QMessageBox.exec = resolve  # type: ignore[method-assign]  # dialogs restores it
    window.hub.sync_action.trigger()
    assert "1 conflict(s) wait" in shown[-1].text()
    assert window.exchange.notice.isVisibleTo(window)
    view = window.exchange.view
    assert isinstance(view, ConflictsView)
    view.close()


def test_an_unreachable_hub_changes_nothing(qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
                                            ) -> None:
    store = Store.open(tmp_path / "w.rejoinder")
    store.set_me("Ada Lovelace", "AL")
    first_matter(store)
    window = window_over(qtbot, store, tmp_path)
    before = dump(store)
    dialogs.answers.append((f"postgresql://alice@127.0.0.1:{free_port()}/hub", True))
    window.hub.sync_action.trigger()
    assert "Could not reach the team hub" in dialogs.texts[-1]
    assert dump(store) == before
    assert window.hub.status.isHidden()


def test_a_hub_that_never_answers_leaves_the_window_working_and_can_be_cancelled(
        qtbot: QtBot, tmp_path: Path, dialogs: Dialogs) -> None:
    """libpq waits up to its timeout for a server that accepts and never speaks: meanwhile the
    window paints and Cancel ends the wait, changing nothing."""
    import socket

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # the kernel accepts; nobody ever answers
    store = Store.open(tmp_path / "w.rejoinder")
    store.set_me("Ada Lovelace", "AL")
    first_matter(store)
    window = window_over(qtbot, store, tmp_path)
    before = dump(store)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)

    def cancel_when_shown() -> None:
        notes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QProgressDialog) and w.isVisible()]
        if notes and len(ticks) >= 5:  # the event loop ran while the hub was being reached
            notes[0].cancel()
        else:
            QTimer.singleShot(20, cancel_when_shown)

    QTimer.singleShot(20, cancel_when_shown)
    dialogs.answers.append((f"postgresql://alice@127.0.0.1:{silent.getsockname()[1]}/hub",
                            True))
    try:
        assert window.hub._run(dialogs.answers.pop()[0], accept_restored=False) is None
    finally:
        timer.stop()
        silent.close()
    assert len(ticks) >= 5 and dialogs.texts == []
    assert "Sync cancelled" in window.statusBar().currentMessage()
    assert dump(store) == before


def test_the_window_goes_online_only_when_asked(qtbot: QtBot, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    import psycopg

    store = Store.open(tmp_path / "w.rejoinder")
    store.set_me("Ada Lovelace", "AL")
    matter = first_matter(store)
    store.set_setting("hub:url", "host=hub.example.com dbname=rejoinder user=alice")
    tried: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda *a: tried.append(a))
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: tried.append(a))
    monkeypatch.setattr(psycopg, "connect", lambda *a, **k: tried.append(a))  # libpq's own
    window = window_over(qtbot, store, tmp_path)
    comment = store.comments(matter_id=matter)[0].id
    store.save_draft(comment, "Offline.")
    window.commentChanged.emit(comment)
    assert window.hub.status.text().startswith("Not synced yet · ")
    assert tried == []
