"""The start (issue 11): `rejoinder` and `rejoinder --workspace P` go straight to the window,
which shows without loading what only some commands need; collection, paused for the start,
resumes once the window is idle."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from gui import app
from storage.firstrun import ensure_sample_matter
from storage.store import Store

ROOT = Path(__file__).resolve().parents[3]
# Loaded on first use, never to show the window: python-docx (Word drafts), the letter reader
# (imports) and its model, the pack merge, the precedent search, the hub's sync, the first
# run's sample importer; and the features' dialogs (export, letter settings, clause library,
# exchange packs, the hub's questions), the find bar, the export formats (with the submenu), the
# printed page numbers (for a reference's cited page), the window's letter import, the
# shortcut list, the records of what happened (versions, status changes, the event log), and
# who packs went to and came from, the matter fixes, and the letter's words (read when first
# hovered, selected or searched).
LATER = {"docx", "storage.exports.redline", "storage.importer", "storage.ingest.model",
         "storage.exchange.merge", "storage.precedent.search", "storage.hub.sync",
         "storage.firstrun", "gui.export.dialog", "gui.export.letter_settings",
         "gui.editor.clause_dialogs", "storage.clauses", "gui.exchange.dialogs",
         "gui.hub.dialogs", "gui.pdf.find_bar", "storage.exports.formats",
         "gui.pdf.page_numbers", "gui.window.importing",
         "gui.window.shortcuts", "storage.history",
         "storage.exchange.peers", "storage.matter_corrections",
         "gui.pdf.page_text"}


def test_the_window_opens_without_the_commands_parsers(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    opened: list[Path | None] = []
    monkeypatch.setattr(app, "run", lambda workspace: opened.append(workspace) or 0)
    try:
        assert main.main([]) == 0
        assert main.main(["--workspace", str(tmp_path / "a.rejoinder")]) == 0
        assert main.main([f"--workspace={tmp_path / 'b.rejoinder'}"]) == 0
        assert main.main([str(tmp_path / "c.rejoinder")]) == 0  # as a file manager opens it
    finally:
        gc.enable()  # paused by main for the start; the stand-in `run` never resumes it
    assert opened == [None] + [tmp_path / f"{n}.rejoinder" for n in "abc"]
    for command in (["--workspace", "w", "matters"], ["--version"], ["--workspace", "-h"],
                    ["--workspace="], ["import", "f.pdf"]):
        assert main.window_workspace(command) is None  # parsed in full, as before


def test_collection_resumes_only_where_main_paused_it() -> None:
    gc.disable()
    try:
        app.resume_collection()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
    app.resume_collection()  # under the tests, collection was never paused: nothing frozen
    assert gc.get_freeze_count() == 0


def test_the_window_shows_without_the_features_heavy_modules(tmp_path: Path) -> None:
    workspace = tmp_path / "sample.rejoinder"
    with Store.open(workspace) as store:
        ensure_sample_matter(store)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REJOINDER_EXIT_WHEN_IDLE="1",
               REJOINDER_CONFIG_DIR=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    for start in ("first", "second"):  # the first parses the topic list; later ones need not
        done = subprocess.run([sys.executable, "-X", "importtime", "main.py", "--workspace",
                               str(workspace)], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0 and "idle" in done.stdout.split()
        loaded = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
                  if line.startswith("import time:")}
        assert "gui.window.main_window" in loaded
        assert not loaded & LATER, start
    assert "tomllib" not in loaded
