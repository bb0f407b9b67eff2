"""The editor from the keyboard alone: Tab and Shift+Tab leave the answer (Ctrl+Tab indents a
list), the due date takes one Tab, and the field with the focus shows a frame."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.editor.editor import ResponseEditor
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, import_letter

pytestmark = OFFSCREEN_NOISE
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def editor(qtbot: QtBot, store: Store) -> Iterator[ResponseEditor]:
    widget = ResponseEditor(store)
    qtbot.addWidget(widget)
    widget.resize(460, 760)
    widget.show()
    qtbot.waitExposed(widget)
    result = import_letter(store)
    widget.show_comment(store.comments(document_id=result.document.id)[0])
    yield widget
    widget.flush()


def focus(qtbot: QtBot, widget) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_tab_leaves_the_answer_and_ctrl_tab_indents_a_list(
        qtbot: QtBot, editor: ResponseEditor) -> None:
    draft = editor.draft
    focus(qtbot, draft)
    qtbot.keyClicks(draft, "Answer")
    qtbot.keyClick(draft, Qt.Key.Key_Tab)
    assert "\t" not in draft.toPlainText() and not draft.hasFocus()
    focus(qtbot, draft)
    qtbot.keyClick(draft, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert not draft.hasFocus()
    focus(qtbot, draft)
    editor.format_bar.bullets.trigger()
    level = draft.textCursor().currentList().format().indent()
    qtbot.keyClick(draft, Qt.Key.Key_Tab, CTRL)
    assert draft.hasFocus() and draft.textCursor().currentList().format().indent() == level + 1
    qtbot.keyClick(draft, Qt.Key.Key_Backtab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert draft.textCursor().currentList().format().indent() == level


def test_the_due_date_takes_one_tab(qtbot: QtBot, editor: ResponseEditor) -> None:
    due = editor.workflow.due
    focus(qtbot, due)
    qtbot.keyClick(due, Qt.Key.Key_Tab)
    assert not due.hasFocus()
    assert QApplication.focusWidget() is not None


def test_the_answer_shows_a_frame_when_it_has_the_focus(
        qtbot: QtBot, editor: ResponseEditor) -> None:
    draft = editor.draft
    highlight = draft.palette().color(QPalette.ColorRole.Highlight)

    def edge() -> QColor:
        image = draft.grab().toImage()
        return image.pixelColor(0, image.height() // 2)

    editor.workflow.status.setFocus()
    qtbot.waitUntil(lambda: not draft.hasFocus())
    assert edge() != highlight
    focus(qtbot, draft)
    assert edge() == highlight
