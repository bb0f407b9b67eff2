"""Fixing a letter's split from the window: the commands (split, merge, renumber, headings,
make a comment, undo and redo), their dialogs, and the banner over the letter that says what the
parser doubts and what was corrected.

The commands act on the comment the editor shows and go through storage.corrections only. Their
dialogs open without blocking (`QDialog.open`) and apply the fix when accepted.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.common import dialogs
from gui.common.actions import Placed, make_action
from gui.common.workbench import Workbench
from storage import corrections
from storage.errors import UserError
from storage.models import Comment, Correction, Document, Matter, Region
from storage.store import Store

TITLE = "Rejoinder — fix the split"
MATTER_TITLE = "Rejoinder — which review"
FIX_HINT = ("Fix the split: right-click a comment in the tree, or use the Letter menu — split "
            "a comment at the cursor in its text, merge it with the next, renumber it, edit its "
            "headings, or make a comment of a passage the parser missed.")


def cursor_offset(view: QTextBrowser) -> int:
    """Where the cursor (or the start of the selection) stands in the view's plain text, in
    Python characters (Qt counts UTF-16 units)."""
    position = view.textCursor().selectionStart()
    units = view.toPlainText().encode("utf-16-le")[:2 * position]
    return len(units.decode("utf-16-le", errors="ignore"))


def find_regions(pdf: bytes, page: int, text: str) -> list[Region]:
    """Where `text` stands on a page of the letter: its lines, or from its first words to its
    last; nothing when it is not found there."""
    import pymupdf

    words = text.split()
    if not words:
        return []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        if not 1 <= page <= doc.page_count:
            return []
        found = doc[page - 1].search_for(" ".join(words))
        if not found and len(words) > 12:
            head = doc[page - 1].search_for(" ".join(words[:6]))
            tail = doc[page - 1].search_for(" ".join(words[-6:]))
            if head and tail and tail[-1].y1 > head[0].y0:
                x0 = min(r.x0 for r in head + tail)
                x1 = max(r.x1 for r in head + tail)
                found = [pymupdf.Rect(x0, head[0].y0, x1, tail[-1].y1)]
    return [Region(page, (r.x0, r.y0, r.x1, r.y1)) for r in found]


def _matter_choice(matter: Matter) -> str:
    closed = f" (closed {matter.closed_at})" if matter.closed and matter.closed_at else ""
    return f"{matter.title}{closed}"


def touched_comment(correction: Correction, undone: bool) -> str | None:
    """The first comment a correction (or its undo) leaves in force."""
    rows = json.loads(correction.before if undone else correction.after)
    if "tables" in rows:  # a matter fix: its snapshot is by table
        rows = rows["tables"].get("comments") or {}
    for comment_id, row in rows.items():
        if row is not None and row.get("retired_at") is None:
            return str(comment_id)
    return None


class CorrectionCommands(QObject):
    """Runs the split corrections the user asks for. Signals:

    corrected(str, str): the split of a letter changed (its document id, and the id of the
        comment to select then, or "").
    notice(str): a line for the status bar ("Undone: Split comment 2 into 2 and 3").

    Undo and redo reach every correction in the workspace, the newest first; the `_in_session`
    variants (Edit → Undo with the tree focused) only those made since the window opened.
    """

    corrected = Signal(str, str)
    notice = Signal(str)

    def __init__(self, bench: Workbench, comment_view: QTextBrowser,
                 letter: Callable[[], tuple[str, int]],
                 selection: Callable[[], tuple[str, list[Region]]]) -> None:
        parent = bench.main_window()
        super().__init__(parent)
        self._bench = bench
        self._view = comment_view
        self._letter = letter  # (document id, page) shown in the letter pane
        self._selection = selection  # (text, regions) selected in the letter pane
        self._parent = parent
        self.dialog: QDialog | None = None  # the dialog open, for tests
        self._undoable = 0  # corrections made in this session and not undone
        self._redoable = 0  # corrections undone in this session and not redone
        self._build_actions(parent)
        bench.storeChanged.connect(self._store_changed)

    def _build_actions(self, parent: QWidget) -> None:
        self.split_comment = make_action(parent, "&Split comment here", [],
                                         "Make a new comment of the selected comment's text "
                                         "from the cursor on (click in the comment's text first)")
        self.merge_comment = make_action(parent, "&Merge with next comment", [],
                                         "Join the selected comment and the one after it")
        self.renumber_comment = make_action(parent, "&Renumber comment…", [],
                                            "Change the selected comment's number")
        self.edit_headings = make_action(parent, "Edit &headings…", [],
                                         "Change the headings printed above the selected "
                                         "comment")
        self.make_comment = make_action(parent, "Make comment from &selection…", [],
                                        "Make a comment of a passage the parser missed: the "
                                        "text selected in the letter, or text you paste or type")
        self.undo_correction = make_action(parent, "&Undo split correction", ["Ctrl+Alt+Z"],
                                           "Undo the last fix to a letter's split")
        self.redo_correction = make_action(parent, "R&edo split correction",
                                           ["Ctrl+Alt+Shift+Z"],
                                           "Redo the fix to a letter's split just undone")
        self.move_letter = make_action(parent, "Move &letter to matter…", [],
                                       "Put the letter shown into another matter (another "
                                       "review), with its comments, answers and notes")
        self.split_matter = make_action(parent, "Start a new &review from this letter", [],
                                        "Make a new matter of the letter shown and every later "
                                        "letter of its matter")
        self.merge_matter = make_action(parent, "Merge &matter into…", [],
                                        "Join the shown letter's matter to another matter of "
                                        "the same review")
        self.move_letter.triggered.connect(self.move_letter_to)
        self.split_matter.triggered.connect(self.split_matter_here)
        self.merge_matter.triggered.connect(self.merge_matter_into)
        self.split_comment.triggered.connect(self.split_here)
        self.merge_comment.triggered.connect(self.merge_with_next)
        self.renumber_comment.triggered.connect(self.renumber)
        self.edit_headings.triggered.connect(self.edit_headings_of)
        self.make_comment.triggered.connect(self.make_comment_of)
        self.undo_correction.triggered.connect(self.undo)
        self.redo_correction.triggered.connect(self.redo)

    def actions_by_menu(self) -> Placed:
        return {"letter.fix": self.fixes(), "letter.make": [self.make_comment],
                "letter.matter": self.matter_fixes(),
                "letter.undo": [self.undo_correction, self.redo_correction]}

    def matter_fixes(self) -> list[QAction | None]:
        """The actions that put a letter in the right matter (also the tree's menu on a
        letter)."""
        return [self.move_letter, self.split_matter, self.merge_matter]

    def fixes(self) -> list[QAction | None]:
        """The actions that fix the selected comment's split (also the tree's context menu)."""
        return [self.split_comment, self.merge_comment, self.renumber_comment,
                self.edit_headings]

    def update_actions(self, comment: Comment | None, last: bool, letter_shown: bool) -> None:
        """Enable what applies to the comment shown (`last`: the last of its letter)."""
        for action in (self.split_comment, self.renumber_comment, self.edit_headings):
            action.setEnabled(comment is not None)
        self.merge_comment.setEnabled(comment is not None and not last)
        self.make_comment.setEnabled(letter_shown)
        several = letter_shown and len(self._store.matters()) > 1
        for action in (self.move_letter, self.merge_matter):
            action.setEnabled(several)
        self.split_matter.setEnabled(letter_shown)

    @property
    def _store(self) -> Store:
        return self._bench.store

    def _comment(self) -> Comment | None:
        return self._bench.current_comment()

    @Slot(object)
    def _store_changed(self, _store: Store) -> None:
        self._undoable = self._redoable = 0

    def _run(self, fix: Callable[[], Comment | None], document_id: str) -> None:
        try:
            result = fix()
        except UserError as error:
            dialogs.show_error(self._parent, TITLE, str(error))
            return
        self._undoable, self._redoable = self._undoable + 1, 0
        self.corrected.emit(document_id, result.id if result else "")

    def _target(self) -> Comment | None:
        comment = self._comment()
        if comment is None:
            dialogs.show_error(self._parent, TITLE, "Select a comment in the tree first.")
        return comment

    # -- the commands -------------------------------------------------------------------------

    @Slot()
    def split_here(self) -> None:
        comment = self._target()
        if comment is None:
            return
        offset = cursor_offset(self._view)
        self._run(lambda: corrections.split_comment(self._store, comment.id, offset)[1],
                  comment.document_id)

    @Slot()
    def merge_with_next(self) -> None:
        comment = self._target()
        if comment is not None:
            self._run(lambda: corrections.merge_with_next(self._store, comment.id),
                      comment.document_id)

    @Slot()
    def renumber(self) -> None:
        comment = self._target()
        if comment is None:
            return
        dialog = QInputDialog(self._parent)
        dialog.setWindowTitle("Renumber comment")
        dialog.setLabelText(f"New number for comment {comment.number}:")
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(1, 999)
        dialog.setIntValue(comment.number)
        self._open(dialog, lambda: self._run(lambda: corrections.renumber(
            self._store, comment.id, dialog.intValue()), comment.document_id))

    @Slot()
    def edit_headings_of(self) -> None:
        comment = self._target()
        if comment is None:
            return
        dialog = HeadingsDialog(comment, self._parent)
        self._open(dialog, lambda: self._run(lambda: corrections.set_headings(
            self._store, comment.id, dialog.headings()), comment.document_id))

    @Slot()
    def make_comment_of(self) -> None:
        document_id, page = self._letter()
        if not document_id:
            dialogs.show_error(self._parent, TITLE, "Open a letter first: select it in the tree.")
            return
        document = self._store.document(document_id)
        text, regions = self._selection()
        if not text:
            text = self._view.textCursor().selectedText().replace("\u2029", "\n")
        dialog = MakeCommentDialog(document, regions[0].page if regions else page, text,
                                   self._parent)
        self._open(dialog, lambda: self._run(lambda: self._create(document, dialog, regions),
                                             document_id))

    def _create(self, document: Document, dialog: MakeCommentDialog,
                selected: list[Region]) -> Comment:
        """The comment, highlighted where it was selected in the letter, or where its text is
        found on the page chosen."""
        text, page, number = dialog.values()
        regions = [r for r in selected if r.page == page] or \
            find_regions(self._store.display_pdf(document.id), page, text)
        if not regions:  # placed at the top of its page, with nothing to highlight
            regions = [Region(page, (0.0, 0.0, 0.0, 0.0))]
        return corrections.create_comment(self._store, document.id, text, regions, number)

    # -- which matter a letter is in ------------------------------------------------------------

    def _shown_letter(self) -> Document | None:
        document_id, _page = self._letter()
        if not document_id:
            dialogs.show_error(self._parent, MATTER_TITLE, "Show a letter first: select it, or "
                               "one of its comments, in the tree.")
            return None
        return self._store.document(document_id)

    def _choose_matter(self, title: str, label: str, besides: str) -> str | None:
        """Another matter, chosen by its title (None when cancelled or there is none)."""
        others = [m for m in self._store.matters() if m.id != besides]
        if not others:
            dialogs.show_error(self._parent, MATTER_TITLE, "There is no other matter. Import "
                               "the other review's letters first.")
            return None
        names = [_matter_choice(m) for m in others]
        chosen, ok = QInputDialog.getItem(self._parent, title, label, names, 0, False)
        return others[names.index(chosen)].id if ok and chosen in names else None

    @Slot()
    def move_letter_to(self) -> None:
        letter = self._shown_letter()
        if letter is None:
            return
        target = self._choose_matter("Move letter to matter",
                                     f"Put {letter.label} into:", letter.matter_id)
        from storage import matter_corrections  # the matter fixes: on use, not at start

        if target is not None:
            self._run(lambda: self._first(matter_corrections.move_letter(
                self._store, letter.id, target)), letter.id)

    @Slot()
    def merge_matter_into(self) -> None:
        letter = self._shown_letter()
        if letter is None:
            return
        source = self._store.matter(letter.matter_id)
        target = self._choose_matter("Merge matter", f"Join {source.title} to:", source.id)
        from storage import matter_corrections

        if target is not None:
            self._run(lambda: self._first(matter_corrections.merge_matters(
                self._store, source.id, target)), letter.id)

    @Slot()
    def split_matter_here(self) -> None:
        letter = self._shown_letter()
        from storage import matter_corrections

        if letter is not None:
            self._run(lambda: self._first_of(letter.id, matter_corrections.split_matter(
                self._store, letter.id)), letter.id)

    def _first(self, _correction: Correction) -> Comment | None:
        """After a matter fix, the letter's first comment (the tree selects it)."""
        document_id, _page = self._letter()
        comments = self._store.comments(document_id=document_id) if document_id else []
        return comments[0] if comments else None

    def _first_of(self, document_id: str, _matter: object) -> Comment | None:
        comments = self._store.comments(document_id=document_id)
        return comments[0] if comments else None

    @Slot()
    def undo(self) -> None:
        self._undo_or_redo(corrections.undo, undone=True)

    @Slot()
    def redo(self) -> None:
        self._undo_or_redo(corrections.redo, undone=False)

    def undo_in_session(self) -> None:
        if self._undoable:
            self.undo()
        else:
            self.notice.emit("No split correction of this session to undo (Letter ▸ Undo "
                             "split correction undoes earlier ones).")

    def redo_in_session(self) -> None:
        if self._redoable:
            self.redo()
        else:
            self.notice.emit("No split correction to redo.")

    def _undo_or_redo(self, step: Callable[[Store], Correction | None], *, undone: bool) -> None:
        correction = step(self._store)
        if correction is None:
            self.notice.emit(f"There is no split correction to {'undo' if undone else 'redo'}.")
            return
        change = (-1, 1) if undone else (1, -1)
        self._undoable = max(0, self._undoable + change[0])
        self._redoable = max(0, self._redoable + change[1])
        self.notice.emit(f"{'Undone' if undone else 'Redone'}: {correction.description}")
        self.corrected.emit(correction.document_id, touched_comment(correction, undone) or "")

    def _open(self, dialog: QDialog, apply: Callable[[], None]) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(apply)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    @Slot()
    def _closed(self) -> None:
        self.dialog = None


