"""The review workflow in the store: owners, due dates and extensions, note threads, versions,
full-text search, the commitments register — and an event for every kind of change."""
from __future__ import annotations

import pytest

from storage.errors import UserError
from storage.importer import import_letter
from storage.search import commitments, search
from storage.store import Store
from tests.storage.conftest import letter

GOODWILL = ("Tell us whether your MNS reporting unit was at risk of failing step 1. "
            "Refer to ASC 350-20-35-30.",
            "Please ensure the reconciliations of impairment charges are provided.")


@pytest.fixture
def comments(store: Store) -> list:
    document = import_letter(store, letter(texts=GOODWILL), b"x").document
    return store.comments(document_id=document.id)


def test_staff_comments_are_due_ten_business_days_after_the_letter(store, comments) -> None:
    assert store.response(comments[0].id).due_date == "2017-08-30"


def test_extension_is_recorded_with_its_reason(store: Store, comments) -> None:
    store.set_due(comments[0].id, "2017-09-13", "Staff granted ten more business days")
    (change,) = store.due_changes(comments[0].id)
    assert (change["previous"], change["due_date"]) == ("2017-08-30", "2017-09-13")
    assert store.events(entity_id=comments[0].id)[-1].action == "extension"
    with pytest.raises(UserError, match="YYYY-MM-DD"):
        store.set_due(comments[0].id, "next Friday")


def test_owner_is_a_reviewer(store: Store, comments) -> None:
    counsel = store.add_reviewer("Will Cai", "wc")
    assert store.set_owner(comments[0].id, counsel.id).owner_id == counsel.id
    assert store.events(entity_id=comments[0].id)[-1].action == "owner"
    assert store.set_owner(comments[0].id, None).owner_id is None


def test_note_threads_edit_resolve_reopen(store: Store, comments) -> None:
    note = store.add_note(comments[0].id, "Is 8% right?")
    reply = store.add_note(comments[0].id, "Yes, per the valuation report.", parent_id=note.id)
    assert reply.parent_id == note.id
    assert store.edit_note(note.id, "Is 8% headroom right?").body == "Is 8% headroom right?"
    resolved = store.resolve_note(note.id)
    assert resolved.resolved_at and resolved.resolved_by == store.me().id  # type: ignore
    assert store.note_counts(comments[0].matter_id) == {}
    assert store.resolve_note(note.id, False).resolved_at is None
    assert store.note(reply.id).resolved_at is None
    other = store.add_reviewer("Henry Song", "HS")
    store.set_setting("local_reviewer_id", other.id)
    with pytest.raises(UserError, match="only your own"):
        store.edit_note(note.id, "hijacked")
    actions = [e.action for e in store.events() if e.entity == "annotation"]
    assert actions == ["created", "created", "edited", "resolved", "resolved", "reopened",
                       "reopened"]


def test_resolving_a_thread_resolves_its_replies_everywhere_they_are_counted(
        store: Store, comments, tmp_path) -> None:
    import openpyxl

    from storage.exports import ALL
    from storage.exports.gather import gather
    from storage.exports.xlsx import export_tracker

    note = store.add_note(comments[0].id, "Is 8% right?")
    reply = store.add_note(comments[0].id, "Yes.", parent_id=note.id)
    store.add_note(comments[0].id, "And the WACC?", parent_id=reply.id)
    lone = store.add_note(comments[1].id, "Check the figure.")
    store.resolve_note(note.id)
    matter_id = comments[0].matter_id
    assert store.note_counts(matter_id) == {comments[1].id: 1}
    items = {i.comment.id: i for i in gather(store, matter_id, ALL).items}
    assert items[comments[0].id].unresolved == () and len(items[comments[1].id].unresolved) == 1
    sheet = openpyxl.load_workbook(export_tracker(store, matter_id, tmp_path / "t.xlsx")).active
    header = [c.value for c in sheet[1]]
    column = header.index("Unresolved notes")
    cells = [row[column].value for row in sheet.iter_rows(min_row=2)]
    assert not cells[0] and "Check the figure." in cells[1]
    # A reply resolved on its own stays resolved when the thread is reopened.
    store.resolve_note(note.id, False)
    store.resolve_note(lone.id)
    assert store.note_counts(matter_id) == {comments[0].id: 3}


def test_restore_an_earlier_version(store: Store, comments) -> None:
    comment_id = comments[0].id
    store.save_draft(comment_id, "<p>First <b>answer</b>.</p>")
    first = store.checkpoint(comment_id, "First draft")
    store.save_draft(comment_id, "Second answer.")
    assert store.restore_version(first.id).draft == "<p>First <b>answer</b>.</p>"
    labels = [v.label for v in store.versions(comment_id)]
    assert labels == ["First draft", "Before restoring", "Restored: First draft"]
    assert store.versions(comment_id)[1].draft == "Second answer."


@pytest.mark.parametrize(("query", "kinds"), [
    ('"ASC 350-20-35-30"', ["comment"]),
    ("impair*", ["comment"]),
    ("headroom OR reconciliations", ["comment", "draft", "note"]),
    ("MNS AND valuation", []),
    ("valuation", ["draft"]),
    ('"unbalanced quote', []),
    ("350-20", ["comment"]),
])
def test_search_syntax(store: Store, comments, query: str, kinds: list[str]) -> None:
    store.save_draft(comments[0].id, "<p>Our <i>valuation</i> showed 8% headroom.</p>")
    store.add_note(comments[1].id, "Check the headroom figure.")
    hits = search(store, query)
    assert sorted({h.kind for h in hits}) == sorted(kinds)


def test_search_snippets_mark_the_words(store: Store, comments) -> None:
    (hit,) = search(store, "MNS")
    assert hit.comment_id == comments[0].id and hit.matter_id == comments[0].matter_id
    assert ("MNS", True) in hit.parts()


def test_search_follows_edits_and_corrections(store: Store, comments) -> None:
    from storage import corrections

    store.save_draft(comments[0].id, "first wording")
    store.save_draft(comments[0].id, "second wording")
    assert [h.kind for h in search(store, "first")] == []
    corrections.merge_with_next(store, comments[0].id)
    assert {h.comment_id for h in search(store, "reconciliations")} == {comments[0].id}


def test_commitments_are_listed_with_their_comment(store: Store, comments) -> None:
    store.save_draft(comments[0].id, "The unit was not at risk. In future filings we will "
                     "disclose the headroom. We believe this is adequate.")
    store.save_draft(comments[1].id, "The Company will revise its earnings release.")
    found = commitments(store, comments[0].matter_id)
    assert [(c.number, c.sentence) for c in found] == [
        (1, "In future filings we will disclose the headroom."),
        (2, "The Company will revise its earnings release.")]


def test_highlights_are_stored_with_their_quote(store: Store, comments) -> None:
    from storage.models import Region

    region = Region(1, (72.0, 100.0, 300.0, 112.0))
    mark = store.add_highlight(comments[0].document_id, [region], "failing step 1", "Key point")
    assert store.highlights(comments[0].document_id) == [mark]
    assert (mark.target, mark.quote, mark.body, mark.regions) == (
        "region", "failing step 1", "Key point", (region,))
    assert store.events(entity_id=mark.id)[0].action == "highlighted"
    with pytest.raises(UserError):
        store.add_highlight(comments[0].document_id, [], "nothing")
