"""From the letters of a library to its precedents: letters grouped into reviews by the same rule
as the workspace (storage.grouping), each response's answers linked to the staff comments they
answer, and each answered comment's outcome:

- **followed up**: a later staff letter of the review comes back to it, by number ("prior
  comment 3", the parser's prior_refs against the round before) or by reciting its words or its
  answer's (twice ten words in a row in common);
- **committed**: else, the answer promises future disclosure (its kind is "will revise in future
  filings", or it says "in future filings");
- **closed**: else, the review's closing letter came after the answer;
- **unknown**: the library holds no letter that tells.
"""
from __future__ import annotations

import difflib
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from storage.grouping import Facts, Review, families, reviews
from storage.letterfacts import CLOSING_KINDS, company_key
from storage.precedent.cites import citations
from storage.topics import Taxonomy, suggest_kind

ASKING = ("comment_letter", "supplemental_request", "other")
_FUTURE = re.compile(r"\bin (?:its |our |the company's |all )?future (?:filings|periodic "
                     r"reports|reports|annual reports|quarterly reports|disclosures?)", re.I)
_SHINGLE = 10


@dataclass(frozen=True)
class Item:
    letter: str
    seq: int
    number: int
    headings: tuple[str, ...]
    text: str
    prior_refs: tuple[int, ...]
    response: str | None


@dataclass(frozen=True)
class Letter:
    facts: Facts
    office: str | None
    items: tuple[Item, ...]


def load(conn: sqlite3.Connection) -> list[Letter]:
    items: dict[str, list[Item]] = {}
    for row in conn.execute("SELECT letter, seq, number, headings, text, prior_refs, response "
                            "FROM items ORDER BY letter, seq"):
        items.setdefault(row[0], []).append(Item(
            row[0], row[1], row[2], tuple(json.loads(row[3])), row[4],
            tuple(json.loads(row[5])), row[6]))
    out = []
    for (sha, role, kind, day, company, numbers, filings, cited, opens, office,
         added) in conn.execute("SELECT sha256, role, kind, letter_date, company, file_numbers, "
                                "filings, cited, opens, office, added_at FROM letters"):
        facts = Facts(id=sha, matter_id=None, role=role, kind=kind, letter_date=day,
                      company=company, file_numbers=tuple(json.loads(numbers)),
                      filings=tuple(json.loads(filings)), cited=tuple(json.loads(cited)),
                      opens=bool(opens), placed=False, imported_at=added)
        out.append(Letter(facts, office, tuple(items.get(sha, ()))))
    return out


def derive(conn: sqlite3.Connection, taxonomy: Taxonomy) -> int:
    """Rebuild the precedents (and their index) from the letters; returns how many."""
    letters = {letter.facts.id: letter for letter in load(conn)}
    rows = []
    for family in families([letter.facts for letter in letters.values()]):
        for review in reviews(family):
            rows += list(_review_rows(review, letters, taxonomy))
    conn.execute("DELETE FROM precedents")
    conn.executemany(
        "INSERT INTO precedents (letter, seq, review, company, company_key, letter_date, year, "
        "filing, office, number, heading, text, answer, answer_date, outcome, follow_up, "
        "follow_up_date, cites, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)", rows)
    conn.execute("INSERT INTO precedent_fts (precedent_fts) VALUES ('rebuild')")
    conn.execute("DROP TABLE IF EXISTS temp.vocab")
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, precedent_fts, row)")
    conn.execute("DELETE FROM terms")
    conn.execute("INSERT INTO terms SELECT term, doc FROM temp.vocab")
    conn.execute("DROP TABLE temp.vocab")
    return len(rows)


