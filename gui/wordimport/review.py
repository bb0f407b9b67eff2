"""The review of a Word draft brought back: every answer it changed, listed on the left with
its state (⚑ waiting, accepted, rejected, both kept) and how it was mapped; on the right the
proposal as a redline against the current draft — insertions underlined, deletions struck
through, each in its author's colour and named — with the tracked changes listed below. Accept,
reject or keep both per answer; accept all; undo the whole import. What was left out (answers
not mapped, changes and comments outside every answer, parts that could not be read) is on its
own tab. Everything goes through `storage.worddraft.importing`."""
from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.common import dialogs
from storage.errors import UserError
from storage.exports.redline import Token
from storage.store import Store
from storage.worddraft.importing import (
    DraftAnswer,
    accept_all,
    decide,
    draft_answers,
    draft_text,
    match_reviewer,
    undo_import,
    word_import,
)
from storage.worddraft.proposal import UNTRACKED

COLOURS = ("#1971c2", "#c2255c", "#2f9e44", "#9c36b5", "#e8590c", "#0c8599")
STATE_TEXT = {None: "⚑ waiting", "accepted": "accepted", "rejected": "rejected",
              "both": "both kept"}
HOW = {"tag": "by its tag", "heading": "by its heading", "text": "by the recited comment",
       "fuzzy": "by a fuzzy match — check it"}


