"""Find in the PDF pane: counts, steps, keys, every hit drawn."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.pdf.find_bar import CURRENT_FILL, FindBar
from gui.pdf.view import PdfView
from tests.conftest import LETTERS
from tests.gui.pdfs import text_pdf


def search(qtbot: QtBot, bar: FindBar, text: str) -> None:
    bar.open_bar()
    with qtbot.waitSignal(bar.searched, timeout=10000):
        qtbot.keyClicks(bar.field, text)


def test_find_counts_every_hit_and_steps(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", text_pdf(pages=3, lines=20))
    bar = FindBar(view)
    search(qtbot, bar, "line 1")  # "line 1" and "line 10".."line 19": 11 a page
    assert len(bar.hits()) == 33
    assert bar.count_text() == "1 of 33"
    assert len(view.layer("find")) == 33
    assert view.layer("find-current")[0][2] == CURRENT_FILL
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count_text() == "2 of 33"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_text() == "33 of 33"  # wrapped round
    assert view.current_page() == 3  # the current hit was scrolled into view
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert bar.count_text() == "1 of 33" and view.current_page() == 1


def test_no_hit_and_escape(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", text_pdf(pages=2))
    bar = FindBar(view)
    search(qtbot, bar, "goodwill")
    assert bar.count_text() == "No results" and not view.layer("find")
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_escape_drops_the_hits_and_a_new_document_is_searched_again(
        qtbot: QtBot, view: PdfView) -> None:
    view.set_document("doc", text_pdf(pages=2))
    bar = FindBar(view)
    search(qtbot, bar, "text line")
    assert len(bar.hits()) == 40  # 20 lines a page
    with qtbot.waitSignal(bar.searched, timeout=10000) as blocker:
        view.set_document("other", text_pdf(pages=4))
    assert blocker.args == [80]
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not view.layer("find") and not view.layer("find-current")


@pytest.mark.corpus
def test_find_in_a_real_letter(qtbot: QtBot, view: PdfView) -> None:
    view.set_document("agilent", (LETTERS / "agilent_2016-09-14_upload.pdf").read_bytes())
    bar = FindBar(view)
    search(qtbot, bar, "Agilent")
    assert bar.hits() and bar.count_text().startswith("1 of ")
