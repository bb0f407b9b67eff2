"""Bringing a parsed letter into the workspace: its matter (found by file number or company, or
made), its bytes (stored once by SHA-256), its comments, and the links between rounds: a response
letter's answers are matched to the staff comments they answer."""
from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from storage import rows
from storage.due import default_due
from storage.errors import UnreadableFile
from storage.ingest import ParsedLetter, parse_letter
from storage.models import Comment, Document, ImportResult, Matter, Region

if TYPE_CHECKING:
    from storage.store import Store


def import_file(store: Store, path: Path, password: str | None = None) -> ImportResult:
    """Read, parse and import one letter file. Raises UserError subclasses naming the file."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UnreadableFile(f"Could not read {path}: {error.strerror or error}. "
                             "Check that the file exists and that you may read it.") from error
    letter = parse_letter(data, Path(path).name, password=password)
    return import_letter(store, letter, data)


def import_letter(store: Store, letter: ParsedLetter, source: bytes) -> ImportResult:
    from storage.ids import new_id, now, sha256

    digest, display_digest = sha256(source), sha256(letter.display_pdf)
    with store.atomic():
        matter, new_matter = _find_or_make_matter(store, letter)
        existing = store._one("SELECT id FROM documents WHERE matter_id = ? AND sha256 = ?",
                              [matter.id, digest])
        if existing:
            document = store.document(existing["id"])
            count = len(store.comments(document_id=document.id))
            return ImportResult(document, matter, new_matter, True, count, 0)
        _put_blob(store, digest, source)
        _put_blob(store, display_digest, letter.display_pdf)
        document_id = new_id()
        store.db.table("documents").insert({
            "id": document_id, "matter_id": matter.id, "role": letter.kind, "name":
            letter.source_name, "source_format": letter.source_format, "sha256": digest,
            "display_sha256": display_digest, "letter_date": letter.letter_date,
            "answers_letter_date": letter.answers_letter_date, "round": 1,
            "page_count": letter.page_count, "warnings": json.dumps(list(letter.warnings)),
            "parse": json.dumps(letter.to_json(), ensure_ascii=False),
            "imported_at": now(), "imported_by": store._author()})
        comment_rows = _comment_rows(letter, matter.id, document_id)
        store.db.table("comments").insert_all(comment_rows)
        due = default_due(letter.letter_date) if letter.kind == "staff" else None
        if due:
            store.db.table("responses").insert_all(
                {"comment_id": row["id"], "due_date": due} for row in comment_rows)
        store._event(matter.id, "document", document_id, "imported", None,
                     {"name": letter.source_name, "kind": letter.kind,
                      "comments": len(letter.comments)})
        _number_rounds(store, matter.id)
        linked = link_responses(store, matter.id)
    return ImportResult(store.document(document_id), store.matter(matter.id), new_matter, False,
                        len(letter.comments), linked)


def _put_blob(store: Store, digest: str, data: bytes) -> None:
    store.db.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                     [digest, len(data), data])


def _comment_rows(letter: ParsedLetter, matter_id: str, document_id: str) -> list[dict]:
    from storage.ids import new_id

    out: list[dict] = []
    path: tuple[str, ...] = ()
    for seq, parsed in enumerate(letter.comments):
        if parsed.headings:
            path = parsed.headings
        comment = Comment(
            id=new_id(), matter_id=matter_id, document_id=document_id, seq=seq,
            number=parsed.number, headings=parsed.headings, heading_path=path, text=parsed.text,
            page=parsed.page, regions=tuple(Region(a.page, a.rect) for a in parsed.anchors),
            prior_refs=parsed.prior_refs, filed_response=parsed.response,
            response_regions=tuple(Region(a.page, a.rect) for a in parsed.response_anchors),
            answers_id=None)
        out.append(rows.to_row(comment))
    return out


# -- matters -------------------------------------------------------------------------------------

def _company_key(name: str | None) -> str:
    words = re.sub(r"[^a-z0-9 ]", " ", (name or "").lower()).split()
    noise = {"inc", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "llc",
             "group", "the", "holdings", "sa", "nv", "ag", "lp"}
    return " ".join(w for w in words if w not in noise)


def _find_or_make_matter(store: Store, letter: ParsedLetter) -> tuple[Matter, bool]:
    from storage.ids import new_id, now

    numbers = set(letter.file_numbers)
    key = _company_key(letter.company)
    for matter in store.matters():
        if numbers and numbers & set(matter.file_numbers):
            return _widen(store, matter, letter), False
    for matter in store.matters():
        if key and _company_key(matter.company) == key:
            return _widen(store, matter, letter), False
    company = letter.company or Path(letter.source_name).stem
    filing = letter.filings[0] if letter.filings else None
    title = f"{company} — {filing}" if filing else company
    matter = Matter(new_id(), title, company, tuple(letter.file_numbers), tuple(letter.filings),
                    now())
    store.db.table("matters").insert(rows.to_row(matter))
    store._event(matter.id, "matter", matter.id, "created", None, {"title": title})
    return matter, True


def _widen(store: Store, matter: Matter, letter: ParsedLetter) -> Matter:
    """Add file numbers and filings the matter did not list yet."""
    numbers = matter.file_numbers + tuple(n for n in letter.file_numbers
                                          if n not in matter.file_numbers)
    filings = matter.filings + tuple(f for f in letter.filings if f not in matter.filings)
    if (numbers, filings) != (matter.file_numbers, matter.filings):
        store.db.execute("UPDATE matters SET file_numbers = ?, filings = ? WHERE id = ?",
                         [json.dumps(list(numbers)), json.dumps(list(filings)), matter.id])
    return store.matter(matter.id)


# -- rounds and links ----------------------------------------------------------------------------

def _number_rounds(store: Store, matter_id: str) -> None:
    """Staff letters in date order are rounds 1, 2, …; a response joins the round it answers."""
    documents = store.documents(matter_id)
    staff = sorted((d for d in documents if d.role == "staff"),
                   key=lambda d: (d.letter_date or "", d.imported_at))
    rounds = {d.id: i + 1 for i, d in enumerate(staff)}
    for document in documents:
        if document.role == "staff":
            continue
        answered = _answered_letter(document, staff)
        rounds[document.id] = rounds[answered.id] if answered else max(1, len(staff))
    for document_id, number in rounds.items():
        store.db.execute("UPDATE documents SET round = ? WHERE id = ?", [number, document_id])


def _answered_letter(document: Document, staff: list[Document]) -> Document | None:
    """The staff letter a response answers: by the date it cites, else the latest before it."""
    if document.answers_letter_date:
        for letter in staff:
            if letter.letter_date == document.answers_letter_date:
                return letter
    earlier = [s for s in staff if (s.letter_date or "") <= (document.letter_date or "9999")]
    return earlier[-1] if earlier else None


def link_responses(store: Store, matter_id: str) -> int:
    """Match each response letter's items to the staff comments of the letter it answers; their
    answers become those comments' filed answers. Returns how many links were made."""
    documents = store.documents(matter_id)
    staff = sorted((d for d in documents if d.role == "staff"),
                   key=lambda d: (d.letter_date or "", d.imported_at))
    made = 0
    for document in documents:
        if document.role != "response":
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
    display, fmt, pages = _reference_display(data, path.name)
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


def _reference_display(data: bytes, name: str) -> tuple[bytes, str, int]:
    """The PDF to show for a reference document, its format and its page count."""
    import pymupdf

    is_pdf = b"%PDF-" in data[:1024]
    try:
        if is_pdf:
            doc = pymupdf.open(stream=data, filetype="pdf")
            if doc.needs_pass:
                raise UnreadableFile(f"{name} is protected by a password. Save an unprotected "
                                     "copy and add that.")
            return data, "pdf", doc.page_count
        text = data.decode("utf-8", errors="replace")
        kind = "html" if "<html" in text[:5000].lower() or "<body" in text.lower() else "txt"
        doc = pymupdf.open(stream=data, filetype=kind)
        display = doc.convert_to_pdf()
        return display, "html" if kind == "html" else "text", doc.page_count
    except UnreadableFile:
        raise
    except Exception as error:  # MuPDF raises several types for damaged files
        raise UnreadableFile(f"{name} could not be opened ({error}). Choose the filing's PDF "
                             "or HTML file, complete.") from error
