"""Every QAction of the main window, made in one place with its text, shortcuts, status tip and
icon, so the menus, the toolbar and the keyboard-shortcut list all read from the same objects.

The actions do nothing by themselves: the main window connects their `triggered` signals in
`MainWindow._connect_signals`. The Edit actions act on whichever text widget has the focus;
Undo and Redo, when the tree or the letter has the focus, undo and redo the last split
correction (which Letter ▸ Undo split correction does from anywhere).
"""
from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QWidget

from storage.models import STATUS_LABELS, STATUSES

Shortcut = str | QKeySequence.StandardKey

# The menus, in order: (title, action attribute names; None is a separator, "recent" the
# Open Recent submenu, "statuses" the status actions).
MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("&File", ("import_letters", None, "new_workspace", "open_workspace", "recent", None,
               "quit")),
    ("&Edit", ("undo", "redo", None, "cut", "copy", "paste", None, "preferences")),
    ("&View", ("zoom_in", "zoom_out", "fit_width", None, "show_comments", "show_editor", None,
               "filter_comments", "clear_filter")),
    ("&Go", ("next_comment", "previous_comment", None, "next_open", "previous_open")),
    ("&Letter", ("split_comment", "merge_comment", "renumber_comment", "edit_headings", None,
                 "make_comment", None, "undo_correction", "redo_correction")),
    ("&Status", ("statuses",)),
    ("&Help", ("shortcuts", None, "about")),
)
TOOLBAR: tuple[str | None, ...] = ("import_letters", None, "previous_comment", "next_comment",
                                   None, "zoom_out", "zoom_in", "fit_width")
MAX_RECENT = 8


