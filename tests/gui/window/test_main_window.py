"""The main window, driven as a user would: import, pick a comment, draft, set a status, leave
a note, close, reopen; bad files, drag and drop, workspaces, remembered geometry."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gui.window import importing
from gui.window.letter_files import letter_files
from gui.window.main_window import MainWindow
from gui.window.shortcuts import ShortcutsDialog
from storage.store import Store, plain_text
from tests.conftest import LETTERS
from tests.gui.conftest import (
    OFFSCREEN_NOISE,
    Dialogs,
    WindowFactory,
    import_letter,
    make_letter,
)

pytestmark = OFFSCREEN_NOISE


def show(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def letter_file(tmp_path: Path, name: str = "example_upload.pdf") -> Path:
    """A file for the fake parser (its bytes differ per name, as real letters' would)."""
    path = tmp_path / name
    path.write_bytes(f"letter {name}".encode())
    return path


def test_title_and_nothing_selected(window: MainWindow, workspace_path: Path) -> None:
    assert window.windowTitle() == f"Rejoinder — {workspace_path.name}"
    assert window.workspace_label.text() == workspace_path.name
    assert window.editor.comment() is None
    assert not window.editor.draft.isEnabled()


def test_work_survives_closing_and_reopening(
        qtbot: QtBot, tmp_path: Path, make_window: WindowFactory, store: Store,
        workspace_path: Path, fake_parser: list[object]) -> None:
    window = make_window(store)
    show(qtbot, window)
    outcome = window.import_files([letter_file(tmp_path)])
    assert len(outcome.results) == 1 and not outcome.failures
    assert "Imported example_upload.pdf: 3 comments, new matter Example Corp" in \
        window.statusBar().currentMessage()
    # the new letter's first comment is selected and shown
    first = window.tree.current_comment_id()
    assert window.editor.comment() is not None and window.editor.comment().id == first
    assert window.pdf.page_count() == 1
    # go to the second comment with the keyboard
    window.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F8)
    second = window.tree.current_comment_id()
    assert second != first and window.editor.comment().id == second
    # draft, status (Ctrl+2 = Drafting), note
    with qtbot.waitSignal(window.editor.saved, timeout=3000):
        qtbot.keyClicks(window.editor.draft, "We will revise the disclosure.")
    assert window.saved_label.text().startswith("Draft saved ")
    qtbot.keyClick(window.editor.draft, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.status.currentText() == "Drafting"
    assert window.counts_label.text() == "Open 2 · Drafting 1"
    qtbot.keyClicks(window.editor.note_input, "Check with the auditors")
    qtbot.mouseClick(window.editor.add_note_button, Qt.MouseButton.LeftButton)
    notes_cell = window.tree_model.index_of_comment(second).siblingAtColumn(1)
    assert notes_cell.data() == "✎ 1"
    # typed but not yet autosaved: closing saves it
    qtbot.keyClicks(window.editor.draft, " Soon.")
    assert window.editor.pending()
    window.close()

    with Store.open(workspace_path) as check:
        assert plain_text(check.response(second).draft) == "We will revise the disclosure. Soon."
    again = make_window(Store.open(workspace_path))
    again.tree.select_comment(second)
    assert again.editor.draft.toPlainText() == "We will revise the disclosure. Soon."
    assert again.editor.status.currentText() == "Drafting"
    assert again.editor.notes.item(0).text().endswith("Check with the auditors")
    assert again.tree_model.status(second) == "drafting"


@pytest.mark.corpus
def test_import_a_real_letter(qtbot: QtBot, window: MainWindow, dialogs: Dialogs) -> None:
    show(qtbot, window)
    path = LETTERS / "kimco-realty_2024-08-30_upload.pdf"
    outcome = window.import_files([path])
    assert dialogs.shown == [] and len(outcome.results) == 1
    result = outcome.results[0]
    assert result.comment_count > 0
    assert window.statusBar().currentMessage().startswith(f"Imported {path.name}: ")
    comment = window.editor.comment()
    assert comment is not None and comment.document_id == result.document.id
    assert window.pdf.page_count() == result.document.page_count
    with qtbot.waitSignal(window.editor.saved, timeout=3000):
        qtbot.keyClicks(window.editor.draft, "Response")
    assert plain_text(window.store.response(comment.id).draft) == "Response"


def test_bad_file_shows_an_error_and_the_window_still_works(
        qtbot: QtBot, tmp_path: Path, window: MainWindow, dialogs: Dialogs) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_bytes(os.urandom(4096))
    outcome = window.import_files([bad])
    assert outcome.results == [] and len(outcome.failures) == 1
    assert len(dialogs.shown) == 1
    assert "x.pdf" in dialogs.texts[0]
    assert not outcome.failures[0].is_bug
    # still working: another import goes through
    import storage.importer

    original = storage.importer.parse_letter
    storage.importer.parse_letter = lambda *a, **k: make_letter()  # type: ignore[assignment]
    try:
        assert window.import_files([letter_file(tmp_path)]).results
    finally:
        storage.importer.parse_letter = original
    assert window.editor.comment() is not None


def test_several_files_one_error_dialog(tmp_path: Path, window: MainWindow, dialogs: Dialogs,
                                        fake_parser: list[object]) -> None:
    missing = tmp_path / "gone.pdf"
    outcome = window.import_files([letter_file(tmp_path), missing, tmp_path / "gone2.htm"])
    assert len(outcome.results) == 1 and len(outcome.failures) == 2
    assert len(dialogs.shown) == 1
    assert "gone.pdf" in dialogs.texts[0] and "gone2.htm" in dialogs.texts[0]


def test_encrypted_pdf_asks_the_password(tmp_path: Path, window: MainWindow,
                                         dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    import storage.importer
    from storage.errors import EncryptedFile

    tried: list[str | None] = []

    def parse(data: bytes, name: str, password: str | None = None) -> object:
        tried.append(password)
        if password != "secret":
            raise EncryptedFile(f"{name} is protected by a password.")
        return make_letter()

    monkeypatch.setattr(storage.importer, "parse_letter", parse)
    dialogs.answers += [("wrong", True), ("secret", True)]
    outcome = window.import_files([letter_file(tmp_path)])
    assert tried == [None, "wrong", "secret"]
    assert len(outcome.results) == 1 and dialogs.shown == []


def test_unexpected_error_is_reported_as_a_bug(tmp_path: Path, window: MainWindow,
                                               dialogs: Dialogs,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import storage.importer

    def broken(*_args: object, **_kwargs: object) -> object:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(storage.importer, "parse_letter", broken)
    window.import_files([letter_file(tmp_path)])
    ((_, text, details),) = dialogs.shown
    assert "bug" in text and "ZeroDivisionError" in details


def test_dropping_files_imports_them(qtbot: QtBot, tmp_path: Path, window: MainWindow,
                                     fake_parser: list[object]) -> None:
    show(qtbot, window)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(letter_file(tmp_path))),
                  QUrl.fromLocalFile(str(tmp_path / "notes.docx"))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: window.tree_model.rowCount() == 1)
    qtbot.waitUntil(lambda: window.editor.comment() is not None)


def test_a_folder_imports_every_letter_below_it(qtbot: QtBot, tmp_path: Path,
                                                window: MainWindow, fake_parser: list[object],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "history"
    (folder / "2016 review").mkdir(parents=True)
    (folder / ".cache").mkdir()
    letter_file(folder / "2016 review", "b_upload.pdf")
    letter_file(folder, "a_corresp.htm")
    letter_file(folder / ".cache", "hidden.pdf")
    (folder / "notes.docx").write_text("not a letter")
    found = letter_files([folder, folder / "a_corresp.htm"])
    assert [p.relative_to(folder).as_posix() for p in found] == [
        "2016 review/b_upload.pdf", "a_corresp.htm"]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    window.commands.import_folder.trigger()
    names = sorted(d.name for m in window.store.matters() for d in window.store.documents(m.id))
    assert names == ["a_corresp.htm", "b_upload.pdf"]


def test_a_folder_without_letters_is_said(tmp_path: Path, window: MainWindow, dialogs: Dialogs,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    window.commands.import_folder.trigger()
    ((_, text, _),) = dialogs.shown
    assert str(tmp_path) in text and "holds no letters" in text


def test_drop_of_other_files_is_refused(window: MainWindow, tmp_path: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.docx"))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert not event.isAccepted()


def test_tree_model_of_the_window(qtmodeltester: ModelTester, tmp_path: Path,
                                  window: MainWindow, fake_parser: list[object]) -> None:
    fake_parser.append(make_letter())
    fake_parser.append(make_letter("response", "2017-08-30", answers="2017-08-16"))
    window.import_files([letter_file(tmp_path, "a.pdf"), letter_file(tmp_path, "b.htm")])
    qtmodeltester.check(window.tree_model)


def test_geometry_and_panes_are_restored(qtbot: QtBot, make_window: WindowFactory,
                                         store: Store, workspace_path: Path,
                                         settings: QSettings) -> None:
    window = make_window(store)
    show(qtbot, window)
    window.resize(760, 560)  # the offscreen screen is 800 × 600
    window.splitter.setSizes([200, 240, 310])
    sizes = window.splitter.sizes()
    window.commands.show_comments.setChecked(False)
    window.close()
    again = make_window(Store.open(workspace_path))
    show(qtbot, again)
    assert (again.width(), again.height()) == (760, 560)
    assert not again.tree.isVisible() and not again.commands.show_comments.isChecked()
    again.commands.show_comments.setChecked(True)
    qtbot.waitUntil(lambda: again.splitter.sizes() == sizes)


def test_open_another_workspace_and_back(tmp_path: Path, window: MainWindow,
                                         workspace_path: Path, dialogs: Dialogs,
                                         settings: QSettings) -> None:
    other = tmp_path / "other.rejoinder"
    assert window.open_workspace_path(str(other))
    assert window.windowTitle() == "Rejoinder — other.rejoinder"
    assert window.store.me() is not None and window.store.me().initials == "AL"
    assert window.tree_model.rowCount() == 0
    recent = [a.text() for a in window.commands.recent_menu.actions()]
    assert recent[0].endswith("other.rejoinder") and recent[1].endswith("test.rejoinder")
    assert window.open_workspace_path(str(workspace_path))
    assert window.windowTitle() == "Rejoinder — test.rejoinder"
    assert dialogs.shown == []


def test_a_locked_workspace_keeps_the_current_one(tmp_path: Path, window: MainWindow,
                                                  dialogs: Dialogs) -> None:
    other = tmp_path / "busy.rejoinder"
    with Store.open(other):
        assert not window.open_workspace_path(str(other))
    assert window.windowTitle() == "Rejoinder — test.rejoinder"
    assert "another running Rejoinder" in dialogs.texts[0]
    window.store.matters()  # still open


def test_shortcut_list_reads_the_actions(window: MainWindow) -> None:
    dialog = ShortcutsDialog(window.built_menus.by_menu(), window)
    rows = {dialog.table.item(r, 1).text(): dialog.table.item(r, 2).text()
            for r in range(dialog.table.rowCount())}
    assert rows["Import letters"] == "Ctrl+I"
    assert rows["Next comment"] == "Ctrl+Down, F8"
    assert rows["In review"] == "Ctrl+3"
    assert rows["Keyboard shortcuts"] == "F1"
    assert len(rows) == dialog.table.rowCount()


def test_edit_actions_act_on_the_focused_text(qtbot: QtBot, window: MainWindow,
                                              store: Store, fake_parser: list[object],
                                              tmp_path: Path) -> None:
    show(qtbot, window)
    window.import_files([letter_file(tmp_path)])
    window.editor.note_input.setFocus()
    qtbot.waitUntil(lambda: window.editor.note_input.hasFocus())
    qtbot.keyClicks(window.editor.note_input, "abc")
    window.commands.undo.trigger()
    assert window.editor.note_input.text() == ""
    window.commands.redo.trigger()
    assert window.editor.note_input.text() == "abc"


def test_clicking_a_comment_row_shows_it(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                         fake_parser: list[object]) -> None:
    show(qtbot, window)
    window.import_files([letter_file(tmp_path)])
    last = window.tree_model.comment_ids()[-1]
    rect = window.tree.visualRect(window.tree.view_index(last))
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.center()))
    assert window.editor.comment() is not None and window.editor.comment().id == last
    assert "Comment 3" in window.editor.header.text()


# -- the start (gui.app) ----------------------------------------------------------------------

def test_run_opens_a_new_workspace_with_the_sample(qtbot: QtBot, tmp_path: Path,
                                                   settings: QSettings, dialogs: Dialogs) -> None:
    from PySide6.QtCore import QTimer

    from gui import app

    path = tmp_path / "fresh.rejoinder"
    seen: list[str] = []

    def look_and_close() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())  # not an earlier test's
        seen.append(window.windowTitle())
        seen.extend(m.title for m in window.store.matters())
        window.close()

    QTimer.singleShot(0, look_and_close)
    assert app.run(path) == 0
    assert seen[0] == "Rejoinder — fresh.rejoinder"
    assert any("21Vianet" in title for title in seen[1:])
    assert dialogs.shown == [] and dialogs.opened == []  # nothing modal on the first start
    with Store.open(path):  # closed by the window
        pass


def test_run_gives_up_on_a_locked_workspace(tmp_path: Path, settings: QSettings,
                                            dialogs: Dialogs) -> None:
    from gui import app

    path = tmp_path / "busy.rejoinder"
    with Store.open(path):
        assert app.run(path) == app.EXIT_WORKSPACE
    assert "another running Rejoinder" in dialogs.texts[0]


def test_response_item_shows_the_response_letter(qtbot: QtBot, tmp_path: Path,
                                                 window: MainWindow,
                                                 fake_parser: list[object]) -> None:
    fake_parser.append(make_letter())
    fake_parser.append(make_letter("response", "2017-08-30", answers="2017-08-16"))
    window.import_files([letter_file(tmp_path, "a.pdf"), letter_file(tmp_path, "b.htm")])
    matter = window.store.matters()[0]
    staff, response = window.store.documents(matter.id)
    item = window.store.comments(document_id=response.id)[0]
    window.tree.select_comment(item.id)
    assert window.pdf.doc_key() == response.id
    assert window.editor.draft.isReadOnly()
    assert not window.commands.statuses["open"].isEnabled()
    window.tree.select_first_comment(staff.id)
    assert window.pdf.doc_key() == staff.id
    assert window.commands.statuses["filed"].isChecked()


def test_ctrl_down_in_the_draft_goes_to_the_next_comment(
        qtbot: QtBot, tmp_path: Path, window: MainWindow, fake_parser: list[object]) -> None:
    show(qtbot, window)
    window.import_files([letter_file(tmp_path)])
    ids = window.tree_model.comment_ids()
    window.editor.draft.setFocus()
    qtbot.keyClicks(window.editor.draft, "Draft one")
    qtbot.keyClick(window.editor.draft, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.tree.current_comment_id() == ids[1]
    assert plain_text(window.store.response(ids[0]).draft) == "Draft one"
    qtbot.keyClick(window.tree, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.tree.current_comment_id() == ids[0]


def test_cancelled_status_change_keeps_the_menu_right(
        qtbot: QtBot, tmp_path: Path, window: MainWindow, dialogs: Dialogs,
        fake_parser: list[object]) -> None:
    window.import_files([letter_file(tmp_path)])
    window.commands.statuses["approved"].trigger()
    dialogs.answers.append(("", False))
    window.commands.statuses["open"].trigger()  # going back asks why; cancelled
    assert window.commands.statuses["approved"].isChecked()
    assert window.editor.status.currentText() == "Approved"


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent.*deprecated:DeprecationWarning")
def test_letters_dropped_on_the_draft_are_imported_not_pasted(
        qtbot: QtBot, tmp_path: Path, window: MainWindow, fake_parser: list[object]) -> None:
    from PySide6.QtGui import QDragEnterEvent

    show(qtbot, window)
    window.import_files([letter_file(tmp_path, "first.pdf")])
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(letter_file(tmp_path, "second.pdf")))])
    target = window.editor.draft.viewport()
    point = QPoint(20, 20)
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()  # by the window, which the event reached
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    qtbot.waitUntil(lambda: len(window.store.documents(window.store.matters()[0].id)) == 2)
    assert "second.pdf" not in window.editor.draft.toPlainText()


