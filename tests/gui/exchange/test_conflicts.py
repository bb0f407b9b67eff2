"""The conflict screen: both versions side by side with their differences marked, Keep mine /
Take theirs / Combine…, the next conflict after each choice, the tree and editor refreshed, and
conflicts left for later when it closes."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from gui.exchange.combine import CombineDialog
from gui.exchange.conflicts import ConflictsView
from storage.exchange import Conflict, conflicts, import_pack
from storage.store import Store, plain_text
from tests.gui.conftest import OFFSCREEN_NOISE
from tests.gui.exchange.test_commands import (
    ADA_ANSWER,
    BOB_ANSWER,
    comment_ids,
    disagreeing_pack,
    opened,
    window_over,
    workspaces,
)

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def merged(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Ada's window after Bob's pack came in with two conflicts (answer, status) on it, the
    conflict screen open, and Ada's comment 1 shown in the editor."""
    ada, bob, matter = workspaces(tmp_path)
    pack = disagreeing_pack(ada, bob, matter, tmp_path / "bob.rejoinder-pack", status=True)
    bob.close()
    import_pack(ada, pack)
    window, commands = window_over(qtbot, ada, tmp_path)
    window.tree.select_comment(comment_ids(ada, matter)[0])
    view = commands.show_conflicts()
    return window, commands, view, ada, matter


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select(view: ConflictsView, field: str) -> None:
    for row in range(view.list.count()):
        view.list.setCurrentRow(row)
        current = view.current()
        if current is not None and current.field == field:
            return
    raise AssertionError(f"no {field} conflict listed")


def test_both_answers_side_by_side_with_the_differences_marked(merged) -> None:
    window, commands, view, ada, matter = merged
    assert view.count() == 2 and "2 conflicts wait" in view.header.text()
    select(view, "draft")
    assert view.title.text() == "Comment 1 (Staff letter 2017-08-16) — answer"
    assert view.mine_title.text() == "<b>Yours</b>"
    assert view.theirs_title.text() == "<b>Theirs (Bob Brown)</b>"
    assert view.mine.toPlainText() == ADA_ANSWER
    assert view.theirs.toPlainText() == BOB_ANSWER
    mine, theirs = view.mine.toHtml(), view.theirs.toHtml()
    assert "line-through" in mine and "in the fourth quarter" in mine
    assert "underline" in theirs and "at year end" in theirs
    assert "line-through" not in theirs
    assert view.combine.isVisibleTo(view) and view.legend.isVisibleTo(view)


def test_a_status_shows_both_values_and_the_one_before(merged) -> None:
    window, commands, view, ada, matter = merged
    select(view, "status")
    assert view.title.text().endswith("— status")
    assert view.mine.toPlainText().splitlines()[0] == "In review"
    assert view.theirs.toPlainText().splitlines()[0] == "Drafting"
    assert "was: Open" in view.mine.toPlainText()
    assert not view.combine.isVisibleTo(view)


def test_take_theirs_resolves_the_answer_and_shows_the_next(qtbot, merged) -> None:
    window, commands, view, ada, matter = merged
    first = comment_ids(ada, matter)[0]
    select(view, "draft")
    click(qtbot, view.take)
    assert ada.response(first).draft == BOB_ANSWER
    assert [c.field for c in conflicts(ada, matter)] == ["status"]
    assert view.count() == 1 and view.current().field == "status"  # type: ignore[union-attr]
    assert commands.notice.label.text() == "1 conflict waits"
    # the editor shows the answer taken (comment 1 was shown, and is again)
    window.tree.select_comment(first)
    assert window.editor.draft.toPlainText() == BOB_ANSWER
    click(qtbot, view.keep)  # the status: Ada's stays
    assert conflicts(ada, matter) == []
    assert ada.response(comment_ids(ada, matter)[1]).status == "in_review"
    assert view.count() == 0 and view.title.text() == "No conflicts wait"
    assert not view.keep.isEnabled() and not view.take.isEnabled()
    assert commands.notice.isHidden() and not commands.conflicts.isEnabled()


