"""The response editor: autosave, flush on switch, status with a reason, notes."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.editor import ResponseEditor
from storage.models import Comment
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs, import_letter, make_letter

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def comments(store: Store) -> list[Comment]:
    result = import_letter(store)
    return store.comments(document_id=result.document.id)


@pytest.fixture
def editor(qtbot: QtBot, store: Store) -> Iterator[ResponseEditor]:
    widget = ResponseEditor(store)
    qtbot.addWidget(widget)
    widget.resize(500, 700)
    widget.show()
    yield widget


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
    assert store.response(comments[0].id).draft == "We respectfully advise"
    assert not editor.pending()


def test_switching_comment_saves_at_once(qtbot: QtBot, editor: ResponseEditor, store: Store,
                                         comments: list[Comment]) -> None:
    editor.show_comment(comments[0])
    qtbot.keyClicks(editor.draft, "First answer")
    assert editor.pending()
    editor.show_comment(comments[1])
    assert store.response(comments[0].id).draft == "First answer"
    assert editor.draft.toPlainText() == ""
    editor.show_comment(comments[0])
    assert editor.draft.toPlainText() == "First answer"
    assert not editor.pending()  # loading a draft is not an edit


def test_status_forward_needs_no_reason(qtbot: QtBot, editor: ResponseEditor, store: Store,
                                        comments: list[Comment], dialogs: Dialogs) -> None:
    editor.show_comment(comments[0])
    with qtbot.waitSignal(editor.statusChanged) as blocker:
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


def test_add_note(qtbot: QtBot, editor: ResponseEditor, store: Store,
                  comments: list[Comment]) -> None:
    editor.show_comment(comments[1])
    qtbot.keyClicks(editor.note_input, "Ask the auditors")
    with qtbot.waitSignal(editor.notesChanged):
        qtbot.keyClick(editor.note_input, Qt.Key.Key_Return)
    assert [n.body for n in store.notes(comments[1].id)] == ["Ask the auditors"]
    assert editor.notes.count() == 1
    assert editor.notes.item(0).text().startswith("AL · ")
    assert editor.note_input.text() == ""


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
