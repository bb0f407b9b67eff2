"""The response editor: autosave, flush on switch, rich text, word count, status with a reason,
owner and due date, checkpoints and history, notes, and its keys inside the window."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QMimeData, Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDialog, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from gui.editor.editor import ResponseEditor
from gui.editor.fields import ExtendDialog, PersonDialog
from gui.editor.versions import VersionsDialog
from storage.models import Comment
from storage.search import search
from storage.store import Store, plain_text
from tests.gui.conftest import (
    OFFSCREEN_NOISE,
    Dialogs,
    WindowFactory,
    import_letter,
    make_letter,
)

pytestmark = OFFSCREEN_NOISE
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def comments(store: Store) -> list[Comment]:
    result = import_letter(store)
    return store.comments(document_id=result.document.id)


@pytest.fixture
def editor(qtbot: QtBot, store: Store) -> Iterator[ResponseEditor]:
    widget = ResponseEditor(store)
    qtbot.addWidget(widget)
    widget.resize(460, 760)
    widget.show()
    yield widget
    widget.flush()  # a pending autosave must not outlive the store


def stored_text(store: Store, comment: Comment) -> str:
    return plain_text(store.response(comment.id).draft)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_action(qtbot: QtBot, bar: QToolBar, action: object) -> None:
    button = bar.widgetForAction(action)  # type: ignore[arg-type]
    assert button is not None
    click(qtbot, button)


def test_header_and_comment_text(editor: ResponseEditor, comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    assert "Comment 1 · page 1 · Goodwill, page 84" in editor.header.text()
    assert "Staff letter 2017-08-16" in editor.header.text()
    assert editor.comment_view.toPlainText().startswith("1. Tell us whether")
    assert editor.comment_view.isReadOnly()
    assert editor.filed_box.isHidden()


def test_typing_is_autosaved(qtbot: QtBot, editor: ResponseEditor, store: Store,
                             comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    with qtbot.waitSignal(editor.saved, timeout=3000) as blocker:
        qtbot.keyClicks(editor.draft, "We respectfully advise")
    assert blocker.args[0].endswith("+00:00")
    assert stored_text(store, comments[0]) == "We respectfully advise"
    assert not editor.pending()


def test_switching_comment_saves_at_once(qtbot: QtBot, editor: ResponseEditor, store: Store,
                                         comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    qtbot.keyClicks(editor.draft, "First answer")
    assert editor.pending()
    editor.show_comment(comments[1])
    assert stored_text(store, comments[0]) == "First answer"
    assert editor.draft.toPlainText() == ""
    editor.show_comment(comments[0])
    assert editor.draft.toPlainText() == "First answer"
    assert not editor.pending()  # loading a draft is not an edit


# -- rich text --------------------------------------------------------------------------------

def test_bold_typed_with_ctrl_b_is_stored_as_html_and_searchable(
        qtbot: QtBot, editor: ResponseEditor, store: Store, comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    editor.draft.setFocus()
    qtbot.keyClicks(editor.draft, "We ")
    qtbot.keyClick(editor.draft, Qt.Key.Key_B, CTRL)
    assert editor.format_bar.bold.isChecked()
    qtbot.keyClicks(editor.draft, "respectfully")
    qtbot.keyClick(editor.draft, Qt.Key.Key_B, CTRL)
    with qtbot.waitSignal(editor.saved, timeout=3000):
        qtbot.keyClicks(editor.draft, " advise")
    html = store.response(comments[0].id).draft
    assert html.lstrip().startswith("<!DOCTYPE HTML")
    assert re.search(r"font-weight:\s*(?:bold|[6-9]00)[^>]*>respectfully</span>", html)
    assert [h.comment_id for h in search(store, "respectfully")] == [comments[0].id]
    assert search(store, "weight") == [] and search(store, "DOCTYPE") == []
    editor.show_comment(comments[1])
    editor.show_comment(comments[0])  # loads the HTML again: the word is still bold
    cursor = editor.draft.textCursor()
    cursor.setPosition(len("We re"))
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    assert editor.draft.toPlainText() == "We respectfully advise"


def test_italic_underline_and_lists_from_the_toolbar(
        qtbot: QtBot, editor: ResponseEditor, store: Store, comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    bar = editor.format_bar
    editor.draft.setFocus()
    click_action(qtbot, bar, bar.bullets)
    qtbot.keyClicks(editor.draft, "first point")
    qtbot.keyClick(editor.draft, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.draft, "second point")
    assert bar.bullets.isChecked()
    qtbot.keyClick(editor.draft, Qt.Key.Key_Return)
    qtbot.keyClick(editor.draft, Qt.Key.Key_Return)  # an empty item ends the list
    click_action(qtbot, bar, bar.numbers)
    qtbot.keyClick(editor.draft, Qt.Key.Key_U, CTRL)
    qtbot.keyClicks(editor.draft, "numbered")
    click_action(qtbot, bar, bar.italic)
    with qtbot.waitSignal(editor.saved, timeout=3000):
        qtbot.keyClicks(editor.draft, " slanted")
    html = store.response(comments[0].id).draft
    assert html.count("<li") == 3 and "<ul" in html and "<ol" in html
    assert "text-decoration: underline" in html or "text-decoration:underline" in html
    assert "font-style:italic" in html.replace(" ", "")
    assert bar.numbers.isChecked() and not bar.bullets.isChecked()


def test_a_plain_text_draft_with_angle_brackets_loads_unchanged(
        qtbot: QtBot, editor: ResponseEditor, store: Store, comments: list[Comment]) -> None:
    text = "Margins were < 5% and > 2% of revenue.\nThe <b> tag is not markup here."
    store.save_draft(comments[0].id, text)
    editor.show_comment(comments[0])
    assert editor.draft.toPlainText() == text
    assert not editor.pending() and store.response(comments[0].id).draft == text
    editor.draft.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(editor.saved, timeout=3000):
        qtbot.keyClicks(editor.draft, " Ok.")
    assert stored_text(store, comments[0]).startswith("Margins were < 5% and > 2% of revenue.")


@pytest.mark.parametrize(("draft", "rich"), [
    ("<p>We <b>will</b> revise.</p>", True),  # an HTML fragment (e.g. merged in)
    ("<5% of revenue", False),
    ("<b> is how HTML writes bold", True),  # Qt's guess; no answer starts like this
    ("Plain & simple", False),
])
def test_which_stored_drafts_are_rich_text(draft: str, rich: bool) -> None:
    from gui.common.rich_text import is_rich

    assert is_rich(draft) is rich


def test_pasting_from_word_keeps_emphasis_and_drops_images_and_fonts(
        qtbot: QtBot, editor: ResponseEditor, store: Store, comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    data = QMimeData()
    data.setHtml("<html><body><p style='font-family:Wingdings;color:#ff0000;"
                 "background:yellow'>We <b>will</b> revise "
                 "<img src='file:///C:/Users/x/clip_image001.png' width=50 height=50>"
                 "<a href='http://example.com'>the note</a>.</p></body></html>")
    data.setText("We will revise the note.")
    QApplication.clipboard().setMimeData(data)
    editor.draft.setFocus()
    try:
        with qtbot.waitSignal(editor.saved, timeout=3000):
            qtbot.keyClick(editor.draft, Qt.Key.Key_V, CTRL)
    finally:  # the clipboard owns `data`: left there, Qt frees it after Python did (SIGSEGV)
        QApplication.clipboard().clear()
    html = store.response(comments[0].id).draft
    assert editor.draft.toPlainText() == "We will revise the note."
    assert "<img" not in html and "Wingdings" not in html and "#ff0000" not in html
    assert "href" not in html
    assert re.search(r"font-weight:\s*(?:bold|[6-9]00)[^>]*>will<", html)


def test_undo_and_redo(qtbot: QtBot, editor: ResponseEditor, comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    assert not editor.format_bar.undo.isEnabled()
    qtbot.keyClicks(editor.draft, "Hello")
    assert editor.format_bar.undo.isEnabled()
    qtbot.keyClick(editor.draft, Qt.Key.Key_Z, CTRL)
    assert editor.draft.toPlainText() == ""
    click_action(qtbot, editor.format_bar, editor.format_bar.redo)
    assert editor.draft.toPlainText() == "Hello"


def test_word_count_under_the_draft(qtbot: QtBot, editor: ResponseEditor,
                                    comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    assert editor.word_count.text() == "0 words"
    qtbot.keyClicks(editor.draft, "We applied ASC 350-20-35-30 to the company's unit.")
    assert editor.word_count.text() == "8 words"
    editor.show_comment(comments[1])
    assert editor.word_count.text() == "0 words"


# -- status -----------------------------------------------------------------------------------

def test_status_forward_needs_no_reason(qtbot: QtBot, editor: ResponseEditor, store: Store,
                                        comments: list[Comment], dialogs: Dialogs) -> None:
    editor.show_comment(comments[0])
    with qtbot.waitSignal(editor.statusChanged) as blocker, qtbot.waitSignal(editor.changed):
        editor.status.activated.emit(3)  # as when the user picks "Approved"
    assert blocker.args == [comments[0].id]
    assert store.response(comments[0].id).status == "approved"


def test_status_back_asks_a_reason(qtbot: QtBot, editor: ResponseEditor, store: Store,
                                   comments: list[Comment], dialogs: Dialogs) -> None:
    editor.show_comment(comments[0])
    assert editor.set_status("approved")
    dialogs.answers.append(("", False))  # cancelled: nothing changes
    assert not editor.set_status("drafting")
    assert editor.status.currentData() == "approved"
    dialogs.answers.append(("Counsel wants another look", True))
    assert editor.set_status("drafting")
    assert store.status_changes(comments[0].id)[-1].reason == "Counsel wants another look"
    assert editor.status.currentData() == "drafting"


# -- owner and due date -----------------------------------------------------------------------

def test_owner_chosen_and_a_person_added(qtbot: QtBot, editor: ResponseEditor, store: Store,
                                         comments: list[Comment],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    editor.show_comment(comments[0])
    owner = editor.workflow.owner
    assert owner.currentText() == "Unassigned"
    owner.setFocus()
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(owner, Qt.Key.Key_Down)
    me = store.me()
    assert me is not None and store.response(comments[0].id).owner_id == me.id
    assert owner.currentText() == "Ada Lovelace"

    def fill(dialog: PersonDialog) -> int:
        qtbot.keyClicks(dialog.name, "Grace Hopper")
        assert dialog.initials.text() == "GH"
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(PersonDialog, "exec", fill)
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(owner, Qt.Key.Key_Down)  # past the separator: "Add person…"
    grace = [r for r in store.reviewers() if r.initials == "GH"]
    assert len(grace) == 1 and store.response(comments[0].id).owner_id == grace[0].id
    assert owner.currentText() == "Grace Hopper"
    actions = [e.action for e in store.events(entity_id=comments[0].id)]
    assert actions.count("owner") == 2


def test_due_date_set_then_extended_with_a_reason(
        qtbot: QtBot, editor: ResponseEditor, store: Store, comments: list[Comment],
        monkeypatch: pytest.MonkeyPatch) -> None:
    editor.show_comment(comments[0])
    row = editor.workflow
    assert store.response(comments[0].id).due_date == "2017-08-30"  # the letter's default
    soon = date.today() + timedelta(days=3)
    row.due.setDate(QDate(soon.year, soon.month, soon.day))
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(row.due, Qt.Key.Key_Return)
    assert store.response(comments[0].id).due_date == soon.isoformat()
    assert row.due_text.text() == "due in 3 days"
    later = soon + timedelta(days=7)

    def fill(dialog: ExtendDialog) -> int:
        dialog.date.setDate(QDate(later.year, later.month, later.day))
        qtbot.keyClicks(dialog.reason, "Staff agreed to a week more")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ExtendDialog, "exec", fill)
    with qtbot.waitSignal(editor.changed):
        click(qtbot, row.extend_button)
    assert store.response(comments[0].id).due_date == later.isoformat()
    change = store.due_changes(comments[0].id)[-1]
    assert (change["previous"], change["reason"]) == (soon.isoformat(),
                                                      "Staff agreed to a week more")
    assert [e.action for e in store.events(entity_id=comments[0].id)][-1] == "extension"
    assert row.due_text.text() == "due in 10 days"


def test_a_due_date_picked_in_the_calendar_is_kept(
        qtbot: QtBot, editor: ResponseEditor, store: Store, comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    due = editor.workflow.due
    assert due.findChild(QCalendarWidget) is None  # made when first opened, not at the start
    qtbot.mouseClick(due, Qt.MouseButton.LeftButton)
    calendar = due.findChild(QCalendarWidget)
    assert calendar is not None and calendar is due.calendarWidget()
    soon = date.today() + timedelta(days=5)
    with qtbot.waitSignal(editor.changed):
        calendar.clicked.emit(QDate(soon.year, soon.month, soon.day))  # as a click on the day
    assert store.response(comments[0].id).due_date == soon.isoformat()
    assert editor.workflow.due_text.text() == "due in 5 days"
    qtbot.mouseClick(due, Qt.MouseButton.LeftButton)  # opened again: one save per pick
    later = soon + timedelta(days=1)
    calendar.clicked.emit(QDate(later.year, later.month, later.day))
    changes = [e.action for e in store.events(entity_id=comments[0].id)]
    assert store.response(comments[0].id).due_date == later.isoformat()
    assert changes.count(changes[-1]) == 2


def test_an_overdue_answer_says_so_in_red(editor: ResponseEditor, store: Store,
                                          comments: list[Comment]) -> None:
    store.set_due(comments[0].id, (date.today() - timedelta(days=2)).isoformat())
    editor.show_comment(comments[0])
    assert editor.workflow.due_text.text() == "2 days overdue"
    assert "#c92a2a" in editor.workflow.due_text.styleSheet()
    editor.set_status("approved")  # an approved answer is not late any more
    assert editor.workflow.due_text.styleSheet() == ""


# -- versions ---------------------------------------------------------------------------------

def test_checkpoint_history_compare_and_restore(
        qtbot: QtBot, editor: ResponseEditor, store: Store, comments: list[Comment],
        dialogs: Dialogs) -> None:
    editor.show_comment(comments[0])
    qtbot.keyClicks(editor.draft, "We believe the unit passed")
    dialogs.answers.append(("First cut", True))
    click(qtbot, editor.checkpoint_button)
    assert [v.label for v in store.versions(comments[0].id)] == ["First cut"]
    assert plain_text(store.versions(comments[0].id)[0].draft) == "We believe the unit passed"
    assert editor.draft_info.text().startswith("Version kept")
    qtbot.keyClicks(editor.draft, " step 1 comfortably")
    click(qtbot, editor.history_button)  # saves the draft first
    dialog = dialogs.opened[-1]
    assert isinstance(dialog, VersionsDialog)
    dialog.show()
    labels = [dialog.list.topLevelItem(i).text(0) for i in range(dialog.list.topLevelItemCount())]
    assert labels == ["Current draft", "First cut"]
    assert dialog.left_title.text() == "<b>First cut · " + dialog.list.topLevelItem(1).text(2) \
        + "</b>"
    assert "comfortably" in dialog.right.toPlainText()
    assert "#2b8a3e" in dialog.right.toHtml() and dialog.summary.text() == "1 change"
    with qtbot.waitSignal(editor.changed):
        click(qtbot, dialog.restore_button)
    assert editor.draft.toPlainText() == "We believe the unit passed"
    assert stored_text(store, comments[0]) == "We believe the unit passed"
    assert [v.label for v in store.versions(comments[0].id)] == \
        ["First cut", "Before restoring", "Restored: First cut"]
    assert not editor.pending()


# -- notes ------------------------------------------------------------------------------------

def test_add_note(qtbot: QtBot, editor: ResponseEditor, store: Store,
                  comments: list[Comment]) -> None:
    editor.show_comment(comments[1])
    qtbot.keyClicks(editor.note_input, "Ask the auditors")
    with qtbot.waitSignal(editor.notesChanged), qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.note_input, Qt.Key.Key_Return)
    assert [n.body for n in store.notes(comments[1].id)] == ["Ask the auditors"]
    assert editor.notes.count() == 1
    assert editor.notes.item(0).text().startswith("AL · ")
    assert editor.note_input.text() == ""
    assert editor.notes_section.toggle.text() == "Notes · 1 open"


def test_sections_fold_away(qtbot: QtBot, editor: ResponseEditor,
                            comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    click(qtbot, editor.comment_section.toggle)
    assert not editor.comment_view.isVisible()
    assert editor.comment_section.height() < 40
    click(qtbot, editor.comment_section.toggle)
    assert editor.comment_view.isVisible()


def test_a_short_editor_scrolls_its_parts_instead_of_drawing_them_over_each_other(
        qtbot: QtBot, editor: ResponseEditor, comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    editor.resize(460, 330)  # a 13-inch laptop with a dock open below
    qtbot.waitUntil(lambda: editor.parts.verticalScrollBar().maximum() > 0)
    for section in (editor.comment_section, editor.draft_section, editor.notes_section,
                    editor.attachments_section):
        assert section.height() >= section.minimumSizeHint().height()
    editor.resize(460, 1000)
    qtbot.waitUntil(lambda: editor.parts.verticalScrollBar().maximum() == 0)


def test_filed_answer_shown_and_response_item_read_only(editor: ResponseEditor,
                                                        store: Store) -> None:
    import_letter(store)
    response = import_letter(store, make_letter("response", "2017-08-30", answers="2017-08-16"))
    staff = store.comments(document_id=store.documents(response.matter.id)[0].id)
    editor.show_comment(staff[0])
    assert not editor.filed_box.isHidden()
    assert editor.filed_toggle.text() == "Filed answer (response of 2017-08-30)"
    editor.filed_toggle.click()
    assert "respectfully advise" in editor.filed_view.toPlainText()
    assert editor.filed_view.isVisible()
    item = store.comments(document_id=response.document.id)[0]
    editor.show_comment(item)
    assert editor.draft.isReadOnly()
    assert not editor.status.isEnabled()
    assert not editor.workflow.owner.isEnabled() and not editor.history_button.isEnabled()


# -- inside the window ------------------------------------------------------------------------

def test_ctrl_i_is_italic_in_the_draft_and_import_elsewhere(
        qtbot: QtBot, make_window: WindowFactory, store: Store,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import_letter(store)
    window = make_window(store)
    window.show()
    qtbot.waitExposed(window)
    asked: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileNames",
                        lambda *a, **k: (asked.append("import"), ([], ""))[1])
    window.editor.draft.setFocus()
    qtbot.waitUntil(window.editor.draft.hasFocus)
    qtbot.keyClick(window.editor.draft, Qt.Key.Key_I, CTRL)
    assert window.editor.format_bar.italic.isChecked() and asked == []
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus)
    qtbot.keyClick(window.tree, Qt.Key.Key_I, CTRL)
    assert asked == ["import"]