class DraftReview(QDialog):
    """Decide what a Word draft's answers become.

    Signals:
    - `answerChanged(str)`: a comment's draft or versions changed (a decision, an undo).
    """

    answerChanged = Signal(str)

    def __init__(self, store: Store, import_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.import_id = store, import_id
        source = word_import(store, import_id)
        self.setWindowTitle(f"Word draft: {source.name}")
        self.resize(1100, 700)
        self.numbers = {c.id: c.number for c in store.comments(matter_id=source.matter_id)}
        self.summary = QLabel(wordWrap=True)
        self.answers = QListWidget()
        self.answers.setSpacing(3)
        self.answers.currentRowChanged.connect(self._show)
        self.redline = QTextBrowser()
        font = self.redline.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.redline.setFont(font)
        self.changes = QTextBrowser()
        self.changes.setMaximumHeight(170)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.where = QLabel(wordWrap=True)
        column.addWidget(self.where)
        column.addWidget(self.redline, 3)
        column.addWidget(QLabel("Tracked changes in this answer:"))
        column.addWidget(self.changes, 1)
        split = QSplitter()
        split.addWidget(self.answers)
        split.addWidget(right)
        split.setSizes([300, 800])
        self.left_out = QTextBrowser()
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "Answers")
        self.tabs.addTab(self.left_out, "Left out")
        self.accept_button = QPushButton("&Accept")
        self.reject_button = QPushButton("&Reject")
        self.both_button = QPushButton("&Keep both as versions")
        self.all_button = QPushButton("Accept a&ll")
        self.undo_button = QPushButton("&Undo this import")
        close = QPushButton("Close")
        for button, decision in ((self.accept_button, "accepted"),
                                 (self.reject_button, "rejected"),
                                 (self.both_button, "both")):
            button.clicked.connect(lambda _=False, d=decision: self._decide(d))
        self.all_button.clicked.connect(self._accept_all)
        self.undo_button.clicked.connect(self._undo)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.both_button,
                       self.all_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.undo_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(row)
        self.reload()

    # -- showing ------------------------------------------------------------------------------

    def reload(self) -> None:
        source = word_import(self.store, self.import_id)
        self.items = draft_answers(self.store, self.import_id)
        waiting = sum(1 for a in self.items if a.pending)
        report = source.report
        undone = " This import was undone." if source.undone_at else ""
        self.summary.setText(
            f"<b>{escape(source.name)}</b>: {report['mapped']} answers mapped, "
            f"{report['changed']} changed ({waiting} waiting for a decision), "
            f"{report['unchanged']} unchanged; {report['tracked']} tracked changes; "
            f"{report['notes']} Word comments added as notes.{undone}")
        row = max(self.answers.currentRow(), 0)
        self.answers.blockSignals(True)
        self.answers.clear()
        for answer in self.items:
            number = self.numbers.get(answer.comment_id, "?")
            count = len(answer.changes)
            item = QListWidgetItem(f"Comment {number} — {STATE_TEXT[answer.decision]}\n"
                                   f"{count} change{'' if count == 1 else 's'} · "
                                   f"{', '.join(answer.authors()) or 'untracked edits'}")
            if answer.pending:
                item.setForeground(QColor("#c92a2a"))
            item.setData(Qt.ItemDataRole.UserRole, answer.id)
            self.answers.addItem(item)
        self.answers.blockSignals(False)
        left = self._left_out(report)
        self.left_out.setHtml(left or "<p>Nothing was left out.</p>")
        self.tabs.setTabText(1, f"Left out ({self._left_count(report)})")
        if self.items:
            self.answers.setCurrentRow(min(row, len(self.items) - 1))
            self._show(self.answers.currentRow())
        self._enable(source.undone_at is None)

    def _enable(self, live: bool) -> None:
        answer = self.current()
        can = live and answer is not None and answer.pending
        for button in (self.accept_button, self.reject_button, self.both_button):
            button.setEnabled(can)
        self.all_button.setEnabled(live and any(a.pending for a in self.items))
        self.undo_button.setEnabled(live)

    def current(self) -> DraftAnswer | None:
        row = self.answers.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    @Slot(int)
    def _show(self, row: int) -> None:
        answer = self.items[row] if 0 <= row < len(self.items) else None
        if answer is None:
            self.redline.clear()
            self.changes.clear()
            return
        number = self.numbers.get(answer.comment_id, "?")
        self.where.setText(f"Comment {number}, mapped {HOW.get(answer.mapped_by, '')}. "
                           "The Word text against the current draft:")
        current = draft_text(self.store.response(answer.comment_id).draft)
        self.redline.setHtml(redline_html(answer.redline(current), self._colours(answer)))
        self.changes.setHtml(self._changes_html(answer))
        self._enable(word_import(self.store, self.import_id).undone_at is None)

    def _colours(self, answer: DraftAnswer) -> dict[str, str]:
        authors = [UNTRACKED, *answer.authors()]
        return {author: COLOURS[i % len(COLOURS)] if author != UNTRACKED else "#495057"
                for i, author in enumerate(authors)}

    def _changes_html(self, answer: DraftAnswer) -> str:
        reviewers = self.store.reviewers()
        rows = []
        for change in answer.changes:
            known = match_reviewer(change.author, "", reviewers)
            who = escape(change.author or "Unknown") + (" (reviewer)" if known else "")
            rows.append(f"<tr><td>{escape(change.kind)}</td><td>{who}</td>"
                        f"<td>{escape(change.date[:16].replace('T', ' ')) or '—'}</td>"
                        f"<td>{escape(change.text[:120])}</td></tr>")
        if not rows:
            return "<p>No tracked changes: the answer was edited without tracking.</p>"
        return ("<table cellspacing=4><tr><th align=left>change</th><th align=left>by</th>"
                "<th align=left>when (UTC)</th><th align=left>text</th></tr>"
                + "".join(rows) + "</table>")

    @staticmethod
    def _left_count(report: dict[str, Any]) -> int:
        return sum(len(report.get(k) or []) for k in
                   ("unmapped", "outside", "stray_comments", "skipped"))

    @staticmethod
    def _left_out(report: dict[str, Any]) -> str:
        parts = []
        for title, key in (("Answers not mapped to a comment (nothing taken from them)",
                            "unmapped"),
                           ("Tracked changes outside every answer (not taken)", "outside"),
                           ("Word comments outside every answer (not taken)",
                            "stray_comments"),
                           ("Parts of the file that could not be read", "skipped")):
            items = report.get(key) or []
            if items:
                parts.append(f"<h4>{title}</h4><ul>"
                             + "".join(f"<li>{escape(str(i))}</li>" for i in items)
                             + "</ul>")
        return "".join(parts)

    # -- deciding -----------------------------------------------------------------------------

    def _decide(self, decision: str) -> None:
        answer = self.current()
        if answer is None:
            return
        try:
            decide(self.store, answer.id, decision)  # type: ignore[arg-type]
        except UserError as error:
            dialogs.show_error(self, "Word draft", str(error))
            return
        self.answerChanged.emit(answer.comment_id)
        row = self.answers.currentRow()
        self.reload()
        following = next((i for i, a in enumerate(self.items) if i > row and a.pending), row)
        self.answers.setCurrentRow(following)

    @Slot()
    def _accept_all(self) -> None:
        waiting = [a.comment_id for a in self.items if a.pending]
        if not dialogs.confirm(self, "Accept all", f"Accept the Word text of the {len(waiting)} "
                               "answers still waiting? Each draft is kept as a version first.",
                               "Accept all"):
            return
        accept_all(self.store, self.import_id)
        for comment_id in waiting:
            self.answerChanged.emit(comment_id)
        self.reload()

    @Slot()
    def _undo(self) -> None:
        if not dialogs.confirm(self, "Undo import", "Take back this whole import: the answers "
                               "accepted from it return to what they were, and its versions "
                               "and notes are removed?", "Undo import"):
            return
        touched = [a.comment_id for a in self.items]
        undo_import(self.store, self.import_id)
        for comment_id in touched:
            self.answerChanged.emit(comment_id)
        self.reload()


def redline_html(found: list[Token], colours: dict[str, str]) -> str:
    """Tokens as HTML: insertions underlined, deletions struck through, in the author's
    colour; a legend of the authors first."""
    legend = " &nbsp; ".join(
        f"<span style='color:{colour}'>■</span> {escape(author)}"
        for author, colour in colours.items()
        if any(t.author == author and t.state != "same" for t in found))
    out = [f"<p style='color:#495057'>{legend}</p>" if legend else "", "<p>"]
    for token in found:
        if token.text == "\n":
            out.append("</p><p>")
            continue
        text = escape(token.text)
        colour = colours.get(token.author, "#1971c2")
        if token.state == "ins":
            out.append(f"<span style='color:{colour}; text-decoration: underline' "
                       f"title='{escape(token.author)}'>{text}</span>")
        elif token.state == "del":
            out.append(f"<span style='color:{colour}; text-decoration: line-through' "
                       f"title='{escape(token.author)}'>{text}</span>")
        else:
            out.append(text)
    out.append("</p>")
    return "".join(out)
