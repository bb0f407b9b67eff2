"""The records of what happened: an answer's kept versions, its status changes, and the
workspace's event log (who did what, when). The store returns them when asked; they are defined
here, apart from `storage.models`, so the window starts without them (frozen dataclasses cost
some half a millisecond each to define)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.models import Status


@dataclass(frozen=True)
class ResponseVersion:
    id: str
    comment_id: str
    draft: str
    label: str
    author_id: str | None
    created_at: str


@dataclass(frozen=True)
class StatusChange:
    id: str
    comment_id: str
    status: Status
    previous: Status | None
    reason: str | None
    author_id: str | None
    at: str


@dataclass(frozen=True)
class Event:
    id: str
    at: str
    author_id: str | None
    matter_id: str | None
    entity: str
    entity_id: str | None
    action: str
    before: str | None  # JSON
    after: str | None  # JSON
