"""Which part of a Word draft answers which comment.

1. By tag: the hidden bookmark the Word export put round each answer (`_rj<comment id>`).
2. Where the tags were lost (the text was retyped or pasted into a new document): by the
   "Response to Comment N" or "N." headings, checked against the recited comment text (the
   recital alone decides when it clearly names another comment).
3. Otherwise by a fuzzy match of the recital (or, without one, the answer) against every comment.

What cannot be mapped is returned in `Mapping.unmapped`, never dropped; tracked changes outside
every answer (in the opening, say) are named in `Mapping.outside`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from storage.worddraft.reader import DraftDocument, Paragraph

MappedBy = Literal["tag", "heading", "text", "fuzzy"]
TAG_PREFIX = "_rj"
PLACEHOLDER = "[Response to be provided.]"

_RESPONSE = re.compile(r"^\s*(?:the\s+company'?s?\s+|company\s+)?response"
                       r"(?:\s+to\s+comment\s*(?:no\.?\s*)?\d+)?\s*[:.\-–—]\s*", re.I)
_COMMENT_HEAD = re.compile(r"^\s*(?:response\s+to\s+)?(?:staff\s+)?comment\s*(?:no\.?\s*)?"
                           r"(\d{1,3})\b\s*[:.\-–—]?\s*", re.I)
_LABEL_NUMBER = re.compile(r"comment\s*(?:no\.?\s*)?(\d+)", re.I)
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+\S")
_CLOSING = re.compile(r"^\s*(?:if you have any (?:further )?questions|sincerely|very truly yours|"
                      r"please (?:do not hesitate|contact|direct)|\*\s*\*\s*\*)", re.I)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Target:
    """A comment an answer can be mapped to."""

    id: str
    number: int
    text: str


@dataclass
class Section:
    """One answer found in the draft."""

    number: int | None  # as printed
    recital: list[Paragraph] = field(default_factory=list)  # the comment as recited
    answer: list[Paragraph] = field(default_factory=list)
    comment_id: str | None = None
    mapped_by: MappedBy | None = None
    first_index: int = 0  # where it starts in the document (paragraph index)
    tag: str | None = None  # the comment id its bookmark names

    def label(self) -> str:
        if self.number is not None:
            return f"the answer under comment {self.number}"
        words = " ".join(p.text() for p in self.answer).split()
        return f"the answer “{' '.join(words[:8])}…”" if words else "an empty answer"


@dataclass
class Mapping:
    sections: list[Section]  # mapped, in document order
    unmapped: list[Section]
    outside: list[str]  # tracked changes outside every answer, described
    stray_comments: list[str]  # Word comment ids anchored outside every answer and recital


def tagged_id(bookmark: str) -> str | None:
    """The comment id a `_rj…` bookmark names, or None."""
    if not bookmark.startswith(TAG_PREFIX):
        return None
    digits = bookmark[len(TAG_PREFIX):].lower()
    if not re.fullmatch(r"[0-9a-f]{32}", digits):
        return None
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def map_draft(draft: DraftDocument, targets: Sequence[Target]) -> Mapping:
    by_id = {t.id: t for t in targets}
    paragraphs = draft.paragraphs
    tags = [_tag_of(p, by_id) for p in paragraphs]
    sections = _sections(paragraphs, tags)
    mapped: list[Section] = []
    unmapped: list[Section] = []
    taken: set[str] = set()
    for section in sections:  # 1. by tag
        if section.tag and section.tag not in taken:
            section.comment_id, section.mapped_by = section.tag, "tag"
            taken.add(section.tag)
    for section in sections:  # 2. by heading and recital, 3. fuzzy
        if section.comment_id is None:
            _by_heading(section, targets, taken) or _fuzzy(section, targets, taken)
        (mapped if section.comment_id else unmapped).append(section)
    return Mapping(mapped, unmapped, _outside(paragraphs, sections), _stray(paragraphs, sections))


def _tag_of(paragraph: Paragraph, by_id: dict[str, Target]) -> str | None:
    for name in paragraph.bookmarks:
        comment_id = tagged_id(name)
        if comment_id is not None and comment_id in by_id:
            return comment_id
    return None


# -- finding the answers -------------------------------------------------------------------------

def _sections(paragraphs: list[Paragraph], tags: list[str | None]) -> list[Section]:
    """Recital → "Response:" → answer, until the next comment, a heading, the closing or
    another tagged answer. An unnumbered recital is the bold text just before "Response:"."""
    sections: list[Section] = []
    current: Section | None = None
    in_answer = False
    loose: list[Paragraph] = []  # bold text since the last boundary: a recital, perhaps
    ahead = _recitals_ahead(paragraphs)

    def start(number: int | None, index: int) -> Section:
        section = Section(number, first_index=index)
        sections.append(section)
        return section

    for index, paragraph in enumerate(paragraphs):
        text, tag = paragraph.text(), tags[index]
        if tag:
            if current is None or (in_answer and current.tag not in (None, tag)):
                current = start(None, index)
            current.tag, in_answer = tag, True
            current.answer.append(paragraph)
            continue
        number = _comment_number(paragraph, text)
        if number is not None:
            current, in_answer, loose = start(number, index), False, []
            current.recital.append(paragraph)
            continue
        response = _RESPONSE.match(text)
        if response:
            if current is None or in_answer:
                current = start(None, index)
                current.recital, loose = loose, []
            in_answer = True
            said = _LABEL_NUMBER.search(text[:response.end()])
            if said and current.number is None:
                current.number = int(said.group(1))  # "Response to Comment 4:"
            if text[response.end():].strip():
                current.answer.append(paragraph)  # "Response: The Company …" on one line
            continue
        if _CLOSING.match(text) or (in_answer and _heading(paragraph, text)):
            current, in_answer, loose = None, False, []  # the closing, or a heading
            continue
        if in_answer and ahead[index]:
            current, in_answer, loose = None, False, []  # the next, unnumbered recital
        if current is None:
            if paragraph.bold and text.strip():
                loose.append(paragraph)
            continue
        if not in_answer and current.recital and text.strip() and not paragraph.bold and \
                all(p.bold for p in current.recital if p.text().strip()):
            in_answer = True  # the bold recital ends where the plain answer starts
        (current.answer if in_answer else current.recital).append(paragraph)
    return sections


def _heading(paragraph: Paragraph, text: str) -> bool:
    """A heading over what follows: bold and underlined, or bold, short and unpunctuated."""
    if not paragraph.bold or not text.strip():
        return False
    return paragraph.underline or (len(text.split()) <= 8 and text.rstrip()[-1] not in ".:;?")


def _recitals_ahead(paragraphs: list[Paragraph]) -> list[bool]:
    """Whether each paragraph is bold text that runs on, bold, to a "Response:" label."""
    out = [False] * len(paragraphs)
    runs_to_label = False
    for index in range(len(paragraphs) - 1, -1, -1):
        paragraph = paragraphs[index]
        text = paragraph.text()
        if _RESPONSE.match(text):
            runs_to_label = True
        elif not text.strip():
            pass
        elif paragraph.bold:
            out[index] = runs_to_label
        else:
            runs_to_label = False
    return out


def _comment_number(paragraph: Paragraph, text: str) -> int | None:
    head = _COMMENT_HEAD.match(text)
    if head and not _RESPONSE.match(text):
        return int(head.group(1))
    numbered = _NUMBERED.match(text)
    if numbered and paragraph.bold and not paragraph.list_item:
        return int(numbered.group(1))
    return None


# -- mapping the untagged -----------------------------------------------------------------------

_STOP = frozenset(
    "a an and are as at be by for from has have in is it its of on or our please that the "
    "their them these this those to us we what whether which with you your tell explain "
    "describe provide disclose revise".split())


def words(text: str) -> set[str]:
    """The telling words of a text (lower case, without the words every comment uses)."""
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def similarity(a: set[str], b: set[str]) -> float:
    """How much of the shorter text the longer holds (0…1); 0 below three shared words."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / min(len(a), len(b)) if shared >= min(3, len(a), len(b)) else 0.0


