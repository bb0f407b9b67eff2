"""Who the user is: the first-run question suggests a person, and the initials follow the
name typed until they are edited."""
from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from gui.common import dialogs
from gui.common.dialogs import IdentityDialog, initials_of, os_user_name


def test_initials_follow_the_name_until_edited(qtbot: QtBot) -> None:
    suggested = "Jane Roe"
    dialog = IdentityDialog(suggested, initials_of(suggested))
    qtbot.addWidget(dialog)
    assert dialog.initials.text() == "JR"
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Ada Lovelace")
    assert dialog.initials.text() == "AL"
    dialog.initials.selectAll()
    qtbot.keyClicks(dialog.initials, "ADL")
    qtbot.keyClicks(dialog.name, " King")
    assert dialog.values() == ("Ada Lovelace King", "ADL")


def test_initials_given_apart_from_the_name_are_kept(qtbot: QtBot) -> None:
    dialog = IdentityDialog("Will Cai", "WCC")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "x")
    assert dialog.initials.text() == "WCC"


@pytest.mark.parametrize(("account", "suggested"), [("root", ""), ("Administrator", ""),
                                                     ("jroe", "jroe")])
def test_an_account_name_is_not_suggested_as_a_person(monkeypatch, account: str,
                                                       suggested: str) -> None:
    import pwd

    monkeypatch.setattr(pwd, "getpwuid", lambda _uid: type("P", (), {"pw_gecos": ""})())
    monkeypatch.setattr(dialogs.getpass, "getuser", lambda: account)
    assert os_user_name() == suggested


def test_a_root_first_run_asks_with_an_empty_name(qtbot: QtBot, monkeypatch) -> None:
    from gui.common.dialogs import ensure_identity
    from storage.store import Store

    shown: list[IdentityDialog] = []

    def exec_(self: IdentityDialog) -> int:
        shown.append(self)
        qtbot.keyClicks(self.name, "Ada Lovelace")
        return 1

    monkeypatch.setattr(dialogs, "os_user_name", lambda: "")
    monkeypatch.setattr(IdentityDialog, "exec", exec_)
    store = Store.memory()
    ensure_identity(store)
    me = store.me()
    assert me is not None and (me.name, me.initials) == ("Ada Lovelace", "AL")
    assert shown[0].buttons.button(shown[0].buttons.StandardButton.Ok).isEnabled()
