"""The conflict screen: every change that both you and another reviewer made since you last
exchanged packs, one at a time, both versions side by side — "Yours" and "Theirs (name)" — with
the differences of answers and note texts marked. Keep mine, take theirs, or (texts) combine
the two; the next conflict is then shown. Closing it with conflicts left keeps them for later.

Choices go through `storage.exchange.resolve_conflict` only.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.common import dialogs
from gui.exchange.combine import CombineDialog
from gui.exchange.conflict_text import (
    MINE_STYLE,
    THEIRS_STYLE,
    author_name,
    diff_html,
    is_text,
    label,
    value_html,
    where_parts,
)
from storage.errors import NotFound, UserError
from storage.exchange import Conflict, conflicts, resolve_conflict
from storage.store import Store

TITLE = "Rejoinder — conflicts"
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2  # the grey second line of a list item


def open_conflicts(store: Store) -> list[Conflict]:
    """Every open conflict, matter by matter, oldest first."""
    return [c for matter in store.matters() for c in conflicts(store, matter.id)]


class ConflictsView(QDialog):
    """The list of open conflicts and, for the selected one, both versions and the choices.

    Signals:
        aboutToResolve() — a choice is about to be written (save any typing first).
        resolved(Conflict) — a conflict was settled (its record changed: refresh its row).
        commentChosen(str) — the selected conflict is about this comment (show it).
        countChanged(int) — how many conflicts still wait.
    """

    aboutToResolve = Signal()
    resolved = Signal(object)
    commentChosen = Signal(str)
    countChanged = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(TITLE)
        self._build()
        self.reload()
        self.resize(1100, 680)

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setItemDelegate(_TwoLines(self.list))
        self.list.currentItemChanged.connect(self._current_changed)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: large; font-weight: bold")
        self.context = QLabel()
        self.context.setWordWrap(True)
        self.context.setStyleSheet("color: palette(placeholder-text)")
        self.mine_title, self.theirs_title = QLabel("<b>Yours</b>"), QLabel()
        self.mine, self.theirs = QTextBrowser(), QTextBrowser()
        for view in (self.mine, self.theirs):
            view.setOpenLinks(False)
            view.document().setDocumentMargin(8)
        self.legend = QLabel(f"<span style='{MINE_STYLE}'>struck</span>: only in yours · "
                             f"<span style='{THEIRS_STYLE}'>underlined</span>: only in theirs")
        self.keep = QPushButton("&Keep mine")
        self.take = QPushButton("&Take theirs")
        self.combine = QPushButton("&Combine…")
        self.keep.clicked.connect(lambda: self.choose("local"))
        self.take.clicked.connect(lambda: self.choose("remote"))
        self.combine.clicked.connect(self.start_combining)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setToolTip(
            "Conflicts left open wait for later (File → Conflicts…)")
        self._lay_out()

    def _lay_out(self) -> None:
        self.grid = QGridLayout()
        grid = self.grid
        grid.setContentsMargins(8, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.context, 1, 0, 1, 2)
        grid.addWidget(self.mine_title, 2, 0)
        grid.addWidget(self.theirs_title, 2, 1)
        grid.addWidget(self.mine, 3, 0)
        grid.addWidget(self.theirs, 3, 1)
        grid.addLayout(_row(self.keep), 4, 0)
        grid.addLayout(_row(self.take, self.combine), 4, 1)
        grid.addWidget(self.legend, 5, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        detail = QWidget()
        detail.setLayout(grid)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 800])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)

    # -- the list -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the open conflicts again (keeping the selection where it can)."""
        keep = self.current()
        found = open_conflicts(self.store)
        several_matters = len({c.matter_id for c in found}) > 1
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in found:
            self.list.addItem(self._item(conflict, several_matters))
        self.list.blockSignals(False)
        ids = [c.id for c in found]
        row = ids.index(keep.id) if keep is not None and keep.id in ids else 0
        self._select(row)

    def _item(self, conflict: Conflict, with_matter: bool) -> QListWidgetItem:
        who = author_name(self.store, conflict)
        thing, letter = where_parts(self.store, conflict)
        details = [letter] if letter else []
        if with_matter:
            details.append(self.store.matter(conflict.matter_id).title)
        item = QListWidgetItem(f"{thing} — {conflict.label}")
        item.setData(DETAIL_ROLE, " · ".join([f"{who} changed it too", *details]))
        item.setData(CONFLICT_ROLE, conflict)
        item.setToolTip(f"You and {who} both changed this since you last exchanged packs.")
        return item

    def _select(self, row: int) -> None:
        count = self.list.count()
        if count:
            self.list.setCurrentRow(min(row, count - 1))
        self._current_changed()
        self.header.setText(_header(count))
        self.countChanged.emit(count)

    def current(self) -> Conflict | None:
        item = self.list.currentItem()
        return item.data(CONFLICT_ROLE) if item is not None else None

    def count(self) -> int:
        return self.list.count()

    # -- one conflict -------------------------------------------------------------------------

    @Slot()
    def _current_changed(self) -> None:
        conflict = self.current()
        for button in (self.keep, self.take):
            button.setEnabled(conflict is not None)
        self.combine.setVisible(conflict is not None and is_text(conflict))
        if conflict is None:
            self._show_nothing()
            return
        self._show(conflict)
        if conflict.comment_id:
            self.commentChosen.emit(conflict.comment_id)

    def _show_nothing(self) -> None:
        self.title.setText("No conflicts wait")
        self.context.setText("Everything from the packs you imported is merged.")
        self.theirs_title.setText("<b>Theirs</b>")
        self.mine.clear()
        self.theirs.clear()
        self.legend.hide()

    def _show(self, conflict: Conflict) -> None:
        self.title.setText(label(self.store, conflict))
        self.context.setText(self._context(conflict))
        self.theirs_title.setText(f"<b>Theirs ({author_name(self.store, conflict)})</b>")
        text = is_text(conflict)
        self.legend.setVisible(text)
        self._fit_panes(text)
        if text:
            self.mine.setHtml(diff_html(conflict.local, conflict.remote, "local"))
            self.theirs.setHtml(diff_html(conflict.local, conflict.remote, "remote"))
        else:
            self.mine.setHtml(value_html(self.store, conflict, "local"))
            self.theirs.setHtml(value_html(self.store, conflict, "remote"))

    def _fit_panes(self, text: bool) -> None:
        """Texts take the height they need; a date or a status, a few lines."""
        height = 16777215 if text else 8 * self.fontMetrics().height()
        for view in (self.mine, self.theirs):
            view.setMaximumHeight(height)
        self.grid.setRowStretch(3, 1 if text else 0)
        self.grid.setRowStretch(6, 0 if text else 1)

    def _context(self, conflict: Conflict) -> str:
        if not conflict.comment_id:
            return ""
        try:
            text = " ".join(self.store.comment(conflict.comment_id).text.split())
        except NotFound:
            return ""
        return text if len(text) <= 260 else text[:260].rsplit(" ", 1)[0] + " …"

    # -- choosing -----------------------------------------------------------------------------

    def choose(self, choice: str, combined: str | None = None) -> None:
        """Settle the selected conflict ("local", "remote" or "combined") and go to the next."""
        conflict = self.current()
        if conflict is None:
            return
        self.aboutToResolve.emit()
        try:
            settled = resolve_conflict(self.store, conflict.id, choice,  # type: ignore[arg-type]
                                       combined)
        except UserError as error:
            dialogs.show_error(self, TITLE, str(error))
            self.reload()
            return
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.takeItem(row)
        self.list.blockSignals(False)
        self.resolved.emit(settled)
        self._select(row)

    @Slot()
    def start_combining(self) -> None:
        conflict = self.current()
        if conflict is None or not is_text(conflict):
            return
        dialog = CombineDialog(conflict, author_name(self.store, conflict), self)
        dialog.combined.connect(lambda text: self.choose("combined", text))
        dialog.exec()


