"""Building a precedent library from letters as downloaded from EDGAR (`rejoinder library build`
and `rejoinder library add`).

Each file is read by the letter parser once; its facts and numbered comments go into the
library, committed every few letters, so a stopped build resumes where it stopped (a file
already read, or already found not to be a letter, is skipped by its SHA-256). Folders are read
whole, but their names mean nothing: the letters are grouped into reviews by the workspace's
rule once all are in, and the precedents derived again.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from storage.errors import UserError
from storage.ids import now
from storage.ingest import ParsedLetter, parse_letter
from storage.letterfacts import cited_dates, company_name, letter_kind, opens_review
from storage.precedent.library import LibraryError, create
from storage.precedent.outcomes import derive
from storage.topics import load_taxonomy

SUFFIXES = {".pdf", ".htm", ".html", ".txt"}
COMMIT_EVERY = 20
Progress = Callable[[int, int, Path, str], None]  # done, total, file, what became of it


@dataclass(frozen=True)
class BuildResult:
    read: int  # letters read now
    already: int  # letters the library held already
    skipped: list[tuple[Path, str]]  # files that are not letters, with why
    letters: int  # letters in the library
    comments: int  # precedents in the library


def letter_files(paths: Iterable[Path]) -> list[Path]:
    """The letter files named, and those in the folders named (recursively), in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file()
                            and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise UserError(f"{path} does not exist; name letters or folders of letters.")
    return list(dict.fromkeys(found))


def build(out: Path, paths: Iterable[Path], progress: Progress | None = None,
          must_exist: bool = False) -> BuildResult:
    """Read the letters of `paths` into the library `out` (made when missing, unless
    `must_exist`), then derive its precedents again."""
    if must_exist and not out.is_file():
        raise LibraryError(f"The precedent library {out} does not exist; make it with "
                           "`rejoinder library build`.")
    files = letter_files(paths)
    conn = create(out)
    try:
        read, already, skipped = _read_all(conn, files, progress)
        derive(conn, load_taxonomy())
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('built_at', ?)", [now()])
        conn.commit()
        conn.execute("VACUUM")
        letters = conn.execute("SELECT count(*) FROM letters").fetchone()[0]
        comments = conn.execute("SELECT count(*) FROM precedents").fetchone()[0]
    finally:
        conn.close()
    return BuildResult(read, already, skipped, letters, comments)


def _read_all(conn: sqlite3.Connection, files: list[Path], progress: Progress | None
              ) -> tuple[int, int, list[tuple[Path, str]]]:
    known = {r[0] for r in conn.execute("SELECT sha256 FROM letters UNION "
                                        "SELECT sha256 FROM skipped")}
    read = already = 0
    skipped: list[tuple[Path, str]] = []
    for done, (path, data) in enumerate(_contents(files), start=1):
        sha = hashlib.sha256(data).hexdigest()
        if sha in known:
            already += 1
            what = "already in the library"
        else:
            known.add(sha)
            try:
                letter = parse_letter(data, path.name)
            except UserError as error:
                conn.execute("INSERT INTO skipped VALUES (?, ?, ?)", [sha, path.name, str(error)])
                skipped.append((path, str(error)))
                what = "not a letter, skipped"
            else:
                _insert(conn, sha, path, data, letter)
                read += 1
                what = f"{len(letter.comments)} comments"
        if done % COMMIT_EVERY == 0:
            conn.commit()
        if progress is not None:
            progress(done, len(files), path, what)
    conn.commit()
    return read, already, skipped


def _contents(files: list[Path]) -> Iterator[tuple[Path, bytes]]:
    for path in files:
        try:
            yield path, path.read_bytes()
        except OSError as error:
            raise UserError(f"Could not read {path}: {error.strerror or error}. Check that the "
                            "file exists and that you may read it.") from error


def _insert(conn: sqlite3.Connection, sha: str, path: Path, data: bytes,
            letter: ParsedLetter) -> None:
    kind = letter_kind(letter)
    conn.execute(
        "INSERT INTO letters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [sha, path.name, letter.kind, kind, letter.letter_date, company_name(letter),
         json.dumps(list(letter.file_numbers)), json.dumps(list(letter.filings)),
         json.dumps(list(cited_dates(letter))), int(opens_review(letter, kind)),
         office_of(letter) if letter.kind == "staff" else None, len(data), now()])
    conn.executemany(
        "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(sha, seq, c.number, json.dumps(list(c.headings)), c.text,
          json.dumps(list(c.prior_refs)), c.response)
         for seq, c in enumerate(letter.comments)])


def run(out: Path, paths: list[Path], must_exist: bool, err: TextIO) -> int:
    """The command line's build and add: progress on `err` (one line a letter), a summary
    last; the exit code (1 when a file or the library could not be used)."""
    def progress(done: int, total: int, path: Path, what: str) -> None:
        print(f"[{done}/{total}] {path.name}: {what}", file=err, flush=True)

    try:
        result = build(out, paths, progress, must_exist=must_exist)
    except UserError as error:
        print(f"rejoinder library: {error}", file=err)
        return 1
    print(f"{out}: {result.read} letters read, {result.already} already in, "
          f"{len(result.skipped)} not letters; the library holds {result.letters} letters, "
          f"{result.comments} comments", file=err)
    return 0


def office_of(letter: ParsedLetter) -> str | None:
    """The staff office that signs the letter ("Office of Manufacturing"), if it names one."""
    import re

    import pymupdf

    try:
        with pymupdf.open(stream=letter.display_pdf, filetype="pdf") as doc:
            pages = range(max(0, doc.page_count - 2), doc.page_count)
            text = " ".join(doc[i].get_text() for i in pages)
    except (RuntimeError, ValueError):
        return None
    found = re.findall(r"\bOffice of ([A-Z][A-Za-z,&]*(?: (?:and |& |of |the )?[A-Z][A-Za-z]*)*)",
                       text)
    names = [f"Office of {name.strip(' ,')}" for name in found
             if not name.startswith(("Chief", "the Chief", "Corporation Finance"))]
    return names[-1] if names else None
