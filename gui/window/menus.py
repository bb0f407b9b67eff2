"""The menu bar, built in one place from what every feature places in it.

Each menu is laid out as groups of named sections; a separator stands between groups. A feature
places its actions with keys "menu.section" (see `gui.common.actions`); a key not laid out here is
a bug and refused, as is a shortcut given to two actions. No menu is ever looked up by its text.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from gui.common.actions import Placed

# (key, title, groups of sections): a separator between groups
MENUS: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...] = (
    ("file", "&File", (("import", "export"), ("exchange", "sync"), ("workspace",), ("quit",))),
    ("edit", "&Edit", (("undo",), ("clipboard",), ("clauses",), ("preferences",), ("find",),
                       ("highlight",))),
    ("view", "&View", (("zoom",), ("panes",), ("filter",))),
    ("go", "&Go", (("comments",), ("open",), ("page",))),
    ("letter", "&Letter", (("fix",), ("make",), ("matter",), ("undo",))),
    ("status", "&Status", (("statuses",),)),
    ("review", "&Review", (("views",), ("history",))),
    ("help", "&Help", (("shortcuts",), ("about",))),
)


@dataclass(frozen=True)
class BuiltMenus:
    menus: dict[str, QMenu]  # by key
    # for the shortcut list: menu path → its actions, or the submenu to read them from
    listed: list[tuple[str, list[QAction] | QMenu]]

    def by_menu(self) -> list[tuple[str, list[QAction]]]:
        """Menu path → actions. A submenu is read as it is now, after being told it is about
        to show: one that makes its entries when first opened (File ▸ Export) lists them."""
        found: list[tuple[str, list[QAction]]] = []
        for name, source in self.listed:
            if isinstance(source, QMenu):
                source.aboutToShow.emit()
                source = [a for a in source.actions() if not a.isSeparator()]
            if source:
                found.append((name, source))
        return found


def places() -> set[str]:
    return {f"{key}.{section}" for key, _title, groups in MENUS
            for group in groups for section in group}


def merge(placements: Iterable[Placed]) -> dict[str, list[QAction | None]]:
    """Every feature's placements by section, in the order the features came; refuses a place
    that is not laid out."""
    known = places()
    merged: dict[str, list[QAction | None]] = {}
    for placed in placements:
        for place, actions in placed.items():
            if place not in known:
                raise ValueError(f"No menu place {place!r}; the places are {sorted(known)}")
            merged.setdefault(place, []).extend(actions)
    return merged


def check_shortcuts(actions: Iterable[QAction]) -> None:
    """Refuse two actions on one key (Qt would then ignore the key for both)."""
    owner: dict[str, QAction] = {}
    for action in actions:
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            other = owner.get(text)
            if other is not None and other is not action:
                raise ValueError(f"The shortcut {text} is given to both "
                                 f"{other.text().replace('&', '')!r} and "
                                 f"{action.text().replace('&', '')!r}")
            owner[text] = action


def build(bar: QMenuBar, placements: Iterable[Placed]) -> BuiltMenus:
    """Fill the menu bar; return its menus and what the shortcut list shows."""
    merged = merge(placements)
    menus: dict[str, QMenu] = {}
    listed: list[tuple[str, list[QAction] | QMenu]] = []
    everything: list[QAction] = []
    for key, title, groups in MENUS:
        menu = bar.addMenu(title)
        menus[key] = menu
        mine: list[QAction] = []
        first = True
        for group in groups:
            actions = [a for section in group for a in merged.get(f"{key}.{section}", [])]
            if not any(a is not None for a in actions):
                continue
            if not first:
                menu.addSeparator()
            first = False
            _add(menu, actions)
            mine += [a for a in actions if a is not None]
        name = title.replace("&", "")
        listed.append((name, [a for a in mine if a.menu() is None]))
        for action in mine:
            sub = action.menu()
            if isinstance(sub, QMenu) and not sub.property("unlisted"):
                listed.append((f"{name} ▸ {action.text().replace('&', '')}", sub))
        everything += mine
        for action in mine:
            sub = action.menu()
            if isinstance(sub, QMenu):
                everything += [a for a in sub.actions() if not a.isSeparator()]
    check_shortcuts(everything)  # a submenu filled when first opened has no shortcuts
    return BuiltMenus(menus, listed)


def _add(menu: QMenu, actions: list[QAction | None]) -> None:
    previous: QAction | None = None
    for action in actions:
        if action is None:
            if previous is not None:
                menu.addSeparator()
            previous = None
        else:
            menu.addAction(action)
            previous = action
