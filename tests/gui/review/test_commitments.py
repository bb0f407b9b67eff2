"""The commitments register: the promising sentences of a matter's answers, copied as text,
and one opened in the window."""
from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.review.commitments import CommitmentsView
from gui.window.main_window import MainWindow
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter, make_letter
from tests.gui.review.test_search import shown_window


@pytest.fixture
def promised(store: Store) -> list[str]:
    """Example Corp's comments 1 and 3 promise something in their drafts; comment 2 does not.
    Other Corp promises nothing."""
    document = import_letter(store).document
    other = dataclasses.replace(make_letter(date="2018-03-01", name="other.pdf"),
                                company="Other Corp", file_numbers=("001-99999",))
    import_letter(store, other)
    c1, c2, c3 = store.comments(document_id=document.id)
    store.save_draft(c1.id, "We respectfully advise the Staff that no impairment arose. "
                     "In future filings we will disclose the key assumptions.")
    store.save_draft(c2.id, "The fair value was measured with a discounted cash flow model.")
    store.save_draft(c3.id, "We will revise the table of unrecognized tax benefits.")
    return [c1.id, c3.id]


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, store: Store, promised: list[str]
           ) -> MainWindow:
    return shown_window(qtbot, make_window, store)


def open_register(qtbot: QtBot, window: MainWindow) -> CommitmentsView:
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    view = window.findChild(CommitmentsView)
    assert view is not None and view.isVisible()
    return view


def rows(view: CommitmentsView) -> list[list[str]]:
    return [[view.table.item(r, c).text() for c in range(view.table.columnCount())]
            for r in range(view.table.rowCount())]


@OFFSCREEN_NOISE
def test_the_register_lists_each_promise_of_the_matter(qtbot: QtBot, window: MainWindow
                                                       ) -> None:
    view = open_register(qtbot, window)
    assert view.matter_box.currentText().startswith("Example Corp")
    assert rows(view) == [
        ["1", "Round 1 · Staff letter 2017-08-16", "Draft answer",
         "In future filings we will disclose the key assumptions."],
        ["3", "Round 1 · Staff letter 2017-08-16", "Draft answer",
         "We will revise the table of unrecognized tax benefits."]]
    assert view.summary.text().startswith("2 commitments in 2 answers.")


@OFFSCREEN_NOISE
def test_copy_all_and_copy_a_row(qtbot: QtBot, window: MainWindow) -> None:
    view = open_register(qtbot, window)
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text().splitlines() == [
        "Comment 1 (Round 1 · Staff letter 2017-08-16, draft answer): In future filings we "
        "will disclose the key assumptions.",
        "Comment 3 (Round 1 · Staff letter 2017-08-16, draft answer): We will revise the "
        "table of unrecognized tax benefits."]
    view.table.selectRow(1)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().startswith("Comment 3 (")


@OFFSCREEN_NOISE
def test_opening_a_commitment_selects_its_comment(qtbot: QtBot, window: MainWindow,
                                                  promised: list[str]) -> None:
    view = open_register(qtbot, window)
    rect = view.table.visualItemRect(view.table.item(1, 3))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.tree.current_comment_id() == promised[1])
    assert window.editor.comment().id == promised[1]


@OFFSCREEN_NOISE
def test_another_matter_without_promises(qtbot: QtBot, window: MainWindow) -> None:
    view = open_register(qtbot, window)
    view.matter_box.setFocus()
    qtbot.keyClick(view.matter_box, Qt.Key.Key_Down)
    assert view.matter_box.currentText().startswith("Other Corp")
    assert view.table.rowCount() == 0
    assert view.summary.text() == "No answer in this matter promises anything yet."
    assert not view.copy_button.isEnabled()
