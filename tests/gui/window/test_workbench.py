"""The window as the features' Workbench: every workspace switch is announced once, and every
feature follows it; open_comment shows a comment even where a filter hides it."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from gui.common.docks import BOTTOM, RIGHT, DockAction, DockSpec
from gui.common.workbench import Workbench
from gui.window.docks import Docks
from gui.window.main_window import MainWindow
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, import_letter

pytestmark = OFFSCREEN_NOISE
LEFT = Qt.DockWidgetArea.LeftDockWidgetArea


def test_the_window_is_a_workbench(window: MainWindow) -> None:
    bench: Workbench = window  # checked by mypy too
    assert bench.store is window.store and bench.main_window() is window


def test_open_comment_shows_a_comment_the_filter_hides(qtbot: QtBot, window: MainWindow,
                                                        store: Store) -> None:
    result = import_letter(store)
    window.reload_comments()
    ids = [c.id for c in store.comments(document_id=result.document.id)]
    bar = window.tree_pane.filter_bar
    qtbot.keyClicks(bar.text, "unrecognized tax")
    qtbot.waitUntil(lambda: not bar.pending())
    assert not window.tree.select_comment(ids[0])  # hidden by the filter
    with qtbot.waitSignal(window.commentSelected, timeout=1000, raising=False):
        window.open_comment(ids[0])
    assert window.current_comment() is not None
    assert window.current_comment().id == ids[0]  # type: ignore[union-attr]
    assert window.current_matter_id() == result.matter.id


def test_a_workspace_switch_is_announced_once_and_every_feature_follows(
        qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path) -> None:
    import_letter(store)
    window.reload_comments()
    window.docks.show("review_search")
    window.docks.show("review_thread")
    seen: list[Store] = []
    window.storeChanged.connect(seen.append)
    other = tmp_path / "other.rejoinder"
    assert window.open_workspace_path(str(other))
    assert len(seen) == 1 and seen[0] is window.store and window.store.path == other.resolve()
    assert window.docks.view("review_search")._store is window.store
    assert window.docks.view("review_thread")._store is window.store
    assert window.editor._store is window.store
    assert window.current_comment() is None and window.current_matter_id() is None
    assert window.exchange.store is window.store


def test_two_docks_with_one_name_are_refused(window: MainWindow) -> None:
    spec = DockSpec("review_search", "Again", BOTTOM, lambda store: None,  # type: ignore
                    (DockAction("review.views", "Again", "", "again"),))
    with pytest.raises(ValueError, match="share a name"):
        Docks(window, (spec, spec))


def test_docks_are_made_when_first_shown(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    assert window.findChildren(QDockWidget) == [] and window.docks.docks == {}
    window.docks.action("Round thread").trigger()
    thread = window.docks.docks["review_thread"]
    search = window.docks.docks["review_search"]  # made too (hidden): the thread is its tab
    assert thread.isVisible() and not search.isVisible()
    assert window.dockWidgetArea(thread) == BOTTOM
    assert sorted(window.docks.docks) == ["review_search", "review_thread"]
    assert window.docks.open_names() == ["review_thread"]
    window.docks.action("Search…").trigger()
    assert window.tabifiedDockWidgets(thread) == [search]
    assert sorted(window.docks.open_names()) == ["review_search", "review_thread"]


def test_the_docks_open_at_close_open_again_where_they_were(
        qtbot: QtBot, make_window: Callable[[Store], MainWindow], store: Store,
        workspace_path: Path) -> None:
    window = make_window(store)
    window.show()
    qtbot.waitExposed(window)
    window.docks.show("precedent")
    window.docks.show("review_commitments")
    window.addDockWidget(RIGHT, window.docks.dock("review_commitments"))  # moved to the side
    window.docks.show("review_history")
    window.addDockWidget(LEFT, window.docks.dock("review_history"))  # moved apart
    window.docks.docks["review_history"].close()  # then closed: not made next time
    window.close()
    again = make_window(Store.open(workspace_path))
    again.show()
    qtbot.waitExposed(again)
    assert sorted(again.docks.docks) == ["precedent", "review_commitments"]
    precedent, commitments = again.docks.docks["precedent"], again.docks.docks["review_commitments"]
    assert precedent.isVisible() and commitments.isVisible()
    assert again.dockWidgetArea(precedent) == BOTTOM
    assert again.dockWidgetArea(commitments) == RIGHT
    assert again.docks.view("precedent") is precedent.widget()  # its view made with it
    again.docks.show("review_history")  # made now: where it was, not a tab of the commitments
    history = again.docks.docks["review_history"]
    assert again.dockWidgetArea(history) == LEFT and again.tabifiedDockWidgets(history) == []


def test_parts_not_on_the_first_screen_are_made_when_wanted(
        make_window: Callable[[Store], MainWindow], store: Store) -> None:
    # the reviewer is known on this machine, no conflict waits, no menu or dock was opened
    from gui.corrections.commands import LetterBanner
    from gui.exchange.commands import ConflictNotice
    from gui.window.identity import IdentityBanner
    from storage.identity import remember_identity

    remember_identity("Ada Lovelace", "AL")
    window = make_window(store)

    assert window.findChildren(IdentityBanner) == []
    assert window.findChildren(ConflictNotice) == []
    assert window.findChildren(LetterBanner) == []  # no letter with doubts is shown
    assert window.findChildren(QDockWidget) == [] and window._tree_menus == {}
    assert window.tree_menu("comment") is window.tree_menu("comment")  # made once
    assert window.identity is window.identity and window.findChildren(IdentityBanner) == [
        window.identity]
