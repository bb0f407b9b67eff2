"""Precedent figures: `library_build_letters_per_s` (the wide corpus read into a library),
`library_size_ratio` (the library's bytes over the letters' bytes), and `precedent_ms_50k`
(the top 10 for a comment over a library of 50,000 comments, made from the wide corpus by
repetition with varied companies, words in the same proportions)."""
from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from storage.precedent.build import build, letter_files
from storage.precedent.library import open_readonly
from storage.precedent.search import similar
from storage.topics import load_taxonomy
from tests.conftest import CORPUS

WIDE = CORPUS / "wide"
TARGET = 50_000


def measure() -> dict[str, float]:
    if not WIDE.is_dir():
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "wide.rejoinder-library"
        files = letter_files([WIDE])
        start = time.perf_counter()
        result = build(library, [WIDE])
        seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in files)
        figures = {"library_build_letters_per_s": round(result.read / seconds, 1),
                   "library_size_ratio": round(library.stat().st_size / size, 3)}
        big = Path(tmp) / "50k.rejoinder-library"
        big.write_bytes(library.read_bytes())
        _grow(big, TARGET)
        figures["precedent_ms_50k"] = _query_ms(big)
    return figures


def _grow(path: Path, target: int) -> None:
    """Copies of the precedents under other companies until `target` are held."""
    with sqlite3.connect(path) as db:
        have = db.execute("SELECT count(*) FROM precedents").fetchone()[0]
        copy = 0
        while have < target:
            copy += 1
            db.execute(
                "INSERT INTO precedents (letter, seq, review, company, company_key, letter_date, "
                "year, filing, office, number, heading, text, answer, answer_date, outcome, "
                "follow_up, follow_up_date, cites, tags) SELECT letter, seq, review || ?, "
                "company || ?, company_key || ?, letter_date, year, filing, office, number, "
                "heading, text, answer, answer_date, outcome, follow_up, follow_up_date, cites, "
                "tags FROM precedents WHERE id <= ? LIMIT ?",
                [f"-{copy}", f" {copy}", f" {copy}", have, target - have])
            have = db.execute("SELECT count(*) FROM precedents").fetchone()[0]
        db.execute("INSERT INTO precedent_fts (precedent_fts) VALUES ('rebuild')")
        db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, precedent_fts, row)")
        db.execute("DELETE FROM terms")
        db.execute("INSERT INTO terms SELECT term, doc FROM temp.vocab")


def _query_ms(path: Path) -> float:
    conn = open_readonly(path)
    taxonomy = load_taxonomy()
    queries = [f"{h}\n{t}" for h, t in conn.execute(
        "SELECT heading, text FROM precedents ORDER BY id LIMIT 40")]
    times = []
    for text in queries:
        start = time.perf_counter()
        similar(conn, text, taxonomy.tag(text), "", limit=10)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)
