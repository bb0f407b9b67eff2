"""The store API: records round-trip as dataclasses, imports group letters into matters and link
answers, every multi-row write is all-or-nothing, and the audit trail only grows."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import importer, rounds
from storage.errors import UserError
from storage.importer import import_letter
from storage.models import Comment, Document, Matter, Region, Response
from storage.store import Store
from tests.storage.conftest import letter


def counts(store: Store) -> dict[str, int]:
    return {t: store.db[t].count for t in
            ("matters", "documents", "comments", "blobs", "responses", "events")}


def test_import_round_trips_as_frozen_dataclasses(store: Store) -> None:
    result = import_letter(store, letter(), b"staff bytes")
    assert isinstance(result.matter, Matter) and result.new_matter
    assert isinstance(result.document, Document) and result.document.role == "staff"
    comments = store.comments(document_id=result.document.id)
    assert [c.number for c in comments] == [1, 2]
    first = comments[0]
    assert isinstance(first, Comment)
    assert first.headings == ("Form 10-K", "Section 1")
    assert comments[1].heading_path == ("Form 10-K", "Section 1"), "inherits the headings"
    assert first.regions == (Region(1, (72.0, 100.0, 540.0, 130.0)),)
    assert store.comment(first.id) == first
    with pytest.raises(AttributeError):
        first.text = "changed"  # type: ignore[misc]
    assert store.blob(result.document.sha256) == b"staff bytes"
    assert store.display_pdf(result.document.id).startswith(b"%PDF")


def test_letters_of_one_company_share_a_matter_and_answers_link(store: Store) -> None:
    staff = import_letter(store, letter("staff"), b"staff")
    response = import_letter(store, letter("response", date="2017-08-30", answers="2017-08-16"),
                                   b"response")
    assert not response.new_matter and response.matter.id == staff.matter.id
    assert response.linked == 2
    target = store.comments(document_id=staff.document.id)[0]
    assert [a.filed_response for a in store.answers_to(target.id)] == ["Answer 1."]
    answer = store.response(target.id)
    assert answer.status == "filed" and answer.draft == "Answer 1."
    other = import_letter(store, letter(company="Other Inc", file_number="333-99999"), b"other")
    assert other.new_matter and len(store.matters()) == 2


def test_importing_the_same_bytes_twice_changes_nothing(store: Store) -> None:
    import_letter(store, letter(), b"same")
    before = counts(store)
    again = import_letter(store, letter(), b"same")
    assert again.already_there
    assert counts(store) == before


def test_blobs_are_stored_once(store: Store) -> None:
    import_letter(store, letter(), b"one")
    import_letter(store, letter(date="2017-09-16"), b"two")
    # two sources, one shared display PDF
    assert store.db["blobs"].count == 3


def test_a_failure_halfway_through_an_import_leaves_nothing(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import_letter(store, letter(), b"first")
    before = counts(store)

    def fail(*args: object) -> int:
        raise RuntimeError("power cut")

    monkeypatch.setattr(rounds, "link_responses", fail)
    with pytest.raises(RuntimeError):
        import_letter(store, letter("response", date="2017-08-30"), b"second")
    assert counts(store) == before


def test_status_change_is_recorded_with_reason_version_and_event(store: Store) -> None:
    comment = store.comments(document_id=import_letter(store, letter(), b"x").document.id)[0]
    store.save_draft(comment.id, "First go.")
    response = store.set_status(comment.id, "in_review", "ready for counsel")
    assert isinstance(response, Response) and response.status == "in_review"
    assert response.updated_by == store.me().id  # type: ignore[union-attr]
    change = store.status_changes(comment.id)[-1]
    assert (change.previous, change.status, change.reason) == ("open", "in_review",
                                                              "ready for counsel")
    assert store.versions(comment.id)[-1].draft == "First go."
    assert [e.action for e in store.events(entity_id=comment.id)] == ["status"]
    with pytest.raises(UserError):
        store.set_status(comment.id, "done")  # type: ignore[arg-type]


def test_notes_are_attributed_and_counted(store: Store) -> None:
    comment = store.comments(document_id=import_letter(store, letter(), b"x").document.id)[0]
    note = store.add_note(comment.id, "  Check the 10-Q too.  ")
    assert note.body == "Check the 10-Q too." and note.author_id == store.me().id  # type: ignore
    reply = store.add_note(comment.id, "Done.", parent_id=note.id)
    assert [n.id for n in store.notes(comment.id)] == [note.id, reply.id]
    assert store.note_counts(comment.matter_id) == {comment.id: 2}
    with pytest.raises(UserError):
        store.add_note(comment.id, "   ")


def test_events_are_append_only(store: Store) -> None:
    import_letter(store, letter(), b"x")
    assert store.events()
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE events SET action = 'forged'")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("DELETE FROM events")


def test_drafts_survive_reopening(workspace_path: Path) -> None:
    with Store.open(workspace_path) as store:
        store.set_me("Ada Lovelace", "AL")
        comment = store.comments(document_id=import_letter(store, letter(), b"x").document.id)[0]
        store.save_draft(comment.id, "Kept.")
    with Store.open(workspace_path) as store:
        assert store.response(comment.id).draft == "Kept."
        assert store.me().initials == "AL"  # type: ignore[union-attr]


def test_reviewer_rename_keeps_identity(store: Store) -> None:
    me = store.me()
    renamed = store.set_me("Ada King", "ak")
    assert renamed.id == me.id and renamed.initials == "AK"  # type: ignore[union-attr]
    assert renamed.color == me.color  # type: ignore[union-attr]
    assert store.set_me("Ada King", "AK", "#123abc").color == "#123abc"
    with pytest.raises(UserError, match="not a colour"):
        store.set_me("Ada King", "AK", "blue")
    with pytest.raises(UserError):
        store.set_me("", "")


def test_an_answer_that_matches_no_comment_is_flagged(store: Store) -> None:
    import_letter(store, letter("staff"), b"staff")
    stray = letter("response", date="2017-08-30", answers="2017-08-16",
                   texts=("Tell us about goodwill.", "Something the staff never asked at all."))
    result = import_letter(store, stray, b"response")
    assert result.linked == 1
    (warning,) = store.document(result.document.id).warnings
    assert "comment(s) 2 matched no comment" in warning


def test_a_reference_document_is_kept_whole_and_not_split(store: Store, tmp_path: Path) -> None:
    import pymupdf

    matter = import_letter(store, letter(), b"staff").matter
    doc = pymupdf.open()
    for number in range(3):
        doc.new_page().insert_text((72, 720), f"Annual report page {number + 80}")
    filing = tmp_path / "10-K.pdf"
    filing.write_bytes(doc.tobytes())
    added = importer.add_reference(store, matter.id, filing)
    assert (added.document.role, added.document.page_count) == ("reference", 3)
    assert store.display_pdf(added.document.id) == filing.read_bytes()
    assert store.comments(document_id=added.document.id) == []
    assert importer.add_reference(store, matter.id, filing).already_there
    html = tmp_path / "10-K.htm"
    html.write_text("<html><body><p>Goodwill, page 84</p></body></html>")
    rendition = importer.add_reference(store, matter.id, html).document
    assert rendition.source_format == "html"
    assert store.display_pdf(rendition.id).startswith(b"%PDF")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(UserError, match="junk.pdf"):
        importer.add_reference(store, matter.id, junk)


def test_light_lists_for_big_trees(store: Store) -> None:
    first = import_letter(store, letter(), b"one").document
    other = import_letter(store, letter(company="Other Inc", file_number="333-9"), b"two")
    heads = store.comment_heads()
    assert len(heads) == 4
    mine = [h for h in heads if h.document_id == first.id]
    full = store.comments(document_id=first.id)
    assert [(h.id, h.number, h.heading_path, h.title) for h in mine] == [
        (c.id, c.number, c.heading_path, c.text) for c in full]
    assert len(store.comment_heads(other.matter.id)) == 2
    store.set_status(full[0].id, "drafting")
    states = store.work_states(first.matter_id)
    assert states[full[0].id].status == "drafting"
    assert states[full[1].id].due_date == "2017-08-30"
    assert full[0].id in store.work_states() and len(store.work_states(other.matter.id)) == 2
    store.add_note(full[1].id, "Check")
    assert store.note_counts() == {full[1].id: 1} == store.note_counts(first.matter_id)
    texts = store.comment_texts()
    assert texts[full[0].id] == full[0].text and len(texts) == 4
    assert set(store.comment_texts(other.matter.id)) == {
        c.id for c in store.comments(matter_id=other.matter.id)}


def test_documents_of_every_matter_come_grouped_in_reading_order(store: Store) -> None:
    import_letter(store, letter(), b"one")
    import_letter(store, letter(company="Other Inc", file_number="333-9"), b"two")
    import_letter(store, letter(kind="response", date="2017-08-30"), b"three")
    every = store.documents()
    assert len(every) == 3
    for matter in store.matters():
        assert [d for d in every if d.matter_id == matter.id] == store.documents(matter.id)
