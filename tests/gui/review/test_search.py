"""Search (Ctrl+Shift+F): FTS5 syntax typed into the view, snippets with the matched words in
bold, results grouped by matter, and a result opened in the window."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from gui.review.search import COMMENT_ROLE, HTML_ROLE, SearchView
from gui.window.main_window import MainWindow
from gui.window.shortcuts import ShortcutsDialog
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter, make_letter


@pytest.fixture
def two_matters(store: Store) -> dict[str, str]:
    """Example Corp (three comments, a draft, a note) and Other Corp (one letter); ids by name."""
    first = import_letter(store).document
    other = dataclasses.replace(make_letter(date="2018-03-01", name="other.pdf"),
                                company="Other Corp", file_numbers=("001-99999",))
    second = import_letter(store, other).document
    c1, c2, c3 = store.comments(document_id=first.id)
    store.save_draft(c2.id, "We applied ASC 350-20-35-30 to the reporting unit. "
                     "In future filings we will expand the disclosure.")
    store.add_note(c3.id, "Is <b>this</b> right & complete? Ask tax.")
    return {"goodwill": c1.id, "fair value": c2.id, "tax": c3.id,
            "other fair value": store.comments(document_id=second.id)[1].id}


@pytest.fixture
def view(qtbot: QtBot, store: Store, two_matters: dict[str, str]) -> SearchView:
    widget = SearchView(store)
    qtbot.addWidget(widget)
    return widget


def type_query(qtbot: QtBot, view: SearchView, text: str) -> None:
    view.query.clear()
    qtbot.keyClicks(view.query, text)
    with qtbot.waitSignal(view._timer.timeout, timeout=2000):  # the debounce runs the search
        pass


def hits(view: SearchView) -> list[QTreeWidgetItem]:
    groups = [view.results.topLevelItem(i) for i in range(view.results.topLevelItemCount())]
    return [g.child(j) for g in groups if g is not None for j in range(g.childCount())]


def test_a_phrase_finds_the_exact_words_in_a_draft(qtbot: QtBot, view: SearchView,
                                                   two_matters: dict[str, str]) -> None:
    type_query(qtbot, view, '"ASC 350-20-35-30"')
    found = hits(view)
    assert [item.data(0, COMMENT_ROLE) for item in found] == [two_matters["fair value"]]
    assert "Draft answer" in found[0].text(0)
    assert "We applied <b>ASC 350-20-35-30</b> to" in found[0].data(0, HTML_ROLE)
    assert view.summary.text() == '1 result for "ASC 350-20-35-30" in 1 matter'


def test_a_prefix_matches_every_word_that_starts_so(qtbot: QtBot, view: SearchView) -> None:
    type_query(qtbot, view, "impair*")
    found = hits(view)
    assert len(found) == 2  # comment 1 in each matter: "impairment"
    assert all("<b>impairment</b>" in item.data(0, HTML_ROLE) for item in found)


def test_or_finds_either_and_results_are_grouped_by_matter(qtbot: QtBot, view: SearchView
                                                           ) -> None:
    type_query(qtbot, view, "goodwill OR benefits")
    titles = sorted(view.results.topLevelItem(i).text(0)
                    for i in range(view.results.topLevelItemCount()))
    assert len(titles) == 2
    assert titles[0].startswith("Example Corp") and titles[0].endswith("(2)")
    assert titles[1].startswith("Other Corp") and titles[1].endswith("(2)")
    assert view.summary.text() == "4 results for goodwill OR benefits in 2 matters"


def test_snippets_escape_what_people_typed(qtbot: QtBot, view: SearchView) -> None:
    type_query(qtbot, view, "tax")
    notes = [i for i in hits(view) if "Note" in i.text(0)]
    assert len(notes) == 1
    html = notes[0].data(0, HTML_ROLE)
    assert "&lt;b&gt;this&lt;/b&gt; right &amp; complete" in html
    assert "<b>tax</b>" in html
    view.resize(900, 400)
    assert not view.grab().isNull()  # the rich-text rows paint


def test_a_stray_quote_still_searches_the_words(qtbot: QtBot, view: SearchView) -> None:
    type_query(qtbot, view, '"fair value')
    assert len(hits(view)) == 2
    type_query(qtbot, view, "zzzqx")
    assert hits(view) == [] and view.summary.text() == "No results for zzzqx"


@OFFSCREEN_NOISE
def test_ctrl_shift_f_then_down_and_enter_opens_the_hit(
        qtbot: QtBot, make_window: WindowFactory, store: Store,
        two_matters: dict[str, str]) -> None:
    window = shown_window(qtbot, make_window, store)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    view = window.findChild(SearchView)
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: view.query.hasFocus())
    qtbot.keyClicks(view.query, "benefits")
    qtbot.keyClick(view.query, Qt.Key.Key_Down)  # searches at once, then into the results
    assert view.results.hasFocus()
    assert view.results.currentItem().data(0, COMMENT_ROLE) == two_matters["tax"]
    qtbot.keyClick(view.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tree.current_comment_id() == two_matters["tax"])
    shown = window.editor.comment()
    assert shown is not None and shown.id == two_matters["tax"]


@OFFSCREEN_NOISE
def test_double_clicking_a_hit_in_another_matter_selects_it(
        qtbot: QtBot, make_window: WindowFactory, store: Store,
        two_matters: dict[str, str]) -> None:
    window = shown_window(qtbot, make_window, store)
    window.docks.action("Search…").trigger()
    view = window.findChild(SearchView)
    type_query(qtbot, view, "fair value")
    groups = [view.results.topLevelItem(i) for i in range(view.results.topLevelItemCount())]
    target = next(g for g in groups if g.text(0).startswith("Other Corp")).child(0)
    view.results.scrollToItem(target)
    rect = view.results.visualItemRect(target)
    qtbot.mouseClick(view.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.results.viewport(), Qt.MouseButton.LeftButton,
                      pos=rect.center())
    assert target.data(0, COMMENT_ROLE) == two_matters["other fair value"]
    qtbot.waitUntil(lambda: window.tree.current_comment_id() == two_matters["other fair value"])


@OFFSCREEN_NOISE
def test_the_review_menu_sits_before_help_and_f1_lists_it(
        qtbot: QtBot, make_window: WindowFactory, store: Store) -> None:
    window = shown_window(qtbot, make_window, store)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("Review") == titles.index("Help") - 1
    listed = dict(window.built_menus.by_menu())["Review"]
    assert [a.text().replace("&", "") for a in listed] == [
        "Search…", "Round thread", "Commitments", "Precedent", "Comment history",
        "Matter history"]
    dialog = ShortcutsDialog(window.built_menus.by_menu(), window)
    cells = {dialog.table.item(r, 1).text(): dialog.table.item(r, 2).text()
             for r in range(dialog.table.rowCount())}
    assert cells["Search"] == "Ctrl+Shift+F" and cells["Round thread"] == "Ctrl+Shift+T"
    assert cells["Commitments"] == "Ctrl+Shift+M" and cells["Comment history"] == "Ctrl+H"


@OFFSCREEN_NOISE
def test_no_two_actions_of_the_window_share_a_shortcut(
        qtbot: QtBot, make_window: WindowFactory, store: Store) -> None:
    window = shown_window(qtbot, make_window, store)
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            name = key.toString()
            assert name not in seen, f"{name}: {seen[name]} and {action.text()}"
            seen[name] = action.text()


@OFFSCREEN_NOISE
def test_a_dock_left_open_is_open_again_after_a_restart(
        qtbot: QtBot, make_window: WindowFactory, store: Store, workspace_path: Path,
        two_matters: dict[str, str]) -> None:
    window = shown_window(qtbot, make_window, store)
    window.docks.action("Search…").trigger()
    qtbot.keyClicks(window.findChild(SearchView).query, "goodwill")
    window.close()  # saves the window's state, closes the store
    again = shown_window(qtbot, make_window, Store.open(workspace_path))
    view = again.findChild(SearchView)
    assert view.isVisible() and view.query.text() == ""
    qtbot.keyClick(again, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(view.query, "goodwill")
    qtbot.keyClick(view.query, Qt.Key.Key_Return)
    assert view.summary.text() == "2 results for goodwill in 2 matters"


def shown_window(qtbot: QtBot, make_window: WindowFactory, store: Store) -> MainWindow:
    """A main window with the review views installed, shown and active (for shortcuts)."""
    window = make_window(store)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window