class Actions:
    """The window's actions, as attributes named like the entries of MENUS."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        sp = QStyle.StandardPixmap
        # File
        self.import_letters = self._make("&Import letters…", ["Ctrl+I"],
                                         "Import staff or response letters (PDF, HTML, text)",
                                         sp.SP_DialogOpenButton)
        self.new_workspace = self._make("&New workspace…", ["Ctrl+Shift+N"],
                                        "Create a new, empty workspace file",
                                        sp.SP_FileDialogNewFolder)
        self.open_workspace = self._make("&Open workspace…", ["Ctrl+O"],
                                         "Open another workspace file", sp.SP_DirOpenIcon)
        self.quit = self._make("&Quit", ["Ctrl+Q"], "Save the draft and quit Rejoinder")
        self.recent_menu = QMenu("Open &Recent", parent)
        self.recent_menu.setStatusTip("Open a workspace used recently")
        self.extra_menus: list[tuple[str, list[QAction]]] = []  # see add_menu
        # Edit
        self.undo = self._make("&Undo", ["Ctrl+Z"],
                               "Undo the last edit in the focused text, or the last split "
                               "correction when the tree or the letter has the focus")
        self.redo = self._make("&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"],
                               "Redo the edit just undone in the focused text, or the split "
                               "correction just undone when the tree or the letter has the focus")
        self.cut = self._make("Cu&t", ["Ctrl+X"], "Cut the selected text")
        self.copy = self._make("&Copy", ["Ctrl+C"], "Copy the selected text")
        self.paste = self._make("&Paste", ["Ctrl+V"], "Paste into the focused text")
        self.preferences = self._make("Pre&ferences…", ["Ctrl+,"],
                                      "Your name, initials and colour in this workspace")
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        # View
        self.zoom_in = self._make("Zoom &in", ["Ctrl++", "Ctrl+="], "Enlarge the letter")
        self.zoom_out = self._make("Zoom &out", ["Ctrl+-"], "Shrink the letter")
        self.fit_width = self._make("Fit &width", ["Ctrl+0"],
                                    "Fit the letter's pages to the width of the pane")
        self.show_comments = self._make("&Comments pane", ["Ctrl+Shift+C"],
                                        "Show or hide the tree of comments", checked=True)
        self.show_editor = self._make("&Editor pane", ["Ctrl+Shift+E"],
                                      "Show or hide the response editor", checked=True)
        self.filter_comments = self._make("&Filter comments", ["Ctrl+Shift+L"],
                                          "Type words, a number, or choose a status or an owner "
                                          "to show only some comments")
        self.clear_filter = self._make("Show &all comments", [],
                                       "Clear the filters over the tree of comments")
        # Go
        self.next_comment = self._make("&Next comment", ["Ctrl+Down", "F8"],
                                       "Go to the next comment", sp.SP_ArrowForward)
        self.previous_comment = self._make("&Previous comment", ["Ctrl+Up", "Shift+F8"],
                                           "Go to the previous comment", sp.SP_ArrowBack)
        self.next_open = self._make("Next &open comment", ["F9", "Ctrl+Shift+Down"],
                                    "Go to the next comment not yet approved or filed")
        self.previous_open = self._make("Previous open co&mment", ["Shift+F9", "Ctrl+Shift+Up"],
                                        "Go to the previous comment not yet approved or filed")
        # Letter: fixing its split into comments
        self.split_comment = self._make("&Split comment here", [],
                                        "Make a new comment of the selected comment's text from "
                                        "the cursor on (click in the comment's text first)")
        self.merge_comment = self._make("&Merge with next comment", [],
                                        "Join the selected comment and the one after it")
        self.renumber_comment = self._make("&Renumber comment…", [],
                                           "Change the selected comment's number")
        self.edit_headings = self._make("Edit &headings…", [],
                                        "Change the headings printed above the selected comment")
        self.make_comment = self._make("Make comment from &selection…", [],
                                       "Make a comment of a passage the parser missed: the text "
                                       "selected in the letter, or text you paste or type")
        self.undo_correction = self._make("&Undo split correction", ["Ctrl+Alt+Z"],
                                          "Undo the last fix to a letter's split")
        self.redo_correction = self._make("R&edo split correction", ["Ctrl+Alt+Shift+Z"],
                                          "Redo the fix to a letter's split just undone")
        # Status
        self.status_group = QActionGroup(parent)
        self.statuses: dict[str, QAction] = {}
        for i, status in enumerate(STATUSES, start=1):
            action = self._make(STATUS_LABELS[status], [f"Ctrl+{i}"],
                                f"Set the selected comment's status to "
                                f"{STATUS_LABELS[status].lower()}", checked=False)
            action.setData(status)
            self.status_group.addAction(action)
            self.statuses[status] = action
        # Help
        self.shortcuts = self._make("&Keyboard shortcuts", ["F1"],
                                    "List every command and its keyboard shortcut",
                                    sp.SP_DialogHelpButton)
        self.about = self._make("&About Rejoinder", [], "Version and licence",
                                sp.SP_MessageBoxInformation)

    def _make(self, text: str, shortcuts: list[Shortcut], tip: str,
              icon: QStyle.StandardPixmap | None = None, *,
              checked: bool | None = None) -> QAction:
        action = QAction(text, self._parent)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({shortcuts[0]})" if shortcuts else tip)
        if icon is not None:
            action.setIcon(QApplication.style().standardIcon(icon))
        if checked is not None:
            action.setCheckable(True)
            action.setChecked(checked)
        return action

    def corrections(self) -> list[QAction]:
        """The actions that fix a letter's split (for the tree's context menu)."""
        return [self.split_comment, self.merge_comment, self.renumber_comment,
                self.edit_headings, self.make_comment]

    def in_menu(self, name: str) -> list[QAction]:
        """The actions a MENUS entry stands for (several for "statuses", none for "recent")."""
        if name == "statuses":
            return list(self.statuses.values())
        if name == "recent":
            return []
        action = getattr(self, name)
        assert isinstance(action, QAction)
        return [action]

    def by_menu(self) -> list[tuple[str, list[QAction]]]:
        """Every action, grouped by the menu it sits in (for the shortcut list)."""
        return [(title.replace("&", ""), [a for n in names if n for a in self.in_menu(n)])
                for title, names in MENUS] + self.extra_menus

    def add_menu(self, title: str, actions: list[QAction]) -> None:
        """List actions made outside this class (by the panes' `install` functions) in the
        shortcut list, under `title`."""
        self.extra_menus.append((title.replace("&", ""), actions))

    def set_recent(self, paths: list[str], open_path: object) -> None:
        """Fill Open Recent; `open_path(path)` is called with the chosen workspace path."""
        self.recent_menu.clear()
        for i, path in enumerate(paths[:MAX_RECENT], start=1):
            action = self.recent_menu.addAction(f"&{i} {path}")
            action.setStatusTip(f"Open the workspace {path}")
            action.triggered.connect(lambda _=False, p=path: open_path(p))  # type: ignore
        self.recent_menu.setEnabled(bool(paths))


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as the user's platform writes them ("Ctrl+I, F8")."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                     for s in action.shortcuts())
