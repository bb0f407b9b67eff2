"""The round thread: a comment's earlier and later incarnations across three staff letters,
with their answers, oldest first; a block's header opens its comment."""
from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from gui.review.thread import ThreadView
from gui.window.main_window import MainWindow
from storage.ingest.model import ParsedLetter
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter, make_letter
from tests.gui.review.test_search import shown_window


def follow_up(date: str, refs: tuple[int, ...], text: str) -> ParsedLetter:
    """A staff letter of one comment that cites `refs` of the letter before."""
    letter = make_letter(date=date)
    comment = dataclasses.replace(letter.comments[0], text=f"1. {text}", prior_refs=refs)
    return dataclasses.replace(letter, comments=(comment,))


@pytest.fixture
def rounds(store: Store) -> list[str]:
    """Comment 2 of round 1 (answered in a response letter), round 2's comment 1 that cites it
    (with a draft), round 3's comment 1 that cites that: their ids, oldest first."""
    first = import_letter(store, make_letter(date="2017-06-01")).document
    import_letter(store, make_letter("response", date="2017-06-15", answers="2017-06-01"))
    second = import_letter(store, follow_up(
        "2017-07-01", (2,), "We note your response to prior comment 2. Tell us more.")).document
    third = import_letter(store, follow_up(
        "2017-08-01", (1,), "We note your response to prior comment 1. Revise.")).document
    ids = [store.comments(document_id=first.id)[1].id,
           store.comments(document_id=second.id)[0].id,
           store.comments(document_id=third.id)[0].id]
    store.save_draft(ids[1], "We will revise the fair value disclosure.")
    return ids


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, store: Store, rounds: list[str]
           ) -> MainWindow:
    return shown_window(qtbot, make_window, store)


def thread_view(window: MainWindow) -> ThreadView:
    view = window.findChild(ThreadView)
    assert view is not None
    return view


@OFFSCREEN_NOISE
def test_the_thread_of_the_middle_round_shows_all_three_oldest_first(
        qtbot: QtBot, window: MainWindow, rounds: list[str]) -> None:
    assert window.tree.select_comment(rounds[1])
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    view = thread_view(window)
    assert view.isVisible()
    text = view.browser.toPlainText()
    headers = ["Round 1 · Staff letter 2017-06-01 · Comment 2",
               "Round 2 · Staff letter 2017-07-01 · Comment 1",
               "Round 3 · Staff letter 2017-08-01 · Comment 1"]
    positions = [text.index(h) for h in headers]
    assert positions == sorted(positions)
    assert "Filed answer · Response 2017-06-15" in text
    assert "We respectfully advise the Staff about item 2." in text
    assert "Draft answer · Open" in text and "We will revise the fair value" in text
    assert text.count("the comment you are on") == 1
    assert text.index("the comment you are on") < positions[2]
    assert "3 rounds, oldest first" in view.title.text()


@OFFSCREEN_NOISE
def test_the_thread_follows_the_selection(qtbot: QtBot, window: MainWindow,
                                          rounds: list[str]) -> None:
    window.tree.select_comment(rounds[2])
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    view = thread_view(window)
    assert view.comment_id() == rounds[2]
    window.tree.select_comment(rounds[0])
    qtbot.waitUntil(lambda: view.comment_id() == rounds[0])
    assert "Round 1 · Staff letter 2017-06-01 · Comment 2" in view.browser.toPlainText()


@OFFSCREEN_NOISE
def test_clicking_a_blocks_header_opens_that_comment(qtbot: QtBot, window: MainWindow,
                                                     rounds: list[str]) -> None:
    window.tree.select_comment(rounds[2])
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    view = thread_view(window)
    cursor = view.browser.document().find("Round 1 · Staff letter 2017-06-01")
    assert not cursor.isNull()
    cursor.setPosition(cursor.selectionStart() + 3, QTextCursor.MoveMode.MoveAnchor)
    view.browser.setTextCursor(cursor)
    view.browser.ensureCursorVisible()
    point = view.browser.cursorRect(cursor).center()
    with qtbot.waitSignal(view.commentChosen) as chosen:
        qtbot.mouseClick(view.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert chosen.args == [rounds[0]]
    qtbot.waitUntil(lambda: window.tree.current_comment_id() == rounds[0])
    assert window.editor.comment().id == rounds[0]


def test_a_comment_no_round_cites_stands_alone(qtbot: QtBot, store: Store) -> None:
    document = import_letter(store).document
    view = ThreadView(store)
    qtbot.addWidget(view)
    view.show_comment(store.comments(document_id=document.id)[2].id)
    assert "No earlier or later letter cites this comment." in view.title.text()
    assert "Round 1 · Staff letter 2017-08-16 · Comment 3" in view.browser.toPlainText()
    assert "No answer yet." in view.browser.toPlainText()
    view.show_comment(None)
    assert view.browser.toPlainText() == ""