def _recital_words(section: Section) -> set[str]:
    text = " ".join(p.text() for p in section.recital)
    return words(_COMMENT_HEAD.sub("", re.sub(r"^\s*\d{1,3}[.)]\s+", "", text)))


def _by_heading(section: Section, targets: Sequence[Target], taken: set[str]) -> bool:
    recital = _recital_words(section)
    free = [t for t in targets if t.id not in taken]
    if recital and len(recital) >= 4:
        scored = sorted(((similarity(recital, words(t.text)), t) for t in free),
                        key=lambda pair: -pair[0])
        numbered = [(s, t) for s, t in scored if t.number == section.number]
        if numbered and numbered[0][0] >= 0.6:
            return _take(section, numbered[0][1], "heading", taken)
        if scored and scored[0][0] >= 0.8:
            return _take(section, scored[0][1], "text", taken)
        return False
    if section.number is not None:
        numbered_targets = [t for t in free if t.number == section.number]
        if len(numbered_targets) == 1:
            return _take(section, numbered_targets[0], "heading", taken)
    return False


def _fuzzy(section: Section, targets: Sequence[Target], taken: set[str]) -> bool:
    recital = _recital_words(section) or words(" ".join(p.text() for p in section.answer))
    free = [t for t in targets if t.id not in taken]
    if not recital or not free:
        return False
    best_score, best = max(((similarity(recital, words(t.text)), t) for t in free),
                           key=lambda pair: pair[0])
    if best_score >= 0.45:
        return _take(section, best, "fuzzy", taken)
    return False


def _take(section: Section, target: Target, how: MappedBy, taken: set[str]) -> bool:
    section.comment_id, section.mapped_by = target.id, how
    taken.add(target.id)
    return True


# -- what lies outside the answers ---------------------------------------------------------------

def _covered(sections: list[Section]) -> set[int]:
    return {id(p) for s in sections for p in (*s.recital, *s.answer)}


def _outside(paragraphs: list[Paragraph], sections: list[Section]) -> list[str]:
    inside = {id(p) for s in sections for p in s.answer}
    out = []
    for paragraph in paragraphs:
        if id(paragraph) in inside or not paragraph.changes:
            continue
        text = " ".join(paragraph.text().split()[:10]) or "(an empty paragraph)"
        authors = sorted({c.author or "Unknown" for c in paragraph.changes})
        out.append(f"{len(paragraph.changes)} change(s) by {', '.join(authors)} in “{text}…”")
    return out


def _stray(paragraphs: list[Paragraph], sections: list[Section]) -> list[str]:
    covered = _covered(sections)
    return [c for p in paragraphs if id(p) not in covered for c in p.comments]
