"""How every feature makes its actions and says where they go.

A feature makes its `QAction`s with `make_action` (text, shortcuts, status tip, icon) and hands
them to the window from `actions_by_menu()`: a dict from a menu place — `"menu.section"`, as
`gui/window/menus.py` lays the menus out — to the actions, in order, `None` a separator. The
window builds every menu from these, in one place; the shortcut list (F1) reads the same objects.
No menu is found by its visible text, and two actions on one key are refused when the menus are
built (see `gui.window.menus.check_shortcuts`).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QStyle, QWidget

Shortcut = str | QKeySequence.StandardKey
Placed = dict[str, list[QAction | None]]  # "menu.section" → actions (None: a separator)


class Feature(Protocol):
    """What the window asks of a feature that has commands."""

    def actions_by_menu(self) -> Placed: ...


def make_action(parent: QWidget | None, text: str, shortcuts: Sequence[Shortcut], tip: str,
                icon: QStyle.StandardPixmap | None = None, *,
                checked: bool | None = None) -> QAction:
    """An action with its shortcuts, status tip, tool tip (naming the first shortcut) and
    standard icon; checkable when `checked` is given."""
    action = QAction(text, parent)
    keys = [QKeySequence(s) for s in shortcuts]
    action.setShortcuts(keys)
    action.setStatusTip(tip)
    action.setToolTip(f"{tip} ({keys[0].toString()})" if keys else tip)
    if icon is not None:
        action.setIcon(QApplication.style().standardIcon(icon))
    if checked is not None:
        action.setCheckable(True)
        action.setChecked(checked)
    return action


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as the user's platform writes them ("Ctrl+I, F8")."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                     for s in action.shortcuts())
