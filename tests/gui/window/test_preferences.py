"""Edit ▸ Preferences changes who you are in the workspace, and later changes carry it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from gui.window.preferences import PreferencesDialog
from storage.store import Store
from tests.gui.conftest import Dialogs


def test_rename_and_recolour(qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    me = store.me()
    dialog = PreferencesDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "Ada Lovelace" and dialog.initials.text() == "AL"
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Ada King")
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#2f9e44"))
    qtbot.mouseClick(dialog.color_button, Qt.MouseButton.LeftButton)
    assert dialog.color_button.text() == "#2f9e44"
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)
    now = store.me()
    assert now is not None and me is not None and now.id == me.id
    assert (now.name, now.initials, now.color) == ("Ada King", "AL", "#2f9e44")
    assert store.events(entity_id=me.id)[-1].action == "renamed"


def test_an_empty_name_is_refused(qtbot: QtBot, store: Store, dialogs: Dialogs) -> None:
    dialog = PreferencesDialog(store)
    qtbot.addWidget(dialog)
    dialog.name.clear()
    dialog.save()
    assert dialogs.texts == ["Enter a name and initials."]
    assert store.me().name == "Ada Lovelace"  # type: ignore[union-attr]


def test_edit_preferences_from_the_menu(window, store: Store,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, PreferencesDialog)
        dialog.initials.setText("AK")
        dialog.save()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QDialog, "exec", run)
    preferences = window.commands.preferences
    assert preferences in [a for _, found in window.built_menus.by_menu() for a in found]
    preferences.trigger()
    assert store.me().initials == "AK"  # type: ignore[union-attr]
