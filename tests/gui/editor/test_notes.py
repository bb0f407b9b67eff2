"""Notes as threads: on the comment or on its answer, replies indented under their note, edit
your own, resolve and reopen, resolved notes greyed and hidden unless asked for."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from gui.editor.notes import DEPTH, HTML, NOTE_ID, NotesView, threads
from storage.models import Comment
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, import_letter

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def comment(store: Store) -> Comment:
    return store.comments(document_id=import_letter(store).document.id)[0]


@pytest.fixture
def view(qtbot: QtBot, store: Store, comment: Comment) -> NotesView:
    widget = NotesView(store)
    qtbot.addWidget(widget)
    widget.resize(440, 360)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_comment(comment.id)
    return widget


def items(view: NotesView) -> list[QListWidgetItem]:
    return [view.notes.item(i) for i in range(view.notes.count())]


def bodies(view: NotesView) -> list[str]:
    return [item.text().split("\n", 1)[1] for item in items(view)]


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def select(qtbot: QtBot, view: NotesView, body: str) -> None:
    item = items(view)[bodies(view).index(body)]
    view.notes.scrollToItem(item)
    rect = view.notes.visualItemRect(item)
    qtbot.mouseClick(view.notes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_id() == item.data(NOTE_ID)


def type_note(qtbot: QtBot, view: NotesView, text: str) -> None:
    qtbot.keyClicks(view.note_input, text)
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.note_input, Qt.Key.Key_Return)


def test_a_reply_is_indented_under_its_note(qtbot: QtBot, view: NotesView, store: Store,
                                            comment: Comment) -> None:
    type_note(qtbot, view, "Ask the auditors")
    type_note(qtbot, view, "Check the 20-F too")
    select(qtbot, view, "Ask the auditors")
    click(qtbot, view.reply_button)
    assert view.add_button.text() == "Reply" and view.note_input.placeholderText() == "Reply to AL…"
    type_note(qtbot, view, "Done, they agree")
    assert bodies(view) == ["Ask the auditors", "Done, they agree", "Check the 20-F too"]
    assert [item.data(DEPTH) for item in items(view)] == [0, 1, 0]
    first, reply = store.notes(comment.id)[0], store.notes(comment.id)[2]
    assert reply.parent_id == first.id and reply.target == "comment"
    assert view.add_button.text() == "Add note"
    assert "color:#d9480f" in items(view)[0].data(HTML)  # the author's initials, in their colour


def test_edit_your_own_note_only(qtbot: QtBot, view: NotesView, store: Store,
                                 comment: Comment) -> None:
    type_note(qtbot, view, "Ask the auditors")
    me = store.me()
    assert me is not None
    other = store.add_reviewer("Grace Hopper", "GH")
    store.set_setting("local_reviewer_id", other.id)
    store.add_note(comment.id, "Grace's note")
    store.set_setting("local_reviewer_id", me.id)
    view.show_comment(comment.id)
    select(qtbot, view, "Grace's note")
    assert not view.edit_button.isEnabled() and view.reply_button.isEnabled()
    select(qtbot, view, "Ask the auditors")
    click(qtbot, view.edit_button)
    assert view.note_input.text() == "Ask the auditors" and view.add_button.text() == "Save"
    view.note_input.clear()
    type_note(qtbot, view, "Ask the auditors by Friday")
    assert store.notes(comment.id)[0].body == "Ask the auditors by Friday"
    assert bodies(view)[0] == "Ask the auditors by Friday"
    assert " · edited" in items(view)[0].data(HTML)
    assert [e.action for e in store.events(entity_id=store.notes(comment.id)[0].id)] == \
        ["created", "edited"]


def test_escape_stops_replying(qtbot: QtBot, view: NotesView) -> None:
    type_note(qtbot, view, "Ask the auditors")
    select(qtbot, view, "Ask the auditors")
    click(qtbot, view.reply_button)
    assert view.cancel_button.isVisible()
    qtbot.keyClick(view.note_input, Qt.Key.Key_Escape)
    assert view.add_button.text() == "Add note" and not view.cancel_button.isVisible()


def test_resolve_hides_the_thread_and_reopen_brings_it_back(
        qtbot: QtBot, view: NotesView, store: Store, comment: Comment) -> None:
    counts: list[int] = []
    view.countChanged.connect(counts.append)
    type_note(qtbot, view, "Ask the auditors")
    select(qtbot, view, "Ask the auditors")
    click(qtbot, view.reply_button)
    type_note(qtbot, view, "They agree")
    type_note(qtbot, view, "Another point")
    assert counts[-1] == 3 and view.tabs.tabText(0) == "Comment (3)"
    select(qtbot, view, "Ask the auditors")
    with qtbot.waitSignal(view.changed):
        click(qtbot, view.resolve_button)
    assert store.notes(comment.id)[0].resolved_at is not None
    assert bodies(view) == ["Another point"]  # the resolved thread is folded away
    assert view.show_resolved.text() == "Show resolved (2)"
    assert counts[-1] == 1  # resolving the thread resolved its reply
    assert store.notes(comment.id)[1].resolved_at is not None
    click(qtbot, view.show_resolved)
    assert bodies(view) == ["Ask the auditors", "They agree", "Another point"]
    grey = view.palette().placeholderText().color().name()
    assert f"color:{grey}" in items(view)[1].data(HTML)  # the reply is greyed with its thread
    assert "resolved by AL" in items(view)[0].data(HTML)
    select(qtbot, view, "Ask the auditors")
    assert view.resolve_button.text() == "Reopen"
    click(qtbot, view.resolve_button)
    assert store.notes(comment.id)[0].resolved_at is None
    assert store.notes(comment.id)[1].resolved_at is None and counts[-1] == 3
    assert view.resolve_button.text() == "Resolve"
    assert [e.action for e in store.events(entity_id=store.notes(comment.id)[0].id)] == \
        ["created", "resolved", "reopened"]


def test_notes_on_the_answer_have_their_own_tab(qtbot: QtBot, view: NotesView, store: Store,
                                                comment: Comment) -> None:
    type_note(qtbot, view, "On the staff's wording")
    qtbot.mouseClick(view.tabs, Qt.MouseButton.LeftButton, pos=view.tabs.tabRect(1).center())
    assert view.target() == "response" and bodies(view) == []
    assert view.note_input.placeholderText() == "Leave a note on the answer…"
    type_note(qtbot, view, "Too long; cut the second paragraph")
    assert [n.target for n in store.notes(comment.id)] == ["comment", "response"]
    assert bodies(view) == ["Too long; cut the second paragraph"]
    assert view.tabs.tabText(1) == "Answer (1)"


def test_threads_keep_orphans_and_order() -> None:
    from storage.models import Annotation

    def note(id_: str, parent: str | None, at: str) -> Annotation:
        return Annotation(id_, "m", "c", "comment", None, (), None, id_, parent, None, at, at,
                          None)

    rows = threads([note("a", None, "1"), note("b", "a", "2"), note("c", "gone", "3"),
                    note("d", "b", "4")])
    assert [(r.note.id, r.depth) for r in rows] == [("a", 0), ("b", 1), ("d", 2), ("c", 0)]
