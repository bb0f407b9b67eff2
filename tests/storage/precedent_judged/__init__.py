"""Precision of the precedent ranking, judged by hand: 100 staff comments of the letters in
../shared/corpus/letters asked of a library built from the wide corpus without their reviews,
and a verdict on each precedent shown in their top 5 (judged.jsonl).

A verdict is "yes" when the precedent asks the same accounting or disclosure question as the
comment (the same issue, not the same topic or words: climate litigation risk is not climate
compliance costs); the staff's follow-up on that question counts; for a comment of several
questions, one of them suffices. Each verdict has its reason in a line.

`python -m tests.storage.precedent_judged LIBRARY` prints the shown precedents that have no
verdict yet, numbered "q.p"; `... LIBRARY VERDICTS` appends a file of lines "q.p yes|no reason"
to judged.jsonl; `--build LIBRARY` makes the held-out library first.
"""
from __future__ import annotations

import functools
import hashlib
import json
import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage.ingest import parse_letter
from storage.letterfacts import company_key, company_name
from storage.precedent.search import Precedent, similar
from storage.topics import load_taxonomy
from tests.conftest import CORPUS, LETTERS

WIDE = CORPUS / "wide"
JUDGED = Path(__file__).with_name("judged.jsonl")
QUERIES, SHOWN, SEED = 100, 5, 15


@dataclass(frozen=True)
class Query:
    letter: str  # file name in ../shared/corpus/letters
    number: int
    opening: str  # the comment's first words
    text: str  # the comment with its headings, as the precedent pane asks
    tags: tuple[str, ...]
    company_key: str

    @property
    def key(self) -> str:
        return f"{self.letter}#{self.number} {self.opening}"


def first_words(text: str, n: int = 8) -> str:
    return " ".join(text.split()[:n])


def identity(p: Precedent) -> str:
    """A precedent named so a rebuilt library names it the same (row ids change)."""
    return f"{p.company} | {p.letter_date} | {p.number} | {first_words(p.text)}"


def held_out() -> list[Path]:
    """The wide corpus's review folders, less those holding a letter of ../shared/corpus/letters
    (so no query's own review is in the library)."""
    mine = {hashlib.sha256(p.read_bytes()).hexdigest() for p in LETTERS.iterdir()}
    folders = sorted(p for p in WIDE.iterdir() if p.is_dir())
    return [f for f in folders if not any(
        hashlib.sha256(p.read_bytes()).hexdigest() in mine for p in f.rglob("*") if p.is_file())]


@functools.cache
def queries() -> tuple[Query, ...]:
    """100 staff comments: each letter's comments in a seeded order, taken round the letters in
    turn, so every letter gives some and the long ones do not crowd out the rest."""
    taxonomy = load_taxonomy()
    per_letter: list[list[Query]] = []
    for path in sorted(LETTERS.iterdir()):
        letter = parse_letter(path.read_bytes(), path.name)
        if letter.kind != "staff" or not letter.comments:
            continue
        key = company_key(company_name(letter))
        found = [Query(path.name, c.number, first_words(c.text), "\n".join([*c.headings, c.text]),
                       taxonomy.tag(f"{json.dumps(list(c.headings), ensure_ascii=False)}\n"
                                    f"{c.text}"), key)
                 for c in letter.comments]
        random.Random(f"{SEED}{path.name}").shuffle(found)
        per_letter.append(found)
    chosen: list[Query] = []
    while len(chosen) < QUERIES and any(per_letter):
        for found in per_letter:
            if found and len(chosen) < QUERIES:
                chosen.append(found.pop(0))
    return tuple(chosen)


def shown(conn: sqlite3.Connection, query: Query) -> list[Precedent]:
    return similar(conn, query.text, query.tags, query.company_key, limit=SHOWN)


def judgments() -> dict[tuple[str, str], dict[str, str]]:
    """(query key, precedent identity) → {"verdict": "yes"|"no", "reason": …}."""
    out = {}
    for line in JUDGED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[(row["query"], row["precedent"])] = row
    return out


def pending(conn: sqlite3.Connection) -> list[tuple[Query, list[Precedent]]]:
    """Each query with its shown precedents that have no verdict yet."""
    known = judgments() if JUDGED.exists() else {}
    out = []
    for query in queries():
        found = [p for p in shown(conn, query) if (query.key, identity(p)) not in known]
        if found:
            out.append((query, found))
    return out


def _main() -> None:
    """LIBRARY: the unjudged, numbered "q.p"; LIBRARY VERDICTS: append the verdicts of a file
    of lines "q.p yes|no reason" (numbered as printed) to judged.jsonl."""
    import sys

    from storage.precedent.build import build
    from storage.precedent.library import open_readonly

    args = sys.argv[1:]
    if args[0] == "--build":
        build(Path(args[1]), held_out())
        args = args[1:]
    todo = pending(open_readonly(Path(args[0])))
    if len(args) == 2:
        with JUDGED.open("a", encoding="utf-8") as out:
            for line in Path(args[1]).read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                number, verdict, reason = line.split(maxsplit=2)
                q, p = (int(x) for x in number.split("."))
                query, found = todo[q]
                assert verdict in ("yes", "no"), line
                out.write(json.dumps({"query": query.key, "precedent": identity(found[p]),
                                      "verdict": verdict, "reason": reason},
                                     ensure_ascii=False) + "\n")
        return
    for q, (query, found) in enumerate(todo):
        print(f"\n=== {q} {query.key}\n{query.text[:700]}\ntags {query.tags}")
        for p, precedent in enumerate(found):
            print(f"  {q}.{p} {precedent.company}: [{precedent.heading[:100]}] "
                  f"{' '.join(precedent.text.split())[:450]}")
