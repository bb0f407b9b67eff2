"""Who the user is: the first-run question suggests a person, and the initials follow the
name typed until they are edited."""
from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from gui.common.dialogs import IdentityDialog
from storage import identity
from storage.identity import initials_of, suggested_name


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
    monkeypatch.setattr(identity.getpass, "getuser", lambda: account)
    assert suggested_name() == suggested

