"""File ▸ Export from the window: the dialog's choices reach the file, progress and cancel work,
an unwritable place is said plainly, and the letter settings are kept per matter."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pymupdf
import pytest
from PySide6.QtWidgets import QDialog, QPlainTextEdit

from gui.export import dialog as export_ui
from gui.window.main_window import MainWindow
from storage.exports import formats
from storage.exports.letter import letter_settings
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs, import_letter

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def ready(window: MainWindow, store: Store) -> MainWindow:
    result = import_letter(store)
    window.tree_model.reload()
    window.show_comment(store.comments(document_id=result.document.id)[0].id)
    return window


def _answer(monkeypatch: pytest.MonkeyPatch, out: Path, choice: int = 0) -> None:
    def run(dialog: QDialog) -> int:
        if isinstance(dialog, export_ui.ExportDialog):
            dialog.out.setText(str(out))
            dialog._choices.button(choice).setChecked(True)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QDialog, "exec", run)


def test_the_export_menu_lists_every_registered_format(ready: MainWindow) -> None:
    file_menu = ready.built_menus.menus["file"]
    export_menu = next(a.menu() for a in file_menu.actions() if a.menu() is not None
                       and a.menu() is ready.export_commands.menu)
    assert export_menu.actions() == []  # filled when it first opens, not with the window
    for _ in range(2):  # opened twice: each entry once
        export_menu.aboutToShow.emit()
        texts = [a.text() for a in export_menu.actions() if not a.isSeparator()]
        assert texts == [f.menu_text for f in formats.formats()] + ["Response letter &settings…"]


def test_tracker_of_the_selected_comment(ready: MainWindow, store: Store, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         dialogs: Dialogs) -> None:
    _answer(monkeypatch, tmp_path / "tracker", choice=2)
    written = export_ui.export(ready, "xlsx")
    assert written == tmp_path / "tracker.xlsx"
    sheet = openpyxl.load_workbook(written).active
    assert sheet.max_row == 2  # the header and the one selected comment
    assert any("Wrote the tracker" in text for text in dialogs.texts)


def test_review_pack_of_all_comments(ready: MainWindow, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _answer(monkeypatch, tmp_path / "pack.pdf")
    written = export_ui.export(ready, "pack")
    assert written is not None
    text = " ".join(" ".join(page.get_text() for page in pymupdf.open(written)).split())
    assert "Tell us the amount of unrecognized tax benefits" in unicodedata.normalize("NFKC", text)


def test_an_unwritable_place_is_said_and_nothing_is_left(ready: MainWindow, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         dialogs: Dialogs) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    _answer(monkeypatch, blocker / "letter.docx")
    assert export_ui.export(ready, "docx") is None
    assert any("letter.docx" in text for text in dialogs.texts)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".docx") == []


def test_cancelling_writes_nothing(ready: MainWindow, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _answer(monkeypatch, tmp_path / "pack.pdf")
    monkeypatch.setattr("PySide6.QtWidgets.QProgressDialog.wasCanceled", lambda self: True)
    assert export_ui.export(ready, "pack") is None
    assert not (tmp_path / "pack.pdf").exists()


def test_letter_settings_are_kept_for_the_matter(ready: MainWindow, store: Store,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def run(dialog: QDialog) -> int:
        editor = dialog.editors["signatory"]  # type: ignore[attr-defined]
        editor.setText("Terry Wang")
        cc = dialog.editors["cc"]  # type: ignore[attr-defined]
        assert isinstance(cc, QPlainTextEdit)
        cc.setPlainText("Will Cai, Skadden\n\nHenry Song, EY\n")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QDialog, "exec", run)
    ready.export_commands.settings.trigger()
    matter_id = store.matters()[0].id
    kept = letter_settings(store, matter_id)
    assert kept.signatory == "Terry Wang"
    assert kept.cc == ("Will Cai, Skadden", "Henry Song, EY")
