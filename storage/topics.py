"""Topic tags and answer kinds.

Every comment gets topic tags from an editable taxonomy (`resources/topics.toml`, or a
`topics.toml` beside the workspace file): automatically from the ASC topics, Regulation S-K
items and rules it cites and from keywords, in its headings and text; reviewers add or remove
tags, and their choice outlasts the automatic one. Tags are computed when asked (tagging is a
few regular-expression passes: 20,000 comments in well under two seconds), so a changed
taxonomy applies at once.

Each answer has a kind — revised the filing, will revise in future filings, provided
information, clarified, respectfully disagreed — suggested from its wording and editable. The
commitments register (storage.search.commitments) reads it.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.errors import UserError
from storage.ids import new_id, now

if TYPE_CHECKING:
    from storage.store import Store

SHIPPED = Path(__file__).resolve().parents[1] / "resources" / "topics.toml"
KEPT_PARSES = 8  # topic lists whose parse is kept (the shipped one, workspaces' own)
KINDS: dict[str, str] = {
    "revised": "Revised the filing", "future": "Will revise in future filings",
    "information": "Provided information", "clarified": "Clarified",
    "disagreed": "Respectfully disagreed"}


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    asc: tuple[str, ...] = ()
    sk_items: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


_ASC = re.compile(r"\b(?:FASB\s+)?(?:ASC|Accounting\s+Standards\s+Codification)(?:\s+Topic)?"
                  r"\s*(\d{3})(?:-(\d{2}))?|\bTopic\s+(\d{3})\b|\bSubtopic\s+(\d{3})-(\d{2})",
                  re.I)
_ITEM = r"\d{2,4}(?:\([a-z0-9]+\))*"
_SK = re.compile(rf"\bItems?\s+({_ITEM}(?:\s*(?:,|and|or|through)\s*{_ITEM})*)"
                 r"(?=[^.;]{0,40}?(?:Regulation\s+)?S-K)", re.I)


class Taxonomy:
    """The topics and the matchers compiled from them."""

    def __init__(self, topics: tuple[Topic, ...], digest: str = "") -> None:
        ids = [t.id for t in topics]
        if len(set(ids)) != len(ids):
            raise UserError("The topic list names a topic twice; give each topic its own id.")
        self.topics = topics
        self.digest = digest
        self.labels = {t.id: t.label for t in topics}
        self._asc: dict[str, list[str]] = {}
        self._sk: list[tuple[str, str]] = []
        # phrases by their first word; those whose first word is a prefix ("exhibit*") by
        # its first three letters: (the phrase's words, last word a prefix, topic)
        self._exact: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        self._prefix: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        for topic in topics:
            for code in topic.asc:
                self._asc.setdefault(code, []).append(topic.id)
            self._sk += [(item.lower(), topic.id) for item in topic.sk_items]
            for phrase in (*topic.rules, *topic.keywords):
                star = phrase.rstrip().endswith("*")
                words = tuple(_words(phrase.rstrip().rstrip("*")))
                if not words:
                    continue
                entry = (words, star, topic.id)
                if star and len(words) == 1:
                    self._prefix.setdefault(words[0][:3], []).append(entry)
                else:
                    self._exact.setdefault(words[0], []).append(entry)

    def tag(self, text: str) -> tuple[str, ...]:
        """The topics a text is about, in the taxonomy's order."""
        found: set[str] = set()
        low = text.lower()
        if "asc" in low or "topic" in low or "codification" in low:
            for match in _ASC.finditer(text):
                code = match.group(1) or match.group(3) or match.group(4)
                sub = match.group(2) or match.group(5)
                for key in (f"{code}-{sub}" if sub else "", code):
                    found.update(self._asc.get(key, ()))
        if "s-k" in low:
            for match in _SK.finditer(text):
                for item in re.findall(_ITEM, match.group(1).lower()):
                    found.update(t for code, t in self._sk if item.startswith(code))
        words = _words(_NOISE.sub(" ", low))
        exact, prefix = self._exact, self._prefix
        for index, word in enumerate(words):
            for phrase, star, topic in exact.get(word, ()):
                if topic not in found and _follows(words, index, phrase, star):
                    found.add(topic)
            for phrase, _star, topic in prefix.get(word[:3], ()):
                if topic not in found and word.startswith(phrase[0]):
                    found.add(topic)
        return tuple(t.id for t in self.topics if t.id in found)


