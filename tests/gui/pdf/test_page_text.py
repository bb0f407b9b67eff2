"""The mouse over the PDF pane: selecting and copying text, clicking regions, following links."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from gui.pdf.view import PdfView
from tests.conftest import LETTERS
from tests.gui.conftest import Dialogs
from tests.gui.pdfs import linked_pdf, text_pdf

LEFT = Qt.MouseButton.LeftButton




def at(view: PdfView, page: int, x: float, y: float) -> QPoint:
    return view.map_to_viewport(page, QPointF(x, y)).toPoint()


def drag(qtbot: QtBot, view: PdfView, start: QPoint, *path: QPoint) -> None:
    target = view.viewport()
    qtbot.mousePress(target, LEFT, pos=start)
    for point in path:
        qtbot.mouseMove(target, point)
    qtbot.mouseRelease(target, LEFT, pos=path[-1])


def test_drag_selects_words_and_copies_them(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", text_pdf(pages=2))
    view.set_zoom(1.0)
    # from "text" on line 0 to "line" on line 1 (text is at baseline 120 + 24 * line)
    start, end = at(view, 1, 132, 116), at(view, 1, 150, 140)
    with qtbot.waitSignal(view.selectionChanged):
        drag(qtbot, view, start, QPoint(start.x() + 20, start.y()), end)
    assert view.selected_text() == "text line 0 on page 1.\nComment text line"
    assert [page for page, _ in view.selected_regions()] == [1, 1]
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "text line 0 on page 1.\nComment text line"
    assert view.layer("selection")


def test_selection_runs_across_pages(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", text_pdf(pages=2, lines=3))
    view.set_zoom(0.5)
    start, end = at(view, 1, 60, 164), at(view, 2, 140, 70)  # from the margin
    drag(qtbot, view, start, QPoint(start.x(), start.y() + 30), end)
    assert view.selected_text().splitlines() == ["Comment text line 2 on page 1.", "Page 2"]


def test_double_click_selects_a_word_and_triple_click_a_line(qtbot: QtBot,
                                                             view: PdfView) -> None:
    view.set_document("doc", text_pdf(pages=1))
    view.set_zoom(1.0)
    word = at(view, 1, 135, 140)
    qtbot.mouseDClick(view.viewport(), LEFT, pos=word)
    assert view.selected_text() == "text"
    qtbot.mouseClick(view.viewport(), LEFT, pos=word)
    assert view.selected_text() == "Comment text line 1 on page 1."


def test_a_click_in_a_region_selects_it_and_a_drag_does_not(qtbot: QtBot,
                                                             view: PdfView) -> None:
    view.set_document("doc", text_pdf(pages=1))
    view.set_zoom(1.0)
    view.set_markers([("c1", "1", 1, (72.0, 100.0, 540.0, 150.0))])
    inside = at(view, 1, 200, 130)
    with qtbot.waitSignal(view.regionClicked) as blocker:
        qtbot.mouseClick(view.viewport(), LEFT, pos=inside)
    assert blocker.args == ["c1"]
    with qtbot.assertNotEmitted(view.regionClicked):
        drag(qtbot, view, inside, QPoint(inside.x() + 40, inside.y()),
             QPoint(inside.x() + 80, inside.y()))
    assert view.selected_text()


def test_internal_link_navigates(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", linked_pdf())
    view.set_zoom(1.0)
    link = at(view, 1, 100, 196)
    with qtbot.waitSignal(view.linkHovered) as hovered:
        qtbot.mouseMove(view.viewport(), link)
    assert hovered.args == ["Page 3"]
    with qtbot.waitSignal(view.pageChanged) as blocker:
        qtbot.mouseClick(view.viewport(), LEFT, pos=link)
    assert blocker.args == [3]
    page, point = view.page_point(QPointF(200, 0))  # type: ignore[misc]
    assert page == 3 and abs(point.y() - 400) < 2


def test_external_link_asks_before_opening(qtbot: QtBot, view: PdfView, dialogs: Dialogs,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    view.set_document("doc", linked_pdf())
    view.set_zoom(1.0)
    link = at(view, 1, 90, 256)
    with qtbot.waitSignal(view.linkHovered) as hovered:
        qtbot.mouseMove(view.viewport(), link)
    assert hovered.args == ["https://www.sec.gov/"]
    qtbot.mouseClick(view.viewport(), LEFT, pos=link)
    assert dialogs.texts == ["Open https://www.sec.gov/ in your browser?"]
    assert opened == []  # the test's dialog answered Ok, not Yes
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.viewport(), LEFT, pos=link)
    assert opened == [QUrl("https://www.sec.gov/")]


@pytest.mark.corpus
def test_select_a_line_of_a_real_letter(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("ad", (LETTERS / "agilent_2016-09-14_upload.pdf").read_bytes())
    text = view.page_text()
    assert text is not None
    words = text.words(1)
    first = words[0]
    qtbot.mouseDClick(view.viewport(), LEFT, pos=at(view, 1, first.x0 + 1, first.y0 + 2))
    assert view.selected_text() == first.text


def test_the_text_is_read_when_first_asked_for(view: PdfView) -> None:
    from gui.pdf.selection import Caret

    view.set_document("doc", text_pdf(pages=2))
    assert view._text is None  # showing a letter reads none of its words
    view.select_words(Caret(1, 2), Caret(1, 4))  # a selection made without a hover first
    assert view.selected_text() == "Comment text line"
    text = view.page_text()
    assert text is not None and text is view.page_text()  # read once
    view.set_document("other", text_pdf(pages=1))
    assert view._text is None and not view.has_selection()
    assert view.page_text() is not text
