"""Matters in the workspace: placing letters in their review (the rule is storage.grouping),
moving a letter's rows between matters, each matter's title, rounds, closing and extensions,
and the listing `rejoinder matters --json` prints.

A matter's title is always "company — filing reviewed". The staff's closing letter (or a notice
of no review) closes it: its comments are then "closed by staff", with no due date and never
overdue. An extension request moves the due dates of the open comments it covers.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from storage import rows
from storage.grouping import Facts, Review, assign, families, reviews
from storage.letterfacts import CLOSING_KINDS, company_key
from storage.models import Document, Matter

if TYPE_CHECKING:
    from storage.store import Store

NO_COMPANY = "company not read"
_FACT_COLUMNS = ("id, matter_id, role, letter_kind, letter_date, company, file_numbers, filings, "
                 "cited_letter_dates, opens_review, placed_by, imported_at")
# Corrections that move letters between matters (storage.matter_corrections) keep their own
# matter id when a letter moves.
MATTER_ACTIONS = ("move_letter", "merge_matters", "split_matter")


# -- the facts of letters in the workspace ---------------------------------------------------------

def _facts(row: dict[str, Any], extra: tuple[str, ...] = ()) -> Facts:
    return Facts(id=row["id"], matter_id=row["matter_id"], role=row["role"],
                 kind=row["letter_kind"] or ("response" if row["role"] == "response" else
                                             "other"),
                 letter_date=row["letter_date"], company=row["company"],
                 file_numbers=tuple(json.loads(row["file_numbers"] or "[]")),
                 filings=tuple(json.loads(row["filings"] or "[]")),
                 cited=tuple(json.loads(row["cited_letter_dates"] or "[]")),
                 opens=bool(row["opens_review"]), placed=bool(row["placed_by"]),
                 imported_at=row["imported_at"], extra_keys=extra)


def letters_facts(store: Store, ids: Iterable[str] | None = None) -> list[Facts]:
    """Letters of the workspace's live matters (reference documents are not letters): all of
    them, or those of `ids`."""
    sql = (f"SELECT {_FACT_COLUMNS} FROM documents WHERE role != 'reference' AND "
           "matter_id IN (SELECT id FROM matters WHERE retired_at IS NULL)")
    if ids is None:
        found = store._all(sql)
    else:
        wanted = list(ids)
        found = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found += store._all(sql + f" AND id IN ({', '.join('?' for _ in chunk)})", chunk)
    extra = _extra_keys(store, [r["id"] for r in found])
    return [_facts(r, extra.get(r["id"], ())) for r in found]


def _extra_keys(store: Store, ids: list[str]) -> dict[str, tuple[str, ...]]:
    """The keys a letter was saved under (save_keys) that its row does not give: its company's
    former names ("co:"), its CIK ("cik:")."""
    out: dict[str, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in store._all(
                "SELECT k.document_id AS id, k.key, d.company FROM letter_keys k JOIN documents "
                "d ON d.id = k.document_id WHERE (k.key LIKE 'co:%' OR k.key LIKE 'cik:%') "
                f"AND k.document_id IN ({', '.join('?' for _ in chunk)})", chunk):
            if row["key"] != f"co:{company_key(row['company'])}":
                out.setdefault(row["id"], []).append(row["key"])
    return {k: tuple(v) for k, v in out.items()}


def save_keys(store: Store, facts: Facts) -> None:
    """Record what ties a letter to its company's other letters (see family_of)."""
    store.db.execute("DELETE FROM letter_keys WHERE document_id = ?", [facts.id])
    keys = [k for k in facts.family_keys() if not k.startswith("doc:")]
    store.db.conn.executemany(
        "INSERT OR IGNORE INTO letter_keys (key, document_id) VALUES (?, ?)",
        [(k, facts.id) for k in keys])


