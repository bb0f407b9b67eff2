"""Full-text search over every matter's comments, answers and notes (SQLite FTS5), and the
register of commitments: the sentences in answers that promise something for later."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storage.clauses import committing_clauses_in
from storage.store import plain_text

if TYPE_CHECKING:
    from storage.store import Store

MARK_START, MARK_END = "\x02", "\x03"  # around the matched words in a snippet
KIND_LABELS = {"comment": "Comment", "filed": "Filed answer", "draft": "Draft answer",
               "note": "Note"}


@dataclass(frozen=True)
class SearchHit:
    kind: str  # comment | filed | draft | note
    comment_id: str
    matter_id: str
    snippet: str  # with MARK_START/MARK_END around matched words

    def parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, matched) runs, for display."""
        out = []
        for i, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", self.snippet)):
            if piece:
                out.append((piece, i % 2 == 1))
        return out


_TAG = re.compile(r"(?<!\S)tag:([\w-]+)", re.I)


def search(store: Store, query: str, limit: int = 200) -> list[SearchHit]:
    """FTS5 syntax: "a phrase", prefix*, AND / OR / NOT, parentheses. A query that is not
    valid FTS5 (a stray quote, a lone hyphen) is searched as plain words instead.
    `tag:non-gaap` keeps the comments with that topic tag (storage.topics); alone, it lists
    them."""
    tags = [t.lower() for t in _TAG.findall(query)]
    query = _TAG.sub(" ", query).strip()
    if not query and not tags:
        return []
    wanted = _tagged(store, tags) if tags else None
    if not query:
        return _comments_hits(store, wanted or set(), limit)
    try:
        hits = _run(store, query, limit if wanted is None else 10 * limit)
    except sqlite3.OperationalError:
        hits = _run(store, _as_words(query), limit if wanted is None else 10 * limit)
    return hits if wanted is None else [h for h in hits if h.comment_id in wanted][:limit]


def _tagged(store: Store, tags: list[str]) -> set[str]:
    from storage.topics import comment_tags

    return {cid for cid, found in comment_tags(store).items()
            if all(any(t == tag or t.startswith(tag) for t in found) for tag in tags)}


def _comments_hits(store: Store, ids: set[str], limit: int) -> list[SearchHit]:
    """The comments among `ids`, in letter order, the start of each as its snippet."""
    return [SearchHit("comment", head.id, head.matter_id, " ".join(head.title.split()))
            for head in store.comment_heads() if head.id in ids][:limit]


def _run(store: Store, query: str, limit: int) -> list[SearchHit]:
    sql = ("SELECT kind, comment_id, matter_id, "
           f"snippet(search, 0, '{MARK_START}', '{MARK_END}', '…', 14) "
           "FROM search WHERE search MATCH ? ORDER BY bm25(search) LIMIT ?")
    return [SearchHit(*row) for row in store.db.execute(sql, [query, limit]).fetchall()]


def _as_words(query: str) -> str:
    words = re.findall(r"[\w\-.]+\*?", query)
    return " ".join('"' + w.rstrip("*").replace('"', "") + '"' + ("*" if w.endswith("*") else "")
                    for w in words) or '""'


# -- commitments ------------------------------------------------------------------------------

_PROMISE = re.compile(
    r"\b(?:in (?:its |our |the Company's )?future (?:filings|periodic reports|reports|"
    r"earnings releases|disclosures?)"
    r"|(?:we|the company|it|management)\s+will\s+(?:revise|include|provide|expand|enhance|"
    r"clarify|disclose|add|update|continue to (?:provide|disclose|include)|file|amend|remove)"
    r"|(?:we|the company)\s+(?:undertakes?|commits?|intends?|plans?)\s+to"
    r"|(?:proposed|revised) disclosure)", re.I)
_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(“\"])")


@dataclass(frozen=True)
class Commitment:
    comment_id: str
    number: int
    source: str  # draft | filed
    sentence: str
    clause: str | None = None  # the title of the library clause it comes from, if any
    kind: str | None = None  # the answer's kind (storage.topics.KINDS), chosen or suggested
    by_kind: bool = False  # listed because of its kind: no sentence reads as a promise


def commitments(store: Store, matter_id: str) -> list[Commitment]:
    """Each sentence of a matter's answers (the draft, else the filed answer) that promises;
    and an answer whose kind is "will revise in future filings" though no sentence of it reads
    as a promise (a reviewer said so), by its first sentence."""
    from storage.topics import answer_kinds

    drafts = store.responses(matter_id)
    kinds = answer_kinds(store, matter_id)
    found = []
    for comment in store.comments(matter_id=matter_id):
        if comment.answers_id:
            continue  # a response letter's item: its answer is the staff comment's filed one
        draft = drafts.get(comment.id)
        text, source = (plain_text(draft.draft), "draft") if draft and draft.draft.strip() else \
            (_filed(store, comment.id), "filed")
        flat = " ".join((text or "").split())
        mine = [Commitment(comment.id, comment.number, source, sentence.strip())
                for sentence in _SENTENCE.split(flat) if _PROMISE.search(sentence)]
        for clause in committing_clauses_in(store, flat):
            body = " ".join(clause.body.split())
            within = [c for c in mine if c.sentence in body]
            if within:  # the words found already: say which clause they come from
                mine = [replace(c, clause=clause.title) if c in within else c for c in mine]
            else:  # a clause that commits in words the register does not know
                mine.append(Commitment(comment.id, comment.number, source, body, clause.title))
        kind = kinds[comment.id].kind if comment.id in kinds else None
        if not mine and kind == "future" and flat:
            mine = [Commitment(comment.id, comment.number, source,
                               _SENTENCE.split(flat)[0].strip(), by_kind=True)]
        found += [replace(c, kind=kind) for c in mine]
    return found


def _filed(store: Store, comment_id: str) -> str | None:
    answers = [a.filed_response for a in store.answers_to(comment_id) if a.filed_response]
    return "\n\n".join(answers) or store.comment(comment_id).filed_response
