"""Docks, declared as data: a `DockSpec` names the dock, where it opens, how its view is made (on
first use, so its module loads only then) and the actions that show it. `gui/window/docks.py`
holds the list of every dock and makes them; a new dock is a view in its feature package plus one
`DockSpec` line there.

A dock's view follows the workbench: it is told the selected comment when it is shown and, while
shown, whenever the selection changes (`follow`), the store when the workspace changes
(`set_store`), and, if it has `comment_changed`, when a comment's answer, status or notes change.
A view with a `commentChosen(str)` signal opens the comment it lists.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from typing import Protocol

    from PySide6.QtWidgets import QWidget

    from storage.models import Comment
    from storage.store import Store

    class DockView(Protocol):
        """What a dock's view does for the dock manager (it is a QWidget too)."""

        def set_store(self, store: Store) -> None: ...

        def follow(self, comment: Comment | None) -> None: ...

BOTTOM, RIGHT = Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea


# Named tuples, not dataclasses: declared at the start, they cost a third as much to define.
class DockAction(NamedTuple):
    """An action that shows the dock: its menu place, text, shortcut and tip, and what it does
    to the view first (`before`) and once the dock is shown (`after`)."""

    place: str  # "review.views"
    text: str
    shortcut: str
    tip: str
    before: Callable[[Any], None] | None = None
    after: Callable[[Any], None] | None = None


class DockSpec(NamedTuple):
    name: str  # the dock's objectName (kept in the window's saved layout): "review_search"
    title: str
    area: Qt.DockWidgetArea
    make: Callable[[Store], QWidget]  # the view; imports its module when called
    actions: tuple[DockAction, ...]
    tab_with: str | None = None  # opens as a tab of this dock
    follows_selection: bool = True  # told each new selection while shown, not only when shown
