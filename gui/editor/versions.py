"""The history of one answer: its versions (checkpoints, status changes, restores), any two of
them — or one and the current draft — side by side with the changes marked, and restoring one.
"""
from __future__ import annotations

import difflib
import html
import re

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QTextDocument, QTextListFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.common.formats import local_time
from gui.common.rich_text import is_rich
from storage.history import ResponseVersion
from storage.store import Store

_BULLETS = (QTextListFormat.Style.ListDisc, QTextListFormat.Style.ListCircle,
            QTextListFormat.Style.ListSquare)
CURRENT = ""  # the item data of the "Current draft" row
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
DELETED = "color:#c92a2a;background:#ffe3e3;text-decoration:line-through"
INSERTED = "color:#2b8a3e;background:#d3f9d8"


def draft_text(draft: str) -> str:
    """A stored draft (HTML or plain) as the text the reader sees."""
    if not is_rich(draft):
        return draft
    doc = QTextDocument()
    doc.setHtml(draft)
    lines = []
    block = doc.begin()
    while block.isValid():
        listed = block.textList()
        marker = ""
        if listed is not None:
            marker = "• " if listed.format().style() in _BULLETS else listed.itemText(block) + " "
        lines.append(marker + block.text())
        block = block.next()
    return "\n".join(lines)


def _markup(tokens: list[str], style: str | None = None) -> str:
    text = html.escape("".join(tokens)).replace("\n", "<br>")
    return f"<span style='{style}'>{text}</span>" if style and text.strip() else text


def word_diff(old: str, new: str) -> tuple[str, str, int]:
    """The two texts as HTML, words deleted from `old` struck out in red on the left, words
    inserted in `new` green on the right; and the number of changes."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left: list[str] = []
    right: list[str] = []
    changes = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(_markup(a[i1:i2]))
            right.append(_markup(b[j1:j2]))
            continue
        changes += 1
        if i2 > i1:
            left.append(_markup(a[i1:i2], DELETED))
        if j2 > j1:
            right.append(_markup(b[j1:j2], INSERTED))
    return _page(left), _page(right), changes


def _page(parts: list[str]) -> str:
    return f"<div style='white-space:pre-wrap'>{''.join(parts)}</div>"


class VersionsDialog(QDialog):
    """Lists an answer's versions; compares two; restores one. Signals:

    restored(str): a version was made the current draft (its id).
    """

    restored = Signal(str)

    def __init__(self, store: Store, comment_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("History of the answer")
        self._store = store
        self._comment_id = comment_id
        self._versions = {v.id: v for v in store.versions(comment_id)}
        self._build()
        self._fill()
        self.resize(900, 620)

    def _build(self) -> None:
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Version", "By", "When"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        self.list.itemSelectionChanged.connect(self._compare)
        hint = QLabel("Select a version to compare it with the current draft, or two versions "
                      "(Ctrl+click) to compare them.")
        hint.setWordWrap(True)
        self.left_title, self.right_title = QLabel(), QLabel()
        self.left, self.right = QTextBrowser(), QTextBrowser()
        self.summary = QLabel()
        panes = QWidget()
        grid = QGridLayout(panes)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, (title, view) in enumerate(((self.left_title, self.left),
                                                (self.right_title, self.right))):
            grid.addWidget(title, 0, column)
            grid.addWidget(view, 1, column)
        self._sync_scrolling()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(panes)
        splitter.setSizes([170, 430])
        self.restore_button = QPushButton("Restore this version")
        self.restore_button.setToolTip("Make the older version the current draft (the current "
                                       "draft is kept as a version first)")
        self.restore_button.clicked.connect(self.restore)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    def _sync_scrolling(self) -> None:
        """Scrolling one side scrolls the other to the same share of its length."""
        one, other = self.left.verticalScrollBar(), self.right.verticalScrollBar()
        self._syncing = False

        def follow(source: object, target: object) -> None:
            def moved(value: int) -> None:
                if self._syncing:
                    return
                self._syncing = True
                span = source.maximum() or 1  # type: ignore[attr-defined]
                target.setValue(round(value / span * target.maximum()))  # type: ignore
                self._syncing = False
            source.valueChanged.connect(moved)  # type: ignore[attr-defined]

        follow(one, other)
        follow(other, one)

    def _fill(self) -> None:
        current = QTreeWidgetItem(["Current draft", "", ""])
        current.setData(0, Qt.ItemDataRole.UserRole, CURRENT)
        self.list.addTopLevelItem(current)
        for version in reversed(list(self._versions.values())):
            item = QTreeWidgetItem([version.label, self._initials(version.author_id),
                                    local_time(version.created_at, "d MMM yyyy HH:mm")])
            item.setData(0, Qt.ItemDataRole.UserRole, version.id)
            item.setToolTip(0, version.label)
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(1)
        self.list.setColumnWidth(0, 360)
        newest = self.list.topLevelItem(1)
        (newest or current).setSelected(True)

    def _initials(self, reviewer_id: str | None) -> str:
        known = {r.id: r.initials for r in self._store.reviewers()}
        return known.get(reviewer_id or "", "?")

    # -- comparing ----------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        """The selected rows' version ids ("" for the current draft), oldest first."""
        rows = sorted(self.list.selectedItems(), key=self.list.indexOfTopLevelItem,
                      reverse=True)
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in rows]

    def _side(self, version_id: str) -> tuple[str, str]:
        """(title, text) of a version or of the current draft."""
        if version_id == CURRENT:
            return "Current draft", draft_text(self._store.response(self._comment_id).draft)
        version: ResponseVersion = self._versions[version_id]
        when = local_time(version.created_at, "d MMM yyyy HH:mm")
        return f"{version.label} · {when}", draft_text(version.draft)

    @Slot()
    def _compare(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1 and ids[0] != CURRENT:
            ids.append(CURRENT)
        self.restore_button.setEnabled(len(self.selected_ids()) == 1 and ids[0] != CURRENT)
        if len(ids) != 2:
            for view in (self.left, self.right):
                view.clear()
            self.left_title.clear()
            self.right_title.clear()
            self.summary.setText("Select one or two versions." if len(ids) < 2 else
                                 "Select at most two versions to compare.")
            return
        (left_title, old), (right_title, new) = self._side(ids[0]), self._side(ids[1])
        left_html, right_html, changes = word_diff(old, new)
        self.left_title.setText(f"<b>{html.escape(left_title)}</b>")
        self.right_title.setText(f"<b>{html.escape(right_title)}</b>")
        self.left.setHtml(left_html)
        self.right.setHtml(right_html)
        self.summary.setText("No differences." if not changes else
                             "1 change" if changes == 1 else f"{changes} changes")

    # -- restoring ----------------------------------------------------------------------------

    @Slot()
    def restore(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1 or ids[0] == CURRENT:
            return
        self._store.restore_version(ids[0])
        self.restored.emit(ids[0])
        self.accept()
