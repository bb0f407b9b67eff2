"""The window's own actions — File, Edit, View, Go, Status and Help — made in one place with
their text, shortcuts, status tip and icon. The features make theirs (`gui/pdf/tools.py`,
`gui/corrections`, `gui/review`, `gui/exchange`, `gui/export`); `gui/window/menus.py` builds the
menus from all of them, and the shortcut list reads the same objects.

The actions do nothing by themselves: the main window connects them in `_connect_signals`. The
Edit actions act on whichever text widget has the focus; Undo and Redo, when the tree or the
letter has the focus, undo and redo the last split correction.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QStyle, QWidget

from gui.common.actions import Placed, make_action
from storage.models import STATUS_LABELS, STATUSES

MAX_RECENT = 8


class Actions:
    """The window's actions, as attributes; `actions_by_menu` places them."""

    def __init__(self, parent: QWidget) -> None:
        sp = QStyle.StandardPixmap

        def make(*args, **kwargs) -> QAction:  # type: ignore[no-untyped-def]
            return make_action(parent, *args, **kwargs)

        # File
        self.import_letters = make("&Import letters…", ["Ctrl+I"],
                                   "Import staff or response letters (PDF, HTML, text)",
                                   sp.SP_DialogOpenButton)
        self.import_folder = make("Import letters from a &folder…", ["Ctrl+Alt+I"],
                                  "Import every letter in a folder and the folders below it "
                                  "(for example a company's EDGAR history)")
        self.new_workspace = make("&New workspace…", ["Ctrl+Shift+N"],
                                  "Create a new, empty workspace file", sp.SP_FileDialogNewFolder)
        self.open_workspace = make("&Open workspace…", ["Ctrl+O"],
                                   "Open another workspace file", sp.SP_DirOpenIcon)
        self.remove_matter = make("Re&move this matter…", [],
                                  "Delete the selected comment's matter (the sample matter, or "
                                  "one imported by mistake) and all the work in it")
        self.quit = make("&Quit", ["Ctrl+Q"], "Save the draft and quit Rejoinder")
        self.recent_menu = QMenu("Open &Recent", parent)
        self.recent_menu.setStatusTip("Open a workspace used recently")
        self.recent_menu.setProperty("unlisted", True)  # not in the shortcut list
        # Edit
        self.undo = make("&Undo", ["Ctrl+Z"],
                         "Undo the last edit in the focused text, or the last split correction "
                         "when the tree or the letter has the focus")
        self.redo = make("&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"],
                         "Redo the edit just undone in the focused text, or the split "
                         "correction just undone when the tree or the letter has the focus")
        self.cut = make("Cu&t", ["Ctrl+X"], "Cut the selected text")
        self.copy = make("&Copy", ["Ctrl+C"], "Copy the selected text")
        self.paste = make("&Paste", ["Ctrl+V"], "Paste into the focused text")
        self.preferences = make("Pre&ferences…", ["Ctrl+,"],
                                "Your name, initials and colour in this workspace")
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        # View
        self.zoom_in = make("Zoom &in", ["Ctrl++", "Ctrl+="], "Enlarge the letter")
        self.zoom_out = make("Zoom &out", ["Ctrl+-"], "Shrink the letter")
        self.fit_width = make("Fit &width", ["Ctrl+0"],
                              "Fit the letter's pages to the width of the pane")
        self.show_comments = make("&Comments pane", ["Ctrl+Shift+C"],
                                  "Show or hide the tree of comments", checked=True)
        self.show_editor = make("&Editor pane", ["Ctrl+Shift+E"],
                                "Show or hide the response editor", checked=True)
        self.filter_comments = make("&Filter comments", ["Ctrl+Shift+L"],
                                    "Type words, a number, or choose a status or an owner to "
                                    "show only some comments")
        self.clear_filter = make("Show &all comments", [],
                                 "Clear the filters over the tree of comments")
        # Go
        self.next_comment = make("&Next comment", ["Ctrl+Down", "F8"], "Go to the next comment",
                                 sp.SP_ArrowForward)
        self.previous_comment = make("&Previous comment", ["Ctrl+Up", "Shift+F8"],
                                     "Go to the previous comment", sp.SP_ArrowBack)
        self.next_open = make("Next &open comment", ["F9", "Ctrl+Shift+Down"],
                              "Go to the next comment not yet approved or filed")
        self.previous_open = make("Previous open co&mment", ["Shift+F9", "Ctrl+Shift+Up"],
                                  "Go to the previous comment not yet approved or filed")
        # Status
        self.status_group = QActionGroup(parent)
        self.statuses: dict[str, QAction] = {}
        for i, status in enumerate(STATUSES, start=1):
            action = make(STATUS_LABELS[status], [f"Ctrl+{i}"],
                          f"Set the selected comment's status to "
                          f"{STATUS_LABELS[status].lower()}", checked=False)
            action.setData(status)
            self.status_group.addAction(action)
            self.statuses[status] = action
        # Help
        self.shortcuts = make("&Keyboard shortcuts", ["F1"],
                              "List every command and its keyboard shortcut",
                              sp.SP_DialogHelpButton)
        self.about = make("&About Rejoinder", [], "Version and licence",
                          sp.SP_MessageBoxInformation)

    def actions_by_menu(self) -> Placed:
        return {
            "file.import": [self.import_letters, self.import_folder],
            "file.workspace": [self.new_workspace, self.open_workspace,
                               self.recent_menu.menuAction(), None, self.remove_matter],
            "file.quit": [self.quit],
            "edit.undo": [self.undo, self.redo],
            "edit.clipboard": [self.cut, self.copy, self.paste],
            "edit.preferences": [self.preferences],
            "view.zoom": [self.zoom_in, self.zoom_out, self.fit_width],
            "view.panes": [self.show_comments, self.show_editor],
            "view.filter": [self.filter_comments, self.clear_filter],
            "go.comments": [self.next_comment, self.previous_comment],
            "go.open": [self.next_open, self.previous_open],
            "status.statuses": list(self.statuses.values()),
            "help.shortcuts": [self.shortcuts],
            "help.about": [self.about],
        }

    def toolbar(self) -> list[QAction | None]:
        return [self.import_letters, None, self.previous_comment, self.next_comment, None,
                self.zoom_out, self.zoom_in, self.fit_width]

    def set_recent(self, paths: list[str], open_path: Callable[[str], object]) -> None:
        """Fill Open Recent; `open_path(path)` is called with the chosen workspace path."""
        self.recent_menu.clear()
        for i, path in enumerate(paths[:MAX_RECENT], start=1):
            action = self.recent_menu.addAction(f"&{i} {path}")
            action.setStatusTip(f"Open the workspace {path}")
            action.triggered.connect(lambda _=False, p=path: open_path(p))
        self.recent_menu.setEnabled(bool(paths))