class HeadingsDialog(QDialog):
    """The headings printed above one comment, one a line."""

    def __init__(self, comment: Comment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Headings of comment {comment.number}")
        inherited = " / ".join(comment.heading_path) or "none"
        intro = QLabel("The headings printed just above this comment, one a line, outermost "
                       "first. Leave it empty when the comment continues under the headings "
                       f"before it.\nIn force now: {inherited}")
        intro.setWordWrap(True)
        self.edit = QPlainTextEdit("\n".join(comment.headings))
        self.edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)
        self.resize(480, 260)

    def headings(self) -> list[str]:
        return [line for line in self.edit.toPlainText().splitlines() if line.strip()]


class MakeCommentDialog(QDialog):
    """The text of a comment the parser missed (pasted or typed), its page and number."""

    def __init__(self, document: Document, page: int, text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Make a comment")
        intro = QLabel(f"The comment as {document.label} prints it — the text selected in the "
                       "letter, or paste or type it — and the page where it stands: Rejoinder "
                       "highlights it there and puts it in order among the letter's comments. "
                       "A leading number (\u201c7.\u201d) becomes its number.")
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(text)
        self.text.setTabChangesFocus(True)
        self.page = QSpinBox()
        self.page.setRange(1, max(1, document.page_count))
        self.page.setValue(min(max(1, page), max(1, document.page_count)))
        self.number = QSpinBox()
        self.number.setRange(0, 999)
        self.number.setSpecialValueText("from the text, or the next")
        form = QFormLayout()
        form.addRow("&Page", self.page)
        form.addRow("&Number", self.number)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._check)
        self._check()
        self.resize(520, 360)

    @Slot()
    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.text.toPlainText().strip()))

    def values(self) -> tuple[str, int, int | None]:
        return self.text.toPlainText(), self.page.value(), self.number.value() or None


