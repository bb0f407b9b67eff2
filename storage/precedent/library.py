"""The precedent library file: its format, and opening it read-only.

One SQLite file (journal mode DELETE, so that it can be read from a read-only share or a copied
file). `PRAGMA user_version` is its format; a library of a newer format is refused, never
changed. The window opens it with `mode=ro`: nothing the window does can write it.

Tables:
- `meta` (key, value): format, when built, with what.
- `letters`: one row per letter read (by SHA-256 of its bytes, so that a rerun skips it), with
  what places it in a review; `skipped`: files that are not letters, so a rerun skips them too.
- `items`: the numbered comments of each letter (a response's items carry their answers).
- `precedents`: each staff comment with its company, date, filing, office, filed answer and
  outcome, derived from the two above whenever letters are added; `precedent_fts` indexes its
  text, citations and tags (external content, so the text is stored once); `terms` holds each
  word's document count, to choose a query's telling words.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage.errors import UserError

FORMAT = 1
TABLES = ("meta", "letters", "skipped", "items", "precedents", "precedent_fts", "terms")
OUTCOMES: dict[str, str] = {
    "closed": "Review closed after this answer",
    "followed_up": "Staff followed up",
    "committed": "Committed to future disclosure",
    "unknown": "No outcome on file",
}
TOKENIZE = "unicode61 remove_diacritics 2 tokenchars '_'"


class LibraryError(UserError):
    """The precedent library cannot be used; the message is one line for the pane."""


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS letters (
    sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, kind TEXT NOT NULL,
    letter_date TEXT, company TEXT, file_numbers TEXT NOT NULL, filings TEXT NOT NULL,
    cited TEXT NOT NULL, opens INTEGER NOT NULL, office TEXT, size INTEGER NOT NULL,
    added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS skipped (
    sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    letter TEXT NOT NULL REFERENCES letters(sha256), seq INTEGER NOT NULL,
    number INTEGER NOT NULL, headings TEXT NOT NULL, text TEXT NOT NULL,
    prior_refs TEXT NOT NULL, response TEXT, PRIMARY KEY (letter, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS precedents (
    id INTEGER PRIMARY KEY, letter TEXT NOT NULL, seq INTEGER NOT NULL, review TEXT NOT NULL,
    company TEXT NOT NULL, company_key TEXT NOT NULL, letter_date TEXT, year INTEGER,
    filing TEXT NOT NULL, office TEXT, number INTEGER NOT NULL, heading TEXT NOT NULL,
    text TEXT NOT NULL, answer TEXT, answer_date TEXT, outcome TEXT NOT NULL,
    follow_up TEXT, follow_up_date TEXT, cites TEXT NOT NULL, tags TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS precedent_fts USING fts5(
    text, cites, tags, content='precedents', content_rowid='id', tokenize="{TOKENIZE}");
CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class LibraryInfo:
    path: Path
    letters: int
    comments: int
    built_at: str


def create(path: Path) -> sqlite3.Connection:
    """Open a library to build (made when missing); refuses a file that is not one of ours."""
    fresh = not path.exists()
    try:
        conn = sqlite3.connect(path)
        if not fresh:
            check(conn, path)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.executescript(SCHEMA)
        conn.execute(f"PRAGMA user_version = {FORMAT}")
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", [str(FORMAT)])
        conn.commit()
    except sqlite3.DatabaseError as error:
        raise LibraryError(f"{path} is not a precedent library ({error}); choose another "
                           "file name.") from error
    return conn


def check(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a library of a newer format, or a file that is not a library or is damaged."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise LibraryError(f"The precedent library {path.name} is damaged ({error}).") from error
    if version > FORMAT:
        raise LibraryError(f"The precedent library {path.name} was made by a newer Rejoinder "
                           f"(format {version}); update Rejoinder to use it.")
    if version != FORMAT or not set(TABLES) <= names:
        raise LibraryError(f"{path.name} is not a precedent library (or it is damaged).")


def open_readonly(path: Path) -> sqlite3.Connection:
    """The library, opened so that nothing can write it; LibraryError says why it cannot be."""
    if not path.is_file():
        raise LibraryError(f"The precedent library {path} is missing; choose it again.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               check_same_thread=False)
        check(conn, path)
        conn.execute("SELECT count(*) FROM precedents").fetchone()
        conn.execute("SELECT rowid FROM precedent_fts WHERE precedent_fts MATCH 'x' LIMIT 1")
    except sqlite3.DatabaseError as error:
        raise LibraryError(f"The precedent library {path.name} is damaged ({error}); build "
                           "or copy it again.") from error
    return conn


def info(conn: sqlite3.Connection, path: Path) -> LibraryInfo:
    letters = conn.execute("SELECT count(*) FROM letters").fetchone()[0]
    comments = conn.execute("SELECT count(*) FROM precedents").fetchone()[0]
    built = conn.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()
    return LibraryInfo(path, letters, comments, built[0] if built else "")
