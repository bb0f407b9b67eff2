"""The comment tree model: structure, lookups, one-row refresh; checked by qtmodeltester."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gui.tree.comment_tree import (
    COMMENT_ID_ROLE,
    KIND_ROLE,
    ROOT,
    CommentTree,
    CommentTreeModel,
    status_summary,
)
from storage.store import Store
from tests.gui.conftest import import_letter, make_letter


def texts(model: CommentTreeModel, parent: QModelIndex = ROOT) -> list[str]:
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_empty_store_passes_modeltester(qtmodeltester: ModelTester, store: Store) -> None:
    model = CommentTreeModel(store)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_tree_with_letters_passes_modeltester(qtmodeltester: ModelTester, store: Store) -> None:
    import_letter(store)
    import_letter(store, make_letter("response", "2017-08-30", answers="2017-08-16"))
    model = CommentTreeModel(store)
    qtmodeltester.check(model)
    model.reload()
    qtmodeltester.check(model)


def test_matter_letter_heading_comment(qapp: object, store: Store) -> None:
    import_letter(store)
    model = CommentTreeModel(store)
    assert texts(model) == ["Example Corp — Form 10-K for the Fiscal Year Ended December 31, 2016"]
    matter = model.index(0, 0)
    assert texts(model, matter) == ["Round 1 · Staff letter 2017-08-16"]
    letter = model.index(0, 0, matter)
    assert texts(model, letter) == ["Form 10-K for the Fiscal Year Ended December 31, 2016"]
    form = model.index(0, 0, letter)
    # comment 2 prints no heading: it shares comment 1's "Goodwill" node
    assert texts(model, form) == ["Goodwill, page 84", "Income Taxes, page 97"]
    goodwill = model.index(0, 0, form)
    assert [t[:20] for t in texts(model, goodwill)] == ["1. Tell us whether y",
                                                         "2. Please explain ho"]
    first = model.index(0, 0, goodwill)
    assert first.data(KIND_ROLE) == "comment"
    assert first.data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.comment_ids()[0] == first.data(COMMENT_ID_ROLE)


def test_response_items_sit_under_their_letter(qapp: object, store: Store) -> None:
    import_letter(store)
    import_letter(store, make_letter("response", "2017-08-30", answers="2017-08-16"))
    model = CommentTreeModel(store)
    matter = model.index(0, 0)
    assert texts(model, matter) == ["Round 1 · Staff letter 2017-08-16",
                                    "Round 1 · Response 2017-08-30"]
    # the linked answers made the staff comments filed
    assert model.status_counts(store.matters()[0].id) == {"filed": 3}


def test_refresh_comment_repaints_its_row(qtbot: QtBot, store: Store) -> None:
    import_letter(store)
    model = CommentTreeModel(store)
    comment_id = model.comment_ids()[0]
    store.set_status(comment_id, "drafting")
    store.add_note(comment_id, "Check with the auditors.")
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.refresh_comment(comment_id)
    assert blocker.args[0] == model.index_of_comment(comment_id)
    assert model.status(comment_id) == "drafting"
    notes = model.index_of_comment(comment_id).siblingAtColumn(1)
    assert notes.data() == "✎ 1"
    counts = model.status_counts(store.matters()[0].id)
    assert status_summary(counts) == "Open 2 · Drafting 1"


def test_view_selects_and_steps_through_comments(qtbot: QtBot, store: Store) -> None:
    import_letter(store)
    model = CommentTreeModel(store)
    view = CommentTree(model)
    qtbot.addWidget(view)
    ids = model.comment_ids()
    with qtbot.waitSignal(view.commentSelected) as blocker:
        assert view.select_first_comment()
    assert blocker.args == [ids[0]]
    view.step(1)
    assert view.current_comment_id() == ids[1]
    view.step(5)
    assert view.current_comment_id() == ids[-1]
    view.step(-1)
    assert view.current_comment_id() == ids[1]


def test_owner_and_lateness_are_never_cut_short(qtbot: QtBot, store: Store) -> None:
    from PySide6.QtGui import QFontMetrics

    for day in ("2017-08-16", "2017-09-16", "2017-10-16"):
        import_letter(store, make_letter(date=day))
    model = CommentTreeModel(store)
    view = CommentTree(model)
    qtbot.addWidget(view)
    view.resize(360, 120)  # a few rows in sight: the last comment is far below
    view.show()
    qtbot.waitExposed(view)
    last = model.comment_ids()[-1]
    owner = store.add_reviewer("Maria de la Cruz Wong", "MDCW")
    store.set_owner(last, owner.id)
    store.set_due(last, "2017-01-02")
    model.refresh_comment(last)
    text = model.index_of_comment(last).siblingAtColumn(2).data()
    assert text.startswith("MDCW · ") and text.endswith("d overdue")
    font = model.index_of_comment(last).siblingAtColumn(2).data(Qt.ItemDataRole.FontRole)
    assert view.header().sectionSize(2) >= QFontMetrics(font).horizontalAdvance(text)


def test_titles_get_the_width_when_no_comment_has_an_owner_or_notes(qtbot: QtBot,
                                                                    store: Store) -> None:
    import_letter(store)
    model = CommentTreeModel(store)
    view = CommentTree(model)
    qtbot.addWidget(view)
    view.resize(300, 200)
    view.show()
    qtbot.waitExposed(view)
    header = view.header()
    empty = [c for c in (1, 2, 3) if not model.widest(c)[0]]
    assert 1 in empty  # no notes anywhere
    assert all(header.isSectionHidden(column) for column in empty)
    shown = sum(header.sectionSize(c) for c in (1, 2, 3) if not header.isSectionHidden(c))
    assert header.sectionSize(0) >= view.viewport().width() - shown - 2
