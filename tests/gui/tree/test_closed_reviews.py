"""Reviews the staff closed: greyed in the tree, their comments "closed" (never overdue), hidden
by the "Open" filter the tree starts with; letters without comments stay listed in open ones."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from gui.tree.comment_tree import CLOSED_COLOR, OVERDUE_COLOR, CommentTreeModel
from gui.window.main_window import MainWindow
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter, make_letter

pytestmark = OFFSCREEN_NOISE
LONG_AGO = (date.today() - timedelta(days=400)).isoformat()


def two_reviews(store: Store) -> tuple[str, str]:
    """A 2016 review the staff closed, and an open one of 2017 with an extension request.
    Returns (closed matter, open matter)."""
    old = dataclasses.replace(make_letter(date="2016-03-01"), letter_kind="comment_letter",
                              source_name="old_upload.pdf")
    closing = dataclasses.replace(make_letter(date="2016-04-20"), comments=(),
                                  letter_kind="closing_letter", source_name="closing_upload.pdf")
    new = dataclasses.replace(make_letter(date="2017-08-16"), letter_kind="comment_letter",
                              filings=("Form 10-K for the Fiscal Year Ended December 31, 2017",),
                              source_name="new_upload.pdf")
    ask = dataclasses.replace(make_letter("response", date="2017-08-25"), comments=(),
                              letter_kind="extension_request", cited_letter_dates=("2017-08-16",),
                              source_name="extension_corresp.htm")
    first = import_letter(store, old)
    import_letter(store, closing)
    second = import_letter(store, new)
    import_letter(store, ask)
    assert store.matter(first.matter.id).closed and not store.matter(second.matter.id).closed
    for comment in store.comments(document_id=first.document.id):
        store.set_due(comment.id, LONG_AGO)  # would be long overdue, were the review open
    return first.matter.id, second.matter.id


def rows(window: MainWindow) -> list[str]:
    """The matter and letter rows the tree shows."""
    model, found = window.tree.model(), []
    for m in range(model.rowCount()):
        matter = model.index(m, 0)
        found.append(matter.data())
        found += [f"  {model.index(d, 0, matter).data()}" for d in range(model.rowCount(matter))]
    return found


def test_closed_reviews_are_hidden_at_first_and_shown_grey(qtbot: QtBot, store: Store,
                                                            make_window: WindowFactory) -> None:
    closed, _open = two_reviews(store)
    window = make_window(store)
    shown = rows(window)
    assert not any(row.endswith("· closed") for row in shown)
    assert any("Extension request" in row for row in shown)  # a letter without comments
    assert window.tree_pane.shown_label.text().startswith("1 closed review hidden")
    bar = window.tree_pane.filter_bar
    assert bar.open_reviews.isChecked()
    bar.open_reviews.click()
    shown = rows(window)
    titles = [row for row in shown if not row.startswith("  ")]
    assert len(titles) == 2 and sum(t.endswith("· closed") for t in titles) == 1
    assert any("Closing letter" in row for row in shown)
    model: CommentTreeModel = window.tree_model
    comment_id = store.comments(document_id=store.documents(closed)[0].id)[0].id
    index = model.index_of_comment(comment_id)
    owner = index.siblingAtColumn(2)
    assert "closed" in owner.data() and "overdue" not in owner.data()
    assert owner.data(Qt.ItemDataRole.ForegroundRole).color().name() == CLOSED_COLOR
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == CLOSED_COLOR
    assert "closed by staff" in owner.data(Qt.ItemDataRole.ToolTipRole)
    assert not model.facts(comment_id).overdue(date.today())  # type: ignore[union-attr]


def test_a_refreshed_row_stays_closed(store: Store, make_window: WindowFactory) -> None:
    closed, _open = two_reviews(store)
    window = make_window(store)
    comment_id = store.comments(document_id=store.documents(closed)[0].id)[0].id
    store.set_status(comment_id, "drafting")
    window.refresh_comment(comment_id)
    owner = window.tree_model.index_of_comment(comment_id).siblingAtColumn(2)
    assert owner.data(Qt.ItemDataRole.ForegroundRole).color().name() != OVERDUE_COLOR
    assert "closed" in owner.data()


def test_opening_a_comment_of_a_closed_review_shows_it(store: Store,
                                                       make_window: WindowFactory) -> None:
    closed, _open = two_reviews(store)
    window = make_window(store)
    comment_id = store.comments(document_id=store.documents(closed)[0].id)[0].id
    window.open_letter(store.documents(closed)[0].id)  # hidden: the filters are cleared
    assert window.current_comment() is not None
    assert window.current_comment().id == comment_id  # type: ignore[union-attr]
    assert window.editor.workflow.due_text.text() == "closed by staff on 2016-04-20"
    assert window.tree.model().mapFromSource(window.tree_model.index_of_comment(comment_id)) \
        != QModelIndex()
