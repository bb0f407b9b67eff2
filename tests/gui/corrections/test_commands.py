"""Fixing a letter's split from the window, as a user would: split a comment at the cursor,
merge, renumber, edit headings, make a comment of a missed passage, undo and redo; the tree,
the letter's badges and the banner follow, and the store holds the fix."""
from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QInputDialog,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.corrections.commands import HeadingsDialog, MakeCommentDialog
from gui.tree.comment_tree import KIND_ROLE
from gui.window.main_window import MainWindow
from storage import corrections
from storage.ingest.model import Anchor, ParsedComment
from storage.models import Region
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter, make_letter

pytestmark = OFFSCREEN_NOISE

GLUED = ("1. Tell us whether the MNS reporting unit was at risk of failing step 1. "
         "2. Please explain how you determined the fair value of the reporting unit.")


def show(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def glued_letter() -> object:
    """A letter the parser split wrong: comments 1 and 2 run together, then comment 3."""
    letter = make_letter()
    first, _, third = letter.comments
    return dataclasses.replace(letter, comments=(
        dataclasses.replace(first, text=GLUED), third))


def numbers(store: Store, document_id: str) -> list[int]:
    return [c.number for c in store.comments(document_id=document_id)]


def tree_titles(window: MainWindow) -> list[str]:
    model = window.tree.model()
    found: list[str] = []

    def walk(parent: object) -> None:
        for row in range(model.rowCount(parent)):  # type: ignore[arg-type]
            index = model.index(row, 0, parent)  # type: ignore[arg-type]
            if index.data(KIND_ROLE) == "comment":
                found.append(index.data())
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return found


@pytest.fixture
def glued(qtbot: QtBot, make_window: WindowFactory, store: Store) -> MainWindow:
    import_letter(store, glued_letter())  # type: ignore[arg-type]
    window = make_window(store)
    show(qtbot, window)
    return window


def click_at_offset(qtbot: QtBot, window: MainWindow, offset: int) -> None:
    view = window.editor.comment_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(offset)
    point = view.cursorRect(cursor).center() + QPoint(1, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def ok_button(dialog: QWidget) -> QWidget:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_split_at_the_cursor(qtbot: QtBot, glued: MainWindow, store: Store) -> None:
    first = glued.tree.current_comment_id()
    document_id = store.comment(first).document_id
    assert numbers(store, document_id) == [1, 3]
    click_at_offset(qtbot, glued, GLUED.index("2. Please"))
    glued.fixes.split_comment.trigger()
    assert numbers(store, document_id) == [1, 2, 3]
    one, two, _ = store.comments(document_id=document_id)
    assert one.text.endswith("failing step 1.") and two.text.startswith("Please explain")
    # the tree shows the new comment, selected; the editor and the letter show it
    assert [t[:9] for t in tree_titles(glued)] == ["1. Tell u", "2. Please", "3. Tell u"]
    assert glued.tree.current_comment_id() == two.id
    assert glued.editor.comment().id == two.id
    assert glued.editor.comment_view.toPlainText() == two.text
    assert "Comment 2" in glued.editor.header.text()
    # the split is remembered: the banner says so
    assert glued.banner.isVisible()
    assert "corrected by hand (1 fix)" in glued.banner.headline_text()


def test_split_needs_the_cursor_inside_the_text(glued: MainWindow, dialogs: object) -> None:
    glued.editor.comment_view.moveCursor(QTextCursor.MoveOperation.Start)
    glued.fixes.split_comment.trigger()
    assert "Put the cursor inside the comment" in dialogs.texts[0]  # type: ignore[attr-defined]


def test_merge_with_next(qtbot: QtBot, make_window: WindowFactory, store: Store) -> None:
    result = import_letter(store)
    window = make_window(store)
    show(qtbot, window)
    first = window.tree.current_comment_id()
    window.fixes.merge_comment.trigger()
    assert numbers(store, result.document.id) == [1, 3]
    merged = store.comment(first)
    assert "Tell us whether" in merged.text and "Please explain" in merged.text
    assert [t[:2] for t in tree_titles(window)] == ["1.", "3."]
    assert window.tree.current_comment_id() == first
    assert "Please explain" in window.editor.comment_view.toPlainText()
    # the last comment has nothing to merge with
    window.tree.step(1)
    assert not window.fixes.merge_comment.isEnabled()


def test_renumber_through_its_dialog(qtbot: QtBot, glued: MainWindow, store: Store) -> None:
    comment_id = glued.tree.current_comment_id()
    glued.tree.step(1)  # comment 3
    target = glued.tree.current_comment_id()
    assert target != comment_id
    glued.fixes.renumber_comment.trigger()
    dialog = glued.fixes.dialog
    assert isinstance(dialog, QInputDialog)
    qtbot.waitExposed(dialog)
    spin = dialog.findChild(QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, "2")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert store.comment(target).number == 2
    assert tree_titles(glued)[-1].startswith("2. Tell us the amount")
    assert glued.tree.current_comment_id() == target


def test_edit_headings_through_its_dialog(qtbot: QtBot, glued: MainWindow,
                                          store: Store) -> None:
    glued.tree.step(1)  # comment 3, under "Income Taxes, page 97"
    target = glued.tree.current_comment_id()
    glued.fixes.edit_headings.trigger()
    dialog = glued.fixes.dialog
    assert isinstance(dialog, HeadingsDialog)
    qtbot.waitExposed(dialog)
    dialog.edit.selectAll()
    qtbot.keyClicks(dialog.edit, "Form 10-K")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.edit, "Liquidity, page 40")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert store.comment(target).headings == ("Form 10-K", "Liquidity, page 40")
    index = glued.tree.currentIndex()
    assert index.parent().data() == "Liquidity, page 40"
    assert index.parent().parent().data() == "Form 10-K"


def test_make_a_comment_of_a_missed_passage(qtbot: QtBot, make_window: WindowFactory,
                                            store: Store) -> None:
    letter = make_letter()  # its page prints all three comments; the parse misses the second
    missed = dataclasses.replace(letter, comments=(letter.comments[0], letter.comments[2]))
    result = import_letter(store, missed)
    window = make_window(store)
    show(qtbot, window)
    window.fixes.make_comment.trigger()
    dialog = window.fixes.dialog
    assert isinstance(dialog, MakeCommentDialog)
    qtbot.waitExposed(dialog)
    assert not ok_button(dialog).isEnabled()  # no text yet
    qtbot.keyClicks(dialog.text, "2. Please explain how you determined the fair value")
    assert dialog.page.value() == 1
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    one, made, three = store.comments(document_id=result.document.id)
    assert (one.number, made.number, three.number) == (1, 2, 3)
    assert made.text == "Please explain how you determined the fair value"
    assert made.origin == "manual" and made.regions and made.regions[0].page == 1
    assert 120 < made.regions[0].rect[1] < three.regions[0].rect[1]
    assert [t[:9] for t in tree_titles(window)] == ["1. Tell u", "2. Please", "3. Tell u"]
    assert window.tree.current_comment_id() == made.id


def test_make_a_comment_of_text_selected_in_the_letter(
        qtbot: QtBot, make_window: WindowFactory, store: Store) -> None:
    letter = make_letter()
    missed = dataclasses.replace(letter, comments=(letter.comments[0], letter.comments[2]))
    result = import_letter(store, missed)
    window = make_window(store)
    show(qtbot, window)
    pdf = window.pdf
    qtbot.waitUntil(lambda: pdf.page_count() == 1)
    # drag over the second printed comment's line (its baseline at y = 180 on the page)
    start = pdf.map_to_viewport(1, QPointF(75, 177)).toPoint()
    end = pdf.map_to_viewport(1, QPointF(330, 177)).toPoint()
    qtbot.mousePress(pdf.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(pdf.viewport(), end)
    qtbot.mouseRelease(pdf.viewport(), Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(pdf.has_selection)
    assert pdf.selected_text().startswith("2. Please explain")
    assert window.fixes.make_comment in pdf.context_actions()
    selected = tuple(Region(p, r) for p, r in pdf.selected_regions())
    window.fixes.make_comment.trigger()
    dialog = window.fixes.dialog
    assert isinstance(dialog, MakeCommentDialog)
    assert dialog.text.toPlainText().startswith("2. Please explain")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    made = store.comments(document_id=result.document.id)[1]
    assert made.number == 2 and made.text.startswith("Please explain")
    assert made.regions == selected
    assert not pdf.has_selection()


def test_undo_and_redo_from_the_tree(qtbot: QtBot, glued: MainWindow, store: Store) -> None:
    first = glued.tree.current_comment_id()
    document_id = store.comment(first).document_id
    click_at_offset(qtbot, glued, GLUED.index("2. Please"))
    glued.fixes.split_comment.trigger()
    assert numbers(store, document_id) == [1, 2, 3]
    glued.tree.setFocus()
    qtbot.waitUntil(glued.tree.hasFocus)
    qtbot.keyClick(glued.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert numbers(store, document_id) == [1, 3]
    assert store.comment(first).text == GLUED
    assert len(tree_titles(glued)) == 2
    assert glued.tree.current_comment_id() == first
    assert glued.statusBar().currentMessage().startswith("Undone: Split comment 1")
    qtbot.keyClick(glued.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)
    assert numbers(store, document_id) == [1, 2, 3]
    assert len(tree_titles(glued)) == 3
    # nothing more of this session to undo after one undo: Ctrl+Z says so, changes nothing
    qtbot.keyClick(glued.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(glued.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert numbers(store, document_id) == [1, 3]
    assert "No split correction of this session" in glued.statusBar().currentMessage()


def test_undo_correction_from_the_letter_menu_reaches_earlier_ones(
        qtbot: QtBot, make_window: WindowFactory, store: Store) -> None:
    result = import_letter(store)
    first = store.comments(document_id=result.document.id)[0]
    corrections.renumber(store, first.id, 9)  # made before this window opened
    window = make_window(store)
    show(qtbot, window)
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.AltModifier)
    assert store.comment(first.id).number == 1
    assert tree_titles(window)[0].startswith("1. ")


def test_text_widgets_keep_their_own_undo(qtbot: QtBot, glued: MainWindow,
                                          store: Store) -> None:
    click_at_offset(qtbot, glued, GLUED.index("2. Please"))
    glued.fixes.split_comment.trigger()
    glued.editor.note_input.setFocus()
    qtbot.waitUntil(glued.editor.note_input.hasFocus)
    qtbot.keyClicks(glued.editor.note_input, "abc")
    glued.commands.undo.trigger()
    assert glued.editor.note_input.text() == ""
    assert len(store.comments(document_id=store.comment(
        glued.tree.current_comment_id()).document_id)) == 3


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_context_menu_on_a_comment_row(qtbot: QtBot, glued: MainWindow, store: Store) -> None:
    last = tree_titles(glued)[-1]
    index = glued.tree.view_index(store.comments()[-1].id)
    assert index.data() == last
    pos = glued.tree.visualRect(index).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                              glued.tree.viewport().mapToGlobal(pos))
    QApplication.sendEvent(glued.tree.viewport(), event)
    menu = glued.tree_menu("comment")
    qtbot.waitUntil(menu.isVisible)
    assert glued.tree.currentIndex().data() == last  # the row right-clicked is selected
    texts = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    assert texts[:5] == ["Split comment here", "Merge with next comment", "Renumber comment…",
                         "Edit headings…", "Make comment from selection…"]
    renumber = menu.actions()[2]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton,
                     pos=menu.actionGeometry(renumber).center())
    dialog = glued.fixes.dialog
    assert isinstance(dialog, QInputDialog)
    dialog.reject()


def test_warnings_banner_and_mark(qtbot: QtBot, make_window: WindowFactory,
                                  store: Store) -> None:
    doubts = ("Comment 3 follows comment 1: is a comment missing?",
              "Comment 1 is unusually long.")
    import_letter(store, dataclasses.replace(make_letter(), warnings=doubts))
    import_letter(store, make_letter("response", "2017-08-30", answers="2017-08-16"))
    window = make_window(store)
    show(qtbot, window)
    letter_row = window.tree.currentIndex().parent().parent().parent()
    assert letter_row.data() == "⚠ Round 1 · Staff letter 2017-08-16"
    assert "is a comment missing?" in letter_row.data(Qt.ItemDataRole.ToolTipRole)
    banner = window.banner
    assert banner.isVisible()
    assert banner.headline_text() == "⚠ The parser doubts 2 things about this letter"
    assert not banner.details.isVisible()
    qtbot.mouseClick(banner.toggle, Qt.MouseButton.LeftButton)
    assert banner.details.isVisible()
    assert "is a comment missing?" in banner.details.text()
    assert "Fix the split" in banner.details.text()
    # the response letter has no doubts: no banner
    response = window.store.documents(window.store.matters()[0].id)[1]
    window.tree.select_first_comment(response.id)
    assert not banner.isVisible()


def test_a_comment_without_regions_still_shows(qtbot: QtBot, make_window: WindowFactory,
                                               store: Store) -> None:
    letter = make_letter()
    bare = ParsedComment(4, (), "4. A comment the parser could not place.", 1,
                         anchors=(Anchor(1, (0.0, 0.0, 0.0, 0.0)),))
    import_letter(store, dataclasses.replace(letter, comments=letter.comments + (bare,)))
    window = make_window(store)
    window.tree.step(3)
    assert window.editor.comment().number == 4
