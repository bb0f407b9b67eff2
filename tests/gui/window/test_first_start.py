"""The first start: the window opens at once on the sample matter, asks who you are in a banner
(never a modal dialog), suggests the OS account's name (never root's), lets the initials follow
the name until they are edited, and remembers the answer for every new workspace."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.window.main_window import MainWindow
from storage import identity
from storage.session import open_store
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs

pytestmark = OFFSCREEN_NOISE


def first_start(path: Path, act: object) -> list[str]:
    """Run the program on `path`; `act(window)` runs once it is up, then it closes."""
    from gui import app

    seen: list[str] = []
    failed: list[BaseException] = []

    def then() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())  # not an earlier test's
        try:
            seen.extend(m.title for m in window.store.matters())
            act(window)  # type: ignore[operator]
        except BaseException as error:  # raised again below, once the window is closed
            failed.append(error)
        finally:
            window.close()

    QTimer.singleShot(0, then)
    assert app.run(path) == 0
    if failed:
        raise failed[0]
    return seen


def test_root_is_never_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(identity.getpass, "getuser", lambda: "root")
    assert identity.suggested_name() == ""
    monkeypatch.setattr(identity.getpass, "getuser", lambda: "ada")
    monkeypatch.setattr(identity.os, "getuid", lambda: 10**9)  # no passwd entry: the login
    assert identity.suggested_name() == "ada"


def test_the_banner_asks_and_the_machine_remembers(
        qtbot: QtBot, tmp_path: Path, settings: QSettings, dialogs: Dialogs,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(identity, "suggested_name", lambda: "")  # as root
    asked: list[bool] = []

    def answer(window: MainWindow) -> None:
        banner = window.identity
        asked.append(banner.isVisible())
        assert banner.name.text() == "" and not banner.save_button.isEnabled()
        qtbot.keyClicks(banner.name, "Ada Lovelace")
        assert banner.initials.text() == "AL"  # the initials follow the name …
        banner.initials.clear()
        qtbot.keyClicks(banner.initials, "ALV")
        qtbot.keyClicks(banner.name, " King")
        assert banner.initials.text() == "ALV"  # … until they are edited
        banner.save_button.click()
        assert not banner.isVisible() and "signed Ada Lovelace King" in \
            window.statusBar().currentMessage()

    titles = first_start(tmp_path / "first.rejoinder", answer)
    assert any("21Vianet" in t for t in titles)  # the sample, straight away
    assert asked == [True] and dialogs.opened == [] and dialogs.shown == []
    with open_store(tmp_path / "first.rejoinder") as store:
        me = store.me()
        assert me is not None and (me.name, me.initials) == ("Ada Lovelace King", "ALV")
    assert identity.machine_identity() == ("Ada Lovelace King", "ALV")

    def look(window: MainWindow) -> None:
        asked.append(window.identity.isVisible())

    first_start(tmp_path / "second.rejoinder", look)  # a new workspace knows her
    assert asked == [True, False]
    with open_store(tmp_path / "second.rejoinder") as store:
        me = store.me()
        assert me is not None and me.name == "Ada Lovelace King"


def test_the_accounts_name_signs_until_confirmed(
        tmp_path: Path, settings: QSettings, dialogs: Dialogs,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(identity, "suggested_name", lambda: "Grace Hopper")
    shown: list[tuple[bool, str, str]] = []

    def look(window: MainWindow) -> None:
        banner = window.identity
        shown.append((banner.isVisible(), banner.name.text(), banner.initials.text()))

    first_start(tmp_path / "w.rejoinder", look)
    assert shown == [(True, "Grace Hopper", "GH")]
    with open_store(tmp_path / "w.rejoinder") as store:
        me = store.me()
        assert me is not None and me.name == "Grace Hopper"
    assert identity.machine_identity() is None  # not confirmed: not remembered
