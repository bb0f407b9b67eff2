"""The review views of the main window — Search, Round thread, Commitments, History — as docks,
with their actions in a Review menu. `install(window)` is the one call the window makes.

The views follow the comment selected in the tree while they are shown, and open a comment
they list by selecting it in the tree. Each view (and the module behind it) is made when its dock
is first shown: the window starts with empty, hidden docks.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QByteArray, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

if TYPE_CHECKING:
    from gui.review.commitments import CommitmentsView
    from gui.review.history import HistoryView
    from gui.review.search import SearchView
    from gui.review.thread import ThreadView
    from gui.window.main_window import MainWindow

    View = TypeVar("View", SearchView, ThreadView, CommitmentsView, HistoryView)

MENU_TITLE = "&Review"
SHORTCUT_MENU = "Review"  # as the keyboard-shortcut list names the menu
BOTTOM_SHARE, SIDE_SHARE = 0.38, 0.28  # of the window's height, width: a dock's size at first
BOTTOM, RIGHT = Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea


def install(window: MainWindow) -> None:
    """Add the review docks and the Review menu (before Help) to the main window."""
    ReviewViews(window)


class ReviewViews(QObject):
    """The review docks of one window and the actions that show them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("review_views")
        self.window = window
        self._store = window.store
        self._views: dict[str, QWidget] = {}  # made when first shown
        self.docks = {
            "search": self._dock("Search", "review_search", BOTTOM),
            "commitments": self._dock("Commitments", "review_commitments", BOTTOM),
            "history": self._dock("History", "review_history", BOTTOM),
            "thread": self._dock("Round thread", "review_thread", RIGHT),
        }
        window.tabifyDockWidget(self.docks["search"], self.docks["commitments"])
        window.tabifyDockWidget(self.docks["commitments"], self.docks["history"])
        for dock in self.docks.values():
            dock.hide()
        _restore_docks(window)
        self.actions = self._make_actions()
        _drop_taken_shortcuts(window, list(self.actions.values()))
        self._add_menu()
        self._connect()

    # -- building -----------------------------------------------------------------------------

    def _dock(self, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        self.window.addDockWidget(area, dock)
        return dock

    # -- the views, made when first wanted -------------------------------------------------------

    @property
    def search_view(self) -> SearchView:
        from gui.review.search import SearchView

        return self._view("search", SearchView)

    @property
    def thread_view(self) -> ThreadView:
        from gui.review.thread import ThreadView

        return self._view("thread", ThreadView)

    @property
    def commitments_view(self) -> CommitmentsView:
        from gui.review.commitments import CommitmentsView

        return self._view("commitments", CommitmentsView)

    @property
    def history_view(self) -> HistoryView:
        from gui.review.history import HistoryView

        return self._view("history", HistoryView)

    def _view(self, name: str, kind: type[View]) -> View:
        view = self._views.get(name)
        if not isinstance(view, kind):
            view = kind(self.window.store)
            self._views[name] = view
            self.docks[name].setWidget(view)
            chosen = getattr(view, "commentChosen", None)  # the views that list comments
            if chosen is not None:
                chosen.connect(self.open_comment)
        return view

    def _made(self) -> list[QWidget]:
        return list(self._views.values())

    def _action(self, text: str, shortcut: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        return action

    def _make_actions(self) -> dict[str, QAction]:
        return {
            "search": self._action("&Search…", "Ctrl+Shift+F",
                                   "Search the comments, answers and notes of every matter"),
            "thread": self._action("Round &thread", "Ctrl+Shift+T",
                                   "What was asked and answered about the selected comment in "
                                   "earlier and later rounds"),
            "commitments": self._action("&Commitments", "Ctrl+Shift+M",
                                        "The sentences of this matter's answers that promise "
                                        "the staff something"),
            "history": self._action("Comment &history", "Ctrl+H",
                                    "Every recorded change to the selected comment"),
            "matter_history": self._action("&Matter history", "",
                                           "Every recorded change in the selected comment's "
                                           "matter"),
        }

    def _add_menu(self) -> None:
        bar = self.window.menuBar()
        menu = QMenu(MENU_TITLE, self.window)
        menu.addActions([self.actions["search"], self.actions["thread"],
                         self.actions["commitments"]])
        menu.addSeparator()
        menu.addActions([self.actions["history"], self.actions["matter_history"]])
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        _list_in_shortcuts(self.window.commands, SHORTCUT_MENU, list(self.actions.values()))

    def _connect(self) -> None:
        a, w = self.actions, self.window
        a["search"].triggered.connect(self.show_search)
        a["thread"].triggered.connect(lambda: self._show("thread"))
        a["commitments"].triggered.connect(lambda: self._show("commitments"))
        a["history"].triggered.connect(lambda: self.show_history("comment"))
        a["matter_history"].triggered.connect(lambda: self.show_history("matter"))
        for dock in self.docks.values():
            dock.visibilityChanged.connect(self._dock_shown)
        # follow the selection and the changes made in the editor
        w.tree.commentSelected.connect(self._follow)
        w.tree_model.modelReset.connect(self._store_maybe_changed)
        w.editor.statusChanged.connect(self._changed)
        w.editor.notesChanged.connect(self._changed)

    # -- showing ------------------------------------------------------------------------------

    def _show(self, name: str) -> None:
        self._sync_store()
        dock = self.docks[name]
        dock.show()
        dock.raise_()
        self._roomy(dock)
        self._refresh(name)

    def _roomy(self, dock: QDockWidget) -> None:
        """Give a dock opened too small for its contents a comfortable size."""
        w = self.window
        if w.dockWidgetArea(dock) in (BOTTOM, Qt.DockWidgetArea.TopDockWidgetArea):
            wanted, orientation = round(w.height() * BOTTOM_SHARE), Qt.Orientation.Vertical
            size = dock.height()
        else:
            wanted, orientation = round(w.width() * SIDE_SHARE), Qt.Orientation.Horizontal
            size = dock.width()
        if not dock.isFloating() and size < wanted * 0.8:
            w.resizeDocks([dock], [wanted], orientation)

    @Slot()
    def show_search(self) -> None:
        self._show("search")
        self.search_view.focus_query()

    def show_history(self, scope: str) -> None:
        self.history_view.set_scope(scope)
        self._show("history")

    def current_comment_id(self) -> str | None:
        comment = self.window.editor.comment()
        return comment.id if comment is not None else None

    def _refresh(self, name: str) -> None:
        comment_id = self.current_comment_id()
        if name == "search" and self.search_view.query.text().strip():
            self.search_view.run_now()  # the answers and notes may have changed meanwhile
        elif name == "thread":
            self.thread_view.show_comment(comment_id)
        elif name == "history":
            self.history_view.show_comment(comment_id)
        elif name == "commitments":
            self.commitments_view.fill_matters()
            comment = self.window.editor.comment()
            self.commitments_view.show_matter(comment.matter_id if comment else None)

    @Slot(bool)
    def _dock_shown(self, visible: bool) -> None:
        dock = self.sender()
        for name, candidate in self.docks.items():
            if visible and candidate is dock:
                self._refresh(name)

    def _visible(self, name: str) -> bool:
        return self.docks[name].isVisible()

    @Slot(str)
    def _follow(self, comment_id: str) -> None:
        self._sync_store()
        for name in ("thread", "history", "commitments"):
            if self._visible(name):
                self._refresh(name)

    @Slot(str)
    def _changed(self, _comment_id: str) -> None:
        if self._visible("history"):
            self.history_view.refresh()

    @Slot()
    def _store_maybe_changed(self) -> None:
        self._sync_store()

    def _sync_store(self) -> None:
        """Point the views at the window's store (the user may have opened another)."""
        store = self.window.store
        if self._store is store:
            return
        self._store = store
        for view in self._made():
            view.set_store(store)  # type: ignore[attr-defined]

    # -- opening ------------------------------------------------------------------------------

    @Slot(str)
    def open_comment(self, comment_id: str) -> None:
        """Select a comment in the tree and show it (shown even if the tree filters it out)."""
        self.window.tree.select_comment(comment_id)
        shown = self.window.editor.comment()
        if shown is None or shown.id != comment_id:
            self.window.show_comment(comment_id)


def _drop_taken_shortcuts(window: QWidget, mine: list[QAction]) -> None:
    """A shortcut another action of the window already has stays with that action (two
    actions on one key would make Qt ignore the key)."""
    taken = {key.toString() for action in window.findChildren(QAction) if action not in mine
             for key in action.shortcuts()}
    for action in mine:
        if action.shortcut().toString() in taken:
            action.setShortcut(QKeySequence())


def _restore_docks(window: MainWindow) -> None:
    """Place and show the docks as they were when the window last closed: the window restored
    its state before they existed, so restore it again (it is the same state)."""
    state = window.settings.value("window/state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)


def _list_in_shortcuts(commands: object, title: str, actions: list[QAction]) -> None:
    """Have the keyboard-shortcut list (F1) show these actions under `title`."""
    commands.add_menu(title, actions)  # type: ignore[attr-defined]
