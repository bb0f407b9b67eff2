"""Rounds within a matter: each letter's round number, and the answers of a response letter
linked to the staff comments they answer (by how alike the recited texts are, then by number),
the filed answer saved on the staff comment. A response whose split disagrees with the staff
letter it answers is split again on the comments it recites (storage.ingest's `recitals`)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from storage import rows
from storage.errors import UserError
from storage.ingest import isolated
from storage.ingest.model import ParsedLetter, Recital
from storage.ingest.recitals import pair
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
    answers become those comments' filed answers. A response whose split disagrees with that
    letter is first split again on the comments it recites (`resplit_responses`). Returns how
    many links were made."""
    resplit_responses(store, matter_id)
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
        items = store.comments(document_id=document.id)
        taken = {i.answers_id for i in items if i.answers_id}
        targets = [t for t in store.comments(document_id=answered.id) if t.id not in taken]
        loose = [i for i in items if not i.answers_id]
        paired = pair([(i.number, i.text) for i in loose], recitals(targets))
        for index, item in enumerate(loose):
            if index not in paired:
                continue
            target = targets[paired[index]]
            store.db.execute("UPDATE comments SET answers_id = ? WHERE id = ?",
                             [target.id, item.id])
            _file_answer(store, target, item, document.letter_date)
            made += 1
        unmatched = [item.number for index, item in enumerate(loose) if index not in paired]
        if unmatched:
            _warn(store, document.id, "The answers to comment(s) "
                  f"{', '.join(map(str, unmatched))} matched no comment of the staff letter of "
                  f"{answered.letter_date}: check their numbers and text.")
    return made


def recitals(targets: list[Comment]) -> list[Recital]:
    """The staff comments as a response recites them (their numbers and words)."""
    return [Recital(t.number, t.text) for t in targets]


def _warn(store: Store, document_id: str, warning: str) -> None:
    warnings = list(store.document(document_id).warnings)
    if warning not in warnings:
        store.db.execute("UPDATE documents SET warnings = ? WHERE id = ?",
                         [json.dumps(warnings + [warning]), document_id])


# -- splitting a response again on the comments it recites -----------------------------------------

CHECKED = "recitals_checked"  # event: a response's split was checked against the letter it answers
CORRECTED_DOUBT = ("This response's split does not agree with the staff letter it answers, but "
                   "it was corrected by hand (or has notes), so it was not split again on the "
                   "recited comments. Check its split against the staff letter.")


def resplit_responses(store: Store, matter_id: str) -> int:
    """Split again, on the comments they recite, the responses of the matter whose split
    disagrees with the staff letter they answer (a count that differs, an item that pairs with
    no comment), once per staff letter. The new split is kept when it pairs with more of the
    staff letter's comments; the parser's doubts name the comments still unanswered. A
    response whose split was corrected by hand keeps it, with a doubt that says so. Drafts,
    notes and statuses live on the staff comments and are untouched. Returns how many
    responses were split again."""
    documents = store.documents(matter_id)
    staff = _staff(documents)
    done = 0
    for document in documents:
        if document.role != "response" or document.letter_kind not in (None, "response"):
            continue
        answered = _answered_letter(document, staff)
        targets = store.comments(document_id=answered.id) if answered else []
        if answered is None or not targets or _checked(store, document.id, answered.id):
            continue
        store._event(matter_id, "document", document.id, CHECKED, None,
                     {"letter_id": answered.id})
        items = store.comments(document_id=document.id)
        hint = recitals(targets)
        if len(items) == len(targets) == len(pair([(i.number, i.text) for i in items], hint)):
            continue
        if _corrected(store, document.id):
            _warn(store, document.id, CORRECTED_DOUBT)
            continue
        try:
            letter = isolated.parse_letter(store.blob(document.sha256), document.name,
                                           recitals=hint)  # in a worker, as every parse
        except UserError:
            continue  # the bytes no longer read as a letter: keep the split there is
        if _replace_items(store, document, items, letter):
            done += 1
    return done


def _checked(store: Store, document_id: str, letter_id: str) -> bool:
    return store._one("SELECT 1 AS x FROM events WHERE entity_id = ? AND action = ? "
                      "AND after = ?", [document_id, CHECKED,
                                        json.dumps({"letter_id": letter_id})]) is not None


def _corrected(store: Store, document_id: str) -> bool:
    """Has a reviewer fixed this letter's split, or written notes on its items?"""
    return store._one(
        "SELECT 1 AS x FROM corrections WHERE document_id = ? UNION ALL "
        "SELECT 1 FROM annotations WHERE comment_id IN "
        "(SELECT id FROM comments WHERE document_id = ?) LIMIT 1",
        [document_id, document_id]) is not None


def _replace_items(store: Store, document: Document, items: list[Comment],
                   letter: ParsedLetter) -> bool:
    """Retire a response's items and put the new split's in their place, with its doubts.
    False (nothing changed) when the new split is the old one."""
    from storage.ids import now

    if [(c.number, c.text, c.response) for c in letter.comments] == \
            [(i.number, i.text, i.filed_response) for i in items]:
        for warning in letter.warnings:
            _warn(store, document.id, warning)
        return False
    row = store._one("SELECT parse FROM documents WHERE id = ?", [document.id])
    before = json.loads(row["parse"]) if row and row["parse"] else {}
    parsed_before = set(before.get("warnings") or ())
    kept = [w for w in document.warnings if w not in parsed_before
            and not w.startswith("The answers to comment(s)")]
    with store.atomic():
        store.db.execute("UPDATE comments SET retired_at = ? WHERE document_id = ? "
                         "AND retired_at IS NULL", [now(), document.id])
        store.db.table("comments").insert_all(
            rows.comment_rows(letter, document.matter_id, document.id))
        store.db.execute("UPDATE documents SET parse = ?, warnings = ? WHERE id = ?",
                         [json.dumps(letter.to_json(), ensure_ascii=False),
                          json.dumps(list(dict.fromkeys(list(letter.warnings) + kept))),
                          document.id])
        store._event(document.matter_id, "document", document.id, "resplit",
                     {"comments": len(items)}, {"comments": len(letter.comments)})
    return True


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
