"""Topic tags in the window: a column of the tree, the tree's filter (`tag:`), and the
editor's topics button and kind combo."""
from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.tree.comment_tree import COLUMNS
from gui.window.main_window import MainWindow
from storage.store import Store
from storage.topics import answer_kind, tags_of
from tests.gui.conftest import OFFSCREEN_NOISE
from tests.gui.tree.test_filters import ids, shown, window  # noqa: F401  (fixtures)

pytestmark = OFFSCREEN_NOISE


def test_the_tree_shows_and_filters_by_tag(qtbot: QtBot, window: MainWindow,  # noqa: F811
                                           ids: list[str]) -> None:  # noqa: F811
    model = window.tree.comment_model()
    index = model.index_of_comment(ids[2]).siblingAtColumn(COLUMNS - 1)
    window.splitter.setSizes([900, 300, 300])  # a wide tree: the topics column shows
    qtbot.waitUntil(lambda: not window.tree.header().isSectionHidden(COLUMNS - 1))
    assert model.data(index) == "income-taxes"
    assert "Income taxes (ASC 740)" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    bar = window.tree_pane.filter_bar
    qtbot.keyClicks(bar.text, "tag:income")
    qtbot.waitUntil(lambda: shown(window) == [3, -3])
    bar.text.clear()
    qtbot.keyClicks(bar.text, "tag:goodwill step")
    qtbot.waitUntil(lambda: shown(window) == [1, -1])


def test_the_editor_adds_a_tag_and_chooses_the_kind(qtbot: QtBot,
                                                    window: MainWindow,  # noqa: F811
                                                    ids: list[str]) -> None:  # noqa: F811
    window.open_comment(ids[0])
    row = window.editor.workflow.topics
    assert row.topics.text() == "Topics: goodwill"
    climate = next(a for a in row.menu.actions() if a.data() == "climate")
    climate.trigger()
    assert tags_of(window.store, ids[0]) == ("goodwill", "climate")
    assert row.topics.text() == "Topics: goodwill, climate"
    model = window.tree.comment_model()
    index = model.index_of_comment(ids[0]).siblingAtColumn(COLUMNS - 1)
    assert model.data(index) == "goodwill · climate"  # the tree row follows
    row.kind.setCurrentIndex(row.kind.findData("disagreed"))
    row.kind.activated.emit(row.kind.currentIndex())
    assert answer_kind(window.store, ids[0]).kind == "disagreed"


def test_the_suggested_kind_follows_the_typing(qtbot: QtBot, window: MainWindow,  # noqa: F811
                                              ids: list[str]) -> None:  # noqa: F811
    window.open_comment(ids[1])
    window.editor.draft.clear()
    qtbot.keyClicks(window.editor.draft, "In future filings we will expand the discussion.")
    window.editor.flush()
    assert window.editor.workflow.topics.kind.itemText(0) == \
        "Kind: as suggested (will revise in future filings)"


def test_tags_are_read_when_first_wanted(qapp: object, store: Store,  # noqa: F811
                                         ids: list[str]) -> None:  # noqa: F811
    """Tagging a workspace of thousands of comments takes a second: the tree reads the tags
    only for the topics column, a tag filter or one row's tooltip."""
    from gui.tree.comment_tree import CommentTreeModel
    from gui.tree.filters import CommentFilter, CommentFilterProxy

    model = CommentTreeModel(store)
    assert not model.tags_loaded()
    title = model.index_of_comment(ids[2])
    assert "Income taxes (ASC 740)" in title.data(Qt.ItemDataRole.ToolTipRole)
    assert not model.tags_loaded()  # that tooltip read one comment's tags
    proxy = CommentFilterProxy(model)
    proxy.set_criteria(CommentFilter(text="tag:income"))
    assert model.tags_loaded()
    assert proxy.shown_count() == (1, 3)
