"""Fixing the grouping by hand: move a letter, merge matters, split a matter; each is atomic,
undoable and redoable, keeps drafts and notes on their comments, and survives later imports."""
from __future__ import annotations

import itertools

import pytest

from storage import corrections
from storage.errors import UserError
from storage.importer import import_letter
from storage.matter_corrections import merge_matters, move_letter, split_matter
from storage.store import Store
from tests.storage.conftest import letter

_bytes = itertools.count()
FILING_2018 = "Form 10-K for the Fiscal Year Ended December 31, 2018"


def put(store: Store, parsed):  # type: ignore[no-untyped-def]
    return import_letter(store, parsed, f"fix {next(_bytes)}".encode())


def two_reviews(store: Store) -> tuple[str, str]:
    first = put(store, letter("staff", date="2016-03-01")).matter.id
    put(store, letter("response", date="2016-03-15", answers="2016-03-01"))
    second = put(store, letter("staff", date="2019-03-01", filing=FILING_2018)).matter.id
    return first, second


def names(store: Store, matter_id: str) -> list[str]:
    return sorted(d.name for d in store.documents(matter_id))


def test_move_a_letter_keeps_its_work_and_undo_redo(store: Store) -> None:
    first, second = two_reviews(store)
    staff = next(d for d in store.documents(second) if d.role == "staff")
    comment = store.comments(document_id=staff.id)[0]
    store.save_draft(comment.id, "Our draft")
    note = store.add_note(comment.id, "Check with audit")
    move_letter(store, staff.id, first)
    assert "staff-2019-03-01.pdf" in names(store, first)
    assert second not in [m.id for m in store.matters()]  # emptied: retired
    assert store.comment(comment.id).matter_id == first
    assert store.response(comment.id).draft == "Our draft"
    assert store.note(note.id).matter_id == first
    assert corrections.undo(store) is not None
    assert names(store, second) == ["staff-2019-03-01.pdf"]
    assert store.comment(comment.id).matter_id == second and store.note(note.id).matter_id == second
    assert {m.id for m in store.matters()} == {first, second}
    assert corrections.redo(store) is not None
    assert "staff-2019-03-01.pdf" in names(store, first)


def test_a_placed_letter_stays_where_a_reviewer_put_it(store: Store) -> None:
    first, second = two_reviews(store)
    staff = next(d for d in store.documents(second) if d.role == "staff")
    move_letter(store, staff.id, first)
    put(store, letter("response", date="2019-03-20", answers="2019-03-01",
                      name="later-response.htm"))
    assert "staff-2019-03-01.pdf" in names(store, first)
    assert "later-response.htm" in names(store, first)  # it follows the letter it answers


def test_merge_then_split_and_undo_both(store: Store) -> None:
    first, second = two_reviews(store)
    merge_matters(store, second, first)
    assert len(store.matters()) == 1 and len(names(store, first)) == 3
    new = split_matter(store, next(d.id for d in store.documents(first)
                                   if d.letter_date == "2019-03-01"))
    assert names(store, new.id) == ["staff-2019-03-01.pdf"] and len(names(store, first)) == 2
    assert new.title.endswith(FILING_2018)
    corrections.undo(store)  # the split
    assert len(store.matters()) == 1
    corrections.undo(store)  # the merge
    assert names(store, second) == ["staff-2019-03-01.pdf"]


def test_refusals_name_the_letter(store: Store) -> None:
    first, _ = two_reviews(store)
    staff = next(d for d in store.documents(first) if d.role == "staff")
    with pytest.raises(UserError, match="staff-2016-03-01.pdf"):
        move_letter(store, staff.id, first)
    with pytest.raises(UserError, match="first letter"):
        split_matter(store, staff.id)
    with pytest.raises(UserError):
        merge_matters(store, first, first)


def test_a_failing_fix_leaves_no_trace(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two_reviews(store)
    staff = next(d for d in store.documents(second) if d.role == "staff")

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("storage.matters.refresh", broken)
    with pytest.raises(RuntimeError):
        move_letter(store, staff.id, first)
    assert names(store, second) == ["staff-2019-03-01.pdf"]
    assert corrections.undo(store) is None
