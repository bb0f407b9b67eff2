"""The editor's workflow row: who owns the answer and when it is due (with extensions), beside
the status combo the editor manages; and the two small dialogs it asks with."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from gui.common.dialogs import IdentityDialog, form_body, show_error
from gui.editor.topics import TopicsRow
from storage.due import add_business_days, describe_due, is_overdue
from storage.errors import UserError
from storage.models import STATUS_LABELS, STATUSES
from storage.store import Store

NO_DATE = QDate(2000, 1, 1)  # the due-date field's "no due date"
ADD_PERSON = "+add"  # the owner combo's "Add person…" entry
DATE_FORMAT = "d MMM yyyy"
SHORT_DATE_FORMAT = "d MMM"  # a due date this year
EXTENSION_DAYS = 5  # business days a new extension proposes


def _dot(color: str) -> QIcon:
    pixmap = QPixmap(10, 10)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class DueEdit(QDateEdit):
    """A date field that one Tab leaves (a QDateEdit steps through day, month and year first);
    the arrow keys still change the section under the cursor. Signal: picked(), a date chosen
    in the calendar (which a QDateEdit ends without `editingFinished`).

    The calendar is made when it is first opened (by the mouse or a key), not with the field:
    asking for it earlier builds it, some 1 ms of the window's start."""

    picked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calendar_watched = False

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        return QWidget.focusNextPrevChild(self, next)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._watch_calendar()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self._watch_calendar()
        super().keyPressEvent(event)

    def _watch_calendar(self) -> None:
        if not self._calendar_watched and self.calendarPopup():
            self._calendar_watched = True
            self.calendarWidget().clicked.connect(lambda _date: self.picked.emit())


