"""The files attached to a comment and its answer, under the notes in the editor: attach files,
mark one as supplemental with confidential treatment requested (Rule 83), save a copy, remove
(storage.attachments keeps them).

Signals: changed() — an attachment was added, marked or removed."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.common import dialogs
from gui.common.formats import save_folder
from storage.attachments import (
    RULE_83,
    Attachment,
    attach,
    attachments,
    has_content,
    mark_confidential,
    remove_attachment,
    save_copy,
)
from storage.errors import UserError
from storage.store import Store

ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE = "Rejoinder — attachments"


class AttachmentsView(QWidget):
    """A comment's attachments and the buttons that act on them."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._comment_id: str | None = None
        self.list = QListWidget()
        self.list.setMinimumHeight(36)
        self.list.setWordWrap(True)  # a long name and its Rule 83 mark wrap, never scroll
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.attach_button = QToolButton()
        self.attach_button.setText("Attach…")
        self.attach_button.setToolTip("Keep copies of files (schedules, contracts, plant-level "
                                      "detail) with this comment's answer")
        self.rule83 = QToolButton()
        self.rule83.setText("Rule 83")
        self.rule83.setCheckable(True)
        self.rule83.setToolTip(f"Mark the selected file {RULE_83}: it is listed in the review "
                               "pack and never named in the letter filed on EDGAR")
        self.save_button = QToolButton()
        self.save_button.setText("Save…")
        self.save_button.setToolTip("Save a copy of the selected file")
        self.remove_button = QToolButton()
        self.remove_button.setText("Remove")
        self.remove_button.setToolTip("Take the selected file off this comment")
        for button in self.buttons():
            button.setAutoRaise(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        self.attach_button.clicked.connect(self.choose_files)
        self.rule83.clicked.connect(self._mark)
        self.save_button.clicked.connect(self._save)
        self.remove_button.clicked.connect(self._remove)
        self.list.currentItemChanged.connect(self._selected)
        self.show_comment(None)

    def buttons(self) -> tuple[QToolButton, ...]:
        """The buttons, for the title row of the section that shows this view."""
        return (self.attach_button, self.rule83, self.save_button, self.remove_button)

    def set_store(self, store: Store) -> None:
        self._store = store
        self.show_comment(None)

    def show_comment(self, comment_id: str | None, editable: bool = True) -> None:
        self._comment_id = comment_id
        self.attach_button.setEnabled(comment_id is not None and editable)
        self.refresh()

    def count(self) -> int:
        return self.list.count()

    def current(self) -> Attachment | None:
        item = self.list.currentItem()
        return item.data(ATTACHMENT_ROLE) if item is not None else None

    def refresh(self) -> None:
        keep = self.current()
        self.list.clear()
        for found in attachments(self._store, self._comment_id) if self._comment_id else []:
            here = has_content(self._store, found)
            item = QListWidgetItem(found.label + ("" if here else " — not received yet"))
            item.setData(ATTACHMENT_ROLE, found)
            item.setToolTip(f"Attached to the {found.target}" + (
                "" if here else "; the file was too large for the exchange pack it came with"))
            self.list.addItem(item)
            if keep is not None and keep.id == found.id:
                self.list.setCurrentItem(item)
        self._selected()

    @Slot()
    def _selected(self) -> None:
        found = self.current()
        for button in (self.rule83, self.save_button, self.remove_button):
            button.setEnabled(found is not None)
        self.rule83.setChecked(bool(found and found.confidential))

    @Slot()
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Attach files", str(save_folder()))
        self.attach_files([Path(n) for n in names])

    def attach_files(self, paths: list[Path]) -> None:
        if self._comment_id is None:
            return
        for path in paths:
            try:
                attach(self._store, self._comment_id, path)
            except UserError as error:
                dialogs.show_error(self, TITLE, str(error))
        if paths:
            self.refresh()
            self.list.setCurrentRow(self.list.count() - 1)
            self.changed.emit()

    @Slot()
    def _mark(self) -> None:
        found = self.current()
        if found is not None:
            mark_confidential(self._store, found.id, self.rule83.isChecked())
            self.refresh()
            self.changed.emit()

    @Slot()
    def _save(self) -> None:
        found = self.current()
        if found is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Save a copy",
                                              str(save_folder() / found.name))
        if name:
            try:
                save_copy(self._store, found.id, Path(name))
            except UserError as error:
                dialogs.show_error(self, TITLE, str(error))

    @Slot()
    def _remove(self) -> None:
        found = self.current()
        if found is not None and dialogs.confirm(
                self, TITLE, f"Remove {found.name} from this comment? The review pack and the "
                "letters will no longer list it.", "Remove"):
            remove_attachment(self._store, found.id)
            self.refresh()
            self.changed.emit()
