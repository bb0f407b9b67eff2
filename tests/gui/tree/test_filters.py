"""The filters over the comment tree: the proxy (checked by qtmodeltester) and the filter bar
driven as a user would — text, status, owner, overdue, notes, and their combinations."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gui.tree.comment_tree import CommentTreeModel
from gui.tree.filters import NOT_DONE, UNASSIGNED, CommentFilter, CommentFilterProxy
from gui.window.main_window import MainWindow
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter, make_letter

pytestmark = OFFSCREEN_NOISE


def worked_store(store: Store) -> list[str]:
    """A staff letter and its response; comment 1 drafting, owned by me, overdue; comment 2
    approved, owned by Bob, with an unresolved note; comment 3 open, due next week."""
    import_letter(store)
    import_letter(store, make_letter("response", "2017-08-30", answers="2017-08-16"))
    staff = store.documents(store.matters()[0].id)[0]
    ids = [c.id for c in store.comments(document_id=staff.id)]
    me, bob = store.me(), store.add_reviewer("Bob Marsh", "BM")
    assert me is not None
    for comment_id, status in zip(ids, ("drafting", "approved", "open"), strict=True):
        store.set_status(comment_id, status, "reworking")  # type: ignore[arg-type]
    store.set_owner(ids[0], me.id)
    store.set_owner(ids[1], bob.id)
    # read when the test runs, not when it is collected (a run across midnight said "2d")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    store.set_due(ids[0], yesterday)
    store.set_due(ids[1], yesterday)  # approved: not overdue
    store.set_due(ids[2], (date.today() + timedelta(days=7)).isoformat())
    store.add_note(ids[1], "Ask the auditors.")
    resolved = store.add_note(ids[2], "Done already.")
    store.resolve_note(resolved.id)
    return ids


@pytest.fixture
def ids(store: Store) -> list[str]:
    return worked_store(store)


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, store: Store, ids: list[str]
           ) -> MainWindow:
    window = make_window(store)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def shown(window: MainWindow) -> list[int]:
    """The numbers of the staff comments (and response items, negated) the tree shows."""
    out = []
    for comment_id in window.tree.visible_comment_ids():
        comment = window.store.comment(comment_id)
        staff = window.store.document(comment.document_id).role == "staff"
        out.append(comment.number if staff else -comment.number)
    return out


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry of a closed combo box with the keyboard (Home, then Down)."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_proxy_passes_modeltester(qtmodeltester: ModelTester, store: Store,
                                  ids: list[str]) -> None:
    model = CommentTreeModel(store)
    proxy = CommentFilterProxy(model)
    qtmodeltester.check(proxy)
    for criteria in (CommentFilter(text="goodwill"), CommentFilter(status=NOT_DONE),
                     CommentFilter(text="nothing like this"), CommentFilter()):
        proxy.set_criteria(criteria)
        qtmodeltester.check(proxy)
    model.reload()
    qtmodeltester.check(proxy)


def test_proxy_keeps_the_ancestors_of_matches(qapp: object, store: Store,
                                              ids: list[str]) -> None:
    proxy = CommentFilterProxy(CommentTreeModel(store))
    proxy.set_criteria(CommentFilter(text="unrecognized tax"))
    matter = proxy.index(0, 0)
    letters = [proxy.index(r, 0, matter).data() for r in range(proxy.rowCount(matter))]
    assert letters == ["Round 1 · Staff letter 2017-08-16", "Round 1 · Response 2017-08-30"]
    heading = proxy.index(0, 0, proxy.index(0, 0, proxy.index(0, 0, matter)))
    assert heading.data() == "Income Taxes, page 97"
    assert proxy.shown_count() == (1, 3) and proxy.shown_count(answers=True) == (1, 3)
    proxy.set_criteria(CommentFilter(text="no such words"))
    assert proxy.rowCount() == 0


def test_text_filter_searches_whole_texts_also_after_a_reload(qapp: object,
                                                             store: Store) -> None:
    long = make_letter()
    padding = " and the amounts" * 40  # pushes the last words far beyond the tree's title
    comments = (replace(long.comments[0], text=long.comments[0].text + padding + " zeppelin"),
                *long.comments[1:])
    import_letter(store, replace(long, comments=comments))
    model = CommentTreeModel(store)
    proxy = CommentFilterProxy(model)
    proxy.set_criteria(CommentFilter(text="zeppelin"))
    assert proxy.shown_count() == (1, 3)
    model.reload()  # the model reads the texts again while the text filter is on
    assert proxy.shown_count() == (1, 3)
    assert proxy.rowCount() == 1
    title = model.index_of_comment(model.comment_ids()[0]).data()
    assert title.startswith("1. Tell us whether") and title.endswith("…") and len(title) < 150


def test_typing_filters_after_a_pause(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.tree_pane.filter_bar
    assert shown(window) == [1, 2, 3, -1, -2, -3]
    qtbot.keyClicks(bar.text, "GOODWILL")
    assert bar.pending()  # debounced: not yet
    qtbot.waitUntil(lambda: not bar.pending())
    # comment 2 prints no heading of its own: it matches by "Goodwill, page 84" above it
    assert shown(window) == [1, 2, -1, -2]
    # staff comments and response items counted apart (they were "4 of 6 comments")
    assert window.tree_pane.shown_label.text().startswith(
        "Showing 2 of 3 comments and 2 of 3 answers")
    qtbot.keyClick(bar.text, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: shown(window) == [1, 2, 3, -1, -2, -3])
    assert not window.tree_pane.shown_label.isVisible()


def test_all_words_must_match_and_a_number_alone_picks_a_comment(
        qtbot: QtBot, window: MainWindow) -> None:
    bar = window.tree_pane.filter_bar
    qtbot.keyClicks(bar.text, "fair reporting")
    qtbot.waitUntil(lambda: shown(window) == [2, -2])
    bar.text.clear()
    qtbot.keyClicks(bar.text, "3")
    qtbot.waitUntil(lambda: shown(window) == [3, -3])
    bar.text.clear()
    qtbot.keyClicks(bar.text, "#1")
    qtbot.waitUntil(lambda: shown(window) == [1, -1])


def test_status_filter(qtbot: QtBot, window: MainWindow) -> None:
    status = window.tree_pane.filter_bar.status
    status.setFocus()
    choose(qtbot, status, "Approved")
    assert status.currentText() == "Approved"
    assert shown(window) == [2]  # response items have no status of their own
    choose(qtbot, status, "Not done")
    assert shown(window) == [1, 3]
    choose(qtbot, status, "Filed")
    assert shown(window) == []
    choose(qtbot, status, "All statuses")
    assert shown(window) == [1, 2, 3, -1, -2, -3]


def test_owner_filter(qtbot: QtBot, window: MainWindow) -> None:
    owner = window.tree_pane.filter_bar.owner
    names = [owner.itemText(i) for i in range(owner.count())]
    assert names == ["All owners", "Mine", "Unassigned", "BM · Bob Marsh"]
    owner.setFocus()
    choose(qtbot, owner, "Mine")
    assert shown(window) == [1]
    choose(qtbot, owner, "Unassigned")
    assert owner.currentData() == UNASSIGNED
    assert shown(window) == [3]
    choose(qtbot, owner, "BM · Bob Marsh")
    assert shown(window) == [2]


def test_overdue_and_notes_toggles(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.tree_pane.filter_bar
    qtbot.mouseClick(bar.overdue, Qt.MouseButton.LeftButton)
    assert shown(window) == [1]  # 2 is overdue too, but approved
    qtbot.mouseClick(bar.overdue, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.notes, Qt.MouseButton.LeftButton)
    assert shown(window) == [2]  # 3's note is resolved
    qtbot.mouseClick(bar.notes, Qt.MouseButton.LeftButton)
    assert shown(window) == [1, 2, 3, -1, -2, -3]


def test_filters_combine(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.tree_pane.filter_bar
    bar.status.setFocus()
    choose(qtbot, bar.status, "Not done")
    qtbot.keyClicks(bar.text, "tell us")
    qtbot.waitUntil(lambda: not bar.pending())
    assert shown(window) == [1, 3]
    qtbot.mouseClick(bar.overdue, Qt.MouseButton.LeftButton)
    assert shown(window) == [1]
    bar.owner.setFocus()
    choose(qtbot, bar.owner, "BM · Bob Marsh")
    assert shown(window) == []
    window.commands.clear_filter.trigger()
    assert shown(window) == [1, 2, 3, -1, -2, -3]
    assert bar.text.text() == "" and not bar.overdue.isChecked()


def test_hidden_comment_stays_in_the_editor_and_comes_back(
        qtbot: QtBot, window: MainWindow, ids: list[str]) -> None:
    bar = window.tree_pane.filter_bar
    assert window.tree.current_comment_id() == ids[0]
    qtbot.keyClicks(bar.text, "income")
    qtbot.waitUntil(lambda: not bar.pending())
    assert window.tree.current_comment_id() is None
    assert window.editor.comment().id == ids[0]  # nothing jumps while typing
    qtbot.keyClick(bar.text, Qt.Key.Key_Down)  # into the tree, on the first match
    assert window.tree.hasFocus()
    assert window.tree.current_comment_id() == ids[2]
    assert window.editor.comment().id == ids[2]
    bar.text.clear()
    qtbot.waitUntil(lambda: not bar.pending())
    assert window.tree.current_comment_id() == ids[2]


def test_filter_shortcut_focuses_the_box(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.tree, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)
    assert window.tree_pane.filter_bar.text.hasFocus()


def test_rows_show_owner_and_lateness(qapp: object, store: Store, ids: list[str]) -> None:
    model = CommentTreeModel(store)
    cells = [model.index_of_comment(i).siblingAtColumn(2).data() for i in ids]
    assert cells == ["AL · 1d overdue", "BM", ""]
    late = model.index_of_comment(ids[0]).siblingAtColumn(2)
    assert late.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "Ada Lovelace" in late.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of_comment(ids[1]).siblingAtColumn(1).data() == "✎ 1"


def test_a_status_change_refreshes_the_row_but_keeps_it_until_refiltered(
        qtbot: QtBot, window: MainWindow, ids: list[str]) -> None:
    bar = window.tree_pane.filter_bar
    bar.status.setFocus()
    choose(qtbot, bar.status, "Not done")
    window.tree.select_comment(ids[0])
    window.commands.statuses["approved"].trigger()
    assert window.tree_model.status(ids[0]) == "approved"
    assert shown(window) == [1, 3]  # the row does not vanish under the user's eyes
    assert window.tree.view_index(ids[0]).siblingAtColumn(2).data() == "AL"
    window.tree_pane.refilter()
    assert shown(window) == [3]


def test_owner_chosen_in_the_editor_shows_in_the_tree_and_filter(
        qtbot: QtBot, window: MainWindow, ids: list[str]) -> None:
    window.tree.select_comment(ids[2])
    choose(qtbot, window.editor.workflow.owner, "Bob Marsh")
    assert window.store.response(ids[2]).owner_id is not None
    assert window.tree.view_index(ids[2]).siblingAtColumn(2).data() == "BM"
    choose(qtbot, window.tree_pane.filter_bar.owner, "BM · Bob Marsh")
    assert shown(window) == [2, 3]


def test_importing_a_letter_the_filter_would_hide_clears_it(
        qtbot: QtBot, window: MainWindow, tmp_path: object,
        fake_parser: list[object]) -> None:
    from pathlib import Path

    bar = window.tree_pane.filter_bar
    qtbot.keyClicks(bar.text, "no such words")
    qtbot.waitUntil(lambda: not bar.pending())
    assert shown(window) == []
    path = Path(str(tmp_path)) / "another_upload.pdf"
    path.write_bytes(b"another letter")
    fake_parser.append(make_letter(date="2017-10-02"))
    window.import_files([path])
    assert bar.text.text() == ""
    comment = window.editor.comment()
    assert comment is not None
    assert window.store.document(comment.document_id).letter_date == "2017-10-02"
