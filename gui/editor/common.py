"""Small things the editor's parts share: reviewers and the foldable section."""
from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from storage.errors import NotFound
from storage.models import Reviewer
from storage.store import Store


def reviewer_or_none(store: Store, reviewer_id: str | None) -> Reviewer | None:
    """The reviewer, or None when unknown (e.g. from a merged workspace we never met)."""
    if reviewer_id is None:
        return None
    try:
        return store.reviewer(reviewer_id)
    except NotFound:
        return None


QWIDGETSIZE_MAX = 16777215


class Section(QWidget):
    """A titled part of the editor whose body folds away under its title row."""

    def __init__(self, title: str, body: QWidget, extras: tuple[QWidget, ...] = (),
                 collapsible: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self.toggle = QToolButton()
        self.toggle.setText(title)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        if collapsible:
            self.toggle.setArrowType(Qt.ArrowType.DownArrow)
            self.toggle.setToolTip(f"Show or hide the {title.lower()}")
            self.toggle.clicked.connect(lambda _=False: self.set_expanded(not self.expanded()))
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.toggle)
        for extra in extras:
            row.addWidget(extra)
        if not any(isinstance(e, _Stretch) for e in extras):
            row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(body, 1)
        self._row = row
        self._lowest = 0

    def set_title(self, title: str) -> None:
        self.toggle.setText(title)

    def expanded(self) -> bool:
        return self.body.isVisibleTo(self)

    @Slot(bool)
    def set_expanded(self, shown: bool) -> None:
        if shown == self.expanded():
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.body.setVisible(shown)
        if shown:
            self.setMinimumHeight(self._lowest)
            self.setMaximumHeight(QWIDGETSIZE_MAX)
        else:
            self._lowest = self.minimumHeight()
            self.setMinimumHeight(0)
            self.setMaximumHeight(self._row.sizeHint().height() + 4)


class _Stretch(QWidget):
    """Put among a Section's extras where the free space should go."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)


def stretch() -> QWidget:
    return _Stretch()
