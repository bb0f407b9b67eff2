"""Conflicts in words, for the conflict screen and the import summary: what a conflict is about
("Comment 3 (Staff letter 2017-08-16) — answer"), who changed it on the other side, a value as
the user reads it, and two texts with their differences marked for showing side by side."""
from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

from storage.errors import NotFound
from storage.exchange import Conflict, diff_words
from storage.models import STATUS_LABELS
from storage.store import Store

TEXT_FIELDS = {("responses", "draft"), ("annotations", "body")}
# Words only in yours (what taking theirs would drop) and only in theirs (what it would add).
MINE_STYLE = "background-color:#fbd3d0; color:#7a1111; text-decoration:line-through"
THEIRS_STYLE = "background-color:#cdeccf; color:#0d4d16; text-decoration:underline"


def is_text(conflict: Conflict) -> bool:
    """Answers and note texts: shown with their differences, and may be combined."""
    return (conflict.entity, conflict.field) in TEXT_FIELDS


def reviewer_name(store: Store, reviewer_id: str | None, nobody: str = "Nobody") -> str:
    if not reviewer_id:
        return nobody
    try:
        return store.reviewer(reviewer_id).name
    except NotFound:
        return "a reviewer unknown here"


def author_name(store: Store, conflict: Conflict) -> str:
    return reviewer_name(store, conflict.remote_author, "the other reviewer")


def where_parts(store: Store, conflict: Conflict) -> tuple[str, str]:
    """The record a conflict is about and its letter: ("Comment 3", "Staff letter 2017-08-16"),
    ("Note on comment 3", …), ("The matter", "")."""
    if conflict.comment_id:
        try:
            comment = store.comment(conflict.comment_id)
            letter = store.document(comment.document_id).label
        except NotFound:
            return "A comment no longer here", ""
        if conflict.entity == "annotations":
            return f"Note on comment {comment.number}", letter
        return f"Comment {comment.number}", letter
    return {"documents": "A document", "matters": "The matter", "reviewers": "A reviewer",
            "corrections": "A split correction", "annotations": "A highlight"
            }.get(conflict.entity, conflict.entity), ""


def where(store: Store, conflict: Conflict) -> str:
    """"Comment 3 (Staff letter 2017-08-16)"."""
    thing, letter = where_parts(store, conflict)
    return f"{thing} ({letter})" if letter else thing


def label(store: Store, conflict: Conflict) -> str:
    return f"{where(store, conflict)} — {conflict.label}"


def value_text(store: Store, conflict: Conflict, value: Any) -> str:
    """A status, owner, due date, resolved state or whole record as plain words."""
    name = conflict.field
    if name == "status":
        return STATUS_LABELS.get(str(value), str(value))
    if name == "owner_id":
        return reviewer_name(store, value)
    if name == "due_date":
        return long_date(value) if value else "No due date"
    if name == "resolved":
        if not value:
            return "Not resolved"
        who = reviewer_name(store, value.get("resolved_by"), "someone")
        return f"Resolved by {who} on {long_date(str(value.get('resolved_at') or '')[:10])}"
    if is_text(conflict):
        return str(value or "")
    return json.dumps(value, ensure_ascii=False) if value is not None else "(none)"


def long_date(iso_day: str) -> str:
    try:
        return date.fromisoformat(iso_day).strftime("%d %B %Y").lstrip("0")
    except ValueError:
        return iso_day


def value_html(store: Store, conflict: Conflict, side: str) -> str:
    """One side's plain value in large type, with the value you both had before ("was: …")."""
    value, other = (conflict.local, conflict.remote) if side == "local" \
        else (conflict.remote, conflict.local)
    if conflict.field == "row":
        return _row_html(value, other)
    shown = f"<p style='font-size:x-large'>{escape(value_text(store, conflict, value))}</p>"
    if conflict.base is not None:
        base = value_text(store, conflict, conflict.base)
        shown += f"<p style='color:#666'>was: {escape(base)}</p>"
    return shown


def _row_html(value: Any, other: Any) -> str:
    """A whole record: only the columns where the two versions differ."""
    mine = value if isinstance(value, dict) else {}
    theirs = other if isinstance(other, dict) else {}
    keys = [k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)]
    lines = [f"<p><b>{escape(k.replace('_', ' '))}</b><br>{escape(_short(mine.get(k)))}</p>"
             for k in sorted(keys)]
    return "".join(lines) or "<p><i>(the same)</i></p>"


def _short(value: Any, limit: int = 400) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + " …"


def diff_html(local: str | None, remote: str | None, side: str) -> str:
    """One side ("local" or "remote") of two texts, the words only it has marked."""
    runs = diff_words(local or "", remote or "")
    style = MINE_STYLE if side == "local" else THEIRS_STYLE
    parts = []
    for kind, text in runs:
        if kind == "same":
            parts.append(_words(text))
        elif kind == side:
            parts.append(f"<span style='{style}'>{_words(text)}</span>")
    body = " ".join(p for p in parts if p)
    return f"<p>{body}</p>" if body.strip() else "<p><i>(empty)</i></p>"


def _words(text: str) -> str:
    return escape(text).replace("\n", "<br>")
