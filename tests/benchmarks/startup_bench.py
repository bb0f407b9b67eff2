"""Start-up: time until Rejoinder's main window is shown and idle on the sample workspace
(`startup_s`), against two bare programs that show an empty QMainWindow and go idle:

- `startup_libs_ratio`: against one that first imports the libraries Rejoinder cannot start
  without (pymupdf and sqlite-utils, in the same order): what Rejoinder's own code costs. The
  target is 1.5 at most.
- `startup_ratio`: against bare Qt alone (`startup_bare_qt_s`), as before.

Medians of fresh processes; every child prints a line when its event loop first goes idle,
then quits."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 7

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
QTimer.singleShot(0, lambda: (print("idle", flush=True), app.quit()))
app.exec()
"""

BARE_LIBS = "\nimport pymupdf\nimport sqlite_utils" + BARE  # the libraries first, as Rejoinder

LAUNCHER = "import sys; from main import main; sys.exit(main())"


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() == "idle":
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError(f"{command} never went idle (exit {child.wait()})")
        child.wait(60)
    return elapsed


def _make_sample_workspace(path: Path) -> None:
    """What the first run leaves: a workspace with a reviewer and the sample matter."""
    from storage.firstrun import ensure_sample_matter
    from storage.store import Store

    with Store.open(path) as store:
        store.set_me("Bench Marker", "BM")
        ensure_sample_matter(store)


def measure() -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REJOINDER_EXIT_WHEN_IDLE="1")
    # An installed program runs from compiled bytecode (pip compiles it): let the warm-up
    # run write it here too, so both sides are timed as a user starts them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "sample.rejoinder"
        env["XDG_CONFIG_HOME"] = folder  # fresh QSettings
        env["REJOINDER_CONFIG_DIR"] = folder  # the reviewer known on this machine
        (Path(folder) / "reviewer.json").write_text('{"name": "Bench Marker", "initials": "BM"}')
        _make_sample_workspace(workspace)
        # As the installed `rejoinder` command starts it (pip's launcher, like the bundle's,
        # imports `main`): `python main.py` would compile main.py afresh on every start.
        app = [sys.executable, "-c", LAUNCHER, "--workspace", str(workspace)]
        _time(app, env)  # warm the file cache
        _time([sys.executable, "-c", BARE_LIBS], env)
        bare, libs, ours = [], [], []
        for _ in range(RUNS):  # interleaved, so a busy moment hurts all three alike
            bare.append(_time([sys.executable, "-c", BARE], env))
            libs.append(_time([sys.executable, "-c", BARE_LIBS], env))
            ours.append(_time(app, env))
    bare_s, libs_s, ours_s = map(statistics.median, (bare, libs, ours))
    return {"startup_s": ours_s, "startup_bare_qt_s": bare_s, "startup_ratio": ours_s / bare_s,
            "startup_bare_libs_s": libs_s, "startup_libs_ratio": ours_s / libs_s}
