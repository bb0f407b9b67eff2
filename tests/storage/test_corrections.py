"""Fixing the split by hand: every fix is stored, atomic, undoable and redoable, and nothing a
reviewer attached to a comment is lost along the way."""
from __future__ import annotations

import pytest

from storage import corrections
from storage.errors import UserError
from storage.importer import import_letter
from storage.models import Region
from storage.store import Store, plain_text
from tests.storage.conftest import letter

MERGED = ("Tell us about goodwill. 2. Explain the tax effect.", "Describe the segments.")


def texts(store: Store, document_id: str) -> list[tuple[int, str]]:
    return [(c.number, c.text) for c in store.comments(document_id=document_id)]


def test_split_at_a_printed_number_takes_that_number(store: Store) -> None:
    doc = import_letter(store, letter(texts=MERGED), b"x").document
    first = store.comments(document_id=doc.id)[0]
    head, tail = corrections.split_comment(store, first.id, first.text.index("2."))
    assert (head.number, head.text) == (1, "Tell us about goodwill.")
    assert (tail.number, tail.text, tail.origin) == (2, "Explain the tax effect.", "split")
    assert tail.heading_path == head.heading_path
    assert [n for n, _ in texts(store, doc.id)] == [1, 2, 2]


def test_undo_and_redo_a_split(store: Store) -> None:
    doc = import_letter(store, letter(texts=MERGED), b"x").document
    original = texts(store, doc.id)
    first = store.comments(document_id=doc.id)[0]
    corrections.split_comment(store, first.id, first.text.index("2."))
    split = texts(store, doc.id)
    assert corrections.undo(store) is not None
    assert texts(store, doc.id) == original
    assert corrections.redo(store) is not None
    assert texts(store, doc.id) == split
    assert corrections.redo(store) is None


def test_merge_keeps_notes_and_undo_brings_the_second_back(store: Store) -> None:
    doc = import_letter(store, letter(), b"x").document
    first, second = store.comments(document_id=doc.id)
    store.add_note(second.id, "Ask the auditors.")
    merged = corrections.merge_with_next(store, first.id)
    assert merged.text.endswith("Explain the tax effect.")
    assert len(merged.regions) == 2
    assert [c.id for c in store.comments(document_id=doc.id)] == [first.id]
    assert [n.body for n in store.notes(first.id)] == ["Ask the auditors."]
    corrections.undo(store)
    assert [c.id for c in store.comments(document_id=doc.id)] == [first.id, second.id]
    assert store.notes(second.id)[0].body == "Ask the auditors." and not store.notes(first.id)
    with pytest.raises(UserError, match="last in its letter"):
        corrections.merge_with_next(store, second.id)


def test_renumber_and_headings_flow_to_the_comments_below(store: Store) -> None:
    doc = import_letter(store, letter(), b"x").document
    first, second = store.comments(document_id=doc.id)
    corrections.set_headings(store, first.id, ["Form 20-F", "  Goodwill,   page 84 ", ""])
    assert store.comment(second.id).heading_path == ("Form 20-F", "Goodwill, page 84")
    assert corrections.renumber(store, second.id, 7).number == 7
    corrections.undo(store)
    corrections.undo(store)
    assert store.comment(second.id).heading_path == ("Form 10-K", "Section 1")
    assert store.comment(second.id).number == 2


def test_a_new_fix_clears_the_redo(store: Store) -> None:
    doc = import_letter(store, letter(), b"x").document
    first, second = store.comments(document_id=doc.id)
    corrections.renumber(store, first.id, 5)
    corrections.undo(store)
    corrections.renumber(store, second.id, 9)
    assert corrections.redo(store) is None
    assert store.comment(first.id).number == 1


def test_create_from_a_selection_is_placed_by_position(store: Store) -> None:
    doc = import_letter(store, letter(), b"x").document
    made = corrections.create_comment(store, doc.id, "3. Describe the segments.",
                                      [Region(1, (72.0, 120.0, 540.0, 125.0))])
    assert (made.number, made.text, made.origin) == (3, "Describe the segments.", "manual")
    assert [c.number for c in store.comments(document_id=doc.id)] == [1, 3, 2]
    corrections.undo(store)
    assert [c.number for c in store.comments(document_id=doc.id)] == [1, 2]
    with pytest.raises(UserError):
        corrections.create_comment(store, doc.id, "   ", [])


def test_fixes_are_kept_on_reopening_and_in_the_audit_trail(workspace_path, store: Store) -> None:
    doc = import_letter(store, letter(), b"x").document
    first = store.comments(document_id=doc.id)[0]
    corrections.renumber(store, first.id, 4)
    store.close()
    with Store.open(workspace_path) as again:
        assert again.comment(first.id).number == 4
        assert [c.action for c in corrections.corrections(again, doc.id)] == ["renumber"]
        assert any(e.entity == "correction" for e in again.events())