# Phrases that name a topic's words without being about it ("income before income taxes").
_NOISE = re.compile(r"\b(?:income|earnings|loss|profit)(?: \(loss\))? "
                    r"(?:from continuing operations )?"
                    r"before (?:provision for )?(?:income )?taxes")
_WORD = re.compile(r"[a-z0-9]+(?:[&'.-][a-z0-9]+)*")


def _words(text: str) -> list[str]:
    """Lower-case words, kept whole across inner hyphens, apostrophes, "&" and points."""
    return _WORD.findall(text.lower().replace("’", "'"))


def _follows(words: list[str], index: int, phrase: tuple[str, ...], star: bool) -> bool:
    """Whether `phrase` starts at `index` (its last word a prefix when `star`)."""
    end = index + len(phrase)
    if end > len(words):
        return False
    last = len(phrase) - 1
    for offset in range(1, len(phrase)):
        word = words[index + offset]
        wanted = phrase[offset]
        if word != wanted and not (star and offset == last and word.startswith(wanted)):
            return False
    return not (star and last == 0)  # a one-word prefix phrase is indexed apart


def load_taxonomy(path: Path | str = SHIPPED) -> Taxonomy:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from error
    digest = hashlib.sha256(data).hexdigest()[:16]
    topics = []
    for entry in _topic_tables(path, data, digest):
        if not isinstance(entry, dict) or not entry.get("id"):
            raise UserError(f"The topic list {path} has a [[topic]] without an id.")
        topics.append(Topic(str(entry["id"]), str(entry.get("label") or entry["id"]),
                            *(tuple(str(v) for v in entry.get(k, ()))
                              for k in ("asc", "sk_items", "rules", "keywords"))))
    return Taxonomy(tuple(topics), digest)


def _unreadable(path: Path, error: Exception) -> UserError:
    return UserError(f"The topic list {path} could not be read ({error}). Fix the file, or "
                     "remove it to use the shipped one.")


def _topic_tables(path: Path, data: bytes, digest: str) -> list[Any]:
    """The file's [[topic]] tables. Parsing TOML (and loading the parser) took some 3 ms of
    every start, so the tables are kept as JSON in the user's config folder, under the file's
    digest: a changed file is parsed again. A missing, damaged or unwritable copy is only
    parsed again; it never stops the topics from loading."""
    kept = _kept_path(digest)
    try:
        tables = json.loads(kept.read_text("utf-8"))
        if isinstance(tables, list):
            return tables
    except (OSError, ValueError):
        pass
    import tomllib

    try:
        tables = tomllib.loads(data.decode("utf-8")).get("topic", [])
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _unreadable(path, error) from error
    if isinstance(tables, list):
        _keep(kept, tables)
    return tables if isinstance(tables, list) else []


def _kept_path(digest: str) -> Path:
    from storage.identity import config_dir

    return config_dir() / "cache" / f"topics-{digest}.json"


def _keep(kept: Path, tables: list[Any]) -> None:
    from storage.exports import write_atomic

    text = json.dumps(tables, ensure_ascii=False).encode()
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(kept, lambda out: out.write(text))
        others = sorted((p for p in kept.parent.glob("topics-*.json") if p != kept),
                        key=lambda p: p.stat().st_mtime)
        for old in others[:max(0, len(others) - KEPT_PARSES + 1)]:  # lists since edited
            old.unlink(missing_ok=True)
    except (OSError, UserError):
        pass


_loaded: dict[tuple[str, float], Taxonomy] = {}


def taxonomy_for(store: Store) -> Taxonomy:
    """The workspace's taxonomy: `topics.toml` beside the workspace file, else the shipped
    one (read again when the file changes)."""
    path = SHIPPED
    if store.path is not None and (store.path.parent / "topics.toml").exists():
        path = store.path.parent / "topics.toml"
    key = (str(path), path.stat().st_mtime)
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load_taxonomy(path)
    return _loaded[key]


