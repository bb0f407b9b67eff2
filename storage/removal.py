"""Removing a whole matter from a workspace (the sample matter once you have your own work, or a
matter imported by mistake): its letters, comments, answers, notes, versions and exchange state
go in one atomic step; the audit trail keeps its events and records the removal."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.store import Store

_BY_COMMENT = "comment_id IN (SELECT id FROM comments WHERE matter_id = ?)"
# In the order they are emptied (rows that point at others first).
_ROWS = (
    ("attachments", "matter_id = ?"),
    ("precedent_quotes", _BY_COMMENT),
    ("word_import_answers", "import_id IN (SELECT id FROM word_imports WHERE matter_id = ?)"),
    ("word_imports", "matter_id = ?"),
    ("tag_overrides", _BY_COMMENT),
    ("answer_kinds", _BY_COMMENT),
    ("annotations", "matter_id = ?"),
    ("response_versions", _BY_COMMENT),
    ("status_changes", _BY_COMMENT),
    ("due_changes", _BY_COMMENT),
    ("responses", _BY_COMMENT),
    ("conflicts", "matter_id = ?"),
    ("exchanges", "matter_id = ?"),
    ("corrections", "matter_id = ?"),
    ("comments", "matter_id = ?"),
    ("letter_keys", "document_id IN (SELECT id FROM documents WHERE matter_id = ?)"),
    ("documents", "matter_id = ?"),
)


def remove_matter(store: Store, matter_id: str) -> str:
    """Delete a matter and everything in it; returns its title. Letters' bytes no other
    matter uses are deleted too."""
    matter = store.matter(matter_id)  # NotFound for a bad id
    db = store.db
    with store.atomic():
        db.execute("DELETE FROM exchange_heads WHERE entity_id IN ("
                   "SELECT id FROM comments WHERE matter_id = ? UNION "
                   "SELECT id FROM documents WHERE matter_id = ? UNION "
                   "SELECT id FROM annotations WHERE matter_id = ? UNION "
                   "SELECT id FROM attachments WHERE matter_id = ? UNION SELECT ?)",
                   [matter_id, matter_id, matter_id, matter_id, matter_id])
        db.execute("UPDATE matters SET closed_by_document_id = NULL WHERE id = ?", [matter_id])
        for table, where in _ROWS:
            db.execute(f"DELETE FROM {table} WHERE {where}", [matter_id])
        db.execute("DELETE FROM matters WHERE id = ?", [matter_id])
        db.execute("DELETE FROM settings WHERE key LIKE ?", [f"matter:{matter_id}:%"])
        db.execute("DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM documents) "
                   "AND sha256 NOT IN (SELECT display_sha256 FROM documents) "
                   "AND sha256 NOT IN (SELECT sha256 FROM attachments)")
        store._event(matter_id, "matter", matter_id, "removed",
                     {"title": matter.title, "company": matter.company}, None)
    return matter.title
