"""PySide6's import hook, answered from the file's bytes.

Once PySide6 is imported, its `__feature__` hook (for `from __feature__ import snake_case`)
asks of every module imported after it whether its source names "PySide6", through
`inspect.getsource`: reading, decoding and splitting each file into lines. For the hundred or
so modules the window loads that was some 10 ms of the start. `quicken()` gives the hook the
same answer from the file's bytes, and leaves a module with no `.py` file to PySide's own check.

The hook's function is private to PySide6 (`PySide6.support.feature._mod_uses_pyside`); when
a PySide6 release no longer has it, `quicken()` changes nothing and says so (False), and
`tests/gui/test_feature_hook.py` fails, so the start-up cost is noticed rather than silently
paid.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

MARK = "_rejoinder_bytes_check"


def quicken() -> bool:
    """Answer PySide6's per-module check from file bytes; True when in place."""
    feature = sys.modules.get("PySide6.support.feature")
    slow: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or slow is None:
        return False
    if getattr(slow, MARK, False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return slow(module)

    setattr(uses_pyside, MARK, True)
    uses_pyside.pyside_check = slow  # type: ignore[attr-defined]  # PySide's own, for the tests
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