class LetterBanner(QFrame):
    """A strip over the letter: what the parser doubts about it and what was corrected by
    hand, one line that opens to the list and the ways to fix the split."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterBanner")
        self.setStyleSheet("#letterBanner { background: #fff3bf; border: 1px solid #fab005; "
                           "border-radius: 3px; } #letterBanner QLabel, #letterBanner "
                           "QToolButton { color: #5c3c00; background: transparent; border: 0; }")
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.details)
        self.toggle.toggled.connect(self._expand)
        self.hide()

    @staticmethod
    def wanted(document: Document | None, fixes: list[Correction]) -> bool:
        """Whether a letter has doubts or corrections to show."""
        return document is not None and bool(document.warnings or any(
            f.undone_at is None for f in fixes))

    def show_letter(self, document: Document | None, fixes: list[Correction]) -> None:
        """Show the banner for a letter with doubts or corrections; hide it otherwise."""
        if not self.wanted(document, fixes):
            self.hide()
            return
        assert document is not None
        fixes = [f for f in fixes if f.undone_at is None]
        self.toggle.setText(headline(document.warnings, fixes))
        self.details.setText(details_html(document.warnings, fixes))
        self.show()

    def headline_text(self) -> str:
        return self.toggle.text()

    @Slot(bool)
    def _expand(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.details.setVisible(shown)


def headline(warnings: tuple[str, ...], fixes: list[Correction]) -> str:
    """"⚠ The parser doubts 2 things about this letter · 1 fix by hand"."""
    parts = []
    if warnings:
        things = "one thing" if len(warnings) == 1 else f"{len(warnings)} things"
        parts.append(f"⚠ The parser doubts {things} about this letter")
    if fixes:
        count = "1 fix" if len(fixes) == 1 else f"{len(fixes)} fixes"
        parts.append(f"{count} by hand" if warnings else
                     f"✎ The split of this letter was corrected by hand ({count})")
    return " · ".join(parts)


def details_html(warnings: tuple[str, ...], fixes: list[Correction]) -> str:
    items = [f"<li>{_escape(w)}</li>" for w in warnings]
    items += [f"<li>Corrected: {_escape(f.description)}</li>" for f in fixes[-5:]]
    return f"<ul style='margin:0 0 0 -20px'>{''.join(items)}</ul><p>{_escape(FIX_HINT)}</p>"


def _escape(text: str) -> str:
    return re.sub(r"[&<>]", lambda m: {"&": "&amp;", "<": "&lt;", ">": "&gt;"}[m.group()], text)
