"""The PDF pane's commands and its second pane.

`PdfTools(bench, view)` makes the Find, Highlight, Side by side, Fit page, Actual size and Go to
page actions (placed in the Edit, View and Go menus by `actions_by_menu`), puts the letter view
and a second, hidden `SidePane` in a splitter where the letter view was, attaches a highlight
layer to each (and a find bar, made when Find is first used in that pane), lists the selected
comment's highlights under the letter, and follows the comment selected on the workbench.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.common.actions import Placed, make_action
from gui.common.workbench import Workbench
from gui.pdf.highlights import HighlightList, Highlights
from gui.pdf.side_by_side import SidePane
from gui.pdf.view import PdfView
from storage.models import Annotation
from storage.store import Store

if TYPE_CHECKING:
    from gui.pdf.find_bar import FindBar

LIST_HEIGHT = 96


READABLE_PANE = 420  # pixels: a letter page at fit-width is readable from about this wide


class PdfTools(QObject):
    """The letter pane's find bar and highlights, the side pane, and their actions.

    Signals:
        roomWanted(int): side by side wants this many pixels for the two letters (the window
            folds the comment tree away if they are short of it); 0: it wants no more (the
            window brings back what it folded).
    """

    roomWanted = Signal(int)

    def __init__(self, bench: Workbench, view: PdfView) -> None:
        super().__init__(bench.main_window())
        self.bench = bench
        self.window = bench.main_window()
        self.pdf = view
        self.side = SidePane(self._store)
        self.side.hide()
        self.find_bars: dict[PdfView, FindBar] = {}  # made when first wanted
        self.highlights = {view: Highlights(self._store, view)
                           for view in (self.pdf, self.side.view)}
        self.highlight_list = HighlightList(self._store)
        self.highlight_list.setMaximumHeight(LIST_HEIGHT)
        self.highlight_list.hide()
        self._active: PdfView = self.pdf
        self._build_actions()
        self._build_panes()
        self.wire()

    def _store(self) -> Store:
        return self.bench.store

    # -- building ------------------------------------------------------------------------

    def _action(self, text: str, shortcuts: list[str], tip: str,
                checkable: bool = False) -> QAction:
        return make_action(self.window, text, shortcuts, tip,
                           checked=False if checkable else None)

    def _build_actions(self) -> None:
        self.find = self._action("&Find…", ["Ctrl+F"], "Find text in the letter")
        self.find_next = self._action("Find &next", ["F3"], "Go to the next hit")
        self.find_previous = self._action("Find pre&vious", ["Shift+F3"],
                                          "Go to the previous hit")
        self.highlight = self._action("&Highlight…", ["Ctrl+Shift+H"],
                                      "Highlight the selected text, with an optional note")
        self.highlight.setEnabled(False)
        self.side_by_side = self._action("&Side by side", ["Ctrl+Shift+S"],
                                         "Show another document of the matter beside the "
                                         "letter", checkable=True)
        self.fit_page = self._action("Fit &page", ["Ctrl+9"], "Show a whole page")
        self.actual_size = self._action("&Actual size", ["Ctrl+Alt+0"], "Zoom to 100%")
        self.go_to_page = self._action("Go to &page…", ["Ctrl+G"], "Go to a page of the letter")
        self.find.triggered.connect(lambda: self.find_bar(self._active).open_bar())
        self.find_next.triggered.connect(lambda: self.find_bar(self._active).find_next())
        self.find_previous.triggered.connect(lambda: self.find_bar(self._active).find_previous())
        self.highlight.triggered.connect(self.highlight_selection)
        self.side_by_side.toggled.connect(self.show_side)
        self.fit_page.triggered.connect(lambda: self._active.fit_page())
        self.actual_size.triggered.connect(lambda: self._active.actual_size())
        self.go_to_page.triggered.connect(self.ask_page)

    def find_bar(self, view: PdfView) -> FindBar:
        """The view's find bar, made the first time it is wanted (hidden until opened)."""
        bar = self.find_bars.get(view)
        if bar is None:
            from gui.pdf.find_bar import FindBar  # on use, not at start

            bar = self.find_bars[view] = FindBar(view)
        return bar

    def actions_by_menu(self) -> Placed:
        return {
            "edit.find": [self.find, self.find_next, self.find_previous],
            "edit.highlight": [self.highlight],
            "view.zoom": [self.fit_page, self.actual_size],
            "view.panes": [self.side_by_side],
            "go.page": [self.go_to_page],
        }

    def _build_panes(self) -> None:
        """Put [letter pane, highlight list | side pane] where the letter pane was."""
        self.panes = QSplitter(Qt.Orientation.Horizontal)
        self.panes.setObjectName("pdfPanes")
        self.panes.setChildrenCollapsible(False)
        _replace(self.pdf, self.panes)
        letter = QWidget()
        layout = QVBoxLayout(letter)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.pdf, 1)
        layout.addWidget(self.highlight_list)
        self.pdf.show()
        self.panes.addWidget(letter)
        self.panes.addWidget(self.side)
        self.side.view.setMinimumWidth(200)
        self.highlight_list.setSizePolicy(QSizePolicy.Policy.Preferred,
                                          QSizePolicy.Policy.Maximum)

    # -- wiring --------------------------------------------------------------------------

    def wire(self) -> None:
        self.bench.commentSelected.connect(self.comment_selected)
        self.bench.storeChanged.connect(self._store_changed)
        self.pdf.documentChanged.connect(self._letter_changed)
        self.highlight_list.chosen.connect(self.jump_to)
        for view, marks in self.highlights.items():
            view.set_context_actions(view.context_actions() + [self.highlight])
            view.selectionChanged.connect(self._selection_changed)
            marks.added.connect(self._highlight_added)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        current = self.bench.current_comment()
        if current is not None:  # selected before the tools were installed
            self.comment_selected(current.id)
        if self.pdf.doc_key():
            self.highlights[self.pdf].reload()

    @Slot(object)
    def _store_changed(self, _store: Store) -> None:
        self.highlight_list.set_comment(None)

    @Slot(str)
    def comment_selected(self, comment_id: str) -> None:
        for marks in self.highlights.values():
            marks.set_comment(comment_id)
        self.highlight_list.set_comment(comment_id)
        self.highlight_list.setVisible(self.highlight_list.count() > 0)
        self.side.follow_comment(comment_id)

    @Slot(str)
    def _letter_changed(self, document_id: str) -> None:
        if self.side.isVisible() or not document_id:
            self.side.set_beside(document_id)

    @Slot(bool)
    def show_side(self, shown: bool) -> None:
        """Show or hide the second pane (following the selected comment at once)."""
        self.side.setVisible(shown)
        if not shown:
            if self._active is self.side.view:
                self._active = self.pdf
            self.roomWanted.emit(0)
            return
        self.roomWanted.emit(2 * READABLE_PANE)
        self.side.set_beside(self.pdf.doc_key() or "")
        width = max(self.panes.width(), 2)
        self.panes.setSizes([width // 2, width - width // 2])
        for view in (self.pdf, self.side.view):  # both as wide as their pane allows
            view.fit_width()
        comment = self.highlight_list.comment_id()
        if comment:
            self.side.follow_comment(comment)

    @Slot()
    def highlight_selection(self) -> Annotation | None:
        """Highlight the selection of the active pane (or of the one that has one)."""
        views = [self._active] + [v for v in self.highlights if v is not self._active]
        for view in views:
            if view.has_selection():
                return self.highlights[view].highlight_selection()
        return None

    @Slot(object)
    def _highlight_added(self, note: Annotation) -> None:
        self.highlight_list.refresh()
        self.highlight_list.setVisible(self.highlight_list.count() > 0)
        if note.comment_id:
            self.bench.refresh_comment(note.comment_id)

    @Slot(object)
    def jump_to(self, note: Annotation) -> None:
        """Show a highlight: in the pane showing its document, else in the side pane."""
        anchors = [(r.page, r.rect) for r in note.regions]
        views = [v for v in self.highlights if v.doc_key() == note.document_id]
        if not views and note.document_id:
            self.side_by_side.setChecked(True)
            self.side.show_document(note.document_id)
            views = [self.side.view]
        if views and anchors:
            views[0].scroll_to_anchor(*anchors[0])

    @Slot()
    def _selection_changed(self) -> None:
        self.highlight.setEnabled(any(view.has_selection() for view in self.highlights))

    @Slot(QWidget, QWidget)
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for view in self.highlights:
            if new is not None and (new is view or view.isAncestorOf(new)):
                self._active = view

    @Slot()
    def ask_page(self) -> None:
        view = self._active
        if not view.page_count():
            return
        page, ok = QInputDialog.getInt(self.window, "Go to page", "Page:", view.current_page(),
                                       1, view.page_count())
        if ok:
            view.go_to_page(page)


def _replace(widget: QWidget, by: QWidget) -> None:
    """Put `by` where `widget` is, in its parent splitter or layout (keeping its stretch)."""
    parent = widget.parentWidget()
    if isinstance(parent, QSplitter):
        parent.replaceWidget(parent.indexOf(widget), by)
        by.setSizePolicy(widget.sizePolicy())
        return
    layout = parent.layout() if parent is not None else None
    if layout is None or layout.replaceWidget(widget, by) is None:
        raise RuntimeError("the letter pane is not in a splitter or a layout")
