"""Bring a marked-up Word draft back into the workspace, and settle what it proposes.

`import_draft` reads the file (nothing is written when it cannot be read), maps its answers
to the matter's comments, and in one transaction records the import, keeps each answer that
differs from the current draft as a version named after the file, and turns the Word comments
into notes (author, date, replies, resolved). No draft changes until a reviewer decides:
`decide(…, "accepted" | "rejected" | "both")` per answer, `accept_all` for the letter.
Answers not yet decided are `pending`: flagged, never silently accepted. `undo_import` takes
the whole import back in one step (drafts it changed, versions and notes it made).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from storage.errors import NotFound, UserError
from storage.exports.redline import Step, Token
from storage.exports.richtext import as_text, blocks
from storage.ids import new_id, now
from storage.worddraft.mapping import Mapping, Section, Target, map_draft
from storage.worddraft.proposal import Proposal, propose
from storage.worddraft.reader import Change, DraftDocument, WordComment, read_draft

if TYPE_CHECKING:
    from storage.models import Reviewer
    from storage.store import Store

Decision = Literal["accepted", "rejected", "both"]
DECISIONS: tuple[Decision, ...] = ("accepted", "rejected", "both")


@dataclass(frozen=True)
class DraftImport:
    id: str
    matter_id: str
    name: str
    sha256: str
    imported_at: str
    imported_by: str | None
    report: dict[str, Any]  # mapped, unchanged, unmapped, outside, stray notes, skipped parts
    undone_at: str | None

    @property
    def version_label(self) -> str:
        return f"Word draft: {self.name}"


@dataclass(frozen=True)
class DraftAnswer:
    id: str
    import_id: str
    comment_id: str
    seq: int
    mapped_by: str  # tag | heading | text | fuzzy
    before_draft: str  # the draft when the file came in
    original: str  # the Word text with every change rejected
    proposed: str  # … with every change accepted
    changes: tuple[Change, ...]
    steps: tuple[Step, ...]
    version_id: str | None
    decision: Decision | None
    decided_at: str | None
    decided_by: str | None
    proposed_html: str | None = None  # None for imports made before formatting was kept

    @property
    def accepted_draft(self) -> str:
        """What accepting stores as the draft: the formatted text, else the plain."""
        return self.proposed if self.proposed_html is None else self.proposed_html

    @property
    def pending(self) -> bool:
        return self.decision is None

    def redline(self, current: str) -> list[Token]:
        return Proposal(self.original, self.proposed, self.changes, self.steps).redline(current)

    def authors(self) -> list[str]:
        return sorted({c.author or "Unknown" for c in self.changes})


def draft_text(draft: str) -> str:
    """A draft as the letters print it, in plain text (what a Word draft is compared with;
    a nested item's indent left out, as the Word text's plain form has none)."""
    text = as_text(blocks(draft)) if draft.strip() else ""
    return "\n".join(line.lstrip(" ") for line in text.split("\n"))


def looks(draft: str) -> list[tuple[object, ...]]:
    """A draft's words with their bold, italic and underline, and its list items' kinds and
    levels: what tells an answer counsel only reformatted (without tracking) from one left
    alone, whatever white space and markup either was written with."""
    found: list[tuple[object, ...]] = []
    for block in blocks(draft):
        found.append((block.list_kind, block.level))
        found += [(word, run.bold, run.italic, run.underline)
                  for run in block.runs for word in run.text.split()]
    return found


# -- importing ----------------------------------------------------------------------------------

def import_draft(store: Store, path: Path | str, matter_id: str | None = None) -> DraftImport:
    """Read `path`, map it onto the matter's comments and record it (see the module)."""
    path = Path(path)
    draft = read_draft(path)
    data = path.read_bytes()
    matter_id = _matter_for(store, draft, matter_id)
    targets = targets_of(store, matter_id)
    mapping = map_draft(draft, targets)
    if not mapping.sections:
        raise UserError(
            f"No answer in {path.name} could be matched to a comment of "
            f"{store.matter(matter_id).title}: it has no Rejoinder tags, no “Response to "
            "Comment N” or numbered comments, and no text close to the comments'. Nothing "
            "was changed. Check that it is this matter's response letter."
            + (" What could not be read: " + "; ".join(draft.skipped) + "." if draft.skipped
               else ""))
    return _record(store, matter_id, path.name, data, draft, mapping)


