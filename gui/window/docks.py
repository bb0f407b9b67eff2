"""Every dock of the window, declared once in `DOCKS`, and the manager that makes them, places
their actions, shows them at a comfortable size and keeps their views following the workbench.

A dock (and its view, and the module behind it) is made when it is first shown, not with the
window: only the actions that show them exist from the start. The docks open when the window
last closed are made again at the start, where they were: the window's saved state keeps their
places, and a dock made after it is restored takes its place from it (`restoreDockWidget`);
the window calls `reopen` once it has restored that state.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QWidget

from gui.common.actions import Placed, make_action
from gui.common.docks import BOTTOM, DockAction, DockSpec
from gui.common.workbench import Workbench

if TYPE_CHECKING:
    from storage.models import Comment
    from storage.store import Store

BOTTOM_SHARE, SIDE_SHARE = 0.38, 0.28  # of the window's height, width: a dock's size at first
OPEN_KEY = "window/open_docks"  # the docks open when the window last closed


def _search(store: Store) -> QWidget:
    from gui.review.search import SearchView

    return SearchView(store)


def _commitments(store: Store) -> QWidget:
    from gui.review.commitments import CommitmentsView

    return CommitmentsView(store)


def _history(store: Store) -> QWidget:
    from gui.review.history import HistoryView

    return HistoryView(store)


def _thread(store: Store) -> QWidget:
    from gui.review.thread import ThreadView

    return ThreadView(store)


def _precedent(store: Store) -> QWidget:
    from gui.precedent.pane import PrecedentView

    return PrecedentView(store)


DOCKS: tuple[DockSpec, ...] = (
    DockSpec("review_search", "Search", BOTTOM, _search, (
        DockAction("review.views", "&Search…", "Ctrl+Shift+F",
                   "Search the comments, answers and notes of every matter",
                   after=lambda view: view.focus_query()),), follows_selection=False),
    # Below the panes, tabbed with the others: at the side it squeezed the letter below
    # its fit-width.
    DockSpec("review_thread", "Round thread", BOTTOM, _thread, (
        DockAction("review.views", "Round &thread", "Ctrl+Shift+T",
                   "What was asked and answered about the selected comment in earlier and "
                   "later rounds"),), tab_with="review_search"),
    DockSpec("review_commitments", "Commitments", BOTTOM, _commitments, (
        DockAction("review.views", "&Commitments", "Ctrl+Shift+M",
                   "The sentences of this matter's answers that promise the staff something"),),
        tab_with="review_search"),
    DockSpec("review_history", "History", BOTTOM, _history, (
        DockAction("review.history", "Comment &history", "Ctrl+H",
                   "Every recorded change to the selected comment",
                   before=lambda view: view.set_scope("comment")),
        DockAction("review.history", "&Matter history", "",
                   "Every recorded change in the selected comment's matter",
                   before=lambda view: view.set_scope("matter"))),
        tab_with="review_commitments"),
    DockSpec("precedent", "Precedent", BOTTOM, _precedent, (
        DockAction("review.views", "&Precedent", "Ctrl+Shift+P",
                   "How other companies answered comments like the selected one, and the "
                   "outcome"),), tab_with="review_search"),
)


class Docks(QObject):
    """The docks of one window, made from their specs."""

    def __init__(self, bench: Workbench, specs: tuple[DockSpec, ...] = DOCKS) -> None:
        super().__init__(bench.main_window())
        self.setObjectName("docks")
        self.bench = bench
        self.window = bench.main_window()
        self.specs = {spec.name: spec for spec in specs}
        if len(self.specs) != len(specs):
            raise ValueError("Two docks share a name")
        self.docks: dict[str, QDockWidget] = {}  # those made so far
        self._views: dict[str, Any] = {}
        self._actions: list[tuple[str, QAction]] = []
        for spec in specs:
            for shown in spec.actions:
                action = make_action(self.window, shown.text,
                                     [shown.shortcut] if shown.shortcut else [], shown.tip)
                action.triggered.connect(lambda _=False, n=spec.name, a=shown: self.show(n, a))
                self._actions.append((shown.place, action))
        bench.commentSelected.connect(self._follow)
        bench.commentChanged.connect(self._changed)
        bench.storeChanged.connect(self._store_changed)

    def dock(self, name: str) -> QDockWidget:
        """The dock, made (hidden) if it is not yet: in its area, tabbed with its partner,
        unless the window's saved state places it elsewhere."""
        dock = self.docks.get(name)
        if dock is not None:
            return dock
        spec = self.specs[name]
        dock = QDockWidget(spec.title, self.window)
        dock.setObjectName(spec.name)
        dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        self.docks[name] = dock
        # Where the saved state had it, open or not; else (never placed) in its area. Adding it
        # first would drop its place in the state, so that is tried first.
        if not self.window.restoreDockWidget(dock):
            self.window.addDockWidget(spec.area, dock)
            if spec.tab_with:
                self.window.tabifyDockWidget(self.dock(spec.tab_with), dock)
            dock.hide()
        dock.visibilityChanged.connect(lambda visible, n=spec.name: self._shown(n, visible))
        if dock.isVisible():
            self._shown(name, True)
        return dock

    def open_names(self) -> list[str]:
        return [name for name, dock in self.docks.items() if dock.isVisible()]

    def remember_open(self) -> None:
        """Keep the docks open now for the window's next start (it saves its state too)."""
        self.bench.settings.setValue(OPEN_KEY, self.open_names())

    def reopen(self) -> None:
        """Make the docks that were open when the window last closed, where they were: the
        window calls it once it has restored its saved state (which holds their places)."""
        opened = self.bench.settings.value(OPEN_KEY)
        for name in [opened] if isinstance(opened, str) else opened or []:
            if name in self.specs:
                self.dock(name)

    def actions_by_menu(self) -> Placed:
        placed: Placed = {}
        for place, action in self._actions:
            placed.setdefault(place, []).append(action)
        return placed

    def action(self, text: str) -> QAction:
        """The action whose text (without &) is this (for tests)."""
        return next(a for _p, a in self._actions if a.text().replace("&", "") == text)

    # -- the views, made when first wanted -------------------------------------------------------

    def view(self, name: str) -> Any:
        view = self._views.get(name)
        if view is None:
            view = self.specs[name].make(self.bench.store)
            self._views[name] = view
            self.dock(name).setWidget(view)
            bind = getattr(view, "bind_workbench", None)  # views that need more than the store
            if bind is not None:
                bind(self.bench)
            chosen = getattr(view, "commentChosen", None)  # the views that list comments
            if chosen is not None:
                chosen.connect(self.bench.open_comment)
        return view

    # -- showing --------------------------------------------------------------------------------

    def show(self, name: str, shown: DockAction | None = None) -> None:
        dock = self.dock(name)
        view = self.view(name)
        if shown is not None and shown.before is not None:
            shown.before(view)
        dock.show()
        dock.raise_()
        self._roomy(dock)
        view.follow(self.bench.current_comment())
        if shown is not None and shown.after is not None:
            shown.after(view)

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

    def _shown(self, name: str, visible: bool) -> None:
        if visible:
            self.view(name).follow(self.bench.current_comment())

    def _visible(self) -> list[Any]:
        return [view for name, view in self._views.items() if self.docks[name].isVisible()]

    @Slot(str)
    def _follow(self, _comment_id: str) -> None:
        comment: Comment | None = self.bench.current_comment()
        for name, view in self._views.items():
            if self.docks[name].isVisible() and self.specs[name].follows_selection:
                view.follow(comment)

    @Slot(str)
    def _changed(self, comment_id: str) -> None:
        for view in self._visible():
            changed = getattr(view, "comment_changed", None)
            if changed is not None:
                changed(comment_id)

    @Slot(object)
    def _store_changed(self, store: Store) -> None:
        for view in self._views.values():
            view.set_store(store)  # type: ignore[attr-defined]