def test_a_status_taken_from_them_repaints_the_tree_row(qtbot, merged) -> None:
    window, commands, view, ada, matter = merged
    second = comment_ids(ada, matter)[1]
    assert window.tree_model.status(second) == "in_review"
    select(view, "status")
    click(qtbot, view.take)
    assert ada.response(second).status == "drafting"
    assert window.tree_model.status(second) == "drafting"


def test_combine_stores_the_combined_answer(qtbot, merged, dialogs) -> None:
    window, commands, view, ada, matter = merged
    select(view, "draft")
    click(qtbot, view.combine)
    (dialog,) = opened(dialogs, CombineDialog)
    assert dialog.edit.toPlainText() == ADA_ANSWER  # it starts from yours
    dialog.edit.selectAll()
    qtbot.keyClicks(dialog.edit, "Goodwill was tested in the fourth quarter and at year end.")
    click(qtbot, dialog.save_button)
    first = comment_ids(ada, matter)[0]
    assert plain_text(ada.response(first).draft) == \
        "Goodwill was tested in the fourth quarter and at year end."
    assert [c.field for c in conflicts(ada, matter)] == ["status"]
    assert [v.label for v in ada.versions(first)][-1:] == ["Merged: combined"]


def test_combining_from_both_versions(qtbot, merged, dialogs) -> None:
    window, commands, view, ada, matter = merged
    select(view, "draft")
    click(qtbot, view.combine)
    (dialog,) = opened(dialogs, CombineDialog)
    click(qtbot, dialog.add_theirs)
    assert dialog.edit.toPlainText() == f"{ADA_ANSWER}\n{BOB_ANSWER}"
    click(qtbot, dialog.start_theirs)
    assert dialog.edit.toPlainText() == BOB_ANSWER
    dialog.edit.clear()
    click(qtbot, dialog.save_button)  # nothing written: said so, nothing stored
    assert "Write the combined text first" in dialogs.texts[-1]
    assert len(conflicts(ada, matter)) == 2


def test_closing_keeps_the_conflicts_for_later(qtbot, merged) -> None:
    window, commands, view, ada, matter = merged
    view.close()
    assert len(conflicts(ada, matter)) == 2
    assert commands.conflicts.isEnabled() and commands.notice.label.text() == "2 conflicts wait"
    click(qtbot, commands.notice.button)
    assert commands.view is view and view.isVisible() and view.count() == 2


def test_typing_in_the_editor_is_saved_before_a_choice(qtbot, merged) -> None:
    """Keep mine keeps what was typed last, not what the autosave had not written yet."""
    window, commands, view, ada, matter = merged
    first = comment_ids(ada, matter)[0]
    window.editor.draft.moveCursor(window.editor.draft.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor.draft, " Typed just now.")
    assert window.editor.pending()
    select(view, "draft")
    click(qtbot, view.keep)
    assert plain_text(ada.response(first).draft) == ADA_ANSWER + " Typed just now."


def test_the_screen_follows_the_workspace(qtbot, merged, tmp_path) -> None:
    window, commands, view, ada, matter = merged
    other = tmp_path / "other.rejoinder"
    with Store.open(other) as fresh:
        fresh.set_me("Ada Lovelace", "AL")
    assert window.open_workspace_path(str(other))
    assert commands.view is None and commands.notice.isHidden()


def test_a_note_text_is_combined_as_plain_text(qtbot) -> None:
    note = Conflict("c1", "m1", "annotations", "n1", "body", "Check the 8% figure.",
                    "Check the 8% figure against Note 9.", None, "bob", "p1",
                    "2017-09-01T00:00:00Z", None, None, None, "comment-1")
    dialog = CombineDialog(note, "Bob Brown")
    qtbot.addWidget(dialog)
    assert isinstance(dialog.edit, QPlainTextEdit)
    assert "against Note 9" in dialog.reference.toHtml()  # theirs, with their words marked
    assert "underline" in dialog.reference.toHtml()
    click(qtbot, dialog.add_theirs)
    with qtbot.waitSignal(dialog.combined) as combined:
        click(qtbot, dialog.save_button)
    assert combined.args == ["Check the 8% figure.\nCheck the 8% figure against Note 9."]
