"""A matter's comments by status, drawn as one stacked bar with a legend under it, in the
colours of the tree's status dots. Clicking a part of the bar (or of the legend) asks to show
the comments at that status.
"""
from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from storage.models import STATUS_COLORS, STATUS_LABELS, STATUSES

SHORT_LABELS = {"open": "Open", "drafting": "Draft", "in_review": "Review",
                "approved": "Appr.", "filed": "Filed"}

BAR_HEIGHT = 8
GAP = 4


class StatusChart(QWidget):
    """How many of one matter's comments stand at each status. Signals:

    statusClicked(str): the user clicked the part of a status (its name).
    """

    statusClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[str, int] = {}
        self._title = ""
        self._hit: list[tuple[QRectF, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_counts(self, counts: Mapping[str, int], title: str = "") -> None:
        """Show these counts (status → comments) for the matter titled `title`."""
        self._counts = {s: int(counts.get(s, 0)) for s in STATUSES}
        self._title = title
        self.setToolTip(self.summary())
        self.update()

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def total(self) -> int:
        return sum(self._counts.values())

    def summary(self) -> str:
        """"Example Corp: 3 comments — Open 1, Drafting 2" (for the tooltip and tests)."""
        total = self.total()
        parts = ", ".join(f"{STATUS_LABELS[s]} {n}" for s, n in self._counts.items() if n)
        head = f"{self._title}: " if self._title else ""
        return f"{head}{total} comment{'s' if total != 1 else ''}" + (f" — {parts}" if parts
                                                                       else "")

    def sizeHint(self) -> QSize:
        return QSize(200, BAR_HEIGHT + GAP + self.fontMetrics().height() + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.sizeHint().height())

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self._hit = []
        total = self.total()
        if not total:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_bar(painter, total)
        self._paint_legend(painter)
        painter.end()

    def _paint_bar(self, painter: QPainter, total: int) -> None:
        x, width = 0.5, self.width() - 1.0
        painter.setPen(Qt.PenStyle.NoPen)
        for status in STATUSES:
            count = self._counts[status]
            if not count:
                continue
            part = QRectF(x, 0.5, width * count / total, BAR_HEIGHT)
            painter.setBrush(QColor(STATUS_COLORS[status]))
            painter.drawRect(part)
            self._hit.append((part.adjusted(0, 0, 0, GAP), status))
            x += part.width()

    def _paint_legend(self, painter: QPainter) -> None:
        """"■ Open 3  ■ Drafting 2 …", shorter names when those do not fit, the numbers alone
        when even they do not."""
        metrics = self.fontMetrics()
        shown = [(s, n) for s, n in self._counts.items() if n]
        box = metrics.height() * 0.6
        for names in (STATUS_LABELS, SHORT_LABELS, None):
            items = [(s, f"{names[s]} {n}" if names else str(n)) for s, n in shown]
            width = sum(box + 3 + metrics.horizontalAdvance(t) + 9 for _, t in items)
            if width <= self.width():
                break
        top = BAR_HEIGHT + GAP
        x = 0.0
        for status, text in items:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(STATUS_COLORS[status]))
            mid = top + metrics.height() / 2
            painter.drawRect(QRectF(x, mid - box / 2, box, box))
            painter.setPen(self.palette().windowText().color())
            text_x = x + box + 3
            advance = metrics.horizontalAdvance(text)
            painter.drawText(QRectF(text_x, top, advance + 1, metrics.height()),
                             Qt.AlignmentFlag.AlignVCenter, text)
            self._hit.append((QRectF(x, top, text_x + advance - x, metrics.height()), status))
            x = text_x + advance + 9

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for rect, status in self._hit:
            if rect.contains(event.position()):
                self.statusClicked.emit(status)
                return
        super().mousePressEvent(event)

    def status_rect(self, status: str) -> QRectF:
        """Where a status's part of the bar is drawn (empty if it has none, or not painted)."""
        return next((r for r, s in self._hit if s == status), QRectF())
