"""The register of commitments: per matter, the sentences of the answers that promise the staff
something for later ("In future filings we will…"), each linked to its comment."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storage.errors import NotFound
from storage.models import Comment
from storage.search import Commitment, commitments
from storage.store import Store
from storage.topics import KINDS

COLUMNS = ("Comment", "Letter", "Answer", "Promise")
SOURCES = {"draft": "Draft answer", "filed": "Filed answer"}
COMMENT_ROLE = Qt.ItemDataRole.UserRole + 2


class CommitmentsView(QWidget):
    """A matter chooser, the commitments table and Copy all. Signals:

    commentChosen(str): the user opened a commitment (the id of its comment).
    """

    commentChosen = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._found: list[Commitment] = []
        self._build()
        self.matter_box.currentIndexChanged.connect(lambda _row: self.refresh())
        self.table.itemActivated.connect(self._activated)
        self.copy_button.clicked.connect(self.copy_all)
        self.fill_matters()

    def _build(self) -> None:
        self.matter_box = QComboBox()
        self.matter_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.summary = QLabel()
        self.copy_button = QPushButton("Copy all")
        self.copy_button.setToolTip("Copy every commitment of this matter as text")
        self.table = _Table(self.copy_selected)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(QLabel("Matter:"))
        top.addWidget(self.matter_box, 1)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

    # -- filling ----------------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        self._store = store
        self.fill_matters()

    def follow(self, comment: Comment | None) -> None:
        self.fill_matters()
        self.show_matter(comment.matter_id if comment is not None else None)

    def fill_matters(self) -> None:
        """List the workspace's matters again, keeping the chosen one if it is still there."""
        chosen = self.matter_id()
        self.matter_box.blockSignals(True)
        self.matter_box.clear()
        for matter in self._store.matters():
            self.matter_box.addItem(matter.title, matter.id)
        self.matter_box.blockSignals(False)
        self.show_matter(chosen)

    def matter_id(self) -> str | None:
        value = self.matter_box.currentData()
        return value if isinstance(value, str) else None

    def show_matter(self, matter_id: str | None) -> None:
        row = self.matter_box.findData(matter_id) if matter_id else -1
        if row >= 0 and row != self.matter_box.currentIndex():
            self.matter_box.setCurrentIndex(row)  # refreshes
        else:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        matter_id = self.matter_id()
        self._found = commitments(self._store, matter_id) if matter_id else []
        self.table.setRowCount(0)
        self.table.setRowCount(len(self._found))
        for row, commitment in enumerate(self._found):
            for column, text in enumerate(self._cells(commitment)):
                item = QTableWidgetItem(text)
                item.setData(COMMENT_ROLE, commitment.comment_id)
                item.setToolTip(commitment.sentence)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.copy_button.setEnabled(bool(self._found))
        self.summary.setText(self._summary())

    def _cells(self, commitment: Commitment) -> tuple[str, str, str, str]:
        source = SOURCES.get(commitment.source, commitment.source)
        if commitment.clause:
            source += f" · clause “{commitment.clause}”"
        if commitment.by_kind and commitment.kind:
            source += f" · marked “{KINDS.get(commitment.kind, commitment.kind).lower()}”"
        return (str(commitment.number), self._letter(commitment.comment_id), source,
                commitment.sentence)

    def _letter(self, comment_id: str) -> str:
        try:
            document = self._store.document(self._store.comment(comment_id).document_id)
        except NotFound:
            return ""
        return f"Round {document.round} · {document.label}"

    def _summary(self) -> str:
        if self.matter_id() is None:
            return "No matters in this workspace yet."
        if not self._found:
            return "No answer in this matter promises anything yet."
        comments = len({c.comment_id for c in self._found})
        return (f"{len(self._found)} commitment{'s' if len(self._found) != 1 else ''} in "
                f"{comments} answer{'s' if comments != 1 else ''}. "
                "Double-click or press Enter to open one.")

    # -- using it ---------------------------------------------------------------------------

    def text(self, rows: list[int] | None = None) -> str:
        """The commitments (all, or these rows) as lines of plain text."""
        chosen = self._found if rows is None else [self._found[r] for r in rows]
        return "\n".join(f"Comment {c.number} ({self._letter(c.comment_id)}, "
                         f"{SOURCES.get(c.source, c.source).lower()}): {c.sentence}"
                         for c in chosen)

    @Slot()
    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    def copy_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if rows:
            QGuiApplication.clipboard().setText(self.text(rows))

    @Slot(QTableWidgetItem)
    def _activated(self, item: QTableWidgetItem) -> None:
        comment_id = item.data(COMMENT_ROLE)
        if comment_id:
            self.commentChosen.emit(comment_id)


class _Table(QTableWidget):
    """A table whose Copy (Ctrl+C, or Edit → Copy through `copy()`) copies the chosen rows as
    sentences."""

    def __init__(self, copier: Callable[[], None]) -> None:
        super().__init__(0, len(COLUMNS))
        self._copier = copier

    def copy(self) -> None:
        self._copier()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)
