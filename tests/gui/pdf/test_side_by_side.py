"""Side by side: the second pane follows the comment selected in the tree."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from gui.pdf.side_by_side import ADD_REFERENCE
from gui.pdf.tools import PdfTools
from gui.window.main_window import MainWindow
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter, make_letter
from tests.gui.pdfs import filing_pdf

pytestmark = OFFSCREEN_NOISE


def open_window(qtbot: QtBot, make_window: WindowFactory, store: Store
                ) -> tuple[MainWindow, PdfTools]:
    window = make_window(store)
    tools = window.pdf_tools
    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    return window, tools


def test_the_response_follows_the_selected_staff_comment(
        qtbot: QtBot, make_window: WindowFactory, store: Store) -> None:
    staff = import_letter(store).document
    response = import_letter(store, make_letter("response", "2017-08-30",
                                                answers="2017-08-16")).document
    window, tools = open_window(qtbot, make_window, store)
    first, second, _ = store.comments(document_id=staff.id)
    window.tree.select_comment(first.id)
    assert not tools.side.isVisible()
    tools.side_by_side.trigger()
    assert tools.side.isVisible()
    assert tools.side.document_id() == response.id  # the partner of the staff letter
    assert tools.side.chooser.currentText().startswith("Response")
    window.tree.select_comment(second.id)
    [answer] = store.answers_to(second.id)
    regions = [(r.page, r.rect) for r in (*answer.regions, *answer.response_regions)]
    assert tools.side.view.highlights() == regions and regions
    tools.side_by_side.trigger()
    assert not tools.side.isVisible()


def test_a_reference_opens_at_the_cited_page(
        qtbot: QtBot, make_window: WindowFactory, store: Store, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    staff = import_letter(store).document
    filing = tmp_path / "10-K.pdf"
    filing.write_bytes(filing_pdf(pages=20, labels=True, footers=False))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(filing), ""))
    window, tools = open_window(qtbot, make_window, store)
    first, second, third = store.comments(document_id=staff.id)
    window.tree.select_comment(first.id)  # "Goodwill, page 84"
    tools.side_by_side.setChecked(True)
    chooser = tools.side.chooser
    chooser.activated.emit(chooser.findData(ADD_REFERENCE))  # "Add reference document…"
    [reference] = [d for d in store.documents(staff.matter_id) if d.role == "reference"]
    assert tools.side.document_id() == reference.id
    window.tree.select_comment(second.id)  # inherits "Goodwill, page 84"
    assert tools.side.view.current_page() == 6  # labelled 84
    assert tools.side.where.text() == "Page 84 (PDF page 6)"
    window.tree.select_comment(third.id)  # "Income Taxes, page 97"
    assert tools.side.view.current_page() == 19


def test_find_opens_on_the_pane_with_the_focus(
        qtbot: QtBot, make_window: WindowFactory, store: Store) -> None:
    import_letter(store)
    import_letter(store, make_letter("response", "2017-08-30", answers="2017-08-16"))
    window, tools = open_window(qtbot, make_window, store)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    tools.find.trigger()
    assert tools.find_bars[window.pdf].isVisible()
    tools.side_by_side.setChecked(True)
    tools.side.view.setFocus()
    qtbot.waitUntil(lambda: tools.side.view.hasFocus())
    tools.find.trigger()
    assert tools.find_bars[tools.side.view].isVisible()


@pytest.mark.parametrize("width", [1280, 1920])
def test_side_by_side_is_readable_at_laptop_size(
        qtbot: QtBot, make_window: WindowFactory, store: Store, width: int) -> None:
    from gui.pdf.tools import READABLE_PANE
    from gui.pdf.view import ZoomMode

    staff = import_letter(store).document
    import_letter(store, make_letter("response", "2017-08-30", answers="2017-08-16"))
    window = make_window(store)
    window.resize(width, 800 if width == 1280 else 1080)
    window.show()
    qtbot.waitExposed(window)
    tools = window.pdf_tools
    window.tree.select_comment(store.comments(document_id=staff.id)[0].id)
    widths = window.splitter.sizes()
    tools.side_by_side.trigger()
    qtbot.waitUntil(lambda: tools.side.view.viewport().width() > 100)
    for view in (window.pdf, tools.side.view):
        assert view.zoom_mode() == ZoomMode.FIT_WIDTH
        assert view.zoom() > 0.4, f"{view.zoom():.0%} is unreadable"
    wide_enough = window.letter_pane.width() >= 2 * READABLE_PANE
    assert window.tree_pane.isVisible() == (width == 1920) and wide_enough
    tools.side_by_side.trigger()
    assert window.tree_pane.isVisible() and window.commands.show_comments.isChecked()
    assert window.splitter.sizes() == widths  # the panes as they were


def test_the_thread_and_commitments_docks_tab_together_below_the_letter(
        qtbot: QtBot, make_window: WindowFactory, store: Store) -> None:
    from PySide6.QtCore import Qt

    import_letter(store)
    window = make_window(store)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    before = window.letter_pane.width()
    window.docks.show("review_thread")
    window.docks.show("review_commitments")
    thread, commitments = window.docks.docks["review_thread"], \
        window.docks.docks["review_commitments"]
    assert window.dockWidgetArea(thread) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert thread in window.tabifiedDockWidgets(commitments)
    qtbot.wait(10)
    assert window.letter_pane.width() >= before - 2