# -- tags of the workspace's comments ------------------------------------------------------------

def comment_tags(store: Store, matter_id: str | None = None) -> dict[str, tuple[str, ...]]:
    """Every live comment's tags (of one matter, or the workspace): automatic ones with the
    reviewers' additions and removals applied."""
    taxonomy = taxonomy_for(store)
    sql = ("SELECT id, heading_path, text FROM comments WHERE retired_at IS NULL"
           + (" AND matter_id = ?" if matter_id else ""))
    rows = store.db.execute(sql, [matter_id] if matter_id else []).fetchall()
    tags = {cid: list(taxonomy.tag(f"{path}\n{text}")) for cid, path, text in rows}
    _apply_overrides(store, tags, taxonomy, matter_id)
    return {cid: tuple(found) for cid, found in tags.items()}


def _apply_overrides(store: Store, tags: dict[str, list[str]], taxonomy: Taxonomy,
                     matter_id: str | None) -> None:
    sql = "SELECT o.comment_id, o.tag, o.present FROM tag_overrides o"
    params: list[Any] = []
    if matter_id:
        sql += " JOIN comments c ON c.id = o.comment_id WHERE c.matter_id = ?"
        params.append(matter_id)
    order = {t.id: i for i, t in enumerate(taxonomy.topics)}
    for comment_id, tag, present in store.db.execute(sql + " ORDER BY o.at", params):
        found = tags.get(comment_id)
        if found is None:
            continue
        if present and tag not in found:
            found.append(tag)
            found.sort(key=lambda t: order.get(t, len(order)))
        elif not present and tag in found:
            found.remove(tag)


def tags_of(store: Store, comment_id: str) -> tuple[str, ...]:
    comment = store.comment(comment_id)
    path = json.dumps(list(comment.heading_path), ensure_ascii=False)
    tags = list(taxonomy_for(store).tag(f"{path}\n{comment.text}"))
    _apply_overrides(store, {comment_id: tags}, taxonomy_for(store), comment.matter_id)
    return tuple(tags)


def set_tag(store: Store, comment_id: str, tag: str, present: bool) -> tuple[str, ...]:
    """A reviewer adds (`present`) or removes a tag; kept over the automatic tagging."""
    if tag not in taxonomy_for(store).labels:
        raise UserError(f"There is no topic {tag!r}; the topics are "
                        f"{', '.join(taxonomy_for(store).labels)}.")
    comment = store.comment(comment_id)
    before = tags_of(store, comment_id)
    with store.atomic():
        store.db.execute(
            "INSERT INTO tag_overrides (id, comment_id, tag, present, author_id, at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(comment_id, tag) DO UPDATE SET "
            "present = excluded.present, author_id = excluded.author_id, at = excluded.at",
            [new_id(), comment_id, tag, int(present), store.setting("local_reviewer_id"), now()])
        store._event(comment.matter_id, "comment", comment_id,
                     "tag_added" if present else "tag_removed", {"tags": list(before)},
                     {"tag": tag})
    return tags_of(store, comment_id)


def matching(store: Store, tag: str, matter_id: str | None = None) -> set[str]:
    """The comments tagged `tag` (search's `tag:` term)."""
    tag = tag.lower()
    return {cid for cid, tags in comment_tags(store, matter_id).items() if tag in tags}


# -- answer kinds ---------------------------------------------------------------------------------