class WorkflowRow(QWidget):
    """Status and owner of the comment shown on one line, its due date under them. Signals:

    changed(): the owner or the due date was changed here (status changes go through the
        editor, which may ask a reason).
    """

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._comment_id: str | None = None
        self._loading = False
        self.status = QComboBox()
        for status in STATUSES:
            self.status.addItem(STATUS_LABELS[status], status)
        self.status.setToolTip("Where the answer stands (Ctrl+1 … Ctrl+5)")
        self.owner = QComboBox()
        self.owner.setToolTip("Who answers this comment")
        self.owner.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.owner.setMinimumWidth(72)  # a long name is cut short on a narrow pane
        self.owner.setIconSize(QSize(10, 10))
        self.due = DueEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(DATE_FORMAT)
        self.due.setMinimumDate(NO_DATE)
        self.due.setSpecialValueText("No due date")
        self.due.setToolTip("When the answer is due (Enter to set)")
        self.due_text = QLabel()
        self.due_text.setMinimumWidth(1)  # may be cut short on a narrow pane; its tip has it all
        self.extend_button = QToolButton()
        self.extend_button.setText("Extend…")
        self.extend_button.setAutoRaise(True)
        self.extend_button.setToolTip("Give the answer a later due date, with a reason")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.status, 0, 0)
        layout.addWidget(self.owner, 0, 1, 1, 3)
        layout.addWidget(self.due, 1, 0)
        layout.addWidget(self.due_text, 1, 1, 1, 2)
        layout.addWidget(self.extend_button, 1, 3)
        self.topics = TopicsRow(store)
        layout.addWidget(self.topics, 2, 0, 1, 4)
        self.topics.changed.connect(self.changed)
        layout.setColumnStretch(2, 1)
        self.owner.activated.connect(self._owner_chosen)
        self.extend_button.clicked.connect(self.extend)
        self.due.editingFinished.connect(self._due_edited)
        self.due.picked.connect(self._due_edited)

    def set_store(self, store: Store) -> None:
        self._store = store
        self.topics.set_store(store)
        self.show_comment(None)

    def show_comment(self, comment_id: str | None, editable: bool = True) -> None:
        self._comment_id = comment_id
        self._loading = True
        try:
            self._fill_owners()
            self.show_values()
        finally:
            self._loading = False
        closed = comment_id is not None and self._store.closed_by_staff(comment_id) is not None
        for widget in (self.status, self.owner, self.due, self.extend_button):
            widget.setEnabled(comment_id is not None and editable)
        for widget in (self.due, self.extend_button):  # a closed review has nothing due
            widget.setEnabled(widget.isEnabled() and not closed)
        self.topics.show_comment(comment_id, editable)

    def show_values(self) -> None:
        """Show what the store holds for the comment: status, owner, due date and its text."""
        if self._comment_id is None:
            self.owner.setCurrentIndex(0)
            self.due.setDate(NO_DATE)
            self.due_text.clear()
            return
        response = self._store.response(self._comment_id)
        self.status.setCurrentIndex(STATUSES.index(response.status))
        self.owner.setCurrentIndex(max(0, self.owner.findData(response.owner_id or "")))
        due = QDate.fromString(response.due_date or "", Qt.DateFormat.ISODate)
        this_year = due.isValid() and due.year() == QDate.currentDate().year()
        self.due.setDisplayFormat(SHORT_DATE_FORMAT if this_year else DATE_FORMAT)
        self.due.setDate(due if due.isValid() else NO_DATE)
        self.due.setToolTip(f"Due {due.toString(DATE_FORMAT)} (Enter to set a new date)"
                            if due.isValid() else "No due date (Enter to set one)")
        closed = self._store.closed_by_staff(self._comment_id)
        if closed is not None:  # the review is over: nothing is due
            self.due.setDate(NO_DATE)
            self.due.setToolTip("The staff closed this review: nothing is due")
        overdue = closed is None and is_overdue(response.due_date, response.status)
        shown = response.due_date and response.status != "filed"
        if closed is not None:
            self.due_text.setText(f"closed by staff on {closed.closed_at}" if closed.closed_at
                                  else "closed by staff")
        else:
            self.due_text.setText(describe_due(response.due_date) if shown else "")
        self.due_text.setToolTip(self.due_text.text())
        self._fit_due()
        self.due_text.setStyleSheet("color:#c92a2a; font-weight:bold" if overdue else "")

    def _fit_due(self) -> None:
        """As wide as the date shown (the spin box would keep room for its longest form)."""
        text = self.due.specialValueText() if self.due.date() == NO_DATE else self.due.text()
        arrow = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self.due.setFixedWidth(self.due.fontMetrics().horizontalAdvance(text + "00") + arrow + 8)

    # -- owner --------------------------------------------------------------------------------

    def _fill_owners(self) -> None:
        self.owner.clear()
        self.owner.addItem("Unassigned", "")
        for reviewer in self._store.reviewers():
            self.owner.addItem(_dot(reviewer.color), reviewer.name, reviewer.id)
            self.owner.setItemData(self.owner.count() - 1, reviewer.initials,
                                   Qt.ItemDataRole.ToolTipRole)
        self.owner.insertSeparator(self.owner.count())
        self.owner.addItem("Add person…", ADD_PERSON)

    @Slot(int)
    def _owner_chosen(self, row: int) -> None:
        if self._comment_id is None:
            return
        chosen = self.owner.itemData(row)
        if chosen == ADD_PERSON:
            chosen = self._add_person()
            self._fill_owners()
        if chosen is not None:
            self._store.set_owner(self._comment_id, chosen or None)
            self.changed.emit()
        self.show_values()

    def _add_person(self) -> str | None:
        dialog = PersonDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            return self._store.add_reviewer(*dialog.values()).id
        except UserError as error:
            show_error(self, "Rejoinder — add person", str(error))
            return None

    # -- due date -----------------------------------------------------------------------------

    def due_date(self) -> str | None:
        shown = self.due.date()
        return None if shown == NO_DATE else shown.toString(Qt.DateFormat.ISODate)

    @Slot()
    def _due_edited(self) -> None:
        if self._loading or self._comment_id is None:
            return
        self._set_due(self.due_date(), None)

    def _set_due(self, due: str | None, reason: str | None) -> None:
        assert self._comment_id is not None
        before = self._store.response(self._comment_id).due_date
        self._store.set_due(self._comment_id, due, reason)
        self._loading = True
        try:
            self.show_values()
        finally:
            self._loading = False
        if due != before:
            self.changed.emit()

    @Slot()
    def extend(self) -> None:
        """Ask a later due date and a reason, and record the extension."""
        if self._comment_id is None:
            return
        current = self._store.response(self._comment_id).due_date
        dialog = ExtendDialog(current, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            new_date, reason = dialog.values()
            self._set_due(new_date, reason or None)


class PersonDialog(IdentityDialog):
    """Asks a teammate's name and initials (someone comments can be assigned to)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, title="Add person",
                         text="Someone comments can be assigned to: a colleague, counsel or "
                              "an auditor.")


class ExtendDialog(QDialog):
    """Asks a new due date (by default five business days later) and the reason for it."""

    def __init__(self, current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Extend the due date")
        start = date.fromisoformat(current) if current else date.today()
        proposed = add_business_days(max(start, date.today()), EXTENSION_DAYS)
        self.date = QDateEdit(QDate(proposed.year, proposed.month, proposed.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. the staff agreed to ten more business days")
        was = describe_due(current) if current else "no due date"
        shown = QDate.fromString(current or "", Qt.DateFormat.ISODate).toString(DATE_FORMAT)
        intro = QLabel(f"Now: {shown} ({was})" if current else "Now: no due date")
        self.buttons = _form(self, [("", intro), ("New &date", self.date),
                                    ("&Reason", self.reason)])
        self.resize(420, self.sizeHint().height())

    def values(self) -> tuple[str, str]:
        return self.date.date().toString(Qt.DateFormat.ISODate), self.reason.text().strip()


def _form(dialog: QDialog, rows: list[tuple[str, QWidget]]) -> QDialogButtonBox:
    form = QFormLayout()
    for label, widget in rows:
        form.addRow(label, widget)
    return form_body(dialog, form)
