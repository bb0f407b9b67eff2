"""Spell checking the draft: misspellings underlined, suggestions and "Add to dictionary" on
right-click, what is never flagged, and the workspace's own words kept."""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAction, QContextMenuEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.editor.editor import ResponseEditor
from gui.editor.spelling import USER_WORDS_KEY, Spelling, checkable, words_of
from storage.models import Comment
from storage.store import Store
from tests.gui.conftest import import_letter

# The offscreen platform says these when a window or a popup menu opens; they are about the
# test platform, not the program.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints",
                                       "This plugin does not support (raise|grabbing)")


@pytest.fixture
def comment(store: Store) -> Comment:
    return store.comments(document_id=import_letter(store).document.id)[0]


def ready_editor(qtbot: QtBot, store: Store) -> ResponseEditor:
    widget = ResponseEditor(store)
    qtbot.addWidget(widget)
    widget.resize(460, 700)
    widget.show()
    widget.spelling.start_loading()
    qtbot.waitUntil(widget.spelling.ready, timeout=20000)
    return widget


@pytest.fixture
def editor(qtbot: QtBot, store: Store, comment: Comment) -> Iterator[ResponseEditor]:
    widget = ready_editor(qtbot, store)
    widget.show_comment(comment)
    yield widget
    widget.flush()


def underlined(editor: ResponseEditor) -> list[str]:
    """The words the user sees with a red wavy line, in order."""
    found = []
    block = editor.draft.document().firstBlock()
    while block.isValid():
        for spot in block.layout().formats():
            if spot.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                found.append(block.text()[spot.start:spot.start + spot.length])
        block = block.next()
    return found


def right_click_word(qtbot: QtBot, editor: ResponseEditor, word: str) -> dict[str, QAction]:
    """Right-click the middle of `word` in the draft; the opened menu's actions by text."""
    at = editor.draft.toPlainText().index(word) + len(word) // 2
    cursor = QTextCursor(editor.draft.document())
    cursor.setPosition(at)
    pos = editor.draft.cursorRect(cursor).center()
    viewport = editor.draft.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    menu = editor.draft.context_menu
    assert menu is not None and menu.isVisible()
    actions = {a.text(): a for a in menu.actions()}
    menu.close()
    return actions


def test_a_misspelled_word_is_underlined_and_a_suggestion_replaces_it(
        qtbot: QtBot, editor: ResponseEditor, store: Store, comment: Comment) -> None:
    qtbot.keyClicks(editor.draft, "We recieve the goodwill impairment analysis.")
    assert underlined(editor) == ["recieve"]
    actions = right_click_word(qtbot, editor, "recieve")
    suggestions = list(actions)[:actions_before(actions)]
    assert suggestions[0] == "receive" and len(suggestions) <= 5
    assert "Add to dictionary" in actions and "Ignore" in actions
    with qtbot.waitSignal(editor.saved, timeout=3000):
        actions["receive"].trigger()
    assert editor.draft.toPlainText() == "We receive the goodwill impairment analysis."
    assert underlined(editor) == []
    assert "receive" in store.response(comment.id).draft


def actions_before(actions: dict[str, QAction]) -> int:
    return list(actions).index("Add to dictionary")


def test_add_to_dictionary_stops_the_underline_and_is_kept(
        qtbot: QtBot, editor: ResponseEditor, store: Store, comment: Comment) -> None:
    qtbot.keyClicks(editor.draft, "Our Zorblatt segment and Zorblatt's peers")
    assert underlined(editor) == ["Zorblatt", "Zorblatt's"]
    actions = right_click_word(qtbot, editor, "Zorblatt")
    actions["Add to dictionary"].trigger()
    assert underlined(editor) == []
    assert json.loads(store.setting(USER_WORDS_KEY) or "[]") == ["zorblatt"]
    editor.flush()
    other = ready_editor(qtbot, store)  # another session of the same workspace
    other.show_comment(comment)
    assert other.draft.toPlainText().startswith("Our Zorblatt") and underlined(other) == []
    assert not other.spelling.misspelled("Zorblatt")


def test_ignore_lasts_for_the_session(qtbot: QtBot, editor: ResponseEditor,
                                      ) -> None:
    qtbot.keyClicks(editor.draft, "A qwertyish term")
    assert underlined(editor) == ["qwertyish"]
    right_click_word(qtbot, editor, "qwertyish")["Ignore"].trigger()
    assert underlined(editor) == []


def test_a_correct_word_gets_the_plain_menu(qtbot: QtBot, editor: ResponseEditor,
                                            ) -> None:
    qtbot.keyClicks(editor.draft, "goodwill")
    actions = right_click_word(qtbot, editor, "goodwill")
    assert "Add to dictionary" not in actions


def test_numbers_acronyms_and_codes_are_never_flagged(qtbot: QtBot,
                                                      editor: ResponseEditor) -> None:
    qtbot.keyClicks(editor.draft, "EBITDA in Q4 2016 per ASC 350-20-35-30 and the 10-K; "
                    "the company's MNS unit")
    assert underlined(editor) == []


def test_words_of_the_comment_answered_are_accepted(qtbot: QtBot, store: Store) -> None:
    spelling = Spelling(store)
    spelling.start_loading()
    qtbot.waitUntil(spelling.ready, timeout=20000)
    assert spelling.misspelled("Vianet")
    spelling.set_context("21Vianet Group and Vianet Holdings")
    assert not spelling.misspelled("Vianet")


def test_what_counts_as_a_word() -> None:
    assert [w for _, w in words_of("It's Q4's 10-K: don't re-file_now")] == \
        ["It's", "Q4's", "10", "K", "don't", "re", "file_now"]
    assert not checkable("EBITDA") and not checkable("Q4") and not checkable("a")
    assert checkable("Goodwill")


def test_nothing_is_flagged_before_the_dictionary_loads(store: Store) -> None:
    spelling = Spelling(store)
    if not spelling.ready():
        assert not spelling.misspelled("recieve")


def test_a_read_only_item_is_not_checked(qtbot: QtBot, store: Store,
                                         editor: ResponseEditor) -> None:
    from tests.gui.conftest import make_letter

    response = import_letter(store, make_letter("response", "2017-08-30", answers="2017-08-16"))
    item = store.comments(document_id=response.document.id)[0]
    editor.show_comment(item)
    assert editor.draft.isReadOnly() and not editor.highlighter.enabled