def key_received_letters(store: Store, matter_id: str) -> int:
    """Save the keys of a matter's letters that came by exchange pack or team hub (keys are
    this workspace's own index, never carried), read from their stored parse as an import
    would: else a later letter of the same review, imported here, started a matter of its own.
    Returns how many letters were keyed."""
    found = store._all("SELECT id, name, parse FROM documents WHERE matter_id = ? AND "
                       "role != 'reference' AND id NOT IN (SELECT document_id FROM letter_keys)",
                       [matter_id])
    parses = {row["id"]: (row["name"], row["parse"]) for row in found}
    facts_of = letters_facts(store, list(parses))
    for facts in facts_of:
        name, parse = parses[facts.id]
        extra: tuple[str, ...] = ()
        if parse:
            letter = letter_from_json(json.loads(parse), name)
            extra = tuple(f"co:{k}" for n in letter.former_names if (k := company_key(n))) + (
                (f"cik:{letter.cik}",) if letter.cik else ())
        save_keys(store, replace(facts, extra_keys=extra))
    return len(facts_of)


def family_of(store: Store, facts: Facts) -> list[Facts]:
    """The letters of `facts`'s company (itself included): those that share its company name
    or a file number, and theirs in turn; a letter whose company was not read is tied by the
    dates it cites (storage.grouping.families decides), so the letters of those dates, and the
    letters without a company that cite a date of the family, are gathered too."""
    keys = {k for k in facts.family_keys() if not k.startswith("doc:")}
    ids: set[str] = set()
    cited = set(facts.cited) if not facts.company_key else set()
    days = {facts.letter_date} if facts.letter_date else set()
    while True:
        ids, keys = _by_keys(store, keys, ids)
        pool = letters_facts(store, ids - {facts.id})
        cited |= {d for f in pool if not f.company_key for d in f.cited}
        days |= {f.letter_date for f in pool if f.letter_date}
        more = _by_dates(store, cited, days) - ids - {facts.id}
        if not more:
            break
        ids |= more
        keys |= _keys_of(store, more)
    letters = pool + [facts]
    for family in families(letters):
        if any(f.id == facts.id for f in family):
            return family
    return [facts]


def _by_dates(store: Store, cited: set[str], days: set[str]) -> set[str]:
    """Letters dated on a cited day, and letters without a company that cite one of `days`."""
    found: set[str] = set()
    if cited:
        marks = ", ".join("?" for _ in cited)
        found |= {r["id"] for r in store._all(
            f"SELECT id FROM documents WHERE letter_date IN ({marks}) AND role != 'reference'",
            sorted(cited))}
    if days:
        marks = ", ".join("?" for _ in days)
        found |= {r["id"] for r in store._all(
            "SELECT id FROM documents WHERE company IS NULL AND role != 'reference' AND EXISTS "
            f"(SELECT 1 FROM json_each(cited_letter_dates) WHERE value IN ({marks}))",
            sorted(days))}
    return found


def _keys_of(store: Store, ids: set[str]) -> set[str]:
    wanted = list(ids)
    keys: set[str] = set()
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        keys |= {r["key"] for r in store._all(
            f"SELECT key FROM letter_keys WHERE document_id IN ({', '.join('?' for _ in part)})",
            part)}
    return keys


