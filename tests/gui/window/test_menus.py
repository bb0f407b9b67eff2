"""The menus are built in one place from every feature's actions: places are known names, never
visible texts; a shortcut given twice is refused; the shortcut list shows every action."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar

from gui.common.actions import make_action
from gui.window import menus
from gui.window.main_window import MainWindow


def test_two_actions_on_one_key_are_refused(qapp: object) -> None:
    bar = QMenuBar()
    find = make_action(None, "&Find…", ["Ctrl+F"], "Find text")
    filter_ = make_action(None, "&Filter", ["Ctrl+Shift+L", "Ctrl+F"], "Filter")
    with pytest.raises(ValueError, match="Ctrl\\+F is given to both 'Find…' and 'Filter'"):
        menus.build(bar, [{"edit.find": [find]}, {"view.filter": [filter_]}])


def test_a_place_not_laid_out_is_refused(qapp: object) -> None:
    action = make_action(None, "&Export", [], "Export")
    with pytest.raises(ValueError, match="No menu place 'file.exports'"):
        menus.build(QMenuBar(), [{"file.exports": [action]}])


def test_sections_keep_the_layout_order_and_groups_are_separated(qapp: object) -> None:
    def made(text: str) -> QAction:
        return make_action(None, text, [], text)

    quit_, new, imp = made("Quit"), made("New"), made("Import")
    bar = QMenuBar()  # kept: it owns the menus
    built = menus.build(bar, [{"file.quit": [quit_]}, {"file.workspace": [new]},
                              {"file.import": [imp]}])
    file_menu = built.menus["file"]
    shape = ["-" if a.isSeparator() else a.text() for a in file_menu.actions()]
    assert shape == ["Import", "-", "New", "-", "Quit"]
    assert built.by_menu()[0] == ("File", [imp, new, quit_])


def test_the_window_has_no_key_twice_and_lists_every_action(window: MainWindow) -> None:
    actions = [a for a in window.findChildren(QAction) if a.shortcuts()]
    menus.check_shortcuts(actions)  # raises on a clash
    listed = {id(a) for _menu, found in window.built_menus.by_menu() for a in found}
    missing = [a.text() for a in actions if id(a) not in listed]
    assert missing == []
    keys = [k.toString(QKeySequence.SequenceFormat.PortableText) for a in actions
            for k in a.shortcuts()]
    assert len(keys) == len(set(keys))


def test_the_menus_come_in_their_order(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == [title for _key, title, _groups in menus.MENUS]
    review = window.built_menus.menus["review"]
    assert [a.text() for a in review.actions() if not a.isSeparator()] == [
        "&Search…", "Round &thread", "&Commitments", "&Precedent", "Comment &history",
        "&Matter history"]
