"""Killing the program in the middle of typing loses at most what the autosave had not yet
written: a child process types into the editor, reports the autosave, and is killed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
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
