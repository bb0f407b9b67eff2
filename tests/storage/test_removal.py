"""Removing a matter: everything in it goes, in one step; other matters and the audit trail
stay."""
from __future__ import annotations

from storage.importer import import_letter
from storage.removal import remove_matter
from storage.search import search
from storage.store import Store
from tests.storage.conftest import letter


def test_remove_a_matter_and_everything_in_it(store: Store) -> None:
    gone = import_letter(store, letter(company="Sample Co", file_number="001-00009"),
                         b"sample bytes")
    kept = import_letter(store, letter(), b"my letter")
    first = store.comments(document_id=gone.document.id)[0]
    store.save_draft(first.id, "A sample answer about goodwill.")
    store.checkpoint(first.id)
    note = store.add_note(first.id, "A sample note.")
    store.add_note(first.id, "A reply.", parent_id=note.id)
    store.set_status(first.id, "drafting")
    assert remove_matter(store, gone.matter.id) == gone.matter.title
    assert [m.id for m in store.matters()] == [kept.matter.id]
    assert store.comments(matter_id=gone.matter.id) == []
    assert [h.comment_id for h in search(store, "sample")] == []
    digests = {r[0] for r in store.db.execute("SELECT sha256 FROM blobs").fetchall()}
    assert digests == {kept.document.sha256, kept.document.display_sha256}
    assert store.events()[-1].action == "removed"
    assert len(store.comments(matter_id=kept.matter.id)) == 2


def test_remove_a_review_the_staff_closed(store: Store) -> None:
    opened = import_letter(store, letter(date="2016-03-01"), b"comment letter")
    import_letter(store, letter(date="2016-04-20", texts=(), letter_kind="closing_letter"),
                  b"closing letter")
    assert store.matter(opened.matter.id).closed
    remove_matter(store, opened.matter.id)
    assert store.matters() == []
    assert store.db.execute("SELECT count(*) FROM letter_keys").fetchone() == (0,)
    assert store.db.execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_removal_empties_every_table_that_points_into_a_matter(store: Store) -> None:
    """A table added later that refers to a matter's comments, letters, notes or Word imports
    must be emptied by remove_matter too, or removing a matter with such rows fails."""
    from storage.removal import _ROWS

    inside = {"matters", "documents", "comments", "annotations", "word_imports"}
    marks = ",".join("?" * len(inside))
    pointing = {row[0] for row in store.db.execute(
        "SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
        f"WHERE m.type = 'table' AND f.\"table\" IN ({marks})", sorted(inside)).fetchall()}
    emptied = {table for table, _where in _ROWS}
    assert pointing - inside - emptied == set()


def test_remove_a_matter_with_tags_kinds_and_a_word_import(store: Store) -> None:
    from storage.ids import new_id, now

    result = import_letter(store, letter(), b"letter")
    comment = store.comments(document_id=result.document.id)[0]
    me = store.me()
    author = me.id if me else None
    store.db.table("tag_overrides").insert({"id": new_id(), "comment_id": comment.id,
                                            "tag": "goodwill", "present": 1,
                                            "author_id": author, "at": now()})
    store.db.table("answer_kinds").insert({"comment_id": comment.id, "kind": "clarified",
                                           "author_id": author, "at": now()})
    remove_matter(store, result.matter.id)
    assert store.db.execute("SELECT count(*) FROM tag_overrides").fetchone() == (0,)
    assert store.db.execute("SELECT count(*) FROM answer_kinds").fetchone() == (0,)
