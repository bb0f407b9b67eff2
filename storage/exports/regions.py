"""The reviewers' highlights on a letter's pages (notes whose target is a region)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from storage import rows
from storage.models import Annotation

if TYPE_CHECKING:
    from storage.store import Store


def region_notes(store: Store, document_id: str) -> list[Annotation]:
    """Highlights drawn on a document, and the replies to them, oldest first.

    The store has no call for this yet (`Store.annotations(document_id=…)` would be its home);
    until it does, this one query lives here."""
    cursor = store.db.execute(
        "SELECT * FROM annotations WHERE document_id = ? OR parent_id IN "
        "(SELECT id FROM annotations WHERE document_id = ?) ORDER BY created_at, rowid",
        [document_id, document_id])
    names = [d[0] for d in cursor.description]
    return [rows.annotation(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
