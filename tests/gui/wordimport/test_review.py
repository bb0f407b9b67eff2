"""File ▸ Import Word draft… and the review of its answers, driven as a user would."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from gui.window.main_window import MainWindow
from storage.exports.docx import export_docx
from storage.store import Store
from storage.worddraft.importing import pending
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs, import_letter
from tests.storage.worddraft import files


@pytest.fixture
def drafted(window: MainWindow, store: Store, tmp_path: Path) -> tuple[list[str], Path]:
    result = import_letter(store)
    ids = [c.id for c in store.comments(document_id=result.document.id)]
    for comment_id, text in zip(ids, files.DRAFTS, strict=True):
        store.save_draft(comment_id, text)
    window.reload_comments()
    window.open_comment(ids[0])
    sent = export_docx(store, result.matter.id, tmp_path / "letter.docx")
    return ids, files.word_style(sent, tmp_path / "counsel.docx")


def test_the_menu_offers_the_import(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert window.word_import.import_action in file_menu.actions()
    assert window.word_import.review_action in file_menu.actions()


@OFFSCREEN_NOISE
def test_import_review_accept_and_undo(window: MainWindow, store: Store, drafted,
                                       qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    ids, counsel = drafted
    monkeypatch.setattr("gui.common.dialogs.confirm", lambda *a, **k: True)
    window.word_import.import_file(counsel)
    review = window.word_import.dialog
    assert review is not None and review.isVisible()
    assert review.answers.count() == 3
    assert "⚑ waiting" in review.answers.item(0).text()
    assert "Dana Partner" in review.redline.toHtml()
    assert "line-through" in review.redline.toHtml()
    review.resize(1280, 800)
    review.grab().save(str(tmp_path / "review.png"))
    review.answers.setCurrentRow(0)
    qtbot.mouseClick(review.accept_button, Qt.MouseButton.LeftButton)
    assert store.response(ids[0]).draft == ("<p>The unit <b>passed</b> step 1 by a margin of "
                                            "38%.</p>")
    assert "accepted" in review.answers.item(0).text()
    window.open_comment(ids[0])  # the editor shows the Word answer's bold
    shown = window.editor.draft.document()
    assert shown.find("passed").charFormat().fontWeight() == QFont.Weight.Bold
    assert shown.find("unit").charFormat().fontWeight() == QFont.Weight.Normal
    assert review.answers.currentRow() == 1  # on to the next waiting answer
    qtbot.mouseClick(review.both_button, Qt.MouseButton.LeftButton)
    assert pending(store) == 1
    qtbot.mouseClick(review.all_button, Qt.MouseButton.LeftButton)
    assert pending(store) == 0 and not review.all_button.isEnabled()
    qtbot.mouseClick(review.undo_button, Qt.MouseButton.LeftButton)
    assert [store.response(i).draft for i in ids] == list(files.DRAFTS)
    assert "undone" in review.summary.text() and not review.accept_button.isEnabled()


def test_a_bad_file_is_refused_in_plain_words(window: MainWindow, drafted, dialogs: Dialogs,
                                              tmp_path: Path) -> None:
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert window.word_import.import_file(bad) is None
    assert any("Word 97–2003" in text for text in dialogs.texts)
    assert window.word_import.dialog is None
