"""The questions a sync asks, without a hub: the address is stripped and an empty one is no
answer, the password is asked for this sync only, a restored hub is trusted only when the user
says so, and the closing word offers the conflicts only when some wait."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from gui.hub.dialogs import ask_address, ask_password, show_summary, trust_restored
from storage.hub.sync import SyncSummary
from tests.gui.conftest import Dialogs


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_address_is_stripped_and_an_empty_one_is_no_answer(parent: QWidget,
                                                               dialogs: Dialogs) -> None:
    dialogs.answers += [("  service=team \n", True), ("   ", True), ("service=team", False)]
    assert ask_address(parent) == "service=team"
    assert ask_address(parent) is None
    assert ask_address(parent) is None


def test_the_password_is_asked_with_why(parent: QWidget, dialogs: Dialogs) -> None:
    dialogs.answers += [("pw", True), ("", True)]
    assert ask_password(parent, "No password was found.") == "pw"
    assert ask_password(parent, "No password was found.") is None


def clicking(monkeypatch: pytest.MonkeyPatch, text: str | None) -> list[str]:
    """Message boxes answered by the button with this text (None: the default button)."""
    seen: list[str] = []

    def answer(box: QMessageBox) -> int:
        seen.append(box.text())
        for button in box.buttons():
            if button.text() == text:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return seen


def test_a_restored_hub_is_trusted_only_when_the_user_says_so(
        parent: QWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = clicking(monkeypatch, None)
    assert not trust_restored(parent, "The hub was restored from a backup.")
    clicking(monkeypatch, "Trust the hub and send my matters again")
    assert trust_restored(parent, "The hub was restored from a backup.")
    assert seen == ["The hub was restored from a backup."]


def test_the_summary_offers_the_conflicts_only_when_some_wait(
        parent: QWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = clicking(monkeypatch, "Resolve conflicts…")
    assert not show_summary(parent, SyncSummary("the team hub"))
    assert show_summary(parent, SyncSummary("the team hub", conflicts=2))
    assert seen[0].startswith("Synced with the team hub") and seen[0].endswith("wait.")
    assert seen[1].endswith("2 conflict(s) wait for your choice.")
