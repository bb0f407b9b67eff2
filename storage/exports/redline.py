"""The response letter as Word with tracked changes: each answer against the last version sent
out (the answers of the last response letter exported, else the answer filed in the response
letter), as real `w:ins`/`w:del` revisions that Word and LibreOffice list and accept.

Each change is attributed to the reviewer who made it: the answer's saved versions since the
baseline are replayed in order, word by word, and a word inserted or deleted at a step is that
step's author's (a version's author; for the current draft, whoever saved it last).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from storage.exports import ALL, Progress, Selection, write_atomic
from storage.exports.docx import render
from storage.exports.letter import Entry, build_letter
from storage.exports.richtext import as_text, blocks
from storage.exports.sent import Sent, last_sent, record_sent

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

    from storage.store import Store

State = Literal["same", "ins", "del"]
# A word (figures, % and apostrophes included) or one mark of punctuation, with the spaces
# after it; a line break between paragraphs on its own.
_WORDS = re.compile(r"\n|(?:[\w%$'’]+|[^\w\s])[^\S\n]*|[^\S\n]+")


@dataclass(frozen=True)
class Token:
    text: str  # a word with the spaces after it, or "\n" between paragraphs
    state: State = "same"
    author: str = ""  # who inserted or deleted it
    at: str = ""  # when (UTC ISO-8601)


@dataclass(frozen=True)
class Step:
    """One saved state of an answer, and who saved it when."""

    text: str
    author: str
    at: str


def tokens(text: str) -> list[str]:
    return _WORDS.findall(text)


def replay(baseline: str, steps: list[Step]) -> list[Token]:
    """The final text as tokens: unchanged, inserted or deleted since `baseline`, each change
    attributed to the step that made it. A word inserted after the baseline and deleted again
    is not shown at all (the reader never saw it)."""
    flat = [Token(word) for word in tokens(baseline)]
    for step in steps:
        flat = _apply(flat, tokens(step.text), step)
    return flat


def _apply(flat: list[Token], new: list[str], step: Step) -> list[Token]:
    live = [i for i, token in enumerate(flat) if token.state != "del"]
    matcher = difflib.SequenceMatcher(None, [flat[i].text for i in live], new, autojunk=False)
    out: list[Token] = []
    cursor = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i1, i2):
            place = live[k]
            out += flat[cursor:place]  # the deletions shown before this word
            cursor = place + 1
            token = flat[place]
            if tag == "equal":
                out.append(token)
            elif token.state == "same":
                out.append(Token(token.text, "del", step.author, step.at))
        if tag in ("insert", "replace"):
            out += [Token(word, "ins", step.author, step.at) for word in new[j1:j2]]
    return out + flat[cursor:]


# -- from the store ----------------------------------------------------------------------------

def answer_changes(store: Store, comment_id: str, shown: str, sent: Sent | None
                   ) -> list[Token]:
    """How an answer (`shown`: as the letter prints it) changed since it last went out."""
    names = {r.id: r.name for r in store.reviewers()}
    if sent is not None and comment_id in sent.answers:
        baseline, since = sent.answers[comment_id], sent.at
    else:
        filed = [a.filed_response for a in store.answers_to(comment_id) if a.filed_response]
        baseline, since = "\n".join(filed) or store.comment(comment_id).filed_response or "", ""
    steps = [Step(_text(v.draft), names.get(v.author_id or "", "Unknown"), v.created_at)
             for v in store.versions(comment_id) if v.created_at > since]
    current = store.response(comment_id)
    steps.append(Step(shown, names.get(current.updated_by or "", "Unknown"),
                      current.updated_at or ""))
    return replay(baseline, steps)


def _text(draft: str) -> str:
    return as_text(blocks(draft)) if draft.strip() else ""


# -- Word --------------------------------------------------------------------------------------

def export_redline(store: Store, matter_id: str, path: Path | str, selection: Selection = ALL,
                   *, document_id: str | None = None, progress: Progress | None = None) -> Path:
    """Write the response letter with each answer's changes since it last went out tracked,
    and remember this letter as the one sent out."""
    letter = build_letter(store, matter_id, selection, document_id)
    sent = last_sent(store, matter_id)
    changes = {entry.comment_id: answer_changes(store, entry.comment_id,
                                                as_text(list(entry.answer)), sent)
               for entry in letter.entries}
    revisions = _Revisions()

    def answer(word: WordDocument, entry: Entry, _numbering: object) -> None:
        revisions.write(word, changes[entry.comment_id])

    document = render(letter, progress, answer)

    def writer(out: BinaryIO) -> None:
        document.save(out)

    written = write_atomic(path, writer)
    record_sent(store, matter_id, letter, "redline")
    return written


class _Revisions:
    """Writes tracked paragraphs; revision ids are unique across the document."""

    def __init__(self) -> None:
        self.next_id = 1

    def write(self, word: WordDocument, found: list[Token]) -> None:
        paragraphs: list[list[Token]] = [[]]
        for token in found:
            if token.text == "\n":
                paragraphs.append([])
            else:
                paragraphs[-1].append(token)
        for part in paragraphs:
            if not part:
                continue
            paragraph = word.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            for state, author, at, text in _runs(part):
                self._run(paragraph._p, state, author, at, text)

    def _run(self, p: BaseOxmlElement, state: State, author: str, at: str, text: str) -> None:
        run = OxmlElement("w:r")
        body = OxmlElement("w:delText" if state == "del" else "w:t")
        body.set(qn("xml:space"), "preserve")
        body.text = text
        run.append(body)
        if state == "same":
            p.append(run)
            return
        mark = OxmlElement("w:ins" if state == "ins" else "w:del")
        mark.set(qn("w:id"), str(self.next_id))
        mark.set(qn("w:author"), author or "Unknown")
        mark.set(qn("w:date"), _word_date(at))
        self.next_id += 1
        mark.append(run)
        p.append(mark)


def _runs(part: list[Token]) -> list[tuple[State, str, str, str]]:
    """Neighbouring tokens of one kind and author as one run."""
    out: list[tuple[State, str, str, str]] = []
    for token in part:
        key = (token.state, token.author, token.at)
        if out and out[-1][:3] == key:
            out[-1] = (*key, out[-1][3] + token.text)
        else:
            out.append((*key, token.text))
    return out


def _word_date(stamp: str) -> str:
    """Word's revision date: UTC, to the second, with a Z."""
    try:
        moment = datetime.fromisoformat(stamp).astimezone(UTC)
    except ValueError:
        moment = datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
