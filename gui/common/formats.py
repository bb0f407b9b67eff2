"""How the window writes shared values: local times, HTML escaping, the folder files are saved
to by default. (Status labels and colours are storage's, for the window and exports alike.)"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QDateTime, QStandardPaths, Qt


def local_time(iso: str, fmt: str = "d MMM HH:mm") -> str:
    """A stored UTC ISO time as the user's local time, in a Qt date format; the text as given
    when it is not a time."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    return moment.toLocalTime().toString(fmt)


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def save_folder() -> Path:
    """Where exports and packs are offered to be saved: the user's Documents folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home())
