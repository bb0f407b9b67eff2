"""Exchange packs from the window: File → Export exchange pack… writes a pack through its
dialog, File → Import exchange pack… (or a drop) merges one and says what came in and what
conflicts wait, and a damaged pack is refused with the workspace unchanged.

Ada's workspace is shown in a real main window; Bob's is made from her first pack."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow
from pytestqt.qtbot import QtBot

from gui.exchange.commands import ExchangeCommands
from gui.exchange.conflicts import ConflictsView
from gui.exchange.dialogs import ExportDialog, ImportSummaryDialog
from gui.window.main_window import MainWindow
from storage.exchange import conflicts, export_pack, import_pack
from storage.store import Store
from tests.gui.conftest import OFFSCREEN_NOISE, Dialogs, import_letter
from tests.storage.test_exchange import dump, members_of, write_zip

pytestmark = OFFSCREEN_NOISE

ADA_ANSWER = "Goodwill was tested in the fourth quarter; the MNS unit passed step 1 by 38%."
BOB_ANSWER = "Goodwill was tested at year end; the MNS unit passed step 1 by 41%."


# -- two reviewers ---------------------------------------------------------------------------

def workspaces(folder: Path) -> tuple[Store, Store, str]:
    """Ada's workspace with a letter, and Bob's made from her full pack."""
    ada = Store.open(folder / "ada.rejoinder")
    ada.set_me("Ada Lovelace", "AL")
    matter = import_letter(ada).matter.id
    export_pack(ada, matter, folder / "start.rejoinder-pack")
    bob = Store.open(folder / "bob.rejoinder")
    bob.set_me("Bob Brown", "BB")
    import_pack(bob, folder / "start.rejoinder-pack")
    return ada, bob, matter


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Store, Store, str]]:
    """Ada's store (the window closes it) and Bob's (closed here)."""
    ada, bob, matter = workspaces(tmp_path)
    yield ada, bob, matter
    bob.close()


def comment_ids(store: Store, matter: str) -> list[str]:
    return [c.id for c in store.comments(matter_id=matter)]


def disagreeing_pack(ada: Store, bob: Store, matter: str, path: Path,
                     status: bool = False) -> Path:
    """Both answer comment 1 differently (with `status`, both set comment 2's status too);
    Bob's pack of his changes is written to `path`."""
    first, second = comment_ids(ada, matter)[:2]
    ada.save_draft(first, ADA_ANSWER)
    bob.save_draft(first, BOB_ANSWER)
    if status:
        ada.set_status(second, "in_review")
        bob.set_status(second, "drafting")
    me = ada.me()
    assert me is not None
    export_pack(bob, matter, path, since_peer=me.id)
    return path


def window_over(qtbot: QtBot, store: Store, folder: Path
                ) -> tuple[MainWindow, ExchangeCommands]:
    """A real main window over the store, with the exchange commands installed."""
    window = MainWindow(store, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    commands = window.exchange
    assert commands is not None
    return window, commands


def file_menu(window: QMainWindow) -> list[str]:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "File":
            return [a.text().replace("&", "") for a in action.menu().actions()]  # type: ignore
    return []


def choose_file(monkeypatch: pytest.MonkeyPatch, method: str, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, method, lambda *a, **k: (str(path), ""))


def opened(dialogs: Dialogs, kind: type) -> list:  # type: ignore[type-arg]
    return [d for d in dialogs.opened if isinstance(d, kind)]


def import_through_menu(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow,
                        commands: ExchangeCommands, path: Path) -> None:
    choose_file(monkeypatch, "getOpenFileName", path)
    window.activateWindow()
    commands.import_pack.trigger()


# -- the menu ----------------------------------------------------------------------------------

def test_the_file_menu_has_the_exchange_commands(qtbot, pair, tmp_path) -> None:
    ada, _bob, _matter = pair
    window, commands = window_over(qtbot, ada, tmp_path)
    entries = file_menu(window)
    start = entries.index("Export exchange pack…")
    assert entries[start:start + 3] == ["Export exchange pack…", "Import exchange pack…",
                                        "Conflicts…"]
    assert not commands.conflicts.isEnabled()  # none wait
    assert commands.notice.isHidden()
    listed = [action for _menu, actions in window.built_menus.by_menu() for action in actions]
    assert all(listed.count(action) == 1 for action in commands.actions())  # in F1's list
    others = [k for action in listed if action not in commands.actions()
              for k in action.shortcuts()]
    for action in commands.actions():  # a shortcut only where it was free
        assert all(k not in others for k in action.shortcuts())


# -- export ------------------------------------------------------------------------------------

def test_export_through_the_dialog_writes_a_pack(qtbot, pair, tmp_path, monkeypatch,
                                                 dialogs) -> None:
    ada, bob, matter = pair
    window, commands = window_over(qtbot, ada, tmp_path)
    ada.save_draft(comment_ids(ada, matter)[0], ADA_ANSWER)
    commands.export_pack.trigger()
    (dialog,) = opened(dialogs, ExportDialog)
    assert dialog.matter.currentData() == matter
    assert Path(dialog.path.text()).name == \
        f"Example Corp — {date.today().isoformat()} — AL.rejoinder-pack"
    assert dialog.everything.isChecked()  # nothing sent to anyone yet
    target = tmp_path / "for Bob.rejoinder-pack"
    choose_file(monkeypatch, "getSaveFileName", target)
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert target.is_file()
    assert any(text.startswith(f"Pack written to {target}: 1 reviewer, 1 matter, 1 document, "
                               "3 comments, 3 answers") for text in dialogs.texts)
    assert import_pack(bob, target).updated == {"responses": 1}
    assert bob.response(comment_ids(bob, matter)[0]).draft == ADA_ANSWER


def test_export_offers_the_changes_since_the_last_pack_to_the_last_peer(
        qtbot, pair, tmp_path, monkeypatch, dialogs) -> None:
    ada, bob, matter = pair
    bob_id = bob.me().id  # type: ignore[union-attr]
    export_pack(bob, matter, tmp_path / "hello.rejoinder-pack")  # Ada learns of Bob
    import_pack(ada, tmp_path / "hello.rejoinder-pack")
    export_pack(ada, matter, tmp_path / "first.rejoinder-pack", since_peer=bob_id)
    window, commands = window_over(qtbot, ada, tmp_path)
    ada.set_status(comment_ids(ada, matter)[1], "drafting")
    commands.export_pack.trigger()
    (dialog,) = opened(dialogs, ExportDialog)
    assert dialog.since.isChecked() and dialog.peer.currentData() == bob_id
    assert dialog.peer.currentText() == "Bob Brown (BB)"
    assert "Last pack sent to Bob Brown" in dialog.peer_note.text()
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path / "second.rejoinder-pack"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert any("the changes since the last pack" in t and "1 answer" in t and
               "3 comments" not in t for t in dialogs.texts)


def test_an_export_that_cannot_be_written_says_so_and_stays_open(
        qtbot, pair, tmp_path, dialogs) -> None:
    ada, _bob, _matter = pair
    window, commands = window_over(qtbot, ada, tmp_path)
    commands.export_pack.trigger()
    (dialog,) = opened(dialogs, ExportDialog)
    dialog.path.setText(str(tmp_path / "no such folder" / "x.rejoinder-pack"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "does not exist" in dialogs.texts[-1] and "no such folder" in dialogs.texts[-1]
    assert dialog.result() == 0  # neither accepted nor closed


# -- import ------------------------------------------------------------------------------------

def test_importing_a_pack_with_a_conflict_shows_the_summary(qtbot, pair, tmp_path, monkeypatch,
                                                            dialogs) -> None:
    ada, bob, matter = pair
    bob.add_note(comment_ids(bob, matter)[2], "Who owns the tax answer?")
    pack = disagreeing_pack(ada, bob, matter, tmp_path / "bob.rejoinder-pack")
    window, commands = window_over(qtbot, ada, tmp_path)
    import_through_menu(qtbot, monkeypatch, window, commands, pack)
    (summary,) = opened(dialogs, ImportSummaryDialog)
    text = summary.text.text()
    assert "Bob Brown’s pack for" in text and "1 note or highlight" in text
    assert "1 conflict:" in text and "Comment 1 (Staff letter 2017-08-16) — answer" in text
    assert summary.resolve_button.isVisibleTo(summary)
    # the note came in: the tree shows it on comment 3
    third = comment_ids(ada, matter)[2]
    assert window.tree_model.facts(third).notes == 1  # type: ignore[union-attr]
    # the window says that a conflict waits, and offers it
    assert commands.notice.label.text() == "1 conflict waits"
    assert commands.notice.isVisibleTo(window) and commands.conflicts.isEnabled()
    assert ada.response(comment_ids(ada, matter)[0]).draft == ADA_ANSWER  # nothing overwritten
    qtbot.mouseClick(summary.resolve_button, Qt.MouseButton.LeftButton)
    view = commands.view
    assert isinstance(view, ConflictsView) and view.isVisible() and view.count() == 1


def test_a_pack_without_conflicts_offers_no_resolving(qtbot, pair, tmp_path, monkeypatch,
                                                      dialogs) -> None:
    ada, bob, matter = pair
    bob.save_draft(comment_ids(bob, matter)[0], BOB_ANSWER)
    export_pack(bob, matter, tmp_path / "b.rejoinder-pack",
                since_peer=ada.me().id)  # type: ignore[union-attr]
    window, commands = window_over(qtbot, ada, tmp_path)
    window.tree.select_comment(comment_ids(ada, matter)[0])
    import_through_menu(qtbot, monkeypatch, window, commands, tmp_path / "b.rejoinder-pack")
    (summary,) = opened(dialogs, ImportSummaryDialog)
    assert "their changes to 1 answer" in summary.text.text()
    assert "No conflicts" in summary.text.text()
    assert not summary.resolve_button.isVisibleTo(summary)
    assert commands.notice.isHidden()
    # the comment shown before is shown again, with Bob's answer
    assert window.tree.current_comment_id() == comment_ids(ada, matter)[0]
    assert window.editor.draft.toPlainText() == BOB_ANSWER


def test_a_damaged_pack_is_refused_and_the_workspace_is_unchanged(
        qtbot, pair, tmp_path, monkeypatch, dialogs) -> None:
    ada, bob, matter = pair
    pack = disagreeing_pack(ada, bob, matter, tmp_path / "bob.rejoinder-pack")
    data = pack.read_bytes()
    cut = tmp_path / "cut.rejoinder-pack"
    cut.write_bytes(data[:len(data) // 2])
    window, commands = window_over(qtbot, ada, tmp_path)
    before = dump(ada)
    import_through_menu(qtbot, monkeypatch, window, commands, cut)
    assert not opened(dialogs, ImportSummaryDialog)
    title, text, _ = dialogs.shown[-1]
    assert title == "Rejoinder — import exchange pack" and "cut.rejoinder-pack" in text
    assert dump(ada) == before
    # the window keeps working: the good pack imports after it
    import_through_menu(qtbot, monkeypatch, window, commands, pack)
    assert len(opened(dialogs, ImportSummaryDialog)) == 1
    assert len(conflicts(ada, matter)) == 1


def test_a_zip_bomb_is_refused_in_one_line_that_names_the_file(
        qtbot, pair, tmp_path, monkeypatch, dialogs) -> None:
    ada, bob, matter = pair
    members = members_of(disagreeing_pack(ada, bob, matter, tmp_path / "bob.rejoinder-pack"))
    zeros = bytes(8 << 20)  # 8 MB that deflate to 8 KB
    members["blobs/" + hashlib.sha256(zeros).hexdigest()] = zeros
    bomb = tmp_path / "bomb.rejoinder-pack"
    write_zip(bomb, members)
    window, commands = window_over(qtbot, ada, tmp_path)
    before = dump(ada)
    import_through_menu(qtbot, monkeypatch, window, commands, bomb)
    assert not opened(dialogs, ImportSummaryDialog)
    title, text, details = dialogs.shown[-1]
    assert title == "Rejoinder — import exchange pack" and not details
    assert "\n" not in text and str(bomb) in text and "more than 50 times" in text
    assert dump(ada) == before


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent.*deprecated:DeprecationWarning")
def test_a_pack_dropped_on_the_window_is_imported_not_pasted(qtbot, pair, tmp_path,
                                                            dialogs) -> None:
    ada, bob, matter = pair
    pack = disagreeing_pack(ada, bob, matter, tmp_path / "bob.rejoinder-pack")
    window, commands = window_over(qtbot, ada, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(pack))])
    target, point = window.editor.draft.viewport(), QPoint(20, 20)
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    qtbot.waitUntil(lambda: bool(opened(dialogs, ImportSummaryDialog)))
    assert len(conflicts(ada, matter)) == 1
    assert "rejoinder-pack" not in window.editor.draft.toPlainText()


def test_recipients_are_reviewers_on_other_laptops_and_everything_counts_as_sent(
        qtbot, pair, tmp_path, dialogs) -> None:
    from storage.exchange.peers import last_sent

    ada, bob, matter = pair
    bob_id = bob.me().id  # type: ignore[union-attr]
    export_pack(bob, matter, tmp_path / "hello.rejoinder-pack")  # Ada learns of Bob
    import_pack(ada, tmp_path / "hello.rejoinder-pack")
    ada.add_reviewer("Olga Owner", "OO")  # answers comments here, never on another laptop
    window, commands = window_over(qtbot, ada, tmp_path)
    commands.export_pack.trigger()
    (dialog,) = opened(dialogs, ExportDialog)
    offered = [dialog.peer.itemText(i) for i in range(dialog.peer.count())]
    assert offered == ["Bob Brown (BB)", "Someone else (a reviewer new to this matter)"]
    assert dialog.peer.currentData() == bob_id and dialog.everything.isChecked()
    dialog.path.setText(str(tmp_path / "everything.rejoinder-pack"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert last_sent(ada, matter, bob_id) is not None  # "Everything" to Bob is sent to Bob
    commands.export_pack.trigger()
    again = opened(dialogs, ExportDialog)[-1]
    assert again.since.isChecked() and "Last pack sent to Bob Brown" in again.peer_note.text()
    again.peer.setCurrentIndex(again.peer.count() - 1)  # someone new: the whole matter
    assert again.everything.isChecked() and not again.since.isEnabled()


def test_the_import_summary_says_what_came_in_in_one_place(qtbot, pair, tmp_path, monkeypatch,
                                                           dialogs) -> None:
    ada, bob, matter = pair
    third = comment_ids(bob, matter)[2]
    bob.save_draft(third, "Bob's answer to the tax comment.")
    pack = disagreeing_pack(ada, bob, matter, tmp_path / "bob.rejoinder-pack")
    window, commands = window_over(qtbot, ada, tmp_path)
    import_through_menu(qtbot, monkeypatch, window, commands, pack)
    (summary,) = opened(dialogs, ImportSummaryDialog)
    text = summary.text.text()
    came_in = text.split("What came in</b><br>")[1].split("</p>")[0]
    assert "nothing" not in came_in.lower()
    assert "their changes to 1 answer, merged" in came_in.lower()
    assert "1 change that conflict" in came_in and "What merged" not in text