_KIND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("revised", re.compile(
        r"\b(?:has|have) (?:revised|amended|updated|expanded|added|clarified) (?:the |its |our )?"
        r"(?:disclosure|registration statement|filing|amendment|form|draft|prospectus)"
        r"|\b(?:has|have) (?:revised|amended|updated|expanded)\b[^.]{0,80}\b(?:on )?pages? \d"
        r"|\bin (?:the |this )?(?:amendment|amended (?:filing|registration statement|form))"
        r"|\bamendment no\. \d|\brevised (?:disclosure )?(?:on|at) pages? \d", re.I)),
    ("future", re.compile(
        r"\bin (?:its |our |the company's |all )?future (?:filings|periodic reports|reports|"
        r"annual reports|quarterly reports|earnings releases|disclosures?)"
        r"|\bwill (?:revise|expand|enhance|include|provide|clarify|disclose|add|update)\b"
        r"[^.]{0,120}\b(?:next|future|upcoming|subsequent|beginning with)", re.I)),
    ("disagreed", re.compile(
        r"\brespectfully (?:disagrees?|submits? that (?:it|the company|we) (?:does|do) not"
        r"|believes? that no)"
        r"|\b(?:does|do) not believe (?:that )?(?:any )?(?:additional|further|revised|such|a "
        r"change|the|an)[^.]{0,60}\b(?:necessary|required|warranted|appropriate|meaningful)"
        r"|\bcurrent disclosure (?:is|are) (?:appropriate|adequate|sufficient|compliant)", re.I)),
    ("clarified", re.compile(
        r"\b(?:to|wishes to|would like to|respectfully) clarify\b|\bclarifies\b"
        r"|\bto clarify\b|\bfor clarification\b", re.I)),
)


def suggest_kind(answer: str) -> str | None:
    """The kind an answer's wording suggests, or None for an empty answer."""
    text = " ".join(answer.split())
    if not text:
        return None
    for kind, words in _KIND_WORDS:
        if words.search(text):
            return kind
    return "information"


@dataclass(frozen=True)
class AnswerKind:
    kind: str | None  # a key of KINDS, or None (no answer yet)
    chosen: bool  # a reviewer chose it (else it is the suggestion)


def answer_kinds(store: Store, matter_id: str) -> dict[str, AnswerKind]:
    """Every comment's answer kind in a matter: the reviewer's choice, else the suggestion from
    the draft (or, without one, the filed answer)."""
    from storage.store import plain_text

    chosen = dict(store.db.execute(
        "SELECT k.comment_id, k.kind FROM answer_kinds k JOIN comments c ON c.id = k.comment_id"
        " WHERE c.matter_id = ?", [matter_id]).fetchall())
    drafts = store.responses(matter_id)
    out = {}
    for comment in store.comments(matter_id=matter_id):
        if comment.id in chosen:
            out[comment.id] = AnswerKind(chosen[comment.id], True)
            continue
        draft = drafts.get(comment.id)
        text = plain_text(draft.draft) if draft and draft.draft.strip() else \
            (comment.filed_response or "")
        out[comment.id] = AnswerKind(suggest_kind(text), False)
    return out


def answer_kind(store: Store, comment_id: str) -> AnswerKind:
    """One answer's kind (as `answer_kinds`, without reading the whole matter)."""
    from storage.store import plain_text

    row = store.db.execute("SELECT kind FROM answer_kinds WHERE comment_id = ?",
                           [comment_id]).fetchone()
    if row is not None:
        return AnswerKind(row[0], True)
    draft = store.response(comment_id).draft
    text = plain_text(draft) if draft.strip() else \
        (store.comment(comment_id).filed_response or "")
    return AnswerKind(suggest_kind(text), False)


def set_answer_kind(store: Store, comment_id: str, kind: str | None) -> AnswerKind:
    """Choose an answer's kind (None: back to the suggestion)."""
    if kind is not None and kind not in KINDS:
        raise UserError(f"Unknown kind {kind!r}; choose one of {', '.join(KINDS)}.")
    comment = store.comment(comment_id)
    with store.atomic():
        if kind is None:
            store.db.execute("DELETE FROM answer_kinds WHERE comment_id = ?", [comment_id])
        else:
            store.db.execute(
                "INSERT INTO answer_kinds (comment_id, kind, author_id, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(comment_id) DO UPDATE SET kind = excluded.kind, "
                "author_id = excluded.author_id, at = excluded.at",
                [comment_id, kind, store.setting("local_reviewer_id"), now()])
        store._event(comment.matter_id, "response", comment_id, "kind", None, {"kind": kind})
    return answer_kind(store, comment_id)