def _by_keys(store: Store, keys: set[str], ids: set[str]) -> tuple[set[str], set[str]]:
    """The letters that share any of `keys`, and theirs in turn: (their ids, all their keys)."""
    keys, ids = set(keys), set(ids)
    seen: set[str] = set()
    while keys - seen:
        fresh = list(keys - seen)
        seen |= set(fresh)
        for start in range(0, len(fresh), 500):
            chunk = fresh[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            found = {r["document_id"] for r in store._all(
                f"SELECT document_id FROM letter_keys WHERE key IN ({marks})", chunk)}
            new_ids = list(found - ids)
            ids |= found
            for first in range(0, len(new_ids), 500):
                part = new_ids[first:first + 500]
                keys |= {r["key"] for r in store._all(
                    "SELECT key FROM letter_keys WHERE document_id IN "
                    f"({', '.join('?' for _ in part)})", part)}
    return ids, keys


# -- placing ---------------------------------------------------------------------------------------

def plan(store: Store, incoming: Facts) -> tuple[str | None, list[tuple[Review, str | None]]]:
    """Where an incoming letter goes (an existing matter id, or None for a new matter) and the
    reviews of its company, each with its matter, as the rule sees them with it included."""
    family = family_of(store, incoming)
    taken: set[str] = set()
    placed = assign(reviews(family), taken)
    for review, matter_id in placed:
        if any(f.id == incoming.id for f in review.letters):
            return matter_id, placed
    return None, placed


def new_matter(store: Store, facts: Facts) -> Matter:
    """An empty matter for a review whose first letter is `facts`; refresh() titles it."""
    from storage.ids import new_id, now

    matter = Matter(new_id(), _title(facts.company, facts.filings, facts.file_numbers,
                                     facts.letter_date), facts.company or "",
                    facts.file_numbers, facts.filings, now())
    store.db.table("matters").insert(rows.to_row(matter))
    store._event(matter.id, "matter", matter.id, "created", None, {"title": matter.title})
    return matter


def rehome(store: Store, placed: list[tuple[Review, str | None]], reason: str) -> set[str]:
    """Move the letters the rule now puts elsewhere (never one a reviewer placed), making
    matters for reviews that have none. Returns the matters touched."""
    touched: set[str] = set()
    for review, matter_id in placed:
        movable = [f for f in review.letters if f.matter_id and not f.placed]
        if matter_id is None:
            if not movable:
                continue
            matter_id = new_matter(store, movable[0]).id
        for facts in movable:
            if facts.matter_id != matter_id and move_rows(store, facts.id, matter_id, reason):
                touched |= {facts.matter_id or matter_id, matter_id}
    return touched


def move_rows(store: Store, document_id: str, matter_id: str, reason: str) -> bool:
    """Move one letter and everything on it (comments, their drafts, notes, highlights) to
    another matter. Links to answers across matters are undone (they are re-made within the
    new matter). False when that matter holds the same file already."""
    document = store.document(document_id)
    if document.matter_id == matter_id:
        return False
    clash = store._one("SELECT id FROM documents WHERE matter_id = ? AND sha256 = ?",
                       [matter_id, document.sha256])
    if clash:
        return False
    ids = "SELECT id FROM comments WHERE document_id = ?"
    execute = store.db.execute
    execute("UPDATE documents SET matter_id = ? WHERE id = ?", [matter_id, document_id])
    execute("UPDATE comments SET matter_id = ? WHERE document_id = ?", [matter_id, document_id])
    execute(f"UPDATE annotations SET matter_id = ? WHERE document_id = ? OR comment_id IN ({ids})",
            [matter_id, document_id, document_id])
    # The search index keeps each draft's matter: touching the row re-indexes it.
    execute(f"UPDATE responses SET draft_text = draft_text WHERE comment_id IN ({ids}) "
            "AND draft_text != ''", [document_id])
    execute("UPDATE comments SET answers_id = NULL WHERE document_id = ? AND answers_id IN "
            "(SELECT id FROM comments WHERE matter_id != ?)", [document_id, matter_id])
    execute(f"UPDATE comments SET answers_id = NULL WHERE answers_id IN ({ids}) "
            "AND matter_id != ?", [document_id, matter_id])
    placeholders = ", ".join("?" for _ in MATTER_ACTIONS)
    execute(f"UPDATE corrections SET matter_id = ? WHERE document_id = ? "
            f"AND action NOT IN ({placeholders})", [matter_id, document_id, *MATTER_ACTIONS])
    store._event(matter_id, "document", document_id, "moved",
                 {"matter_id": document.matter_id}, {"matter_id": matter_id, "reason": reason})
    return True


# -- a matter's own facts --------------------------------------------------------------------------

def refresh(store: Store, matter_ids: Iterable[str]) -> None:
    """Recompute touched matters: retire the empty, re-title, re-number rounds, re-link answers,
    and open or close them by their letters."""
    from storage.ids import now
    from storage.rounds import link_responses, number_rounds

    for matter_id in dict.fromkeys(m for m in matter_ids if m):
        documents = store.documents(matter_id)
        if not documents:
            store.db.execute("UPDATE matters SET retired_at = coalesce(retired_at, ?) "
                             "WHERE id = ?", [now(), matter_id])
            continue
        store.db.execute("UPDATE matters SET retired_at = NULL WHERE id = ?", [matter_id])
        _describe(store, matter_id, documents)
        number_rounds(store, matter_id)
        link_responses(store, matter_id)
        apply_extensions(store, matter_id)


def _describe(store: Store, matter_id: str, documents: list[Document]) -> None:
    letters = sorted((d for d in documents if d.role != "reference"),
                     key=lambda d: (d.letter_date or "9999", d.role != "staff", d.imported_at))
    staff = [d for d in letters if d.role == "staff"]
    names = Counter(d.company for d in staff if d.company) or \
        Counter(d.company for d in letters if d.company)
    company = names.most_common(1)[0][0] if names else ""
    numbers = tuple(dict.fromkeys(n for d in letters for n in d.file_numbers))
    filings = tuple(dict.fromkeys(f for d in staff + letters for f in d.filings))
    first = next((d for d in staff if d.opens_review), staff[0] if staff else
                 (letters[0] if letters else None))
    reviewed = (first.filings if first and first.filings else filings)
    title = _title(company, reviewed, numbers, first.letter_date if first else None)
    closing = None
    for document in staff:
        if document.letter_kind in CLOSING_KINDS:
            closing = document
        elif document.letter_kind == "comment_letter" and closing and \
                (document.letter_date or "") > (closing.letter_date or ""):
            closing = None
    store.db.execute(
        "UPDATE matters SET title = ?, company = ?, file_numbers = ?, filings = ?, "
        "closed_at = ?, closed_by_document_id = ? WHERE id = ?",
        [title, company, json.dumps(list(numbers)), json.dumps(list(filings), ensure_ascii=False),
         closing.letter_date if closing else None, closing.id if closing else None, matter_id])


def _title(company: str | None, filings: Iterable[str], numbers: Iterable[str],
           day: str | None) -> str:
    filing = next((" ".join(f.split()) for f in filings if f.strip()), None)
    if filing is None:
        number = next(iter(numbers), None)
        filing = f"File No. {number}" if number else (f"letter of {day}" if day else "letter")
    return f"{company} — {filing}" if company else f"{filing} ({NO_COMPANY})"


# -- effects of letter kinds -----------------------------------------------------------------------

def apply_extensions(store: Store, matter_id: str) -> int:
    """Each extension request of the matter moves the due dates of the open comments it covers
    (those of the staff letter it cites, else of the latest staff letter before it) to the date
    it asks for, once. Returns how many due dates moved."""
    documents = store.documents(matter_id)
    moved = 0
    for request in documents:
        if request.letter_kind != "extension_request" or not request.extension_until:
            continue
        done = store._one("SELECT 1 AS x FROM events WHERE entity_id = ? AND action = ?",
                          [request.id, "extension_applied"])
        if done:
            continue
        covered = _covered_letter(request, documents)
        if covered is None:
            continue
        reason = (f"Extension asked for in the letter of {request.letter_date or request.name}"
                  f": answers due {request.extension_until}")
        states = store.work_states(matter_id)
        for comment in store.comments(document_id=covered.id):
            state = states.get(comment.id)
            if state and state.status not in ("approved", "filed") and \
                    (state.due_date or "") < request.extension_until:
                store.set_due(comment.id, request.extension_until, reason)
                moved += 1
        store._event(matter_id, "document", request.id, "extension_applied", None,
                     {"until": request.extension_until, "letter_id": covered.id})
    return moved


def _covered_letter(request: Document, documents: list[Document]) -> Document | None:
    staff = [d for d in documents if d.role == "staff" and d.letter_kind == "comment_letter"]
    for document in staff:
        if document.letter_date and document.letter_date in request.cited_letter_dates:
            return document
    earlier = [d for d in staff if (d.letter_date or "") <= (request.letter_date or "9999")]
    return max(earlier, key=lambda d: d.letter_date or "", default=None)


# -- listing ---------------------------------------------------------------------------------------

def listing(store: Store) -> dict[str, Any]:
    """The workspace's matters for scripts and checks (`rejoinder matters --json`)."""
    counts = dict(store.db.execute(
        "SELECT document_id, count(*) FROM comments WHERE retired_at IS NULL "
        "GROUP BY document_id").fetchall())
    out = []
    for matter in store.matters():
        out.append({
            "id": matter.id, "title": matter.title, "company": matter.company,
            "closed": matter.closed, "closed_at": matter.closed_at,
            "documents": [{"id": d.id, "name": d.name, "letter_kind": d.letter_kind or "reference",
                           "letter_date": d.letter_date, "round": d.round,
                           "comments": counts.get(d.id, 0)}
                          for d in store.documents(matter.id)]})
    return {"matters": out}


# -- regrouping a whole workspace ------------------------------------------------------------------

def regroup_workspace(store: Store) -> int:
    """Regroup every letter by the rule (a workspace made when a matter was one company).
    Drafts, notes and statuses stay on their comments. Returns how many letters moved."""
    _fill_letter_columns(store)
    with store.atomic():
        everyone = letters_facts(store)
        moved_before = store._one("SELECT count(*) AS n FROM events WHERE action = 'moved'", [])
        touched: set[str] = set()
        taken: set[str] = set()
        for family in families(everyone):
            touched |= rehome(store, assign(reviews(family), taken), "regrouped by review")
        refresh(store, touched)
        store.db.execute("DELETE FROM settings WHERE key = 'regroup_pending'")
        moved_after = store._one("SELECT count(*) AS n FROM events WHERE action = 'moved'", [])
    return int(moved_after["n"] if moved_after else 0) - int(moved_before["n"]
                                                              if moved_before else 0)


def _fill_letter_columns(store: Store) -> None:
    """Letters imported before letter kinds: read their placing facts from their stored parse."""
    from storage.letterfacts import document_columns

    found = store._all("SELECT id, name, parse FROM documents WHERE letter_kind IS NULL "
                       "AND role != 'reference' AND parse IS NOT NULL")
    with store.atomic():
        for row in found:
            values = document_columns(letter_from_json(json.loads(row["parse"]), row["name"]))
            store.db.table("documents").update(row["id"], values)
        for facts in letters_facts(store):
            save_keys(store, facts)


def letter_from_json(data: dict[str, Any], name: str) -> Any:
    """A ParsedLetter rebuilt from its stored JSON (without its display PDF)."""
    from storage.ingest.model import Anchor, ParsedComment, ParsedLetter

    def anchors(items: list[dict[str, Any]] | None) -> tuple[Anchor, ...]:
        return tuple(Anchor(int(a["page"]), tuple(a["rect"])) for a in items or ())

    comments = tuple(ParsedComment(
        number=int(c["number"]), headings=tuple(c.get("headings") or ()), text=c["text"],
        page=c.get("page"), prior_refs=tuple(c.get("prior_refs") or ()),
        response=c.get("response"), anchors=anchors(c.get("anchors")),
        response_anchors=anchors(c.get("response_anchors"))) for c in data.get("comments", []))
    letter = ParsedLetter(
        source_name=name, source_format=data.get("source_format", "pdf"), kind=data["kind"],
        letter_date=data.get("letter_date"), company=data.get("company"),
        file_numbers=tuple(data.get("file_numbers") or ()),
        filings=tuple(data.get("filings") or ()), comments=comments,
        page_count=int(data.get("page_count") or 0), display_pdf=b"",
        answers_letter_date=data.get("answers_letter_date"),
        warnings=tuple(data.get("warnings") or ()))
    extra = {k: data[k] for k in ("letter_kind", "cited_letter_dates", "extension_until")
             if k in data}
    if extra:
        from dataclasses import fields as dataclass_fields
        from dataclasses import replace

        known = {f.name for f in dataclass_fields(letter)}
        usable = {k: v for k, v in extra.items() if k in known}
        if usable:
            letter = replace(letter, **usable)
    return letter