def test_zoom_actions(qtbot: QtBot, tmp_path: Path, window: MainWindow,
                      fake_parser: list[object]) -> None:
    show(qtbot, window)
    window.import_files([letter_file(tmp_path)])
    fitted = window.pdf.zoom()
    with qtbot.waitSignal(window.pdf.zoomChanged):
        qtbot.keyClick(window.tree, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.pdf.zoom() > fitted
    assert window.page_label.text() == f"Page 1 of 1 · {round(window.pdf.zoom() * 100)}%"
    window.commands.zoom_out.trigger()
    window.commands.zoom_out.trigger()
    assert window.pdf.zoom() < fitted
    window.commands.fit_width.trigger()
    assert window.pdf.zoom() == pytest.approx(fitted)


def test_next_open_comment_skips_the_done_and_wraps(
        qtbot: QtBot, tmp_path: Path, window: MainWindow, fake_parser: list[object]) -> None:
    show(qtbot, window)
    fake_parser.append(make_letter())
    window.import_files([letter_file(tmp_path)])
    one, two, three = window.tree_model.comment_ids()
    window.store.set_status(two, "approved")
    window.tree_model.refresh_comment(two)
    window.tree.setFocus()
    assert window.tree.current_comment_id() == one
    qtbot.keyClick(window.tree, Qt.Key.Key_F9)
    assert window.tree.current_comment_id() == three  # 2 is approved
    qtbot.keyClick(window.tree, Qt.Key.Key_F9)
    assert window.tree.current_comment_id() == one  # round again
    qtbot.keyClick(window.tree, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert window.tree.current_comment_id() == three
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)
    assert window.tree.current_comment_id() == one
    for comment_id in (one, three):
        window.store.set_status(comment_id, "filed")
        window.tree_model.refresh_comment(comment_id)
    qtbot.keyClick(window.tree, Qt.Key.Key_F9)
    assert window.tree.current_comment_id() == one
    assert "every one is approved or filed" in window.statusBar().currentMessage()


def test_shortcut_list_shows_the_new_commands(window: MainWindow) -> None:
    dialog = ShortcutsDialog(window.built_menus.by_menu(), window)
    rows = {dialog.table.item(r, 1).text(): (dialog.table.item(r, 0).text(),
                                             dialog.table.item(r, 2).text())
            for r in range(dialog.table.rowCount())}
    assert rows["Next open comment"] == ("Go", "F9, Ctrl+Shift+Down")
    assert rows["Previous open comment"] == ("Go", "Shift+F9, Ctrl+Shift+Up")
    assert rows["Filter comments"] == ("View", "Ctrl+Shift+L")
    assert rows["Split comment here"] == ("Letter", "")
    assert rows["Undo split correction"] == ("Letter", "Ctrl+Alt+Z")
    assert rows["Redo split correction"] == ("Letter", "Ctrl+Alt+Shift+Z")
    assert "split correction" in dialog.table.item(
        [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())].index("Undo"),
        1).toolTip()


