"""What the window remembers between runs (QSettings): recent workspaces and the last one used.
Geometry and splitter sizes are saved by the main window itself."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

RECENT_KEY = "workspaces/recent"
LAST_KEY = "workspaces/last"
MAX_RECENT = 8


def _strings(value: object) -> list[str]:
    """A QSettings list value (a lone string in INI files with one entry; None when unset)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[attr-defined]


def recent_workspaces(settings: QSettings) -> list[str]:
    return _strings(settings.value(RECENT_KEY))[:MAX_RECENT]


def remember_workspace(settings: QSettings, path: Path) -> list[str]:
    """Put a workspace first in the recent list and make it the last used."""
    text = str(path)
    recent = [text] + [p for p in recent_workspaces(settings) if p != text]
    settings.setValue(RECENT_KEY, recent[:MAX_RECENT])
    settings.setValue(LAST_KEY, text)
    return recent[:MAX_RECENT]


def last_workspace(settings: QSettings) -> Path | None:
    value = settings.value(LAST_KEY)
    return Path(str(value)) if value else None
