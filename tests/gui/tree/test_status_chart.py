"""The chart of a matter's comments by status: its counts, kept up to date as statuses change,
its parts drawn in the status colours, and a click on a part filtering the tree."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.tree.status_chart import StatusChart
from gui.window.main_window import MainWindow
from storage.models import STATUS_COLORS
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter

pytestmark = OFFSCREEN_NOISE


def shown_window(qtbot: QtBot, make_window: WindowFactory, store: Store) -> MainWindow:
    import_letter(store)
    window = make_window(store)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_chart_alone_counts_and_paints(qtbot: QtBot) -> None:
    chart = StatusChart()
    qtbot.addWidget(chart)
    chart.resize(300, chart.sizeHint().height())
    chart.set_counts({"open": 3, "drafting": 1, "filed": 2}, "Example Corp")
    assert chart.total() == 6
    assert chart.summary() == "Example Corp: 6 comments — Open 3, Drafting 1, Filed 2"
    assert chart.toolTip() == chart.summary()
    image = chart.grab().toImage()
    assert chart.status_rect("open").width() > chart.status_rect("drafting").width() > 0
    assert chart.status_rect("approved").isEmpty()
    middle = chart.status_rect("open").center().toPoint()
    assert image.pixelColor(middle).name() == QColor(STATUS_COLORS["open"]).name()


def test_window_chart_follows_status_changes(qtbot: QtBot, make_window: WindowFactory,
                                             store: Store) -> None:
    window = shown_window(qtbot, make_window, store)
    chart = window.tree_pane.chart
    assert chart.isVisible()
    assert chart.counts() == {"open": 3, "drafting": 0, "in_review": 0, "approved": 0,
                              "filed": 0}
    qtbot.keyClick(window.tree, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert chart.counts()["drafting"] == 1 and chart.counts()["open"] == 2
    assert window.counts_label.text() == "Open 2 · Drafting 1"
    window.tree.step(1)
    qtbot.keyClick(window.tree, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert chart.counts()["filed"] == 1
    assert "Example Corp" in chart.summary() and "Filed 1" in chart.summary()


def test_clicking_a_part_of_the_chart_filters_the_tree(qtbot: QtBot, make_window: WindowFactory,
                                                       store: Store) -> None:
    window = shown_window(qtbot, make_window, store)
    first = window.tree.current_comment_id()
    qtbot.keyClick(window.tree, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    chart = window.tree_pane.chart
    chart.repaint()
    rect = chart.status_rect("drafting")
    assert not rect.isEmpty()
    with qtbot.waitSignal(chart.statusClicked) as clicked:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(rect.center().toPoint()))
    assert clicked.args == ["drafting"]
    assert window.tree_pane.filter_bar.status.currentText() == "Drafting"
    assert window.tree.visible_comment_ids() == [first]


def test_no_matter_no_chart(window: MainWindow) -> None:
    assert not window.tree_pane.chart.isVisibleTo(window)