def _review_rows(review: Review, letters: dict[str, Letter],
                 taxonomy: Taxonomy) -> Iterator[tuple[object, ...]]:
    ordered = [letters[f.id] for f in review.letters]
    staff = [x for x in ordered if x.facts.role == "staff" and x.facts.kind in ASKING]
    closings = sorted(x.facts.letter_date or "" for x in ordered
                      if x.facts.role == "staff" and x.facts.kind in CLOSING_KINDS)
    answers = _answers(ordered, staff)
    review_id = min(f.id for f in review.letters)[:16]
    company = next((f.company for f in review.letters if f.company and f.role == "staff"),
                   None) or next((f.company for f in review.letters if f.company), "") or ""
    office = next((x.office for x in staff if x.office), None)
    for index, letter in enumerate(staff):
        later = staff[index + 1:]
        for item in letter.items:
            answer, answer_date = answers.get((letter.facts.id, item.seq), (None, None))
            follow = _follow_up(item, answer, letter, later)
            day = answer_date or letter.facts.letter_date or ""
            if follow is not None:
                outcome = "followed_up"
            elif answer and (suggest_kind(answer) == "future" or _FUTURE.search(answer)):
                outcome = "committed"
            elif any(c >= day for c in closings):
                outcome = "closed"
            else:
                outcome = "unknown"
            heading = " / ".join(item.headings)
            text = f"{heading}\n{item.text}"
            date = letter.facts.letter_date
            yield (letter.facts.id, item.seq, review_id, company, company_key(company), date,
                   int(date[:4]) if date else None,
                   letter.facts.filings[0] if letter.facts.filings else "",
                   letter.office or office, item.number, heading, item.text, answer,
                   answer_date, outcome, follow[0].text if follow else None,
                   follow[1] if follow else None,
                   " ".join(citations(text)), " ".join(f"t_{t.replace('-', '_')}"
                                                       for t in taxonomy.tag(text)))


def _answers(ordered: list[Letter], staff: list[Letter]
             ) -> dict[tuple[str, int], tuple[str, str | None]]:
    """(staff letter, item seq) → (the filed answer, its date)."""
    found: dict[tuple[str, int], tuple[str, str | None]] = {}
    for response in (x for x in ordered if x.facts.role == "response"):
        answered = _answered(response.facts, staff)
        if answered is None:
            continue
        for item in response.items:
            target = _best_match(item, answered.items)
            if target is not None and item.response:
                key = (answered.facts.id, target.seq)
                before = found.get(key)
                text = item.response if before is None else f"{before[0]}\n\n{item.response}"
                found[key] = (text, response.facts.letter_date)
    return found


def _answered(response: Facts, staff: list[Letter]) -> Letter | None:
    for cited in response.cited:
        for letter in staff:
            if letter.facts.letter_date == cited:
                return letter
    day = response.letter_date or "9999"
    earlier = [s for s in staff if (s.facts.letter_date or "") <= day]
    return earlier[-1] if earlier else None


def _best_match(item: Item, targets: tuple[Item, ...]) -> Item | None:
    def similarity(target: Item) -> float:
        return difflib.SequenceMatcher(None, item.text[:600], target.text[:600]).ratio()

    same = [t for t in targets if t.number == item.number]
    if same and (len(targets) == 1 or similarity(same[0]) >= 0.5):
        return same[0]
    scored = sorted(((similarity(t), t.seq, t) for t in targets), key=lambda p: -p[0])
    return scored[0][2] if scored and scored[0][0] >= 0.6 else None


def _shingles(text: str | None) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", (text or "").lower())
    return {tuple(words[i:i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _follow_up(item: Item, answer: str | None, letter: Letter,
               later: list[Letter]) -> tuple[Item, str | None] | None:
    """The later staff comment that comes back to `item`, and its letter's date."""
    if not later:
        return None
    nearest = later[0]
    for candidate in nearest.items:
        if item.number in candidate.prior_refs:
            return candidate, nearest.facts.letter_date
    recited = _shingles(item.text) | _shingles(answer)
    for next_letter in later:
        for candidate in next_letter.items:
            if candidate.prior_refs:
                continue  # it names the comments it comes back to
            if len(recited & _shingles(candidate.text)) >= 2:
                return candidate, next_letter.facts.letter_date
    return None
