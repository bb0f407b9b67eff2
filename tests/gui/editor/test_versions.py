"""The history of an answer: versions listed, any two compared side by side with the changes
marked, scrolling kept together, and a version restored."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from gui.editor.versions import DELETED, INSERTED, VersionsDialog, draft_text, word_diff
from storage.models import Comment
from storage.store import Store, plain_text
from tests.gui.conftest import OFFSCREEN_NOISE, import_letter

pytestmark = OFFSCREEN_NOISE
RICH = ("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0//EN\"><html><body>"
        "<p>We <span style=\"font-weight:700;\">will</span> revise the note.</p></body></html>")


@pytest.fixture
def comment(store: Store) -> Comment:
    return store.comments(document_id=import_letter(store).document.id)[0]


@pytest.fixture
def history(store: Store, comment: Comment) -> Store:
    """Three versions: "One", "Two" (a word changed), "Three" (a word added); then a new draft."""
    for label, text in (("One", "The unit passed step 1 easily."),
                        ("Two", "The unit passed step 1 narrowly."),
                        ("Three", "The unit passed step 1 narrowly, as tested.")):
        store.save_draft(comment.id, text)
        store.checkpoint(comment.id, label)
    store.save_draft(comment.id, RICH)
    return store


def open_dialog(qtbot: QtBot, store: Store, comment: Comment) -> VersionsDialog:
    dialog = VersionsDialog(store, comment.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def row(dialog: VersionsDialog, label: str) -> QTreeWidgetItem:
    found = dialog.list.findItems(label, Qt.MatchFlag.MatchExactly, 0)
    assert len(found) == 1
    return found[0]


def click_row(qtbot: QtBot, dialog: VersionsDialog, label: str,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    rect = dialog.list.visualItemRect(row(dialog, label))
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_versions_are_listed_newest_first_with_author_and_time(
        qtbot: QtBot, history: Store, comment: Comment) -> None:
    dialog = open_dialog(qtbot, history, comment)
    items = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    assert [i.text(0) for i in items] == ["Current draft", "Three", "Two", "One"]
    assert all(i.text(1) == "AL" for i in items[1:])
    assert all(i.text(2)[-5:-2].endswith(":") for i in items[1:])  # "26 Nov 2026 14:05"


def test_a_version_is_compared_with_the_current_draft_by_default(
        qtbot: QtBot, history: Store, comment: Comment) -> None:
    dialog = open_dialog(qtbot, history, comment)
    assert dialog.selected_ids() == [history.versions(comment.id)[-1].id]
    assert dialog.right_title.text() == "<b>Current draft</b>"
    assert dialog.right.toPlainText() == "We will revise the note."  # the rich draft's words
    assert dialog.left.toPlainText() == "The unit passed step 1 narrowly, as tested."


def test_two_versions_side_by_side_with_the_change_marked(
        qtbot: QtBot, history: Store, comment: Comment) -> None:
    dialog = open_dialog(qtbot, history, comment)
    click_row(qtbot, dialog, "Two")
    click_row(qtbot, dialog, "One", Qt.KeyboardModifier.ControlModifier)
    assert dialog.left_title.text().startswith("<b>One · ")  # the older on the left
    assert dialog.right_title.text().startswith("<b>Two · ")
    assert dialog.summary.text() == "1 change"
    assert "line-through" in dialog.left.toHtml() and "easily" in dialog.left.toPlainText()
    struck = _marked(dialog.left.toHtml(), "line-through")
    added = _marked(dialog.right.toHtml(), "#2b8a3e")
    assert (struck, added) == (["easily"], ["narrowly"])
    assert not dialog.restore_button.isEnabled()  # two chosen: which one to restore?
    click_row(qtbot, dialog, "Three", Qt.KeyboardModifier.ControlModifier)
    assert dialog.summary.text() == "Select at most two versions to compare."


def _marked(html: str, style: str) -> list[str]:
    """The texts of the spans of `html` whose style has `style`."""
    import re

    return [m.group(1) for m in re.finditer(r"<span style=\"[^\"]*" + re.escape(style)
                                            + r"[^\"]*\">([^<]*)</span>", html)]


def test_scrolling_one_side_scrolls_the_other(qtbot: QtBot, store: Store,
                                              comment: Comment) -> None:
    long = "\n".join(f"Paragraph {i} of the answer." for i in range(200))
    store.save_draft(comment.id, long)
    store.checkpoint(comment.id, "Long")
    store.save_draft(comment.id, long.replace("Paragraph 150", "Section 150"))
    dialog = open_dialog(qtbot, store, comment)
    left, right = dialog.left.verticalScrollBar(), dialog.right.verticalScrollBar()
    qtbot.waitUntil(lambda: left.maximum() > 0 and right.maximum() > 0)
    left.setValue(left.maximum() // 2)
    assert abs(right.value() - right.maximum() // 2) <= 2
    right.setValue(right.maximum())
    assert left.value() == left.maximum()


def test_restore_this_version(qtbot: QtBot, history: Store, comment: Comment) -> None:
    dialog = open_dialog(qtbot, history, comment)
    click_row(qtbot, dialog, "One")
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.restored) as blocker:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    one = [v for v in history.versions(comment.id) if v.label == "One"][0]
    assert blocker.args == [one.id]
    assert history.response(comment.id).draft == "The unit passed step 1 easily."
    kept = history.versions(comment.id)[-2]
    assert kept.label == "Before restoring" and kept.draft == RICH
    assert not dialog.isVisible()


def test_the_current_draft_alone_cannot_be_restored(qtbot: QtBot, history: Store,
                                                    comment: Comment) -> None:
    dialog = open_dialog(qtbot, history, comment)
    click_row(qtbot, dialog, "Current draft")
    assert not dialog.restore_button.isEnabled()
    assert dialog.summary.text() == "Select one or two versions."


def test_word_diff_marks_deletions_and_insertions() -> None:
    left, right, changes = word_diff("a <b> & c\nd", "a x & c\nd e")
    assert changes == 2
    assert f"<span style='{DELETED}'>&lt;b&gt;</span>" in left
    assert f"<span style='{INSERTED}'>x</span>" in right
    assert "<br>" in left and f"<span style='{INSERTED}'> e</span>" in right


def test_draft_text_reads_rich_and_plain_drafts() -> None:
    assert draft_text(RICH) == "We will revise the note."
    assert draft_text("1 < 2 > 0") == "1 < 2 > 0"
    assert draft_text("<html><body><ul><li>one</li></ul><ol><li>two</li></ol></body></html>") \
        == "• one\n1. two"
    assert plain_text(RICH) == "We will revise the note."
