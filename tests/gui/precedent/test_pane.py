"""The precedent pane: rows for the selected comment of a real letter, a passage used as a
starting point (a recorded quotation the exports warn about until reviewed), and bad libraries
said in one line while the window works on."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.window.main_window import MainWindow
from storage.importer import import_file
from storage.precedent.build import build
from storage.precedent.quotes import unreviewed, warning
from storage.store import Store, plain_text
from tests.conftest import CORPUS

WIDE = CORPUS / "wide"


def _pane(window: MainWindow):  # type: ignore[no-untyped-def]
    window.docks.action("Precedent").trigger()
    return window.docks.view("precedent")


@pytest.mark.corpus
def test_precedents_of_a_real_comment_and_a_quotation(window: MainWindow, store: Store,
                                                      qtbot: QtBot, tmp_path: Path) -> None:
    library = tmp_path / "firm.rejoinder-library"
    build(library, [WIDE / "CCI_0000000000-25-005508", WIDE / "MDLZ_0000000000-19-004694",
                    WIDE / "NCLH_0000000000-17-009157"])
    letter = next((WIDE / "WM_0000000000-16-086446").glob("0000000000-16-086446*"))
    result = import_file(store, letter)
    window.reload_comments()
    first = store.comments(document_id=result.document.id)[0]
    window.open_comment(first.id)
    pane = _pane(window)
    pane.attach(library)
    assert "firm.rejoinder-library" in pane.status.text()
    found = pane.precedents()
    assert found and all(not p.company.startswith("Waste") for p in found)
    assert "goodwill" in found[0].text.lower()
    assert pane.table.rowCount() == len(found)
    assert pane.table.item(0, 2).text() == found[0].outcome_label  # in sight on a laptop
    assert pane.table.item(0, 6).text()  # why it matched
    before = library.read_bytes()
    pane.use.click()
    draft = plain_text(store.response(first.id).draft)
    assert " ".join((found[0].answer or "").split())[:60] in " ".join(draft.split())
    note = next(n for n in store.notes(first.id) if "Quotation from precedent" in n.body)
    assert found[0].company in note.body
    assert warning(store, first.matter_id)
    store.resolve_note(note.id)
    assert unreviewed(store, first.matter_id) == []
    assert library.read_bytes() == before  # never written by the window
    # The pane remembers the library for this workspace.
    assert str(library) in str(window.settings.value(pane._key()))


def test_a_bad_library_is_one_line_and_the_window_works(window: MainWindow,
                                                        tmp_path: Path) -> None:
    pane = _pane(window)
    pane.attach(tmp_path / "gone.lib")
    assert "missing" in pane.status.text() and "\n" not in pane.status.text()
    newer = tmp_path / "newer.lib"
    with sqlite3.connect(newer) as db:
        db.execute("PRAGMA user_version = 7")
    pane.attach(newer)
    assert "newer Rejoinder" in pane.status.text()
    assert not pane.table.isEnabled()
    window.reload_comments()  # the workspace works on