def targets_of(store: Store, matter_id: str) -> list[Target]:
    """The matter's staff comments, the latest round first."""
    rounds = {d.id: d.round for d in store.documents(matter_id) if d.role == "staff"}
    found = [c for c in store.comments(matter_id=matter_id) if c.document_id in rounds]
    found.sort(key=lambda c: (-rounds[c.document_id], c.seq))
    return [Target(c.id, c.number, c.text) for c in found]


def _matter_for(store: Store, draft: DraftDocument, wanted: str | None) -> str:
    from storage.worddraft.mapping import tagged_id

    ids = {tagged_id(name) for p in draft.paragraphs for name in p.bookmarks}
    ids.discard(None)
    if ids:
        marks = ", ".join("?" * len(ids))
        found = store.db.execute(f"SELECT matter_id, count(*) FROM comments WHERE id IN "
                                 f"({marks}) GROUP BY matter_id ORDER BY 2 DESC",
                                 list(ids)).fetchall()
        if found and (wanted is None or wanted == found[0][0]):
            return str(found[0][0])
    if wanted:
        store.matter(wanted)
        return wanted
    matters = store.matters()
    if len(matters) == 1:
        return matters[0].id
    raise UserError(f"{draft.name} carries no Rejoinder tags, so its matter is not known. "
                    "Name the matter (--matter), or open one of its comments first.")


def _record(store: Store, matter_id: str, name: str, data: bytes, draft: DraftDocument,
            mapping: Mapping) -> DraftImport:
    digest = hashlib.sha256(data).hexdigest()
    import_id, stamp, me = new_id(), now(), store.setting("local_reviewer_id")
    label = f"Word draft: {name}"
    reviewers = store.reviewers()
    created: dict[str, list[str]] = {"versions": [], "notes": []}
    answers: list[dict[str, Any]] = []
    unchanged = 0
    for seq, section in enumerate(mapping.sections):
        assert section.comment_id is not None
        proposal = propose(section.answer)
        before = store.response(section.comment_id).draft
        if not section.answer or (proposal.proposed == draft_text(before) and
                                  not proposal.changes and
                                  looks(proposal.proposed_html) == looks(before)):
            unchanged += 1
            continue
        answers.append({"id": new_id(), "import_id": import_id,
                        "comment_id": section.comment_id, "seq": seq,
                        "mapped_by": section.mapped_by, "before_draft": before,
                        "original": proposal.original, "proposed": proposal.proposed,
                        "proposed_html": proposal.proposed_html,
                        "changes": json.dumps([c.__dict__ for c in proposal.changes]),
                        "steps": json.dumps([s.__dict__ for s in proposal.steps]),
                        "version_id": new_id()})
    notes, stray = _notes(store, matter_id, draft, mapping, reviewers, name)
    report = {"mapped": len(mapping.sections),
              "by": dict(Counter(str(s.mapped_by) for s in mapping.sections)),
              "changed": len(answers), "unchanged": unchanged,
              "unmapped": [_describe(s) for s in mapping.unmapped],
              "outside": mapping.outside, "stray_comments": stray, "skipped": draft.skipped,
              "tracked": sum(len(json.loads(a["changes"])) for a in answers),
              "notes": len(notes)}
    with store.atomic():
        store.db.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                         [digest, len(data), data])
        store.db.table("word_imports").insert({
            "id": import_id, "matter_id": matter_id, "name": name, "sha256": digest,
            "imported_at": stamp, "imported_by": me, "report": json.dumps(report),
            "created": "{}", "undone_at": None})
        for answer in answers:
            store.db.table("response_versions").insert({
                "id": answer["version_id"], "comment_id": answer["comment_id"],
                "draft": answer["proposed_html"], "label": label, "author_id": me,
                "created_at": stamp})
            created["versions"].append(answer["version_id"])
            store.db.table("word_import_answers").insert(answer)
        for note in notes:
            store.db.table("annotations").insert(note)
            created["notes"].append(note["id"])
        store.db.execute("UPDATE word_imports SET created = ? WHERE id = ?",
                         [json.dumps(created), import_id])
        store._event(matter_id, "word_import", import_id, "imported", None,
                     {"name": name, "changed": len(answers), "notes": len(notes),
                      "unmapped": len(mapping.unmapped)})
    return word_import(store, import_id)


def _describe(section: Section) -> str:
    words = " ".join(p.text() for p in section.answer).split()
    start = " ".join(words[:12])
    return f"{section.label()[0].upper()}{section.label()[1:]}" + (
        f": “{start}…”" if start and section.number is not None else "")