def _row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _header(count: int) -> str:
    if not count:
        return "No conflicts wait: every change from the packs you imported is merged."
    which = "this" if count == 1 else "these"
    return (f"<b>{count} conflict{'s' if count != 1 else ''} wait{'s' if count == 1 else ''} "
            f"for your choice.</b> You and another reviewer both changed {which} since you last "
            "exchanged packs; your version stays until you choose. Close this window to decide "
            "later.")


class _TwoLines(QStyledItemDelegate):
    """A list item as a bold line (what) over a grey one (which letter, who)."""

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        height = option.fontMetrics.height()  # type: ignore[attr-defined]
        return QSize(200, 2 * height + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None  # type: ignore[attr-defined]
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                                option.widget)  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect: QRect = option.rect.adjusted(8, 6, -8, -6)  # type: ignore[attr-defined]
        height = rect.height() // 2
        painter.save()
        bold = QFont(option.font)  # type: ignore[attr-defined]
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(role))
        first = rect.adjusted(0, 0, 0, -height)
        painter.drawText(first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(str(index.data()),
                                                          Qt.TextElideMode.ElideRight,
                                                          first.width()))
        painter.setFont(option.font)  # type: ignore[attr-defined]
        if not selected:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        second = rect.adjusted(0, height, 0, 0)
        painter.drawText(second, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(str(index.data(DETAIL_ROLE) or ""),
                                                          Qt.TextElideMode.ElideRight,
                                                          second.width()))
        painter.restore()