def test_a_restart_reopens_the_last_comment_and_the_sample_can_be_removed(
        qtbot: QtBot, make_window: WindowFactory, store: Store, workspace_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.common import dialogs as common_dialogs
    from storage.firstrun import ensure_sample_matter

    ensure_sample_matter(store)
    import_letter(store, make_letter(date="2018-03-01"))
    sample, mine = sorted(store.matters(), key=lambda m: m.company != "21Vianet Group Inc.")
    window = make_window(store)
    assert window.current_matter_id() == sample.id  # the sample sorts first
    last = [c for c in store.comments(matter_id=mine.id)][-1]
    window.open_comment(last.id)
    window.close()
    again = make_window(Store.open(workspace_path))
    assert again.editor.comment() is not None and again.editor.comment().id == last.id
    assert again.tree.current_comment_id() == last.id
    # File ▸ Remove this matter… on the sample, in one step
    again.open_comment(again.store.comments(matter_id=sample.id)[0].id)
    monkeypatch.setattr(common_dialogs, "confirm", lambda *_args: True)
    again.commands.remove_matter.trigger()
    assert [m.id for m in again.store.matters()] == [mine.id]
    assert again.editor.comment() is not None and again.editor.comment().matter_id == mine.id
    assert again.tree_model.rowCount() == 1
    assert "Removed the matter" in again.statusBar().currentMessage()
    assert again.store.events()[-1].action == "removed"


def test_the_shortcut_list_has_no_blank_row(window: MainWindow) -> None:
    dialog = ShortcutsDialog(window.built_menus.by_menu(), window)
    rows = [(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
            for r in range(dialog.table.rowCount())]
    assert [menu for menu, command in rows if not command.strip()] == []
    exports = [command for menu, command in rows if menu == "File ▸ Export"]
    assert exports and "Review pack (PDF)" in exports


def test_import_summaries_count_comments_and_answers_apart() -> None:
    from storage.importer import ImportResult
    from storage.models import Document, Matter

    def result(role: str, count: int) -> ImportResult:
        document = Document("d", "m", role, f"{role}.pdf", "pdf", "x", "x",  # type: ignore
                            None, None, 1, 1, (), "", None)
        return ImportResult(document, Matter("m", "Vistra — S-1", "Vistra", (), (), ""),
                            False, False, count, 24 if role == "response" else 0)

    staff, response = result("staff", 24), result("response", 24)
    assert importing.summary(importing.Outcome([staff, response])) == \
        "Imported 2 letters: 24 comments and 24 answers"
    assert importing.summary(importing.Outcome([response])) == \
        "Imported response.pdf: 24 answers, Vistra — S-1, 24 linked to their comments"
    assert importing.summary(importing.Outcome([staff])).startswith(
        "Imported staff.pdf: 24 comments")


def test_a_long_import_can_be_stopped_and_keeps_what_went_in(
        tmp_path: Path, window: MainWindow, fake_parser: list[object],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QProgressDialog

    files = [letter_file(tmp_path, f"letter_{n}.pdf") for n in range(5)]
    for n in range(5):
        fake_parser.append(make_letter(date=f"201{n}-03-01"))
    asked: list[int] = []

    def stop_at_the_third(dialog: QProgressDialog) -> bool:
        asked.append(1)
        return len(asked) >= 3  # asked before each letter: two went in

    monkeypatch.setattr(QProgressDialog, "wasCanceled", stop_at_the_third)
    outcome = window.import_files(files)
    assert outcome.cancelled and outcome.left == 3 and len(outcome.results) == 2
    names = sorted(d.name for m in window.store.matters() for d in window.store.documents(m.id))
    assert names == ["letter_0.pdf", "letter_1.pdf"]
    assert "Stopped: 3 letters not imported; the others are kept" in importing.summary(outcome)
    assert window.statusBar().currentMessage() == importing.summary(outcome)
