"""Files attached to a comment or its answer — the schedules, plant-level detail and contracts
the staff ask for. Their bytes are kept in the workspace by SHA-256, as letters' are; each can be
marked "supplemental, confidential treatment requested (Rule 83)", and one so marked is never
named in the response letter filed on EDGAR. The review pack lists them all."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from storage.errors import NotFound, UserError
from storage.ids import new_id, now

if TYPE_CHECKING:
    from storage.store import Store

MAX_ATTACHMENT_BYTES = 256 << 20  # one file; larger ones are shared another way
RULE_83 = "supplemental, confidential treatment requested (Rule 83)"
Target = Literal["comment", "response"]


@dataclass(frozen=True)
class Attachment:
    id: str
    matter_id: str
    comment_id: str
    target: Target  # attached to the staff's comment, or to the answer
    name: str  # the file name it was attached from
    sha256: str
    size: int  # bytes
    confidential: bool  # supplemental, confidential treatment requested (Rule 83)
    added_by: str | None
    added_at: str
    removed_at: str | None = None

    @property
    def label(self) -> str:
        """"schedule.xlsx (12 KB)", with the Rule 83 words when marked."""
        size = f"{self.size / 1024:,.0f} KB" if self.size < 1 << 20 \
            else f"{self.size / (1 << 20):,.1f} MB"
        return f"{self.name} ({size})" + (f" — {RULE_83}" if self.confidential else "")


def _attachment(row: dict) -> Attachment:  # type: ignore[type-arg]
    return Attachment(row["id"], row["matter_id"], row["comment_id"], row["target"],
                      row["name"], row["sha256"], row["size"], bool(row["confidential"]),
                      row["added_by"], row["added_at"], row["removed_at"])


def attach(store: Store, comment_id: str, path: Path, *, target: Target = "response",
           confidential: bool = False) -> Attachment:
    """Keep a copy of the file at `path` with the comment (or its answer)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise UserError(f"{path.name} is {size / (1 << 20):,.0f} MB, more than the "
                            f"{MAX_ATTACHMENT_BYTES >> 20} MB a workspace keeps per file. Share "
                            "it another way and attach a short note of where it is instead.")
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"Could not read {path} ({error.strerror or error}). Check that the "
                        "file exists and that you may read it, then attach it again.") from error
    comment = store.comment(comment_id)
    digest = hashlib.sha256(data).hexdigest()
    made = Attachment(new_id(), comment.matter_id, comment_id, target, path.name, digest,
                      len(data), confidential, store.setting("local_reviewer_id"), now())
    with store.atomic():
        store.db.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                         [digest, len(data), data])
        store.db.table("attachments").insert({**made.__dict__,
                                              "confidential": int(confidential)})
        store._event(comment.matter_id, "attachment", made.id, "attached", None,
                     {"comment_id": comment_id, "name": made.name, "size": made.size,
                      "confidential": confidential})
    return made


def attachments(store: Store, comment_id: str) -> list[Attachment]:
    found = store._all("SELECT * FROM attachments WHERE comment_id = ? AND removed_at IS NULL "
                       "ORDER BY added_at, rowid", [comment_id])
    return [_attachment(r) for r in found]


def matter_attachments(store: Store, matter_id: str) -> dict[str, list[Attachment]]:
    """Every live attachment of a matter, by comment id."""
    out: dict[str, list[Attachment]] = {}
    for row in store._all("SELECT * FROM attachments WHERE matter_id = ? AND removed_at IS NULL"
                          " ORDER BY added_at, rowid", [matter_id]):
        out.setdefault(row["comment_id"], []).append(_attachment(row))
    return out


def attachment(store: Store, attachment_id: str) -> Attachment:
    row = store._one("SELECT * FROM attachments WHERE id = ?", [attachment_id])
    if row is None:
        raise NotFound(f"attachment {attachment_id}")
    return _attachment(row)


def mark_confidential(store: Store, attachment_id: str, confidential: bool = True
                      ) -> Attachment:
    """Mark (or unmark) an attachment as supplemental, confidential treatment requested."""
    found = attachment(store, attachment_id)
    if found.confidential == confidential:
        return found
    with store.atomic():
        store.db.execute("UPDATE attachments SET confidential = ? WHERE id = ?",
                         [int(confidential), attachment_id])
        store._event(found.matter_id, "attachment", attachment_id, "confidential",
                     {"confidential": found.confidential}, {"confidential": confidential})
    return attachment(store, attachment_id)


def remove_attachment(store: Store, attachment_id: str) -> None:
    found = attachment(store, attachment_id)
    with store.atomic():
        store.db.execute("UPDATE attachments SET removed_at = ? WHERE id = ?",
                         [now(), attachment_id])
        store._event(found.matter_id, "attachment", attachment_id, "removed",
                     {"name": found.name}, None)


def has_content(store: Store, found: Attachment) -> bool:
    """Whether the file's bytes are here (a pack over its limits carries only the record)."""
    return store._one("SELECT 1 AS x FROM blobs WHERE sha256 = ?", [found.sha256]) is not None


def save_copy(store: Store, attachment_id: str, out: Path) -> Path:
    """Write the attached file to `out`."""
    from storage.exports import write_atomic

    found = attachment(store, attachment_id)
    if not has_content(store, found):
        raise UserError(f"The file {found.name} has not reached this workspace: it was too "
                        "large for the exchange pack it came with. Ask whoever attached it to "
                        "send it another way.")
    data = store.blob(found.sha256)

    def writer(handle: BinaryIO) -> None:
        handle.write(data)

    return write_atomic(out, writer)
