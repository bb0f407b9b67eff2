"""A precedent passage used as a starting point: copied into the draft (after a checkpoint, so
the version history shows it), recorded with its source, and told to the reviewers in a note on
the answer. The quotation stands *unreviewed* while that note is open and the passage is still
in the draft; the exports warn while one stands (`unreviewed`).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage.errors import UserError
from storage.ids import new_id, now
from storage.store import plain_text

if TYPE_CHECKING:
    from storage.precedent.search import Precedent
    from storage.store import Store


@dataclass(frozen=True)
class Quote:
    id: str
    comment_id: str
    note_id: str
    source: str
    passage: str


def source_of(precedent: Precedent) -> str:
    return (f"{precedent.company}, staff letter of {precedent.letter_date or 'an unknown date'}"
            f", comment {precedent.number} ({precedent.filing or 'filing not named'})"
            f"; outcome: {precedent.outcome_label.lower()}")


def use_as_starting_point(store: Store, comment_id: str, precedent: Precedent,
                          passage: str) -> Quote:
    """Append `passage` to the draft of `comment_id`, recorded as a quotation of `precedent`."""
    passage = passage.strip()
    if not passage:
        raise UserError("Select the passage of the precedent to use, or an answer to copy.")
    source = source_of(precedent)
    with store.atomic():
        store.checkpoint(comment_id, "Before a precedent passage")
        draft = store.response(comment_id).draft
        paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>"
                             for p in re.split(r"\n\s*\n", passage) if p.strip())
        if "</body>" in draft:
            new = draft.replace("</body>", paragraphs + "</body>", 1)
        else:
            new = (f"<p>{html.escape(draft)}</p>" if draft.strip() and "<" not in draft
                   else draft) + paragraphs
        store.save_draft(comment_id, new)
        store.checkpoint(comment_id, f"Precedent passage from {precedent.company}")
        note = store.add_note(comment_id, f"Quotation from precedent — {source}. Rewrite it "
                              "for this company and resolve this note before filing.",
                              target="response")
        quote = Quote(new_id(), comment_id, note.id, source, passage)
        store.db.execute("INSERT INTO precedent_quotes VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [quote.id, comment_id, note.id, source, passage,
                          store.setting("local_reviewer_id"), now()])
    return quote


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


def unreviewed(store: Store, matter_id: str) -> list[Quote]:
    """The quotations still standing unreviewed in a matter's drafts."""
    rows = store.db.execute(
        "SELECT q.id, q.comment_id, q.note_id, q.source, q.passage FROM precedent_quotes q "
        "JOIN comments c ON c.id = q.comment_id JOIN annotations a ON a.id = q.note_id "
        "WHERE c.matter_id = ? AND a.resolved_at IS NULL ORDER BY q.at", [matter_id]).fetchall()
    drafts = store.responses(matter_id)
    out = []
    for row in rows:
        quote = Quote(*row)
        draft = drafts.get(quote.comment_id)
        words = _flat(quote.passage)[:80]
        if draft is not None and words and words in _flat(plain_text(draft.draft)):
            out.append(quote)
    return out


def warning(store: Store, matter_id: str) -> str | None:
    """One line for an export of the matter's answers, while a quotation stands unreviewed."""
    found = unreviewed(store, matter_id)
    if not found:
        return None
    numbers = sorted({store.comment(q.comment_id).number for q in found})
    return (f"{len(found)} precedent quotation(s) in the answers to comment(s) "
            f"{', '.join(map(str, numbers))} are not yet reviewed: rewrite them and resolve "
            "their notes before filing.")
