"""Attachments in the editor: attach files to the answer, mark one Rule 83, remove one."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from gui.common import dialogs as common_dialogs
from gui.editor.editor import ResponseEditor
from storage.attachments import RULE_83, attachments
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs, import_letter

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def editor(qtbot: QtBot, store: Store) -> Iterator[ResponseEditor]:
    widget = ResponseEditor(store)
    qtbot.addWidget(widget)
    widget.resize(460, 860)
    widget.show()
    widget.show_comment(store.comments(document_id=import_letter(store).document.id)[0])
    yield widget
    widget.flush()


def test_attach_mark_and_remove(qtbot: QtBot, editor: ResponseEditor, store: Store,
                                tmp_path: Path, monkeypatch, dialogs: Dialogs) -> None:
    schedule = tmp_path / "schedule.xlsx"
    schedule.write_bytes(b"x" * 2048)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(schedule), str(tmp_path / "gone.pdf")], ""))
    view = editor.attachments_view
    view.attach_button.click()
    assert "gone.pdf" in dialogs.texts[-1] and "attach it again" in dialogs.texts[-1]
    assert view.count() == 1 and editor.attachments_section.toggle.text() == "Attachments (1)"
    view.list.setCurrentRow(0)
    view.rule83.click()
    comment = editor.comment()
    assert comment is not None
    (stored,) = attachments(store, comment.id)
    assert stored.confidential and RULE_83 in view.list.item(0).text()
    monkeypatch.setattr(common_dialogs, "confirm", lambda *_a: True)
    view.remove_button.click()
    assert attachments(store, comment.id) == [] and view.count() == 0
    assert editor.attachments_section.toggle.text() == "Attachments"
