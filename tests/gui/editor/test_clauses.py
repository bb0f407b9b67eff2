"""Edit ▸ Insert clause… (Ctrl+Shift+K): find a clause by a few words, insert it at the cursor
in the answer; add and edit clauses in the same dialog."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from gui.editor.clause_dialogs import ClauseDialog, ClauseEditor
from gui.window.main_window import MainWindow
from storage.clauses import clauses
from storage.search import commitments
from storage.store import Store, plain_text
from tests.gui.conftest import OFFSCREEN_NOISE, WindowFactory, import_letter

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, store: Store) -> MainWindow:
    import_letter(store)
    shown = make_window(store)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
    return shown


def test_a_clause_is_found_by_its_words_and_inserted_at_the_cursor(
        qtbot: QtBot, window: MainWindow, store: Store, monkeypatch) -> None:
    def pick(dialog: ClauseDialog) -> int:
        qtbot.keyClicks(dialog.filter, "future")
        assert dialog.list.count() == 1 and "✓ commits" in dialog.list.item(0).text()
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Down)
        dialog.insert_button.click()  # the dialog is not shown in tests
        return dialog.result()

    monkeypatch.setattr(ClauseDialog, "exec", pick)
    draft = window.editor.draft
    draft.setFocus()
    qtbot.waitUntil(draft.hasFocus)
    qtbot.keyClicks(draft, "Noted. ")
    qtbot.keyClick(draft, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    window.editor.flush()
    comment = window.editor.comment()
    assert comment is not None
    text = plain_text(store.response(comment.id).draft)
    assert text.startswith("Noted. In response to the Staff's comment, the Company will revise")
    assert any(c.clause == "Future filings" for c in commitments(store, comment.matter_id))
    assert "Inserted the clause “Future filings”" in window.statusBar().currentMessage()


def test_clauses_are_added_and_edited_in_the_dialog(qtbot: QtBot, window: MainWindow,
                                                    store: Store, monkeypatch) -> None:
    def fill(editor: ClauseEditor) -> int:
        editor.title.setText(editor.title.text() or "Materiality")
        editor.body.setPlainText("The Company believes the amount is not material.")
        editor.commits.setChecked(False)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ClauseEditor, "exec", fill)
    seen: list[ClauseDialog] = []

    def manage(dialog: ClauseDialog) -> int:
        seen.append(dialog)
        dialog.new_button.click()
        assert dialog.current() is not None and dialog.current().title == "Materiality"
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(ClauseDialog, "exec", manage)
    window.clauses.insert.trigger()
    assert seen and "Materiality" in [c.title for c in clauses(store)]
    assert len(clauses(store)) == 4  # the three starters, and the new one
