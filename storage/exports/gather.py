"""What every export reads: the chosen comments of a matter with their answers, owners, notes
and history, gathered once from the store."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from storage.attachments import Attachment, matter_attachments
from storage.exports import Selection
from storage.exports.richtext import as_text, blocks
from storage.history import Event
from storage.models import (
    STATUS_LABELS,
    Annotation,
    Comment,
    Document,
    Matter,
    Response,
    Reviewer,
)
from storage.store import plain_text
from storage.text import printable
from storage.topics import answer_kinds, comment_tags, taxonomy_for

if TYPE_CHECKING:
    from storage.store import Store

DONE = ("approved", "filed")


@dataclass(frozen=True)
class Item:
    """One staff comment and the work on it."""

    comment: Comment
    document: Document
    response: Response
    answer: str  # the draft (rich or plain text), else the filed answer, else ""
    answer_source: Literal["draft", "filed", "none"]
    notes: tuple[Annotation, ...]
    events: tuple[Event, ...]
    attachments: tuple[Attachment, ...] = ()
    tags: tuple[str, ...] = ()  # its topic tags (storage.topics)
    kind: str | None = None  # its answer's kind (a key of storage.topics.KINDS)

    @property
    def enclosures(self) -> tuple[Attachment, ...]:
        """The attachments a filed letter may name: never those for which confidential
        treatment is requested (Rule 83), which go to the staff apart."""
        return tuple(a for a in self.attachments if not a.confidential)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.response.status, self.response.status)

    @property
    def unresolved(self) -> tuple[Annotation, ...]:
        return tuple(n for n in self.notes if n.resolved_at is None)

    @property
    def answer_text(self) -> str:
        return as_text(blocks(self.answer)) if self.answer else ""


@dataclass(frozen=True)
class Bundle:
    matter: Matter
    documents: dict[str, Document]
    reviewers: dict[str, Reviewer]
    items: tuple[Item, ...]
    topic_labels: dict[str, str] = field(default_factory=dict)  # tag → label

    def topics(self, item: Item) -> str:
        """An item's topics as their labels, "; " between them."""
        return "; ".join(self.topic_labels.get(t, t) for t in item.tags)

    def name(self, reviewer_id: str | None) -> str:
        reviewer = self.reviewers.get(reviewer_id or "")
        return reviewer.name if reviewer else ""

    def letters(self) -> list[Document]:
        """The letters (staff and response) of the matter, in round order."""
        return [d for d in self.documents.values() if d.role != "reference"]


def staff_comments(store: Store, matter_id: str) -> list[Comment]:
    """"The comments" of a matter: its staff letters' comments; when it holds only response
    letters, their items."""
    roles = {d.id: d.role for d in store.documents(matter_id)}
    everything = store.comments(matter_id=matter_id)
    staff = [c for c in everything if c.answers_id is None and roles.get(c.document_id) == "staff"]
    if staff:
        return staff
    return [c for c in everything if roles.get(c.document_id) == "response"]


def select(store: Store, matter_id: str, selection: Selection,
           document_id: str | None = None) -> list[Comment]:
    """The comments chosen, in letter order (round, then place in the letter)."""
    comments = staff_comments(store, matter_id)
    if document_id:
        comments = [c for c in comments if c.document_id == document_id]
    if selection.only == "ids":
        wanted = set(selection.ids)
        return [c for c in comments if c.id in wanted]
    if selection.only == "open":
        responses = store.responses(matter_id)
        return [c for c in comments
                if (responses[c.id].status if c.id in responses else "open") not in DONE]
    return comments


def gather(store: Store, matter_id: str, selection: Selection,
           document_id: str | None = None) -> Bundle:
    matter = store.matter(matter_id)
    documents = {d.id: d for d in store.documents(matter_id)}
    responses = store.responses(matter_id)
    history = _events_by_entity(store.events(matter_id=matter_id))
    attached = matter_attachments(store, matter_id)
    tags, kinds = comment_tags(store, matter_id), answer_kinds(store, matter_id)
    items = []
    for comment in map(_printable, select(store, matter_id, selection, document_id)):
        response = responses.get(comment.id) or Response(comment.id, "", "open", None, None,
                                                          None, None)
        notes = tuple(store.notes(comment.id))
        events = [*history.get(comment.id, ())]
        for note in notes:
            events += history.get(note.id, ())
        answer, source = _answer(store, comment, response)
        answer = printable(answer)
        items.append(Item(comment, documents[comment.document_id], response, answer, source,
                          notes, tuple(sorted(events, key=lambda e: e.at)),
                          tuple(attached.get(comment.id, ())), tags.get(comment.id, ()),
                          kinds[comment.id].kind if comment.id in kinds else None))
    reviewers = {r.id: r for r in store.reviewers()}
    return Bundle(matter, documents, reviewers, tuple(items), taxonomy_for(store).labels)


def _printable(comment: Comment) -> Comment:
    """The comment without symbol-font glyphs (letters imported before they were mapped)."""
    return replace(comment, text=printable(comment.text),
                   headings=tuple(map(printable, comment.headings)),
                   heading_path=tuple(map(printable, comment.heading_path)),
                   filed_response=comment.filed_response and printable(comment.filed_response))


def _events_by_entity(events: list[Event]) -> dict[str, list[Event]]:
    grouped: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.entity_id:
            grouped[event.entity_id].append(event)
    return grouped


def _answer(store: Store, comment: Comment, response: Response
            ) -> tuple[str, Literal["draft", "filed", "none"]]:
    if plain_text(response.draft).strip():
        return response.draft, "draft"
    filed = [a.filed_response for a in store.answers_to(comment.id) if a.filed_response]
    text = "\n".join(filed) or comment.filed_response or ""
    return (text, "filed") if text.strip() else ("", "none")


# -- words for people --------------------------------------------------------------------------

def long_date(iso: str | None) -> str:
    """"June 30, 2016" from "2016-06-30"; "" when there is no date."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day:%B} {day.day}, {day.year}"


def when(stamp: str | None) -> str:
    """A stored UTC time as the local "2016-07-29 14:05"."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def describe_event(event: Event, bundle: Bundle) -> str:
    """One line of history: what changed."""
    before, after = _load(event.before), _load(event.after)
    action = event.action
    if action == "status":
        text = (f"Status {STATUS_LABELS.get(before.get('status', ''), '?')} → "
                f"{STATUS_LABELS.get(after.get('status', ''), '?')}")
        return text + (f" ({after['reason']})" if after.get("reason") else "")
    if action == "owner":
        return f"Owner → {bundle.name(after.get('owner_id')) or 'nobody'}"
    if action in ("due_date", "extension"):
        word = "Extended to" if action == "extension" else "Due date →"
        return f"{word} {after.get('due_date') or 'none'}" + (
            f" ({after['reason']})" if after.get("reason") else "")
    if action == "checkpoint":
        return f"Answer saved as a version: {after.get('label', '')}"
    if event.entity == "annotation":
        return {"created": "Note added", "edited": "Note edited", "resolved": "Note resolved",
                "reopened": "Note reopened"}.get(action, f"Note {action}")
    return f"{event.entity.capitalize()} {action}"


def _load(text: str | None) -> dict:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
