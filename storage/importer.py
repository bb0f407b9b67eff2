"""Bringing a parsed letter into the workspace: its matter (its review, see storage.grouping),
its bytes (stored once by SHA-256), its comments, and the links between rounds: a response
letter's answers are matched to the staff comments they answer.

Letters are parsed in a worker process (storage.ingest.isolated): a letter that crashes the
reader is refused, and the program and the rest of a batch go on."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage import rows
from storage.due import default_due
from storage.errors import UnreadableFile, UserError
from storage.faults import explain
from storage.grouping import Facts
from storage.ingest import ParsedLetter
from storage.letterfacts import company_key, document_columns
from storage.rounds import ANSWERED_KINDS

if TYPE_CHECKING:
    from storage.models import Document, Matter
    from storage.store import Store


@dataclass(frozen=True)
class ImportResult:
    """What importing one letter did (made here, with the importer: the window starts without
    either)."""

    document: Document
    matter: Matter
    new_matter: bool
    already_there: bool  # the same bytes were imported into this matter before
    comment_count: int
    linked: int  # response answers linked to staff comments


def parse_letter(data: bytes, name: str, password: str | None = None,
                 **kwargs: Any) -> ParsedLetter:
    """`storage.ingest.parse_letter` in a worker process (storage.ingest.isolated, loaded with
    the first letter: the window starts without the process machinery)."""
    from storage.ingest.isolated import parse_letter as isolated

    return isolated(data, name, password=password, **kwargs)


def import_file(store: Store, path: Path, password: str | None = None) -> ImportResult:
    """Read, parse and import one letter file. Raises UserError subclasses naming the file."""
    data = read_letter_file(path)
    letter = parse_letter(data, Path(path).name, password=password)
    return import_letter(store, letter, data)


class BatchStopped(UserError):
    """A batch import stopped on a fault of the machine (a full disk, say): the message says
    which letters went in and which did not; the one it stopped at left nothing behind."""

    def __init__(self, fault: UserError, imported: list[Path], not_imported: list[Path]) -> None:
        self.fault, self.imported, self.not_imported = fault, imported, not_imported
        names = ", ".join(p.name for p in not_imported[:5]) + (
            f" and {len(not_imported) - 5} more" if len(not_imported) > 5 else "")
        super().__init__(
            f"{fault} The import stopped at {not_imported[0].name}: {len(imported)} letter(s) "
            f"went in before it; {len(not_imported)} did not ({names}), and nothing of them "
            "was kept. Import those again once that is fixed.")


def import_files(store: Store, paths: Iterable[Path], password: str | None = None
                 ) -> Iterator[tuple[Path, ImportResult | UserError]]:
    """Import each file, yielding its result or the `UserError` that refused it, while the
    next letters are parsed (in the worker processes). A fault of the machine (full disk,
    read-only or vanished workspace) stops the batch with `BatchStopped`."""

    paths = list(paths)
    went_in: list[Path] = []
    for done, (path, outcome) in enumerate(_import_each(store, paths, password)):
        if isinstance(outcome, BatchStopped):
            raise BatchStopped(outcome.fault, went_in, paths[done:]) from outcome
        if not isinstance(outcome, UserError):
            went_in.append(path)
        yield path, outcome


def _import_each(store: Store, paths: list[Path], password: str | None
                 ) -> Iterator[tuple[Path, ImportResult | UserError]]:
    from storage.ingest.isolated import Job, parse_letters

    def jobs() -> Iterator[Job]:
        for path in paths:
            try:
                yield Job(read_letter_file(path), Path(path).name, password, tag=path)
            except UserError as error:
                yield Job(b"", Path(path).name, tag=path, refused=error)

    for job, parsed in parse_letters(jobs()):
        if isinstance(parsed, UserError):
            yield job.tag, parsed
            continue
        try:
            yield job.tag, import_letter(store, parsed, job.data)
        except (OSError, sqlite3.Error) as error:
            fault = explain(error, store.path)
            if fault is None:
                raise
            yield job.tag, BatchStopped(fault, [], [job.tag])
            return


def read_letter_file(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UnreadableFile(f"Could not read {path}: {error.strerror or error}. "
                             "Check that the file exists and that you may read it.") from error


def import_letter(store: Store, letter: ParsedLetter, source: bytes) -> ImportResult:
    """Bring a parsed letter into the matter of its review (storage.grouping), re-homing letters
    of the same company that the new letter shows to belong elsewhere."""
    from storage.ids import new_id, now, sha256
    from storage.matters import new_matter, plan, refresh, rehome, save_keys

    display = compact_display(letter.display_pdf, letter.source_format)
    digest, display_digest = sha256(source), sha256(display)
    with store.atomic():
        existing = store._one("SELECT id, matter_id FROM documents WHERE sha256 = ? "
                              "AND role != 'reference' ORDER BY imported_at LIMIT 1", [digest])
        if existing:
            document = store.document(existing["id"])
            count = len(store.comments(document_id=document.id))
            return ImportResult(document, store.matter(document.matter_id), False, True, count, 0)
        document_id = new_id()
        columns = document_columns(letter)
        facts = _facts(document_id, letter, columns)
        matter_id, placed = plan(store, facts)
        matter = store.matter(matter_id) if matter_id else new_matter(store, facts)
        placed = [(review, matter.id if any(f.id == document_id for f in review.letters)
                   else target) for review, target in placed]
        _put_blob(store, digest, source)
        _put_blob(store, display_digest, display)
        warnings = list(letter.warnings)
        if columns["company"] is None:
            warnings.append("The company could not be read from this letter, so its matter is "
                            "titled from its filing. Check the matter, and move the letter if it "
                            "belongs to another review.")
        store.db.table("documents").insert({
            "id": document_id, "matter_id": matter.id, "role": letter.kind, "name":
            letter.source_name, "source_format": letter.source_format, "sha256": digest,
            "display_sha256": display_digest, "letter_date": letter.letter_date,
            "answers_letter_date": letter.answers_letter_date, "round": 1,
            "page_count": letter.page_count, "warnings": json.dumps(warnings),
            "parse": json.dumps(letter.to_json(), ensure_ascii=False),
            "imported_at": now(), "imported_by": store._author(), **columns})
        save_keys(store, facts)
        comment_rows = rows.comment_rows(letter, matter.id, document_id)
        store.db.table("comments").insert_all(comment_rows)
        asks = letter.kind == "staff" and columns["letter_kind"] in ANSWERED_KINDS
        due = default_due(letter.letter_date) if asks else None
        if due:
            store.db.table("responses").insert_all(
                {"comment_id": row["id"], "due_date": due} for row in comment_rows)
        store._event(matter.id, "document", document_id, "imported", None,
                     {"name": letter.source_name, "kind": letter.kind,
                      "letter_kind": columns["letter_kind"], "comments": len(letter.comments)})
        touched = rehome(store, placed, f"placed by the letter {letter.source_name}")
        linked_before = _linked(store, matter.id)
        refresh(store, touched | {matter.id})
        linked = _linked(store, matter.id) - linked_before
    return ImportResult(store.document(document_id), store.matter(matter.id), matter_id is None,
                        False, len(letter.comments), linked)


# Letters whose comments the company is to answer (a due date each).
def _facts(document_id: str, letter: ParsedLetter, columns: dict) -> Facts:
    from storage.ids import now

    return Facts(id=document_id, matter_id=None, role=letter.kind, kind=columns["letter_kind"],
                 letter_date=letter.letter_date, company=columns["company"],
                 file_numbers=tuple(letter.file_numbers), filings=tuple(letter.filings),
                 cited=tuple(json.loads(columns["cited_letter_dates"])),
                 opens=bool(columns["opens_review"]), placed=False, imported_at=now(),
                 extra_keys=tuple(f"co:{k}" for n in letter.former_names if (k := company_key(n)))
                 + ((f"cik:{letter.cik}",) if letter.cik else ()))


def _linked(store: Store, matter_id: str) -> int:
    row = store._one("SELECT count(*) AS n FROM comments WHERE matter_id = ? "
                     "AND answers_id IS NOT NULL", [matter_id])
    return int(row["n"]) if row else 0


def compact_display(display: bytes, source_format: str) -> bytes:
    """The PDF rendition of an HTML or text letter with its fonts cut to the glyphs it uses:
    two thirds of its bytes are whole embedded fonts. Pages, words and their positions are
    unchanged (anchors stay true). A PDF letter is shown as it was filed, untouched."""
    if source_format == "pdf":
        return display
    import pymupdf

    try:
        doc = pymupdf.open(stream=display, filetype="pdf")
        doc.subset_fonts()
        smaller = doc.tobytes(garbage=3, deflate=True)
    except Exception:  # MuPDF raises several types; the full rendition is still right
        return display
    return smaller if len(smaller) < len(display) else display


def _put_blob(store: Store, digest: str, data: bytes) -> None:
    store.db.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                     [digest, len(data), data])


# -- rounds and links ----------------------------------------------------------------------------

MAX_REFERENCE_BYTES = 200 * 1024 * 1024


def add_reference(store: Store, matter_id: str, path: Path) -> ImportResult:
    """Add a document to read beside the letters — the filing under review, say — as it is:
    a PDF kept as it is, HTML or text shown through a PDF rendition. Not split into comments."""
    from storage.ids import new_id, now, sha256

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"Could not read {path}: {error.strerror or error}. "
                             "Check that the file exists and that you may read it.") from error
    if not data or len(data) > MAX_REFERENCE_BYTES:
        raise UnreadableFile(f"{path.name} is {'empty' if not data else 'over 200 MB'}. "
                             "Choose the filing's PDF or HTML file.")
    from storage.ingest.isolated import reference_display

    display, fmt, pages = reference_display(data, path.name)  # in a worker: MuPDF reads it
    matter = store.matter(matter_id)
    digest = sha256(data)
    with store.atomic():
        existing = store._one("SELECT id FROM documents WHERE matter_id = ? AND sha256 = ?",
                              [matter_id, digest])
        if existing:
            return ImportResult(store.document(existing["id"]), matter, False, True, 0, 0)
        _put_blob(store, digest, data)
        _put_blob(store, sha256(display), display)
        document_id = new_id()
        store.db.table("documents").insert({
            "id": document_id, "matter_id": matter_id, "role": "reference", "name": path.name,
            "source_format": fmt, "sha256": digest, "display_sha256": sha256(display),
            "letter_date": None, "answers_letter_date": None, "round": 0, "page_count": pages,
            "warnings": "[]", "parse": None, "imported_at": now(),
            "imported_by": store._author()})
        store._event(matter_id, "document", document_id, "added", None,
                     {"name": path.name, "kind": "reference"})
    return ImportResult(store.document(document_id), matter, False, False, 0, 0)
