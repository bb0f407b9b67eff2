"""The editor's topics and answer kind: a button listing the comment's topic tags whose menu
adds or removes any topic of the taxonomy, and a combo with the answer's kind — the one its
wording suggests, or one a reviewer chose (storage.topics)."""
from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMenu, QToolButton, QWidget

from gui.common.dialogs import show_error
from storage.errors import UserError
from storage.store import Store
from storage.topics import KINDS, answer_kind, set_answer_kind, set_tag, tags_of, taxonomy_for

SUGGESTED = ""  # the kind combo's "as suggested" entry


class TopicsRow(QWidget):
    """Topics and kind of the comment shown. Signals:

    changed(): a tag or the kind was changed here.
    """

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._comment_id: str | None = None
        self._loading = False
        self.topics = QToolButton()
        self.topics.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.topics.setToolTip("The comment's topics: tagged from what it cites and says; "
                               "add or remove any")
        self.menu = QMenu(self.topics)
        self.menu.triggered.connect(self._toggled)
        self.topics.setMenu(self.menu)
        self.kind = QComboBox()
        self.kind.setToolTip("What the answer does; suggested from its wording until chosen")
        self.kind.activated.connect(self._kind_chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.topics, 1)
        layout.addWidget(self.kind, 1)

    def set_store(self, store: Store) -> None:
        self._store = store
        self.show_comment(None)

    def show_comment(self, comment_id: str | None, editable: bool = True) -> None:
        self._comment_id = comment_id
        self.show_values()
        for widget in (self.topics, self.kind):
            widget.setEnabled(comment_id is not None and editable)

    def show_values(self) -> None:
        self._loading = True
        try:
            self._show_values()
        finally:
            self._loading = False

    def _show_values(self) -> None:
        self.menu.clear()
        self.kind.clear()
        if self._comment_id is None:
            self.topics.setText("Topics")
            return
        labels = taxonomy_for(self._store).labels
        tags = tags_of(self._store, self._comment_id)
        self.topics.setText("Topics: " + (", ".join(tags) if tags else "none"))
        self.topics.setToolTip("; ".join(labels.get(t, t) for t in tags) or "No topic")
        for tag, label in labels.items():
            action = QAction(label, self.menu)
            action.setCheckable(True)
            action.setChecked(tag in tags)
            action.setData(tag)
            self.menu.addAction(action)
        current = answer_kind(self._store, self._comment_id)
        suggested = "no answer yet" if current.kind is None or current.chosen else \
            KINDS[current.kind].lower()
        self.kind.addItem(f"Kind: as suggested ({suggested})", SUGGESTED)
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(self.kind.findData(current.kind) if current.chosen else 0)

    def refresh_kind(self) -> None:
        """The suggestion again, after the answer changed (the autosave calls this)."""
        if self._comment_id is None:
            return
        current = answer_kind(self._store, self._comment_id)
        if not current.chosen and self.kind.count():
            shown = "no answer yet" if current.kind is None else KINDS[current.kind].lower()
            self.kind.setItemText(0, f"Kind: as suggested ({shown})")

    @Slot(QAction)
    def _toggled(self, action: QAction) -> None:
        if self._loading or self._comment_id is None:
            return
        try:
            set_tag(self._store, self._comment_id, str(action.data()), action.isChecked())
        except UserError as error:
            show_error(self, "Topics", str(error))
        self.show_values()
        self.changed.emit()

    @Slot(int)
    def _kind_chosen(self, row: int) -> None:
        if self._loading or self._comment_id is None:
            return
        kind = self.kind.itemData(row)
        set_answer_kind(self._store, self._comment_id, kind or None)
        self.show_values()
        self.changed.emit()
