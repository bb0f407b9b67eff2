"""Killing the program in the middle of typing loses at most what the autosave had not yet
written: a child process types into the editor, reports the autosave, and is killed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from storage.importer import import_letter
from storage.store import Store, plain_text
from tests.conftest import ROOT
from tests.storage.conftest import letter

CHILD = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from gui.window.main_window import MainWindow
from storage.store import Store, plain_text

app = QApplication([])
store = Store.open(Path(sys.argv[1]))
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = MainWindow(store, settings)
window.show()
comment = store.comments()[0]
window.show_comment(comment.id)
window.editor.saved.connect(lambda at: print("saved", flush=True))
QTest.keyClicks(window.editor.draft, "Killed after the autosave, still kept.")
print("typed", flush=True)
app.exec()
"""


def test_text_typed_before_a_kill_is_in_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "crash.rejoinder"
    with Store.open(workspace) as store:
        store.set_me("Ada Lovelace", "AL")
        import_letter(store, letter(), b"staff")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(workspace),
                              str(tmp_path / "settings.ini")],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        lines = []
        for line in child.stdout:
            lines.append(line.strip())
            if line.strip() == "saved":
                break
        assert lines[-1:] == ["saved"], lines
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    with Store.open(workspace) as store:
        comment = store.comments()[0]
        draft = store.response(comment.id).draft
        assert plain_text(draft) == "Killed after the autosave, still kept."


# Steady typing, one key every KEY_MS, never pausing long enough for the debounce; each key is
# reported as it is typed so the parent knows when every character was typed.
TYPIST = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from gui.window.main_window import MainWindow
from storage.store import Store

app = QApplication([])
store = Store.open(Path(sys.argv[1]))
window = MainWindow(store, QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
window.show_comment(store.comments()[0].id)
text, key_ms = sys.argv[3], int(sys.argv[4])
typed = 0

def type_one():
    global typed
    QTest.keyClicks(window.editor.draft, text[typed])
    typed += 1
    print("key" if typed < len(text) else "last", flush=True)
    if typed == len(text):
        timer.stop()

timer = QTimer()
timer.timeout.connect(type_one)
print("ready", flush=True)
timer.start(key_ms)
app.exec()
"""
KEY_MS = 60  # 16 characters a second: a fast typist who never stops
TRIALS = (1.3, 2.1, 2.9, 3.7)  # seconds of steady typing, each killed 0.1 s after the last key


def test_a_kill_while_typing_loses_at_most_one_second(tmp_path: Path) -> None:
    workspace = tmp_path / "typing.rejoinder"
    with Store.open(workspace) as store:
        store.set_me("Ada Lovelace", "AL")
        import_letter(store, letter(), b"staff")
    words = "We respectfully advise the Staff that the Company tested goodwill. " * 10
    worst = 0.0
    for trial, seconds in enumerate(TRIALS):
        text = f"{trial}:" + words[: int(seconds * 1000 / KEY_MS) - 2]
        typed_at, killed_at = _type_and_kill(workspace, tmp_path, text)
        with Store.open(workspace) as store:
            kept = plain_text(store.response(store.comments()[0].id).draft)
            store.save_draft(store.comments()[0].id, "")  # the next trial starts empty
        assert text.startswith(kept), (kept, text)
        lost = typed_at[len(kept):]
        lost_s = killed_at - lost[0] if lost else 0.0
        worst = max(worst, lost_s)
        assert lost_s <= 1.0, f"trial {trial}: lost {len(lost)} characters, {lost_s:.2f} s"
    print(f"worst loss over {len(TRIALS)} trials: {worst:.2f} s of typing")


def _type_and_kill(workspace: Path, tmp_path: Path, text: str) -> tuple[list[float], float]:
    """Type `text` in a child window; kill it 0.1 s after the last key. When each character
    was typed (as the parent saw it), and when the kill came."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-c", TYPIST, str(workspace),
                              str(tmp_path / "settings.ini"), text, str(KEY_MS)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    typed_at: list[float] = []
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() in ("key", "last"):
                typed_at.append(time.monotonic())
            if line.strip() == "last":
                break
        time.sleep(0.1)
        killed_at = time.monotonic()
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(30)
    assert child.returncode == -signal.SIGKILL and len(typed_at) == len(text)
    return typed_at, killed_at
