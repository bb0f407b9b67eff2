"""The store: the one API through which the window, the headless commands and the tests read and
change a workspace. Returns frozen dataclasses (storage.models); every multi-row write is atomic.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from storage import rows
from storage.errors import NotFound, UserError
from storage.faults import FolderGiven, explain
from storage.ids import new_id, now
from storage.models import (
    STATUSES,
    Annotation,
    Comment,
    CommentHead,
    Document,
    Matter,
    Region,
    Response,
    Reviewer,
    Status,
    WorkState,
)
from storage.workspace import WorkspaceLock, open_database

if TYPE_CHECKING:
    from storage.history import Event, ResponseVersion, StatusChange

DOCUMENT_COLUMNS = ", ".join(f.name for f in fields(Document))  # not the parse, often big
PALETTE = ("#d9480f", "#1971c2", "#2f9e44", "#9c36b5", "#e8590c", "#0c8599", "#c2255c", "#5c940d")


def plain_text(draft: str) -> str:
    """The words of a draft that may be rich text (Qt's HTML), for search and exports."""
    if "<" not in draft or ">" not in draft:
        return draft
    from storage.text import html_to_text

    return html_to_text(draft)


class Store:
    """A workspace opened for reading and writing by this process."""

    def __init__(self, db: Database, path: Path | None, lock: WorkspaceLock | None) -> None:
        self.db = db
        self.path = path
        self._lock = lock
        self._closed = False

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (or create) the workspace at `path`, locked against other running copies.
        The program opens workspaces with `storage.session.open_store`, which also finishes
        the data steps a migration leaves (regrouping letters by review)."""
        path = Path(path).expanduser().resolve()
        if path.is_dir():
            raise FolderGiven(f"{path} is a folder, not a workspace file. Give a file name in "
                              f"it instead, such as {path / 'workspace.rejoinder'}.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = WorkspaceLock(path)
            lock.acquire()
        except OSError as error:
            raise explain(error, path) or error from error
        try:
            db = open_database(path)
        except BaseException as error:
            lock.release()
            fault = explain(error, path) if isinstance(error, OSError | sqlite3.Error) else None
            if fault is not None:
                raise fault from error
            raise
        return cls(db, path, lock)

    @classmethod
    def memory(cls) -> Store:
        """A throwaway in-memory workspace (tests, previews)."""
        from storage.schema import migrations

        db = Database(memory=True, execute_plugins=False)
        db.execute("PRAGMA foreign_keys=ON")
        migrations.apply(db)
        return cls(db, None, None)

    @property
    def is_open(self) -> bool:
        return not self._closed

    def close(self) -> None:
        self._closed = True
        if self.db is not None:
            self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self.db.atomic():
            yield

    def _one(self, sql: str, params: list[Any]) -> dict[str, Any] | None:
        cursor = self.db.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cursor.description], row, strict=True))

    def _all(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # -- settings and reviewers -----------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._one("SELECT value FROM settings WHERE key = ?", [key])
        return row["value"] if row else default

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    def reviewers(self) -> list[Reviewer]:
        return [rows.reviewer(r) for r in self._all("SELECT * FROM reviewers ORDER BY name")]

    def reviewer(self, reviewer_id: str) -> Reviewer:
        row = self._one("SELECT * FROM reviewers WHERE id = ?", [reviewer_id])
        if row is None:
            raise NotFound(f"reviewer {reviewer_id}")
        return rows.reviewer(row)

    def me(self) -> Reviewer | None:
        """The reviewer who works at this workspace, once they have said who they are."""
        reviewer_id = self.setting("local_reviewer_id")
        return self.reviewer(reviewer_id) if reviewer_id else None

    def set_me(self, name: str, initials: str, color: str | None = None) -> Reviewer:
        """Record (or rename, or recolour) the local reviewer; every later change is attributed
        to them. `color` is "#rrggbb"; a new reviewer gets one of the palette by default."""
        name, initials = name.strip(), initials.strip().upper()
        if not name or not initials:
            raise UserError("Enter a name and initials.")
        if color is not None and not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            raise UserError(f"{color!r} is not a colour; write it as #rrggbb.")
        current = self.me()
        with self.atomic():
            if current is None:
                color = color or PALETTE[len(self.reviewers()) % len(PALETTE)]
                reviewer = Reviewer(new_id(), name, initials, color, now())
                self.db.table("reviewers").insert(rows.to_row(reviewer))
                self.set_setting("local_reviewer_id", reviewer.id)
                self._event(None, "reviewer", reviewer.id, "created", None, rows.to_row(reviewer))
            else:
                color = color or current.color
                self.db.execute("UPDATE reviewers SET name = ?, initials = ?, color = ? "
                                "WHERE id = ?", [name, initials, color, current.id])
                self._event(None, "reviewer", current.id, "renamed",
                            {"name": current.name, "initials": current.initials,
                             "color": current.color},
                            {"name": name, "initials": initials, "color": color})
        me = self.me()
        assert me is not None
        return me

    def add_reviewer(self, name: str, initials: str) -> Reviewer:
        """Add a teammate (someone comments can be assigned to)."""
        name, initials = name.strip(), initials.strip().upper()
        if not name or not initials:
            raise UserError("Enter a name and initials.")
        color = PALETTE[len(self.reviewers()) % len(PALETTE)]
        reviewer = Reviewer(new_id(), name, initials, color, now())
        with self.atomic():
            self.db.table("reviewers").insert(rows.to_row(reviewer))
            self._event(None, "reviewer", reviewer.id, "created", None, rows.to_row(reviewer))
        return reviewer

    def _author(self) -> str | None:
        return self.setting("local_reviewer_id")

    # -- events ---------------------------------------------------------------------------------

    def _event(self, matter_id: str | None, entity: str, entity_id: str | None, action: str,
               before: Any, after: Any) -> None:
        self.db.table("events").insert({
            "id": new_id(), "at": now(), "author_id": self._author(), "matter_id": matter_id,
            "entity": entity, "entity_id": entity_id, "action": action,
            "before": None if before is None else json.dumps(before, ensure_ascii=False),
            "after": None if after is None else json.dumps(after, ensure_ascii=False),
        })

    def events(self, *, matter_id: str | None = None, entity_id: str | None = None) -> list[Event]:
        where, params = [], []
        if matter_id:
            where.append("matter_id = ?")
            params.append(matter_id)
        if entity_id:
            where.append("entity_id = ?")
            params.append(entity_id)
        sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        from storage.history import Event  # the log's records: not needed to start

        return [Event(**r) for r in self._all(sql + " ORDER BY at, rowid", params)]

    # -- matters, documents, comments -------------------------------------------------------------

    def matters(self) -> list[Matter]:
        """The live matters (not merged away), by title."""
        return [rows.matter(r) for r in self._all(
            "SELECT * FROM matters WHERE retired_at IS NULL ORDER BY title")]

    def matter(self, matter_id: str) -> Matter:
        row = self._one("SELECT * FROM matters WHERE id = ?", [matter_id])
        if row is None:
            raise NotFound(f"matter {matter_id}")
        return rows.matter(row)

    def documents(self, matter_id: str | None = None) -> list[Document]:
        """A matter's letters in reading order (rounds, staff before response, references
        last); without a matter, every matter's, grouped by matter."""
        found = self._all(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents"
            + (" WHERE matter_id = ?" if matter_id else "")
            + " ORDER BY matter_id, role = 'reference', round, "
            "CASE role WHEN 'staff' THEN 0 WHEN 'response' THEN 1 ELSE 2 END, "
            "coalesce(letter_date, ''), imported_at", [matter_id] if matter_id else [])
        return [rows.document(r) for r in found]

    def document(self, document_id: str) -> Document:
        row = self._one("SELECT * FROM documents WHERE id = ?", [document_id])
        if row is None:
            raise NotFound(f"document {document_id}")
        return rows.document(row)

    def blob(self, digest: str) -> bytes:
        row = self._one("SELECT data FROM blobs WHERE sha256 = ?", [digest])
        if row is None:
            raise NotFound(f"blob {digest}")
        return bytes(row["data"])

    def display_pdf(self, document_id: str) -> bytes:
        return self.blob(self.document(document_id).display_sha256)

    def comments(self, *, document_id: str | None = None,
                 matter_id: str | None = None) -> list[Comment]:
        if document_id:
            found = self._all("SELECT * FROM comments WHERE document_id = ? "
                              "AND retired_at IS NULL ORDER BY seq", [document_id])
        elif matter_id:
            found = self._all("SELECT c.* FROM comments c JOIN documents d ON d.id = c.document_id"
                              " WHERE c.matter_id = ? AND c.retired_at IS NULL"
                              " ORDER BY d.round, d.role DESC, c.seq",
                              [matter_id])
        else:
            found = self._all("SELECT * FROM comments WHERE retired_at IS NULL "
                              "ORDER BY document_id, seq")
        return [rows.comment(r) for r in found]

    def comment_heads(self, matter_id: str | None = None,
                      title_chars: int = 160) -> list[CommentHead]:
        """Every live comment (of one matter, or of the workspace) in letter order, light."""
        sql = ("SELECT id, matter_id, document_id, seq, number, heading_path, "
               "substr(text, 1, ?), page, answers_id FROM comments WHERE retired_at IS NULL"
               + (" AND matter_id = ?" if matter_id else "") + " ORDER BY document_id, seq")
        params: list[Any] = [title_chars] + ([matter_id] if matter_id else [])
        paths: dict[str, tuple[str, ...]] = {}  # a letter's comments mostly share headings
        heads = []
        for r in self.db.execute(sql, params).fetchall():
            path = paths.get(r[5])
            if path is None:
                path = paths[r[5]] = tuple(json.loads(r[5]))
            heads.append(CommentHead(r[0], r[1], r[2], r[3], r[4], path, r[6], r[7], r[8]))
        return heads

    def comment_texts(self, matter_id: str | None = None) -> dict[str, str]:
        """The full text of every live comment (of one matter, or of the workspace), by id."""
        sql = "SELECT id, text FROM comments WHERE retired_at IS NULL"
        found = self.db.execute(sql + (" AND matter_id = ?" if matter_id else ""),
                                [matter_id] if matter_id else []).fetchall()
        return dict(found)

    def comment(self, comment_id: str) -> Comment:
        row = self._one("SELECT * FROM comments WHERE id = ?", [comment_id])
        if row is None:
            raise NotFound(f"comment {comment_id}")
        return rows.comment(row)

    def answers_to(self, comment_id: str) -> list[Comment]:
        """Response-letter items that answer this staff comment (the filed answers)."""
        return [rows.comment(r) for r in self._all(
            "SELECT * FROM comments WHERE answers_id = ? AND retired_at IS NULL ORDER BY seq",
            [comment_id])]

    # -- responses --------------------------------------------------------------------------------

    def response(self, comment_id: str) -> Response:
        row = self._one("SELECT * FROM responses WHERE comment_id = ?", [comment_id])
        if row is None:
            self.comment(comment_id)  # raises NotFound for a bad id
            return Response(comment_id, "", "open", None, None, None, None)
        return rows.response(row)

    def responses(self, matter_id: str) -> dict[str, Response]:
        found = self._all("SELECT r.* FROM responses r JOIN comments c ON c.id = r.comment_id "
                          "WHERE c.matter_id = ?", [matter_id])
        return {r["comment_id"]: rows.response(r) for r in found}

    def work_states(self, matter_id: str | None = None) -> dict[str, WorkState]:
        """Status, owner and due date of every comment with a response row (of one matter, or
        of the workspace), without the drafts. In a matter the staff closed, a comment is
        `closed_by_staff` and has no due date (it is never overdue)."""
        sql = ("SELECT r.comment_id, r.status, r.owner_id, r.due_date, "
               "m.closed_by_document_id IS NOT NULL FROM responses r "
               "JOIN comments c ON c.id = r.comment_id JOIN matters m ON m.id = c.matter_id "
               "WHERE c.retired_at IS NULL")
        found = self.db.execute(sql + (" AND c.matter_id = ?" if matter_id else ""),
                                [matter_id] if matter_id else []).fetchall()
        return {row[0]: WorkState(row[1], row[2], None if row[4] else row[3], bool(row[4]))
                for row in found}

    def closed_by_staff(self, comment_id: str) -> Matter | None:
        """The closed matter a comment belongs to, or None while its review is open."""
        matter = self.matter(self.comment(comment_id).matter_id)
        return matter if matter.closed else None

    def _upsert_response(self, comment_id: str, **values: Any) -> None:
        self.db.table("responses").upsert(
            {"comment_id": comment_id, "updated_at": now(), "updated_by": self._author(), **values},
            pk="comment_id")

    def save_draft(self, comment_id: str, draft: str, plain: str | None = None) -> Response:
        """Store the current draft (autosave). Cheap: one row, no version, no event.
        `plain` is its plain text (for search); derived from `draft` when not given."""
        current = self.response(comment_id)
        if current.draft != draft:
            text = plain if plain is not None else plain_text(draft)
            self._upsert_response(comment_id, draft=draft, draft_text=text)
        return self.response(comment_id)

    def restore_version(self, version_id: str) -> Response:
        """Make an earlier version the current draft; the draft it replaces is kept first."""
        row = self._one("SELECT * FROM response_versions WHERE id = ?", [version_id])
        if row is None:
            raise NotFound(f"version {version_id}")
        from storage.history import ResponseVersion

        version = ResponseVersion(**row)
        with self.atomic():
            self.checkpoint(version.comment_id, "Before restoring")
            self.save_draft(version.comment_id, version.draft)
            self.checkpoint(version.comment_id, f"Restored: {version.label}")
        return self.response(version.comment_id)

    def checkpoint(self, comment_id: str, label: str = "Checkpoint") -> ResponseVersion:
        """Keep the current draft as a version."""
        from storage.history import ResponseVersion

        current = self.response(comment_id)
        version = ResponseVersion(new_id(), comment_id, current.draft, label, self._author(),
                                  now())
        with self.atomic():
            self.db.table("response_versions").insert(rows.to_row(version))
            self._event(self.comment(comment_id).matter_id, "response", comment_id,
                        "checkpoint", None, {"version_id": version.id, "label": label})
        return version

    def versions(self, comment_id: str) -> list[ResponseVersion]:
        from storage.history import ResponseVersion

        found = self._all("SELECT * FROM response_versions WHERE comment_id = ? "
                          "ORDER BY created_at, rowid", [comment_id])
        return [ResponseVersion(**r) for r in found]

    def set_status(self, comment_id: str, status: Status, reason: str | None = None) -> Response:
        if status not in STATUSES:
            raise UserError(f"Unknown status {status!r}; choose one of {', '.join(STATUSES)}.")
        current = self.response(comment_id)
        if current.status == status:
            return current
        from storage.history import ResponseVersion, StatusChange

        change = StatusChange(new_id(), comment_id, status, current.status, reason or None,
                              self._author(), now())
        matter_id = self.comment(comment_id).matter_id
        with self.atomic():
            self._upsert_response(comment_id, status=status)
            self.db.table("status_changes").insert(rows.to_row(change))
            self._event(matter_id, "response", comment_id, "status",
                        {"status": current.status}, {"status": status, "reason": reason})
            self.db.table("response_versions").insert(rows.to_row(ResponseVersion(
                new_id(), comment_id, current.draft, f"Status: {status}", self._author(), now())))
        return self.response(comment_id)

    def set_owner(self, comment_id: str, owner_id: str | None) -> Response:
        current = self.response(comment_id)
        if current.owner_id == owner_id:
            return current
        if owner_id is not None:
            self.reviewer(owner_id)
        with self.atomic():
            self._upsert_response(comment_id, owner_id=owner_id)
            self._event(self.comment(comment_id).matter_id, "response", comment_id, "owner",
                        {"owner_id": current.owner_id}, {"owner_id": owner_id})
        return self.response(comment_id)

    def set_due(self, comment_id: str, due_date: str | None, reason: str | None = None
                ) -> Response:
        """Change a comment's due date (an extension when later), recorded with its reason."""
        if due_date is not None:
            try:
                due_date = date.fromisoformat(due_date).isoformat()
            except ValueError:
                raise UserError(f"{due_date!r} is not a date; write it as YYYY-MM-DD.") from None
        current = self.response(comment_id)
        if current.due_date == due_date:
            return current
        action = "extension" if current.due_date and due_date and due_date > current.due_date \
            else "due_date"
        with self.atomic():
            self._upsert_response(comment_id, due_date=due_date)
            self.db.table("due_changes").insert({
                "id": new_id(), "comment_id": comment_id, "previous": current.due_date,
                "due_date": due_date, "reason": reason or None, "author_id": self._author(),
                "at": now()})
            self._event(self.comment(comment_id).matter_id, "response", comment_id, action,
                        {"due_date": current.due_date}, {"due_date": due_date, "reason": reason})
        return self.response(comment_id)

    def due_changes(self, comment_id: str) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM due_changes WHERE comment_id = ? ORDER BY at, rowid",
                         [comment_id])

    def status_changes(self, comment_id: str) -> list[StatusChange]:
        from storage.history import StatusChange

        found = self._all("SELECT * FROM status_changes WHERE comment_id = ? "
                          "ORDER BY at, rowid", [comment_id])
        return [StatusChange(**r) for r in found]

    # -- notes ------------------------------------------------------------------------------------

    def add_note(self, comment_id: str, body: str, *, target: str = "comment",
                 parent_id: str | None = None) -> Annotation:
        body = body.strip()
        if not body:
            raise UserError("A note needs some text.")
        comment = self.comment(comment_id)
        stamp = now()
        note = Annotation(new_id(), comment.matter_id, comment_id, target,  # type: ignore[arg-type]
                          None, (), None, body, parent_id, self._author(), stamp, stamp, None)
        with self.atomic():
            self.db.table("annotations").insert(rows.to_row(note))
            self._event(comment.matter_id, "annotation", note.id, "created", None,
                        {"comment_id": comment_id, "body": body})
        return note

    def add_highlight(self, document_id: str, regions: list[Region], quote: str,
                      body: str = "", comment_id: str | None = None) -> Annotation:
        """A reviewer's highlight of a passage of a page (with an optional note), stored with
        the words it covers."""
        if not regions:
            raise UserError("Select some text in the letter to highlight first.")
        document = self.document(document_id)
        stamp = now()
        note = Annotation(new_id(), document.matter_id, comment_id, "region", document_id,
                          tuple(regions), quote.strip() or None, body.strip(), None,
                          self._author(), stamp, stamp, None)
        with self.atomic():
            self.db.table("annotations").insert(rows.to_row(note))
            self._event(document.matter_id, "annotation", note.id, "highlighted", None,
                        {"document_id": document_id, "quote": note.quote, "body": note.body})
        return note

    def highlights(self, document_id: str) -> list[Annotation]:
        found = self._all("SELECT * FROM annotations WHERE document_id = ? AND target = 'region'"
                          " ORDER BY created_at, rowid", [document_id])
        return [rows.annotation(r) for r in found]

    def note(self, note_id: str) -> Annotation:
        row = self._one("SELECT * FROM annotations WHERE id = ?", [note_id])
        if row is None:
            raise NotFound(f"note {note_id}")
        return rows.annotation(row)

    def edit_note(self, note_id: str, body: str) -> Annotation:
        """Change the text of one of your own notes."""
        note, body = self.note(note_id), body.strip()
        if note.author_id != self._author():
            raise UserError("You can edit only your own notes; reply to this one instead.")
        if not body:
            raise UserError("A note needs some text.")
        with self.atomic():
            self.db.execute("UPDATE annotations SET body = ?, updated_at = ? WHERE id = ?",
                            [body, now(), note_id])
            self._event(note.matter_id, "annotation", note_id, "edited", {"body": note.body},
                        {"body": body})
        return self.note(note_id)

    def resolve_note(self, note_id: str, resolved: bool = True) -> Annotation:
        """Resolve a note and its thread of replies (or reopen them with resolved=False: the
        note, and the replies that were resolved with it)."""
        note = self.note(note_id)
        if (note.resolved_at is not None) == resolved:
            return note
        stamp, who = (now(), self._author()) if resolved else (None, None)
        replies = self._replies(note_id)
        with self.atomic():
            self.db.execute("UPDATE annotations SET resolved_at = ?, resolved_by = ? "
                            "WHERE id = ?", [stamp, who, note_id])
            self._event(note.matter_id, "annotation", note_id,
                        "resolved" if resolved else "reopened", None, None)
            for reply in replies:
                if (reply.resolved_at is None) != resolved or \
                        (not resolved and reply.resolved_at != note.resolved_at):
                    continue  # already so, or resolved on its own, before the thread
                self.db.execute("UPDATE annotations SET resolved_at = ?, resolved_by = ? "
                                "WHERE id = ?", [stamp, who, reply.id])
                self._event(note.matter_id, "annotation", reply.id,
                            "resolved" if resolved else "reopened", None,
                            {"with_thread": note_id})
        return self.note(note_id)

    def _replies(self, note_id: str) -> list[Annotation]:
        """Every reply below a note, however deep."""
        found = self._all("""
            WITH RECURSIVE thread(id) AS (
                SELECT id FROM annotations WHERE parent_id = ?
                UNION SELECT a.id FROM annotations a JOIN thread t ON a.parent_id = t.id)
            SELECT * FROM annotations WHERE id IN (SELECT id FROM thread)
            ORDER BY created_at, rowid""", [note_id])
        return [rows.annotation(r) for r in found]

    def notes(self, comment_id: str) -> list[Annotation]:
        found = self._all("SELECT * FROM annotations WHERE comment_id = ? "
                          "ORDER BY created_at, rowid", [comment_id])
        return [rows.annotation(r) for r in found]

    def note_counts(self, matter_id: str | None = None) -> dict[str, int]:
        """Unresolved notes per comment (of a matter, or of the workspace)."""
        found = self._all("SELECT comment_id, count(*) AS n FROM annotations "
                          "WHERE resolved_at IS NULL AND comment_id IS NOT NULL"
                          + (" AND matter_id = ?" if matter_id else "")
                          + " GROUP BY comment_id", [matter_id] if matter_id else [])
        return {r["comment_id"]: r["n"] for r in found}
