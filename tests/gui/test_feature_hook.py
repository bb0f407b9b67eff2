"""PySide6's per-module import check, answered from file bytes (gui/common/feature_hook.py):
in place once the window's modules load, and giving PySide's own answer for every module."""
from __future__ import annotations

import sys

import gui.app  # noqa: F401  (puts the quicker check in place, as the program's start does)
from gui.common import feature_hook


def _check():  # type: ignore[no-untyped-def]
    return sys.modules["PySide6.support.feature"]._mod_uses_pyside


def test_the_quicker_check_is_in_place() -> None:
    # Fails when a PySide6 release drops the private hook: the start is then ~10 ms slower.
    assert getattr(_check(), feature_hook.MARK, False)
    assert feature_hook.quicken()  # again: stays as it is


def test_it_answers_as_pyside_does() -> None:
    check = _check()
    modules = [m for name, m in sorted(sys.modules.items())
               if name.split(".")[0] in ("gui", "storage", "json", "pymupdf", "sys", "enum")]
    answers = {m.__name__: check(m) for m in modules}
    assert answers == {m.__name__: check.pyside_check(m) for m in modules}
    assert answers["gui.app"] and not answers["storage.store"] and not answers["sys"]
