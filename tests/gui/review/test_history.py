"""The audit trail: a sentence for every kind of change, per comment and per matter, newest
first, filtered by text as the user types."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.review.history import HistoryView
from gui.window.main_window import MainWindow
from storage import corrections
from storage.models import Region
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter
from tests.gui.review.test_search import shown_window


@pytest.fixture
def changed(store: Store) -> str:
    """Comment 1 after one change of every kind (and a split of comment 3 in its letter)."""
    document = import_letter(store).document
    c1, _c2, c3 = store.comments(document_id=document.id)
    brian = store.add_reviewer("Brian Moss", "BM")
    store.set_status(c1.id, "drafting")
    store.set_status(c1.id, "in_review")
    store.set_status(c1.id, "drafting", "ready for counsel")
    store.set_owner(c1.id, brian.id)
    store.set_due(c1.id, "2017-09-13", "staff agreed by phone")
    store.set_due(c1.id, "2017-09-01")
    store.checkpoint(c1.id, "Before counsel")
    note = store.add_note(c1.id, "Check the 10-Q.")
    store.edit_note(note.id, "Check the 10-Q first.")
    store.resolve_note(note.id)
    store.resolve_note(note.id, resolved=False)
    store.add_highlight(document.id, [Region(1, (72.0, 100.0, 300.0, 120.0))],
                        "reporting unit", "", comment_id=c1.id)
    corrections.split_comment(store, c3.id, c3.text.index("tax"))
    corrections.undo(store)
    return c1.id


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, store: Store, changed: str) -> MainWindow:
    shown = shown_window(qtbot, make_window, store)
    assert shown.tree.select_comment(changed)
    return shown


def what(view: HistoryView, visible_only: bool = False) -> list[str]:
    return [view.table.item(r, 2).text() for r in range(view.table.rowCount())
            if not (visible_only and view.table.isRowHidden(r))]


EVERY_KIND = [
    "Imported Staff letter 2017-08-16 (3 comments)",
    "Status: Open → Drafting",
    "Status: Drafting → In review",
    "Status: In review → Drafting (reason: ready for counsel)",
    "Owner: nobody → Brian Moss",
    "Due date extended to 2017-09-13 (was 2017-08-30) (reason: staff agreed by phone)",
    "Due date set to 2017-09-01",
    "Answer version kept: Before counsel",
    "Note added: “Check the 10-Q.”",
    "Note edited: “Check the 10-Q first.”",
    "Note resolved",
    "Note reopened",
    "Highlight added: “reporting unit”",
]  # not the split of comment 3 in the same letter: that is comment 3's history


@OFFSCREEN_NOISE
def test_a_comments_history_says_every_change_newest_first(qtbot: QtBot, window: MainWindow
                                                           ) -> None:
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    view = window.findChild(HistoryView)
    assert view is not None and view.isVisible()
    assert what(view) == list(reversed(EVERY_KIND))
    assert view.table.isColumnHidden(3)
    assert view.table.item(0, 1).text() == "AL · Ada Lovelace"
    assert view.title.text().startswith("Comment 1 · Staff letter 2017-08-16: 13 recorded")
    third = window.store.comments(document_id=window.editor.comment().document_id)[2]
    window.tree.select_comment(third.id)
    qtbot.waitUntil(lambda: "Split comment 3 into 3 and 4" in what(view))
    assert what(view)[:2] == ["Undid: Split comment 3 into 3 and 4",
                              "Split comment 3 into 3 and 4"]
    assert "Note reopened" not in what(view)


@OFFSCREEN_NOISE
def test_typing_a_filter_keeps_the_matching_rows(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    view = window.findChild(HistoryView)
    qtbot.keyClicks(view.filter, "note")
    assert what(view, visible_only=True) == ["Note reopened", "Note resolved",
                                             "Note edited: “Check the 10-Q first.”",
                                             "Note added: “Check the 10-Q.”"]
    view.filter.clear()
    qtbot.keyClicks(view.filter, "status drafting")
    assert len(what(view, visible_only=True)) == 3


@OFFSCREEN_NOISE
def test_the_matter_history_says_what_each_change_was_about(
        qtbot: QtBot, window: MainWindow, store: Store, changed: str) -> None:
    other = store.comments(document_id=store.comment(changed).document_id)[1]
    store.set_status(other.id, "approved")
    window.docks.action("Matter history").trigger()
    view = window.findChild(HistoryView)
    assert view.scope.currentData() == "matter"
    assert not view.table.isColumnHidden(3)
    rows = {what(view)[r]: view.table.item(r, 3).text() for r in range(view.table.rowCount())}
    assert rows["Status: Open → Approved"] == "Comment 2 · Staff letter 2017-08-16"
    assert rows["Note resolved"] == "Comment 1 · Staff letter 2017-08-16"
    assert rows["Imported Staff letter 2017-08-16 (3 comments)"] == "Staff letter 2017-08-16"
    assert rows["Undid: Split comment 3 into 3 and 4"] == "Staff letter 2017-08-16"
    assert what(view)[0] == "Status: Open → Approved"


@OFFSCREEN_NOISE
def test_the_history_follows_the_selection_and_new_notes(
        qtbot: QtBot, window: MainWindow, store: Store, changed: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    view = window.findChild(HistoryView)
    other = store.comments(document_id=store.comment(changed).document_id)[1]
    window.tree.select_comment(other.id)
    qtbot.waitUntil(lambda: what(view)[-1] == EVERY_KIND[0])
    assert "Note reopened" not in what(view)
    qtbot.keyClicks(window.editor.note_input, "Numbers to follow.")
    qtbot.keyClick(window.editor.note_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: what(view)[0] == "Note added: “Numbers to follow.”")
