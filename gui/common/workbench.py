"""The one seam between the features and the main window.

Features (`gui/pdf`, `gui/tree`, `gui/editor`, `gui/corrections`, `gui/review`, `gui/exchange`,
`gui/export`) type against `Workbench`, never against `MainWindow`, as qutebrowser's components
use its `api` package instead of the browser's internals. `gui.window.MainWindow` is the one
implementation; a feature is handed it in its constructor.

Signals:
- `storeChanged(Store)`: the window now works on another workspace. Every switch goes through it;
  a feature that keeps the store drops the old one here.
- `commentSelected(str)`: a comment was selected (in the tree, or opened by a feature).
- `commentChanged(str)`: a comment's status, owner, due date, answer or notes changed.
- `commentsReloaded()`: the tree was rebuilt (an import, a correction, a merged pack).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings, SignalInstance
    from PySide6.QtWidgets import QMainWindow, QWidget

    from storage.models import Comment
    from storage.store import Store

DropHandler = Callable[[list[Path]], object]
DropFilter = Callable[[list[Path]], list[Path]]  # the dropped paths this handler takes


class Workbench(Protocol):
    """What a feature may use of the window it lives in."""

    storeChanged: SignalInstance
    commentSelected: SignalInstance
    commentChanged: SignalInstance
    commentsReloaded: SignalInstance

    @property
    def store(self) -> Store:
        """The open workspace (switches are announced by `storeChanged`)."""
        ...

    @property
    def settings(self) -> QSettings:
        """Where the window's layout is remembered."""
        ...

    def main_window(self) -> QMainWindow:
        """The window, as the parent of dialogs and the host of docks and status widgets."""
        ...

    def current_comment(self) -> Comment | None:
        """The comment the editor shows, if any."""
        ...

    def current_matter_id(self) -> str | None:
        """The selected comment's matter, else the workspace's first matter, else None."""
        ...

    def open_comment(self, comment_id: str) -> None:
        """Select a comment in the tree and show it, even where a filter hides it."""
        ...

    def open_letter(self, document_id: str | None) -> None:
        """Select a letter's first comment (the first letter's, given None), clearing the
        filters if they hide it."""
        ...

    def reload_comments(self) -> None:
        """Rebuild the tree from the store (after many comments changed)."""
        ...

    def refresh_comment(self, comment_id: str) -> None:
        """Redraw one comment's row and the counts (after its status, notes … changed)."""
        ...

    def flush_draft(self) -> None:
        """Save the draft being typed now (before anything reads or replaces the store)."""
        ...

    def message(self, text: str, msecs: int = 10000) -> None:
        """A passing word in the status bar."""
        ...

    def add_status_widget(self, widget: QWidget) -> None:
        """A permanent widget at the left of the status bar's right side."""
        ...

    def accept_drops(self, takes: DropFilter, handle: DropHandler) -> None:
        """Files dropped on the window that `takes` accepts go to `handle`, after the drop."""
        ...
