"""The precedent pane (a dock): for the selected comment, the most similar comments of other
companies in the attached precedent library, each with its answer, its outcome and why it
matched; filters by topic, outcome, years and staff office; "Use as a starting point" copies a
passage into the draft as a recorded quotation.

The library is attached per machine and workspace (the window's settings remember its path) and
opened read-only; a missing, damaged or newer library is one line in the pane, nothing more.
"""
from __future__ import annotations

import html
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.common.workbench import Workbench
from storage.errors import NotFound, UserError
from storage.models import Comment
from storage.precedent.for_comment import for_comment, setting_key
from storage.precedent.library import OUTCOMES, LibraryError, info, open_readonly
from storage.precedent.quotes import use_as_starting_point
from storage.precedent.search import Filters, Precedent, offices, years
from storage.store import Store
from storage.topics import taxonomy_for

# The outcome beside the company: on a laptop the columns after the comment are off screen.
COLUMNS = ("Company", "Date", "Outcome", "Comment", "Answer filed", "Filing", "Why it matched")
SHOWN = 15
WIDTHS = (150, 84, 150, 300, 240, 120, 260)  # the columns' first widths


def _line(text: str | None, width: int = 160) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


class PrecedentView(QWidget):
    """Precedents of the selected comment."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._bench: Workbench | None = None
        self._conn: sqlite3.Connection | None = None
        self._comment: Comment | None = None
        self._found: list[Precedent] = []
        self.status = QLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose = QPushButton("Choose library…")
        self.choose.clicked.connect(self._choose)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.choose)
        self.topic = QComboBox()
        self.outcome = QComboBox()
        self.outcome.addItem("Any outcome", None)
        for key, text in OUTCOMES.items():
            self.outcome.addItem(text, key)
        self.year_from, self.year_to = QSpinBox(), QSpinBox()
        for spin in (self.year_from, self.year_to):
            spin.setRange(1990, 2100)
        self.office = QComboBox()
        filters = QHBoxLayout()
        for text, widget in (("Topic", self.topic), ("Outcome", self.outcome),
                             ("Years", self.year_from), ("to", self.year_to),
                             ("Office", self.office)):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate(WIDTHS):
            self.table.setColumnWidth(col, width)
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.detail = QTextBrowser()
        self.use = QPushButton("Use as a starting point")
        self.use.setToolTip("Copy the selected words of the answer (or the whole answer) into "
                            "the draft, recorded as a quotation with its source")
        self.use.clicked.connect(self._use)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.detail)
        side_layout.addWidget(self.use, 0, Qt.AlignmentFlag.AlignRight)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        for combo in (self.topic, self.outcome, self.office):
            combo.currentIndexChanged.connect(self._refresh)
        for spin in (self.year_from, self.year_to):
            spin.valueChanged.connect(self._refresh)
        self._fill_topics()
        self._attach(None)

    # -- the dock's seam ----------------------------------------------------------------------

    def bind_workbench(self, bench: Workbench) -> None:
        """The workbench: where the library's path is remembered, and the draft written."""
        self._bench = bench
        self._attach(self._remembered())

    def set_store(self, store: Store) -> None:
        self._store = store
        self._comment = None
        self._fill_topics()
        self._attach(self._remembered())

    def follow(self, comment: Comment | None) -> None:
        self._comment = comment
        self._refresh()

    # -- the library --------------------------------------------------------------------------

    def _key(self) -> str:
        return setting_key(self._store)

    def _remembered(self) -> Path | None:
        if self._bench is None:
            return None
        value = self._bench.settings.value(self._key())
        return Path(str(value)) if value else None

    def _choose(self) -> None:
        start = str(self._remembered() or Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Choose a precedent library", start,
                                              "Precedent library (*.rejoinder-library *.sqlite "
                                              "*.db);;All files (*)")
        if name:
            self.attach(Path(name))

    def attach(self, path: Path | None) -> None:
        """Use the library at `path` (remembered for this workspace on this machine)."""
        if self._bench is not None:
            self._bench.settings.setValue(self._key(), str(path) if path else "")
        self._attach(path)
        self._refresh()

    def _attach(self, path: Path | None) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        if path is None:
            self.status.setText("No precedent library attached: build one with "
                                "<code>rejoinder library build</code>, then choose it.")
        else:
            try:
                self._conn = open_readonly(path)
                found = info(self._conn, path)
                self.status.setText(f"Precedent library <b>{html.escape(path.name)}</b>: "
                                    f"{found.comments:,} comments of {found.letters:,} letters")
            except LibraryError as error:
                self.status.setText(html.escape(str(error)))
        self._fill_library_filters()
        self._enable()

    def _fill_topics(self) -> None:
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem("Any topic", None)
        for key, text in taxonomy_for(self._store).labels.items():
            self.topic.addItem(text, key)
        self.topic.blockSignals(False)

    def _fill_library_filters(self) -> None:
        for widget in (self.office, self.year_from, self.year_to):
            widget.blockSignals(True)
        self.office.clear()
        self.office.addItem("Any office", None)
        span = years(self._conn) if self._conn is not None else None
        if self._conn is not None:
            for name in offices(self._conn):
                self.office.addItem(name, name)
        low, high = span or (2000, 2100)
        for spin in (self.year_from, self.year_to):
            spin.setRange(low, high)
        self.year_from.setValue(low)
        self.year_to.setValue(high)
        for widget in (self.office, self.year_from, self.year_to):
            widget.blockSignals(False)

    def _enable(self) -> None:
        on = self._conn is not None
        for widget in (self.topic, self.outcome, self.year_from, self.year_to, self.office,
                       self.table, self.detail):
            widget.setEnabled(on)
        self.use.setEnabled(on and bool(self._selected()) and self._comment is not None)

    # -- the precedents -----------------------------------------------------------------------

    def filters(self) -> Filters:
        span = years(self._conn) if self._conn is not None else None
        return Filters(topic=self.topic.currentData(), outcome=self.outcome.currentData(),
                       year_from=self.year_from.value() if span and
                       self.year_from.value() > span[0] else None,
                       year_to=self.year_to.value() if span and
                       self.year_to.value() < span[1] else None,
                       office=self.office.currentData())

    def precedents(self) -> list[Precedent]:
        return list(self._found)

    @Slot()
    def _refresh(self) -> None:
        self._found = []
        comment = self._comment
        if self._conn is not None and comment is not None:
            try:
                self._found = for_comment(self._conn, self._store, comment, self.filters(),
                                          SHOWN)
            except NotFound:
                self._found = []
            except sqlite3.DatabaseError as error:
                self.status.setText(html.escape(f"The precedent library could not be read "
                                                f"({error}); choose it again."))
        self._fill_table()

    def _fill_table(self) -> None:
        labels = taxonomy_for(self._store).labels
        self.table.setRowCount(len(self._found))
        for row, p in enumerate(self._found):
            cells = (p.company, p.letter_date or "", p.outcome_label, _line(p.text),
                     _line(p.answer) or "—", p.filing, p.why(labels))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(_line(cells[col], 600) if col in (3, 4, 6) else text)
                self.table.setItem(row, col, item)
        if self._found:
            self.table.selectRow(0)
        else:
            self.detail.setHtml(self._empty())
        self._enable()

    def _empty(self) -> str:
        if self._conn is None:
            return ""
        if self._comment is None:
            return "<i>Select a comment to see how other companies answered it.</i>"
        return "<i>No comment of another company in the library is like this one (try fewer " \
               "filters).</i>"

    def _selected(self) -> Precedent | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        return self._found[rows[0].row()] if rows and rows[0].row() < len(self._found) else None

    @Slot()
    def _show_detail(self) -> None:
        p = self._selected()
        if p is None:
            return
        esc = html.escape
        parts = [f"<p><b>{esc(p.company)}</b> — staff letter of {esc(p.letter_date or '?')}, "
                 f"comment {p.number}<br>{esc(p.filing)}"
                 + (f" · {esc(p.office)}" if p.office else "") + "</p>",
                 f"<p>Why it matched: {esc(p.why(taxonomy_for(self._store).labels))}</p>",
                 f"<p><i>{esc(p.heading)}</i></p><p>{esc(p.text)}</p>",
                 f"<h4>Answer filed{' ' + esc(p.answer_date) if p.answer_date else ''}</h4>"
                 f"<p>{esc(p.answer or 'No answer to it is in the library.')}</p>",
                 f"<h4>Outcome: {esc(p.outcome_label)}</h4>"]
        if p.follow_up:
            parts.append(f"<p>The staff came back:</p><blockquote>{esc(p.follow_up)}"
                         "</blockquote>")
        self.detail.setHtml("".join(parts).replace("\n", "<br>"))
        self._enable()

    @Slot()
    def _use(self) -> None:
        p = self._selected()
        if p is None or self._comment is None:
            return
        chosen = self.detail.textCursor().selectedText().replace("\u2029", "\n").strip()
        passage = chosen or (p.answer or "")
        if self._bench is not None:
            self._bench.flush_draft()
        try:
            use_as_starting_point(self._store, self._comment.id, p, passage)
        except UserError as error:
            self.status.setText(html.escape(str(error)))
            return
        if self._bench is not None:
            self._bench.refresh_comment(self._comment.id)
            self._bench.message(f"Copied a passage of {p.company}'s answer into the draft, "
                                "with a note to review it before filing.")
