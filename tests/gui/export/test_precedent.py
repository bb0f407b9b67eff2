"""The review pack's precedent box in File ▸ Export: off, saying why, until the Precedent pane
has attached a library to the workspace; ticked, the library reaches the pack, and the box is
remembered; a library that cannot be read at export time is a line in the closing message."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtWidgets import QDialog

from gui.export import dialog as export_ui
from gui.window.main_window import MainWindow
from storage.exports import Selection
from storage.precedent.for_comment import setting_key
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs, import_letter

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def ready(window: MainWindow, store: Store) -> MainWindow:
    import_letter(store)
    window.tree_model.reload()
    return window


def _dialog(window: MainWindow, kind: str = "pack") -> export_ui.ExportDialog:
    matter_id = window.current_matter_id()
    assert matter_id is not None
    return export_ui.ExportDialog(window.store, matter_id, kind, None, window, window.settings)


def _text(path: Path) -> str:
    return " ".join(unicodedata.normalize("NFKC", " ".join(p.get_text() for p in
                                                           pymupdf.open(path))).split())


def test_the_box_is_off_without_a_library_and_says_why(ready: MainWindow,
                                                       tmp_path: Path) -> None:
    dialog = _dialog(ready)
    assert not dialog.precedent.isEnabled() and dialog.precedent_library() is None
    assert "No precedent library is attached" in dialog.precedent.toolTip()
    ready.settings.setValue(setting_key(ready.store), str(tmp_path / "gone.rejoinder-library"))
    dialog = _dialog(ready)
    assert not dialog.precedent.isEnabled() and "missing" in dialog.precedent.toolTip()
    assert _dialog(ready, "xlsx").precedent_library() is None


def test_ticked_the_pack_shows_precedent_and_the_box_is_remembered(
        ready: MainWindow, sample_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready.settings.setValue(setting_key(ready.store), str(sample_library))
    dialog = _dialog(ready)
    assert dialog.precedent.isEnabled() and not dialog.precedent.isChecked()

    def run(dialog: QDialog) -> int:
        if isinstance(dialog, export_ui.ExportDialog):
            dialog.out.setText(str(tmp_path / "pack.pdf"))
            dialog.precedent.setChecked(True)
            dialog._accept()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QDialog, "exec", run)
    written = export_ui.export(ready, "pack")
    assert written is not None
    text = _text(written)
    assert "sample.rejoinder-library" in text
    assert "21Vianet Group, Inc." in text and "Committed to future disclosure" in text
    assert _dialog(ready).precedent.isChecked()  # remembered for the next pack


def test_a_library_unreadable_at_export_time_is_said(ready: MainWindow, tmp_path: Path,
                                                     dialogs: Dialogs) -> None:
    matter_id = ready.current_matter_id()
    assert matter_id is not None
    bad = tmp_path / "firm.rejoinder-library"
    bad.write_bytes(b"not a library")
    written = export_ui.write(ready.store, ready, matter_id, "pack", tmp_path / "p.pdf",
                              Selection.all(), None, bad)
    assert written is not None and "Precedent" not in _text(written)
    said = next(text for text in dialogs.texts if "Wrote the review pack" in text)
    assert "firm.rejoinder-library" in said and "without precedent" in said