def match_reviewer(author: str, initials: str, reviewers: list[Reviewer]) -> Reviewer | None:
    """The reviewer a Word author is: by name, else by initials when only one has them."""
    name = " ".join(author.split()).casefold()
    for reviewer in reviewers:
        if reviewer.name.casefold() == name:
            return reviewer
    if initials:
        same = [r for r in reviewers if r.initials.casefold() == initials.casefold()]
        if len(same) == 1:
            return same[0]
    return None


def _notes(store: Store, matter_id: str, draft: DraftDocument, mapping: Mapping,
           reviewers: list[Reviewer], name: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Each Word comment as a note on the answer (or recited comment) it is anchored in;
    replies under their parent. Those anchored elsewhere are described in the second list."""
    placed: dict[str, tuple[str, str]] = {}  # Word comment id → (comment id, target)
    for section in mapping.sections:
        for paragraphs, target in ((section.recital, "comment"), (section.answer, "response")):
            for paragraph in paragraphs:
                for word_id in paragraph.comments:
                    placed.setdefault(word_id, (section.comment_id or "", target))
    for comment in draft.comments.values():  # a reply sits where its thread starts
        root = comment
        for _ in range(50):
            if root.parent_id is None or root.parent_id not in draft.comments:
                break
            root = draft.comments[root.parent_id]
        if comment.id not in placed and root.id in placed:
            placed[comment.id] = placed[root.id]
    ids = {word_id: new_id() for word_id in placed}
    notes: list[dict[str, Any]] = []
    stamp = now()
    for comment in draft.comments.values():
        if comment.id not in placed:
            continue
        comment_id, target = placed[comment.id]
        notes.append(_note(ids, comment, comment_id, target, matter_id, reviewers, name, stamp))
    notes.sort(key=lambda n: n["parent_id"] is not None)  # parents first (foreign key)
    stray = [f"{c.author}: “{c.text[:80]}”" for c in draft.comments.values()
             if c.id not in placed]
    return notes, stray


def _note(ids: dict[str, str], comment: WordComment, comment_id: str, target: str,
          matter_id: str, reviewers: list[Reviewer], name: str, stamp: str) -> dict[str, Any]:
    reviewer = match_reviewer(comment.author, comment.initials, reviewers)
    body = comment.text or "(an empty Word comment)"
    if reviewer is None:
        body = f"{comment.author} (Word comment in {name}): {body}"
    at = comment.date or stamp
    parent = ids.get(comment.parent_id or "")
    return {"id": ids[comment.id], "matter_id": matter_id, "comment_id": comment_id,
            "target": target, "document_id": None, "regions": "[]", "quote": None,
            "body": body, "parent_id": parent,
            "author_id": reviewer.id if reviewer else None, "created_at": at,
            "updated_at": at, "resolved_at": stamp if comment.done else None,
            "resolved_by": None}


# -- reading back -------------------------------------------------------------------------------

def word_imports(store: Store, matter_id: str | None = None, *,
                 include_undone: bool = False) -> list[DraftImport]:
    """The imports of a matter (or the workspace), newest first."""
    where, params = [], []
    if matter_id:
        where.append("matter_id = ?")
        params.append(matter_id)
    if not include_undone:
        where.append("undone_at IS NULL")
    sql = "SELECT * FROM word_imports" + (" WHERE " + " AND ".join(where) if where else "")
    return [_import(r) for r in store._all(sql + " ORDER BY imported_at DESC, rowid DESC",
                                           params)]


def word_import(store: Store, import_id: str) -> DraftImport:
    row = store._one("SELECT * FROM word_imports WHERE id = ?", [import_id])
    if row is None:
        raise NotFound(f"word import {import_id}")
    return _import(row)


def draft_answers(store: Store, import_id: str) -> list[DraftAnswer]:
    found = store._all("SELECT * FROM word_import_answers WHERE import_id = ? ORDER BY seq",
                       [import_id])
    return [_answer(r) for r in found]


def draft_answer(store: Store, answer_id: str) -> DraftAnswer:
    row = store._one("SELECT * FROM word_import_answers WHERE id = ?", [answer_id])
    if row is None:
        raise NotFound(f"word import answer {answer_id}")
    return _answer(row)


def pending(store: Store, matter_id: str | None = None) -> int:
    """Answers of live imports still waiting for a decision."""
    sql = ("SELECT count(*) FROM word_import_answers a JOIN word_imports i ON i.id = a.import_id"
           " WHERE a.decision IS NULL AND i.undone_at IS NULL")
    params = []
    if matter_id:
        sql += " AND i.matter_id = ?"
        params.append(matter_id)
    return int(store.db.execute(sql, params).fetchone()[0])


def _import(row: dict[str, Any]) -> DraftImport:
    return DraftImport(row["id"], row["matter_id"], row["name"], row["sha256"],
                       row["imported_at"], row["imported_by"], json.loads(row["report"]),
                       row["undone_at"])


def _answer(row: dict[str, Any]) -> DraftAnswer:
    return DraftAnswer(
        row["id"], row["import_id"], row["comment_id"], row["seq"], row["mapped_by"],
        row["before_draft"], row["original"], row["proposed"],
        tuple(Change(**c) for c in json.loads(row["changes"])),
        tuple(Step(**s) for s in json.loads(row["steps"])), row["version_id"],
        row["decision"], row["decided_at"], row["decided_by"], row.get("proposed_html"))


# -- deciding and undoing -------------------------------------------------------------------------

def decide(store: Store, answer_id: str, decision: Decision) -> DraftAnswer:
    """Accept the Word text as the draft, reject it (the draft stays), or keep both as
    versions (the draft stays, and is checkpointed beside the Word text's version)."""
    if decision not in DECISIONS:
        raise UserError(f"Unknown decision {decision!r}; choose one of {', '.join(DECISIONS)}.")
    answer = draft_answer(store, answer_id)
    source = word_import(store, answer.import_id)
    if source.undone_at:
        raise UserError(f"The import of {source.name} was undone; import the file again.")
    with store.atomic():
        made = _apply(store, answer, decision, source.name)
        _remember(store, source.id, made)
        store.db.execute("UPDATE word_import_answers SET decision = ?, decided_at = ?, "
                         "decided_by = ? WHERE id = ?",
                         [decision, now(), store.setting("local_reviewer_id"), answer_id])
        store._event(store.comment(answer.comment_id).matter_id, "response", answer.comment_id,
                     f"word_{decision}", None, {"import_id": source.id, "name": source.name})
    return draft_answer(store, answer_id)


def accept_all(store: Store, import_id: str) -> int:
    """Accept every answer of the import still pending; how many were."""
    waiting = [a for a in draft_answers(store, import_id) if a.pending]
    with store.atomic():
        for answer in waiting:
            decide(store, answer.id, "accepted")
    return len(waiting)


def _apply(store: Store, answer: DraftAnswer, decision: Decision, name: str) -> list[str]:
    """The versions a decision keeps (their ids, for undo)."""
    if decision == "rejected":
        return []
    label = (f"Before accepting {name}" if decision == "accepted"
             else f"Yours, kept beside {name}")
    version = store.checkpoint(answer.comment_id, label)
    if decision == "accepted":
        store.save_draft(answer.comment_id, answer.accepted_draft)
    return [version.id]


def _remember(store: Store, import_id: str, versions: list[str]) -> None:
    row = store._one("SELECT created FROM word_imports WHERE id = ?", [import_id])
    created = json.loads(row["created"]) if row else {}
    created.setdefault("versions", []).extend(versions)
    store.db.execute("UPDATE word_imports SET created = ? WHERE id = ?",
                     [json.dumps(created), import_id])


def undo_import(store: Store, import_id: str) -> DraftImport:
    """Take the import back in one step: every draft it changed returns to what it was (what
    was typed since is kept as a version first), and its versions and notes go."""
    source = word_import(store, import_id)
    if source.undone_at:
        return source
    row = store._one("SELECT created FROM word_imports WHERE id = ?", [import_id])
    created = json.loads(row["created"]) if row else {}
    with store.atomic():
        for answer in draft_answers(store, import_id):
            if answer.decision != "accepted":
                continue
            current = store.response(answer.comment_id).draft
            if current != answer.accepted_draft:
                store.checkpoint(answer.comment_id, f"Before undoing the import of "
                                 f"{source.name}")
            store.save_draft(answer.comment_id, answer.before_draft)
        notes = list(created.get("notes", []))
        for note_id in notes:
            notes += [r.id for r in store._replies(note_id) if r.id not in notes]
        for note_id in reversed(notes):  # replies before their parents
            store.db.execute("DELETE FROM annotations WHERE id = ?", [note_id])
        for version_id in created.get("versions", []):
            store.db.execute("DELETE FROM response_versions WHERE id = ?", [version_id])
        store.db.execute("UPDATE word_imports SET undone_at = ? WHERE id = ?",
                         [now(), import_id])
        store._event(source.matter_id, "word_import", import_id, "undone", None,
                     {"name": source.name})
    return word_import(store, import_id)
