"""Putting a letter in the right review from the window: move it to another matter, start a new
review from it, merge two matters; each undone and redone like the split fixes."""
from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from gui.window.main_window import MainWindow
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs, import_letter, make_letter

pytestmark = OFFSCREEN_NOISE


def two_matters(store: Store) -> tuple[str, str, str]:
    """Two reviews of one company, years apart. Returns (old matter, new matter, new letter)."""
    old = import_letter(store, dataclasses.replace(make_letter(date="2015-03-02"),
                                                   letter_kind="comment_letter"))
    new = import_letter(store, dataclasses.replace(
        make_letter(date="2019-05-06"), letter_kind="comment_letter",
        filings=("Form 10-K for the Fiscal Year Ended December 31, 2018",)))
    assert old.matter.id != new.matter.id
    return old.matter.id, new.matter.id, new.document.id


def letters(store: Store) -> list[list[str]]:
    return sorted(sorted(d.letter_date or "" for d in store.documents(m.id))
                  for m in store.matters())


def test_move_a_letter_and_undo_it(qtbot: QtBot, window: MainWindow, store: Store,
                                   dialogs: Dialogs, monkeypatch: object) -> None:
    old, new, letter = two_matters(store)
    window.reload_comments()
    window.open_letter(letter)
    draft_comment = store.comments(document_id=letter)[0].id
    store.save_draft(draft_comment, "Kept on its comment")
    assert window.fixes.move_letter.isEnabled()
    title = store.matter(old).title
    import PySide6.QtWidgets as widgets

    monkeypatch.setattr(widgets.QInputDialog, "getItem",  # type: ignore[attr-defined]
                        staticmethod(lambda *a, **k: (title, True)))
    window.fixes.move_letter.trigger()
    assert letters(store) == [["2015-03-02", "2019-05-06"]]
    assert store.response(draft_comment).draft == "Kept on its comment"
    assert store.comment(draft_comment).matter_id == old
    assert window.current_comment() is not None
    assert window.current_comment().id == draft_comment  # type: ignore[union-attr]
    window.fixes.undo_correction.trigger()
    assert letters(store) == [["2015-03-02"], ["2019-05-06"]]
    assert store.comment(draft_comment).matter_id == new
    window.fixes.redo_correction.trigger()
    assert letters(store) == [["2015-03-02", "2019-05-06"]]


def test_start_a_new_review_from_a_letter(window: MainWindow, store: Store) -> None:
    first = import_letter(store, dataclasses.replace(make_letter(date="2017-08-16"),
                                                     letter_kind="comment_letter"))
    later = import_letter(store, dataclasses.replace(
        make_letter(date="2017-10-02", name="later.pdf"), letter_kind="comment_letter",
        cited_letter_dates=("2017-08-16",)))
    assert later.matter.id == first.matter.id
    window.reload_comments()
    window.open_letter(later.document.id)
    window.fixes.split_matter.trigger()
    assert letters(store) == [["2017-08-16"], ["2017-10-02"]]
    assert window.current_comment() is not None
    assert window.current_comment().document_id == later.document.id  # type: ignore[union-attr]
    window.fixes.undo_correction.trigger()
    assert letters(store) == [["2017-08-16", "2017-10-02"]]


def test_merge_without_another_matter_is_said(window: MainWindow, store: Store,
                                              dialogs: Dialogs) -> None:
    result = import_letter(store)
    window.reload_comments()
    window.open_letter(result.document.id)
    assert not window.fixes.merge_matter.isEnabled()
    window.fixes.merge_matter_into()
    ((_, text, _),) = dialogs.shown
    assert "no other matter" in text