def test_a_failing_fix_leaves_no_trace(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = import_letter(store, letter(texts=MERGED), b"x").document
    before = texts(store, doc.id)
    monkeypatch.setattr(corrections, "_recompute_heading_paths",
                        lambda *a: (_ for _ in ()).throw(RuntimeError("crash")))
    first = store.comments(document_id=doc.id)[0]
    with pytest.raises(RuntimeError):
        corrections.split_comment(store, first.id, first.text.index("2."))
    assert texts(store, doc.id) == before
    assert corrections.corrections(store, doc.id) == []


def test_merge_keeps_both_answers_the_filed_one_and_the_status_history(store: Store) -> None:
    from storage.rounds import link_responses

    staff = import_letter(store, letter(), b"staff").document
    import_letter(store, letter("response", date="2017-08-30", answers="2017-08-16"), b"resp")
    link_responses(store, staff.matter_id)
    first, second = store.comments(document_id=staff.id)
    assert [a.filed_response for a in store.answers_to(second.id)] == ["Answer 2."]
    store.save_draft(first.id, "<html><body><p>The <b>first</b> answer.</p></body></html>")
    store.save_draft(second.id, "The second answer, 548 words of it.")
    store.set_status(second.id, "in_review", "Ready for counsel")
    store.add_note(second.id, "Check with the auditors.")
    merged = corrections.merge_with_next(store, first.id)
    draft = store.response(merged.id).draft
    text = plain_text(draft)
    assert text.index("The first answer.") < text.index("Answer to comment 2, merged in") \
        < text.index("The second answer, 548 words of it.")
    assert "<b>first</b>" in draft
    assert store.versions(first.id)[-1].draft == draft  # a version the reviewer can edit
    assert [a.filed_response for a in store.answers_to(first.id)] == ["Answer 1.", "Answer 2."]
    assert "Ready for counsel" in [c.reason for c in store.status_changes(first.id)]
    assert [n.body for n in store.notes(first.id)] == ["Check with the auditors."]
    corrections.undo(store)
    assert store.response(first.id).draft == \
        "<html><body><p>The <b>first</b> answer.</p></body></html>"
    assert store.response(second.id).draft == "The second answer, 548 words of it."
    assert [a.filed_response for a in store.answers_to(second.id)] == ["Answer 2."]
    assert "Ready for counsel" in [c.reason for c in store.status_changes(second.id)]
    assert "Ready for counsel" not in [c.reason for c in store.status_changes(first.id)]


def test_merge_of_plain_answers_joins_them_with_a_separator_line(store: Store) -> None:
    doc = import_letter(store, letter(), b"x").document
    first, second = store.comments(document_id=doc.id)
    store.save_draft(second.id, "Only the second was answered.")
    corrections.merge_with_next(store, first.id)
    assert store.response(first.id).draft == ("——— Answer to comment 2, merged in ———\n\n"
                                              "Only the second was answered.")


def test_a_split_comment_inherits_the_work_and_its_region_starts_at_the_split(
        store: Store) -> None:
    lines = ("Tell us about goodwill and the", "impairment test. Explain the tax",
             "effect of the restructuring.")
    doc = import_letter(store, letter(texts=(" ".join(lines), "Describe the segments.")),
                        b"x").document
    first = store.comments(document_id=doc.id)[0]
    rows = [Region(1, (72.0, 100.0 + 14 * i, 72.0 + 6 * len(line), 112.0 + 14 * i))
            for i, line in enumerate(lines)]
    store.db.execute("UPDATE comments SET regions = ? WHERE id = ?",
                     [corrections._regions_json(rows), first.id])
    owner = store.add_reviewer("Will Cai", "WC")
    store.set_owner(first.id, owner.id)
    store.set_status(first.id, "drafting")
    store.set_due(first.id, "2017-09-13", "Extension")
    head, tail = corrections.split_comment(store, first.id, first.text.index("Explain"))
    work = store.response(tail.id)
    assert (work.status, work.owner_id, work.due_date) == ("drafting", owner.id, "2017-09-13")
    split_x = 72.0 + 6 * len("impairment test. ")
    assert tail.regions[0].rect[0] == pytest.approx(split_x, abs=12)
    assert tail.regions[0].rect[1] == rows[1].rect[1] and len(tail.regions) == 2
    assert head.regions[-1].rect[2] == tail.regions[0].rect[0]
    corrections.undo(store)
    assert store.db.execute("SELECT count(*) FROM responses WHERE comment_id = ?",
                            [tail.id]).fetchone()[0] == 0
    corrections.redo(store)
    assert store.response(tail.id).due_date == "2017-09-13"


def test_a_correction_belongs_to_the_comments_it_changed_not_those_it_moved(
        store: Store) -> None:
    doc = import_letter(store, letter(texts=MERGED), b"x").document
    first, second = store.comments(document_id=doc.id)
    corrections.split_comment(store, first.id, first.text.index("2."))
    corrections.set_headings(store, first.id, ["Goodwill"])
    assert [c.action for c in corrections.corrections_of(store, first.id)] == ["split",
                                                                               "headings"]
    assert corrections.corrections_of(store, second.id) == []  # only moved down, re-headed
