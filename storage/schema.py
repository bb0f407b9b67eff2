"""The workspace schema: one `sqlite_utils.Migrations` step per change, never edited once shipped.

A workspace records the names of the steps applied to it; one that has a step this program does
not know was written by a newer Rejoinder and is refused (see storage.workspace).
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "rejoinder"
migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: Database) -> None:
    db.execute("""
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)""")
    db.execute("""
        CREATE TABLE reviewers (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, initials TEXT NOT NULL,
            color TEXT NOT NULL, created_at TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL)""")
    db.execute("""
        CREATE TABLE matters (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, company TEXT NOT NULL,
            file_numbers TEXT NOT NULL DEFAULT '[]', filings TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            matter_id TEXT NOT NULL REFERENCES matters(id),
            role TEXT NOT NULL CHECK (role IN ('staff', 'response', 'reference')),
            name TEXT NOT NULL, source_format TEXT NOT NULL,
            sha256 TEXT NOT NULL REFERENCES blobs(sha256),
            display_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
            letter_date TEXT, answers_letter_date TEXT, round INTEGER NOT NULL DEFAULT 1,
            page_count INTEGER NOT NULL, warnings TEXT NOT NULL DEFAULT '[]',
            parse TEXT, imported_at TEXT NOT NULL, imported_by TEXT REFERENCES reviewers(id),
            UNIQUE (matter_id, sha256))""")
    db.execute("""
        CREATE TABLE comments (
            id TEXT PRIMARY KEY,
            matter_id TEXT NOT NULL REFERENCES matters(id),
            document_id TEXT NOT NULL REFERENCES documents(id),
            seq INTEGER NOT NULL, number INTEGER NOT NULL,
            headings TEXT NOT NULL DEFAULT '[]', heading_path TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL, page INTEGER, regions TEXT NOT NULL DEFAULT '[]',
            prior_refs TEXT NOT NULL DEFAULT '[]',
            filed_response TEXT, response_regions TEXT NOT NULL DEFAULT '[]',
            answers_id TEXT REFERENCES comments(id))""")
    db.execute("CREATE INDEX comments_document ON comments(document_id, seq)")
    db.execute("CREATE INDEX comments_matter ON comments(matter_id)")
    db.execute("""
        CREATE TABLE responses (
            comment_id TEXT PRIMARY KEY REFERENCES comments(id),
            draft TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'drafting', 'in_review', 'approved', 'filed')),
            owner_id TEXT REFERENCES reviewers(id), due_date TEXT,
            updated_at TEXT, updated_by TEXT REFERENCES reviewers(id))""")
    db.execute("""
        CREATE TABLE response_versions (
            id TEXT PRIMARY KEY, comment_id TEXT NOT NULL REFERENCES comments(id),
            draft TEXT NOT NULL, label TEXT NOT NULL,
            author_id TEXT REFERENCES reviewers(id), created_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX response_versions_comment ON response_versions(comment_id)")
    db.execute("""
        CREATE TABLE status_changes (
            id TEXT PRIMARY KEY, comment_id TEXT NOT NULL REFERENCES comments(id),
            status TEXT NOT NULL, previous TEXT, reason TEXT,
            author_id TEXT REFERENCES reviewers(id), at TEXT NOT NULL)""")
    db.execute("CREATE INDEX status_changes_comment ON status_changes(comment_id)")
    db.execute("""
        CREATE TABLE annotations (
            id TEXT PRIMARY KEY, matter_id TEXT NOT NULL REFERENCES matters(id),
            comment_id TEXT REFERENCES comments(id),
            target TEXT NOT NULL CHECK (target IN ('comment', 'response', 'region')),
            document_id TEXT REFERENCES documents(id), regions TEXT NOT NULL DEFAULT '[]',
            quote TEXT, body TEXT NOT NULL, parent_id TEXT REFERENCES annotations(id),
            author_id TEXT REFERENCES reviewers(id),
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, resolved_at TEXT)""")
    db.execute("CREATE INDEX annotations_comment ON annotations(comment_id)")
    db.execute("""
        CREATE TABLE events (
            id TEXT PRIMARY KEY, at TEXT NOT NULL, author_id TEXT,
            matter_id TEXT, entity TEXT NOT NULL, entity_id TEXT, action TEXT NOT NULL,
            before TEXT, after TEXT)""")
    db.execute("CREATE INDEX events_entity ON events(entity_id)")
    db.execute("CREATE INDEX events_matter ON events(matter_id, at)")
    # The audit trail is append-only.
    db.execute("""
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""")
    db.execute("""
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""")


def known_names() -> set[str]:
    return {m.name for m in migrations._migrations}


@migrations()
def m002_split_corrections(db: Database) -> None:
    """Fixes to the parser's split, each undoable: comments are never deleted, only retired."""
    db.execute("ALTER TABLE comments ADD COLUMN origin TEXT NOT NULL DEFAULT 'parser'")
    db.execute("ALTER TABLE comments ADD COLUMN retired_at TEXT")
    db.execute("""
        CREATE TABLE corrections (
            id TEXT PRIMARY KEY, matter_id TEXT NOT NULL REFERENCES matters(id),
            document_id TEXT NOT NULL REFERENCES documents(id), action TEXT NOT NULL,
            description TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL,
            author_id TEXT REFERENCES reviewers(id), at TEXT NOT NULL, undone_at TEXT)""")
    db.execute("CREATE INDEX corrections_document ON corrections(document_id, at)")


@migrations()
def m003_review_workflow(db: Database) -> None:
    """Due-date changes, who resolved a note, and the full-text index over comments, answers
    and notes (kept current by triggers, so every path that writes is indexed)."""
    db.execute("""
        CREATE TABLE due_changes (
            id TEXT PRIMARY KEY, comment_id TEXT NOT NULL REFERENCES comments(id),
            previous TEXT, due_date TEXT, reason TEXT,
            author_id TEXT REFERENCES reviewers(id), at TEXT NOT NULL)""")
    db.execute("CREATE INDEX due_changes_comment ON due_changes(comment_id)")
    db.execute("ALTER TABLE annotations ADD COLUMN resolved_by TEXT REFERENCES reviewers(id)")
    db.execute("ALTER TABLE responses ADD COLUMN draft_text TEXT NOT NULL DEFAULT ''")
    db.execute("""
        CREATE TABLE search_refs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, ref TEXT NOT NULL UNIQUE)""")
    db.execute("""
        CREATE VIRTUAL TABLE search USING fts5(
            body, kind UNINDEXED, comment_id UNINDEXED, matter_id UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2')""")
    for source, ref, body, kind, comment_id, live in _INDEXED:
        _index_triggers(db, source, ref, body, kind, comment_id, live)
    for source, ref, body, kind, comment_id, live in _INDEXED:
        db.execute(f"""
            INSERT OR IGNORE INTO search_refs (ref) SELECT {ref.replace('new.', '')}
            FROM {source} new WHERE {live}""")
        db.execute(f"""
            INSERT INTO search (rowid, body, kind, comment_id, matter_id)
            SELECT (SELECT id FROM search_refs WHERE ref = {ref}), {body}, '{kind}',
                   {comment_id}, (SELECT matter_id FROM comments WHERE id = {comment_id})
            FROM {source} new WHERE {live}""")


# (table, ref, body, kind, comment id, condition to be indexed) — `new` is the row.
_INDEXED = (
    ("comments", "new.id", "new.text", "comment", "new.id", "new.retired_at IS NULL"),
    ("comments", "'filed:' || new.id", "new.filed_response", "filed", "new.id",
     "new.retired_at IS NULL AND new.filed_response IS NOT NULL"),
    ("responses", "'draft:' || new.comment_id", "new.draft_text", "draft", "new.comment_id",
     "new.draft_text != ''"),
    ("annotations", "new.id", "new.body", "note", "new.comment_id",
     "new.comment_id IS NOT NULL"),
)


def _index_triggers(db: Database, source: str, ref: str, body: str, kind: str,
                    comment_id: str, live: str) -> None:
    name = f"search_{source}_{kind}"
    old_ref = ref.replace("new.", "old.")
    insert = f"""
        INSERT INTO search_refs (ref) SELECT {ref}
            WHERE {live} AND NOT EXISTS (SELECT 1 FROM search_refs WHERE ref = {ref});
        INSERT INTO search (rowid, body, kind, comment_id, matter_id)
            SELECT (SELECT id FROM search_refs WHERE ref = {ref}), {body}, '{kind}',
                   {comment_id}, (SELECT matter_id FROM comments WHERE id = {comment_id})
            WHERE {live};"""
    delete = f"DELETE FROM search WHERE rowid = (SELECT id FROM search_refs WHERE ref = {old_ref});"
    db.execute(f"CREATE TRIGGER {name}_ai AFTER INSERT ON {source} BEGIN {insert} END")
    db.execute(f"CREATE TRIGGER {name}_au AFTER UPDATE ON {source} BEGIN {delete} {insert} END")
    db.execute(f"CREATE TRIGGER {name}_ad AFTER DELETE ON {source} BEGIN {delete} END")


@migrations()
def m004_exchange(db: Database) -> None:
    """Exchange packs (storage.exchange): each mergeable field's revisions and current head, the
    packs sent and received, and the conflicts waiting for a reviewer's choice."""
    db.execute("""
        CREATE TABLE exchange_revisions (
            rev TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
            field TEXT NOT NULL, digest TEXT NOT NULL, value TEXT,
            parent1 TEXT, parent2 TEXT)""")
    db.execute("CREATE INDEX exchange_revisions_entity ON exchange_revisions(entity_id)")
    db.execute("""
        CREATE TABLE exchange_heads (
            entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
            rev TEXT NOT NULL REFERENCES exchange_revisions(rev), digest TEXT NOT NULL,
            PRIMARY KEY (entity, entity_id, field))""")
    db.execute("""
        CREATE TABLE exchanges (
            id TEXT PRIMARY KEY, pack_id TEXT NOT NULL, matter_id TEXT NOT NULL,
            peer_id TEXT, direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
            at TEXT NOT NULL, mark TEXT NOT NULL DEFAULT '{}', summary TEXT)""")
    db.execute("CREATE INDEX exchanges_peer ON exchanges(peer_id, matter_id, direction, at)")
    db.execute("""
        CREATE TABLE conflicts (
            id TEXT PRIMARY KEY, matter_id TEXT NOT NULL, entity TEXT NOT NULL,
            entity_id TEXT NOT NULL, field TEXT NOT NULL,
            local_value TEXT, remote_value TEXT, base_value TEXT,
            local_rev TEXT NOT NULL, remote_rev TEXT NOT NULL, remote_author TEXT,
            pack_id TEXT NOT NULL, created_at TEXT NOT NULL,
            resolved_at TEXT, resolved_by TEXT, resolution TEXT)""")
    db.execute("CREATE INDEX conflicts_matter ON conflicts(matter_id, resolved_at)")
    db.execute("CREATE INDEX conflicts_entity ON conflicts(entity_id, field)")


@migrations()
def m005_reviews_and_letter_kinds(db: Database) -> None:
    """A matter is one review: each letter keeps what places it (its kind, the dates it cites,
    its company, file numbers and filings, whether it opens a review), a matter knows when the
    staff closed it, and matters merged away are retired, never deleted. The regrouping of
    existing letters is done by storage.matters.regroup_workspace when the workspace opens."""
    for column in ("letter_kind TEXT", "cited_letter_dates TEXT NOT NULL DEFAULT '[]'",
                   "extension_until TEXT", "company TEXT",
                   "file_numbers TEXT NOT NULL DEFAULT '[]'",
                   "filings TEXT NOT NULL DEFAULT '[]'",
                   "opens_review INTEGER NOT NULL DEFAULT 0",
                   "placed_by TEXT"):
        db.execute(f"ALTER TABLE documents ADD COLUMN {column}")
    for column in ("closed_at TEXT", "closed_by_document_id TEXT REFERENCES documents(id)",
                   "retired_at TEXT"):
        db.execute(f"ALTER TABLE matters ADD COLUMN {column}")
    db.execute("CREATE INDEX documents_matter ON documents(matter_id)")
    # What ties a letter to its company's other letters ("co:<name>", "fn:<file number>"):
    # finding a family is a few indexed look-ups, not a scan of every letter.
    db.execute("""
        CREATE TABLE letter_keys (
            key TEXT NOT NULL, document_id TEXT NOT NULL REFERENCES documents(id),
            PRIMARY KEY (key, document_id))""")
    db.execute("CREATE INDEX letter_keys_document ON letter_keys(document_id)")
    db.execute("INSERT INTO settings (key, value) VALUES ('regroup_pending', '1') "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value")


@migrations()
def m006_clause_library(db: Database) -> None:
    """The clause library (storage.clauses): reusable passages of a workspace, exchanged in
    packs; `commits` marks a clause that promises the staff something."""
    db.execute("""
        CREATE TABLE clauses (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,
            commits INTEGER NOT NULL DEFAULT 0, author_id TEXT REFERENCES reviewers(id),
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, removed_at TEXT)""")


@migrations()
def m007_attachments(db: Database) -> None:
    """Files attached to a comment or its answer (storage.attachments): their bytes kept in
    `blobs` by SHA-256 like letters' (not a reference: a pack may carry the record without
    the bytes, when they are over its limits); `confidential` marks supplemental material for
    which confidential treatment is requested under Rule 83."""
    db.execute("""
        CREATE TABLE attachments (
            id TEXT PRIMARY KEY, matter_id TEXT NOT NULL REFERENCES matters(id),
            comment_id TEXT NOT NULL REFERENCES comments(id),
            target TEXT NOT NULL CHECK (target IN ('comment', 'response')),
            name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
            confidential INTEGER NOT NULL DEFAULT 0,
            added_by TEXT REFERENCES reviewers(id), added_at TEXT NOT NULL, removed_at TEXT)""")
    db.execute("CREATE INDEX attachments_comment ON attachments(comment_id)")


@migrations()
def m008_word_imports(db: Database) -> None:
    """Word drafts brought back (storage.worddraft): each import of a marked-up .docx, and per
    answer it touched what it proposed, how it was mapped, its tracked changes and the choice
    made (accepted, rejected, both kept; NULL while unresolved). `created` lists the versions
    and notes the import made, so that it can be undone as one step."""
    db.execute("""
        CREATE TABLE word_imports (
            id TEXT PRIMARY KEY, matter_id TEXT NOT NULL REFERENCES matters(id),
            name TEXT NOT NULL, sha256 TEXT NOT NULL, imported_at TEXT NOT NULL,
            imported_by TEXT REFERENCES reviewers(id), report TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL DEFAULT '{}', undone_at TEXT)""")
    db.execute("CREATE INDEX word_imports_matter ON word_imports(matter_id, imported_at)")
    db.execute("""
        CREATE TABLE word_import_answers (
            id TEXT PRIMARY KEY, import_id TEXT NOT NULL REFERENCES word_imports(id),
            comment_id TEXT NOT NULL REFERENCES comments(id), seq INTEGER NOT NULL,
            mapped_by TEXT NOT NULL, before_draft TEXT NOT NULL, original TEXT NOT NULL,
            proposed TEXT NOT NULL, changes TEXT NOT NULL DEFAULT '[]',
            steps TEXT NOT NULL DEFAULT '[]', version_id TEXT,
            decision TEXT CHECK (decision IN ('accepted', 'rejected', 'both')),
            decided_at TEXT, decided_by TEXT REFERENCES reviewers(id))""")
    db.execute("CREATE INDEX word_import_answers_import ON word_import_answers(import_id, seq)")


@migrations()
def m009_topic_tags(db: Database) -> None:
    """Topic tags and answer kinds (storage.topics): the automatic tags are computed from the
    taxonomy when asked; stored here are only a reviewer's additions and removals of a tag
    (`present` 1 or 0) and the answer kinds a reviewer chose over the suggestion. Both travel in
    exchange packs (optional members)."""
    db.execute("""
        CREATE TABLE tag_overrides (
            id TEXT PRIMARY KEY, comment_id TEXT NOT NULL REFERENCES comments(id),
            tag TEXT NOT NULL, present INTEGER NOT NULL, author_id TEXT REFERENCES reviewers(id),
            at TEXT NOT NULL, UNIQUE (comment_id, tag))""")
    db.execute("""
        CREATE TABLE answer_kinds (
            comment_id TEXT PRIMARY KEY REFERENCES comments(id), kind TEXT NOT NULL,
            author_id TEXT REFERENCES reviewers(id), at TEXT NOT NULL)""")


@migrations()
def m010_precedent_quotes(db: Database) -> None:
    """Passages of a precedent library used as a starting point in a draft
    (storage.precedent.quotes): the source (company, date, filing, comment), the passage, and
    the note on the answer that tells the reviewers; the quotation stands unreviewed while that
    note is open and the passage is still in the draft."""
    db.execute("""
        CREATE TABLE precedent_quotes (
            id TEXT PRIMARY KEY, comment_id TEXT NOT NULL REFERENCES comments(id),
            note_id TEXT NOT NULL REFERENCES annotations(id), source TEXT NOT NULL,
            passage TEXT NOT NULL, author_id TEXT REFERENCES reviewers(id), at TEXT NOT NULL)""")
    db.execute("CREATE INDEX precedent_quotes_comment ON precedent_quotes(comment_id)")


@migrations()
def m011_hub_sync(db: Database) -> None:
    """Syncing with a team hub (storage.hub): per hub and matter, the last change pulled (its
    sequence number and id, to notice a hub restored from an older backup) and the mark the
    next push follows on from; and the pushes this workspace made (not pulled back)."""
    db.execute("""
        CREATE TABLE hub_matters (
            hub_id TEXT NOT NULL, matter_id TEXT NOT NULL,
            pulled_seq INTEGER NOT NULL DEFAULT 0, pulled_push TEXT,
            push_mark TEXT NOT NULL DEFAULT '{}', pushed_at TEXT,
            PRIMARY KEY (hub_id, matter_id))""")
    db.execute("""
        CREATE TABLE hub_pushes (
            push_id TEXT PRIMARY KEY, hub_id TEXT NOT NULL, matter_id TEXT NOT NULL,
            at TEXT NOT NULL)""")


@migrations()
def m012_word_import_formatting(db: Database) -> None:
    """An imported Word answer's accepted text as draft HTML (paragraphs, lists, bold, italic,
    underline), which accepting stores; imports from before it have none and give plain
    text."""
    db.execute("ALTER TABLE word_import_answers ADD COLUMN proposed_html TEXT")
