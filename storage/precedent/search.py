"""The most similar comments of other companies in a precedent library, and why each matched.

The method (measured in the README's developer section): SQLite FTS5's bm25 over the comment's
most telling words (the rarest in the library, up to `QUERY_WORDS`), its citation tokens and its
topic tags finds the `POOL` likeliest candidates; each is then scored by the cosine of its words
with the comment's, weighted by how rare each word is in the library (tf-idf), and those under
`MIN_SIMILARITY` are not shown: when nothing in the library asks the same question, fewer rows
(or none) beat rows on another question that merely share words. A comment repeated in the
library (the same words asked again of one company, or a letter read twice) is shown once.
"""
from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from storage.precedent.cites import citations, label
from storage.precedent.library import OUTCOMES

QUERY_WORDS = 16
POOL = 80
WEIGHTS = (1.0, 3.0, 1.5)  # bm25 column weights: text, citations, tags
# Under this cosine a precedent was on the comment's question less often than not (judged by
# hand in tests/storage/precedent_judged: about 0.8 of those shown above it were on point).
MIN_SIMILARITY = 0.3
_WORD = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our ours out over own same she should so some such
than that the their theirs them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours
please tell us explain describe disclose disclosure disclosures provide revise revised response
comment comments note company company's filing page pages form related regarding respect
discuss discussion clarify consider considered example including include includes additional
further whether specifically appropriate basis support supporting future filings amendment
asc topic item items regulation rule
january february march april may june july august september october november december
fiscal year years ended ending quarter quarterly period periods filed dated
""".split())


@dataclass(frozen=True)
class Filters:
    topic: str | None = None  # a topic id
    outcome: str | None = None  # a key of OUTCOMES
    year_from: int | None = None
    year_to: int | None = None
    office: str | None = None


@dataclass(frozen=True)
class Precedent:
    id: int
    company: str
    letter_date: str | None
    filing: str
    office: str | None
    number: int
    heading: str
    text: str
    answer: str | None
    answer_date: str | None
    outcome: str
    follow_up: str | None
    score: float
    shared_cites: tuple[str, ...] = ()  # labels
    shared_tags: tuple[str, ...] = ()  # topic ids
    shared_words: tuple[str, ...] = field(default=())

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome, self.outcome)

    def why(self, topic_labels: dict[str, str] | None = None) -> str:
        """Why it matched, in a line: citations, topics, words."""
        parts = []
        if self.shared_cites:
            parts.append("cites " + ", ".join(self.shared_cites))
        if self.shared_tags:
            labels = topic_labels or {}
            parts.append("topics " + ", ".join(labels.get(t, t) for t in self.shared_tags))
        if self.shared_words:
            parts.append("words " + ", ".join(self.shared_words))
        return "; ".join(parts)


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP]


def similar(conn: sqlite3.Connection, text: str, tags: tuple[str, ...] = (),
            company_key: str = "", filters: Filters = Filters(), limit: int = 10,
            least: float = MIN_SIMILARITY) -> list[Precedent]:
    """The `limit` precedents most like `text` (a comment with its headings), of companies other
    than `company_key`, best first; none scoring under `least`."""
    cites = citations(text)
    tag_tokens = {f"t_{t.replace('-', '_')}": t for t in tags}
    chosen = _telling(conn, words(text))
    tokens = list(chosen) + list(cites) + list(tag_tokens)
    if not tokens:
        return []
    match = " OR ".join(f'"{t}"' for t in tokens)
    if filters.topic:
        match = f'({match}) AND tags : "t_{filters.topic.replace("-", "_")}"'
    where, params = _where(filters, company_key)
    rows = conn.execute(
        "SELECT p.id, p.company, p.letter_date, p.filing, p.office, p.number, p.heading, p.text,"
        " p.answer, p.answer_date, p.outcome, p.follow_up, p.cites, p.tags, "
        f"bm25(precedent_fts, {', '.join(map(str, WEIGHTS))}) AS rank "
        "FROM precedent_fts JOIN precedents p ON p.id = precedent_fts.rowid "
        f"WHERE precedent_fts MATCH ? {where} ORDER BY rank LIMIT ?",
        [match, *params, POOL]).fetchall()
    if not rows:
        return []
    # Their texts alone: the library counts the words of texts, not of headings, so a heading's
    # words ("Results of Operations") would weigh as if rare.
    said = [words(row[7]) for row in rows]
    idf = _idf(conn, {w for found in [words(text), *said] for w in found})
    asked = _vector(words(text), idf)
    scored = []
    for row, theirs in zip(rows, said, strict=True):
        score = _cosine(asked, _vector(theirs, idf))
        if score < least:
            continue
        their_cites = set(row[12].split())
        their_tags = set(row[13].split())
        shared_cites = [c for c in cites if c in their_cites]
        shared_tags = [t for tok, t in tag_tokens.items() if tok in their_tags]
        scored.append((score, row, shared_cites, shared_tags))
    scored.sort(key=lambda s: (-s[0], s[1][0]))
    out: list[Precedent] = []
    seen: set[str] = set()
    for score, row, shared_cites, shared_tags in scored:
        key = " ".join(row[7].lower().split())
        if key in seen:
            continue
        seen.add(key)
        held = set(words(row[7]))
        out.append(Precedent(*row[:12], score=round(score, 4),  # type: ignore[misc]
                             shared_cites=_deepest(shared_cites),
                             shared_tags=tuple(shared_tags),
                             shared_words=tuple(w for w in chosen if w in held)[:6]))
        if len(out) == limit:
            break
    return out


def _idf(conn: sqlite3.Connection, found: set[str]) -> dict[str, float]:
    """Each word of `found` the library holds, with its inverse document frequency."""
    unique = list(found)
    total = conn.execute("SELECT max(id) FROM precedents").fetchone()[0] or 1
    df: dict[str, int] = {}
    for start in range(0, len(unique), 900):
        part = unique[start:start + 900]
        df.update(conn.execute(f"SELECT term, df FROM terms WHERE term IN "
                               f"({', '.join('?' for _ in part)})", part))
    return {w: math.log(total / n) for w, n in df.items() if n < total}


def _vector(found: list[str], idf: dict[str, float]) -> dict[str, float]:
    """tf-idf weights of the words `found` that the library holds (a word unknown to it can
    match nothing)."""
    counts = Counter(w for w in found if w in idf)
    return {w: (1 + math.log(n)) * idf[w] for w, n in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(x * b[w] for w, x in a.items() if w in b)
    norm = math.sqrt(sum(x * x for x in a.values()) * sum(x * x for x in b.values()))
    return dot / norm if norm else 0.0


def _telling(conn: sqlite3.Connection, found: list[str]) -> dict[str, float]:
    """The query's rarest words in the library (those it holds), with their idf, rarest first."""
    unique = list(dict.fromkeys(found))[:400]
    if not unique:
        return {}
    total = conn.execute("SELECT max(id) FROM precedents").fetchone()[0] or 1  # ids are dense
    marks = ", ".join("?" for _ in unique)
    df = dict(conn.execute(f"SELECT term, df FROM terms WHERE term IN ({marks})", unique))
    ranked = sorted((w for w in unique if w in df and df[w] < total * 0.25),
                    key=lambda w: (df[w], w))
    return {w: math.log(total / df[w]) for w in ranked[:QUERY_WORDS]}


def _where(filters: Filters, company_key: str) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if company_key:
        clauses.append("p.company_key != ?")
        params.append(company_key)
    if filters.outcome:
        clauses.append("p.outcome = ?")
        params.append(filters.outcome)
    if filters.year_from:
        clauses.append("p.year >= ?")
        params.append(filters.year_from)
    if filters.year_to:
        clauses.append("p.year <= ?")
        params.append(filters.year_to)
    if filters.office:
        clauses.append("p.office = ?")
        params.append(filters.office)
    return "".join(f" AND {c}" for c in clauses), params


def _deepest(tokens: list[str]) -> tuple[str, ...]:
    """Shared citations, each named once at its deepest shared level (ASC 350-20, not also
    ASC 350)."""
    kept = [t for t in tokens if not any(o != t and o.startswith(t + "_") for o in tokens)]
    return tuple(label(t) for t in kept)


def offices(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT office FROM precedents WHERE office IS NOT NULL GROUP BY office "
        "ORDER BY count(*) DESC")]


def years(conn: sqlite3.Connection) -> tuple[int, int] | None:
    row = conn.execute("SELECT min(year), max(year) FROM precedents").fetchone()
    return (row[0], row[1]) if row and row[0] else None
