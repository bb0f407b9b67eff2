"""Reviewers' highlights, made with the mouse in the window's letter pane; kept in the store."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.pdf.tools import PdfTools
from gui.pdf.view import PdfView
from gui.window.main_window import MainWindow
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs, WindowFactory, import_letter

pytestmark = OFFSCREEN_NOISE
LEFT = Qt.MouseButton.LeftButton


def open_window(qtbot: QtBot, make_window: WindowFactory, store: Store
                ) -> tuple[MainWindow, PdfTools]:
    window = make_window(store)
    tools = window.pdf_tools
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, tools


def at(view: PdfView, x: float, y: float) -> QPoint:
    return view.map_to_viewport(1, QPointF(x, y)).toPoint()


def select_by_mouse(qtbot: QtBot, view: PdfView, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(view.viewport(), LEFT, pos=start)
    qtbot.mouseMove(view.viewport(), QPoint(start.x() + 10, start.y()))
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), LEFT, pos=end)


def test_a_highlight_made_by_mouse_is_stored_and_survives_a_restart(
        qtbot: QtBot, make_window: WindowFactory, store: Store, workspace_path: Path,
        dialogs: Dialogs) -> None:
    letter = import_letter(store).document
    first = store.comments(document_id=letter.id)[0]
    window, tools = open_window(qtbot, make_window, store)
    window.tree.select_comment(first.id)
    pdf = window.pdf
    pdf.set_zoom(1.0)
    pdf.scroll_to_point(1)
    # the first comment's line: "1. Tell us whether your MNS …"
    words = pdf.page_text().words(1)  # type: ignore[union-attr]
    one, whether = [w for w in words if w.text in ("1.", "whether")][:2]
    select_by_mouse(qtbot, pdf, at(pdf, one.x0 + 1, one.y0 + 3),
                    at(pdf, whether.x1 - 2, whether.y0 + 3))
    assert pdf.selected_text() == "1. Tell us whether"
    assert tools.highlight.isEnabled()
    dialogs.answers.append(("Ask the auditors", True))
    pdf.setFocus()
    qtbot.keyClick(pdf, Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    [note] = store.highlights(letter.id)
    assert (note.quote, note.body, note.comment_id) == ("1. Tell us whether",
                                                        "Ask the auditors", first.id)
    assert note.regions[0].page == 1
    color = QColor(store.me().color)  # type: ignore[union-attr]
    [(page, _rect, fill)] = pdf.layer("highlights")
    assert page == 1 and fill.rgb() == color.rgb() and fill.alpha() < 255
    assert not pdf.has_selection()
    assert tools.highlight_list.count() == 1
    assert "1. Tell us whether" in tools.highlight_list.item(0).text()
    window.close()

    again, tools = open_window(qtbot, make_window, Store.open(workspace_path))
    again.tree.select_comment(first.id)
    assert len(again.pdf.layer("highlights")) == 1
    assert tools.highlight_list.isVisible()
    again.pdf.go_to_page(1)
    qtbot.mouseClick(tools.highlight_list.viewport(), LEFT,
                     pos=tools.highlight_list.visualItemRect(
                         tools.highlight_list.item(0)).center())
    assert again.pdf.current_page() == 1


def test_context_menu_offers_highlight(qtbot: QtBot, make_window: WindowFactory,
                                       store: Store) -> None:
    import_letter(store)
    window, tools = open_window(qtbot, make_window, store)
    assert tools.highlight in window.pdf.context_actions()
    assert not tools.highlight.isEnabled()  # nothing selected


def test_a_cancelled_note_makes_no_highlight(qtbot: QtBot, make_window: WindowFactory,
                                             store: Store, dialogs: Dialogs) -> None:
    letter = import_letter(store).document
    window, tools = open_window(qtbot, make_window, store)
    pdf = window.pdf
    pdf.set_zoom(1.0)
    tell = [w for w in pdf.page_text().words(1) if w.text == "Tell"][0]  # type: ignore
    qtbot.mouseDClick(pdf.viewport(), LEFT, pos=at(pdf, tell.x0 + 2, tell.y0 + 3))
    assert pdf.selected_text() == "Tell"
    assert tools.highlight_selection() is None  # the dialog was cancelled
    assert store.highlights(letter.id) == [] and pdf.has_selection()


def test_a_highlight_shows_its_note_as_a_tooltip(
        qtbot: QtBot, make_window: WindowFactory, store: Store, monkeypatch) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from storage.models import Region

    letter = import_letter(store).document
    store.add_highlight(letter.id, [Region(1, (72.0, 110.0, 300.0, 125.0))],
                        "Tell us whether", "Ask the auditors")
    window, tools = open_window(qtbot, make_window, store)
    window.tree.select_comment(store.comments(document_id=letter.id)[0].id)
    pdf = window.pdf
    pdf.set_zoom(1.0)
    pdf.scroll_to_point(1)
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_a: shown.append(text))
    inside = at(pdf, 150, 118)
    event = QHelpEvent(QEvent.Type.ToolTip, inside, pdf.viewport().mapToGlobal(inside))
    QApplication.sendEvent(pdf.viewport(), event)
    assert shown and "Ask the auditors" in shown[0] and "Ada Lovelace" in shown[0]
    outside = at(pdf, 150, 400)
    assert tools.highlights[pdf].highlight_at(QPointF(outside)) is None
