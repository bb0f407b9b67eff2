"""Rounds within a matter: each letter's round number, and the answers of a response letter
linked to the staff comments they answer (by number, then by how alike the recited texts are),
the filed answer saved on the staff comment."""
from __future__ import annotations

import difflib
import json
from typing import TYPE_CHECKING

from storage.models import Comment, Document

if TYPE_CHECKING:
    from storage.store import Store

ANSWERED_KINDS = ("comment_letter", "supplemental_request", "other")  # staff letters that ask


def number_rounds(store: Store, matter_id: str) -> None:
    """Staff comment letters in date order are rounds 1, 2, …; any other staff letter (closing,
    reminder …) and each response join the round they answer or follow."""
    documents = [d for d in store.documents(matter_id) if d.role != "reference"]
    staff = _staff(documents)
    rounds = {d.id: i + 1 for i, d in enumerate(staff)}
    for document in documents:
        if document.id in rounds:
            continue
        answered = _answered_letter(document, staff)
        rounds[document.id] = rounds[answered.id] if answered else 1
    for document in documents:
        if document.round != rounds[document.id]:
            store.db.execute("UPDATE documents SET round = ? WHERE id = ?",
                             [rounds[document.id], document.id])


def _staff(documents: list[Document]) -> list[Document]:
    """The staff letters that ask questions, in date order (those rounds are made of)."""
    return sorted((d for d in documents if d.role == "staff"
                   and d.letter_kind in (None, *ANSWERED_KINDS)),
                  key=lambda d: (d.letter_date or "", d.imported_at))


def _answered_letter(document: Document, staff: list[Document]) -> Document | None:
    """The staff letter a response answers: by the date it cites, else the latest before it."""
    for cited in (document.answers_letter_date, *document.cited_letter_dates):
        for letter in staff:
            if cited and letter.letter_date == cited:
                return letter
    earlier = [s for s in staff if (s.letter_date or "") <= (document.letter_date or "9999")]
    return earlier[-1] if earlier else None


def link_responses(store: Store, matter_id: str) -> int:
    """Match each response letter's items to the staff comments of the letter it answers; their
    answers become those comments' filed answers. Returns how many links were made."""
    documents = store.documents(matter_id)
    staff = _staff(documents)
    made = 0
    waiting = {r[0] for r in store.db.execute(
        "SELECT DISTINCT document_id FROM comments WHERE matter_id = ? AND answers_id IS NULL "
        "AND retired_at IS NULL", [matter_id]).fetchall()}
    for document in documents:
        if document.role != "response" or document.id not in waiting:
            continue
        answered = _answered_letter(document, staff)
        if answered is None:
            continue
        targets = store.comments(document_id=answered.id)
        unmatched = []
        for item in store.comments(document_id=document.id):
            if item.answers_id:
                continue
            target = _best_match(item, targets)
            if target is None:
                unmatched.append(item.number)
                continue
            store.db.execute("UPDATE comments SET answers_id = ? WHERE id = ?",
                             [target.id, item.id])
            _file_answer(store, target, item, document.letter_date)
            made += 1
        if unmatched:
            _warn(store, document.id, "The answers to comment(s) "
                  f"{', '.join(map(str, unmatched))} matched no comment of the staff letter of "
                  f"{answered.letter_date}: check their numbers and text.")
    return made


def _warn(store: Store, document_id: str, warning: str) -> None:
    warnings = list(store.document(document_id).warnings)
    if warning not in warnings:
        store.db.execute("UPDATE documents SET warnings = ? WHERE id = ?",
                         [json.dumps(warnings + [warning]), document_id])


def _best_match(item: Comment, targets: list[Comment]) -> Comment | None:
    def similarity(target: Comment) -> float:
        return difflib.SequenceMatcher(None, item.text[:600], target.text[:600]).ratio()

    same_number = [t for t in targets if t.number == item.number]
    if same_number and similarity(same_number[0]) >= 0.5:
        return same_number[0]
    scored = sorted(((similarity(t), t) for t in targets), key=lambda p: -p[0])
    return scored[0][1] if scored and scored[0][0] >= 0.6 else None


def _file_answer(store: Store, target: Comment, item: Comment, date: str | None) -> None:
    """A filed answer seeds an empty draft and marks the comment filed."""
    current = store.response(target.id)
    if not current.draft.strip() and item.filed_response:
        store.save_draft(target.id, item.filed_response)
    if current.status != "filed":
        store.set_status(target.id, "filed",
                         f"Answered in the response letter of {date}" if date else
                         "Answered in an imported response letter")


# -- reference documents --------------------------------------------------------------------------
