"""What went out: the answers as they stood in the last response letter exported for a matter
(Word, EDGAR HTML or redline — the copy counsel or the company last read). The redline letter
shows the changes since then. Kept per matter in the workspace's settings."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage.exports.richtext import as_text
from storage.ids import now

if TYPE_CHECKING:
    from storage.exports.letter import Letter
    from storage.store import Store


@dataclass(frozen=True)
class Sent:
    at: str  # UTC ISO-8601
    by: str | None  # the reviewer who exported it
    kind: str  # the export format
    answers: dict[str, str]  # comment id → the answer as plain text


def _key(matter_id: str) -> str:
    return f"matter:{matter_id}:sent"


def record_sent(store: Store, matter_id: str, letter: Letter, kind: str) -> Sent:
    """Remember the answers of a letter just exported (merged over those of earlier letters,
    so a letter of some comments does not forget the others)."""
    previous = last_sent(store, matter_id)
    answers = dict(previous.answers) if previous else {}
    answers.update({entry.comment_id: as_text(list(entry.answer)) for entry in letter.entries})
    sent = Sent(now(), store.setting("local_reviewer_id"), kind, answers)
    store.set_setting(_key(matter_id), json.dumps(
        {"at": sent.at, "by": sent.by, "kind": kind, "answers": answers}, ensure_ascii=False))
    return sent


def last_sent(store: Store, matter_id: str) -> Sent | None:
    try:
        saved = json.loads(store.setting(_key(matter_id)) or "null")
    except ValueError:
        return None
    if not isinstance(saved, dict) or not isinstance(saved.get("answers"), dict):
        return None
    return Sent(str(saved.get("at") or ""), saved.get("by"), str(saved.get("kind") or ""),
                {str(k): str(v) for k, v in saved["answers"].items()})
