"""The main window: the comment tree, the letter and the response editor side by side.

It is the one `Workbench` (gui/common/workbench.py) the features are given; the features it
installs are listed in `_install_features`, the menus are built from their actions in
`gui/window/menus.py`, and the wiring between panes is in `_connect_signals`. The window owns the
store it is given and closes it when it closes (saving the draft first).

Left: the tree pane (the current matter's chart by status, the filter bar, the tree). Middle:
the banner of what the parser doubts about the letter, over the letter. Right: the editor.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gui.common import dialogs
from gui.common.actions import Feature
from gui.common.drops import FileDrops
from gui.common.formats import local_time
from gui.common.workbench import DropFilter, DropHandler
from gui.corrections.commands import CorrectionCommands, LetterBanner
from gui.editor.editor import ResponseEditor
from gui.pdf.letter_view import letter_view
from gui.pdf.render import DocumentError
from gui.tree.comment_tree import KIND_ROLE, CommentTreeModel, status_summary
from gui.tree.pane import TreePane
from gui.window import menus
from gui.window.actions import Actions
from gui.window.identity import IdentityBanner
from gui.window.letter_files import FILE_FILTERS, letter_files
from gui.window.settings import recent_workspaces, remember_workspace
from storage import corrections
from storage.errors import NotFound, UserError
from storage.identity import machine_identity, sign_workspace
from storage.models import Comment, Region
from storage.removal import remove_matter
from storage.session import open_store
from storage.store import Store

if TYPE_CHECKING:
    from gui.window import importing

WORKSPACE_FILTER = "Rejoinder workspaces (*.rejoinder);;All files (*)"
LAST_COMMENT_KEY = "window/last_comment"  # a workspace setting: the comment shown at close
PANE_SHARES = (0.25, 0.43, 0.32)  # tree, letter, editor: of the window's width at first


class MainWindow(QMainWindow):
    """Rejoinder's window over one workspace (a `Store`), remembered in `settings`.

    Signals (the `Workbench` ones): storeChanged(Store), commentSelected(str),
    commentChanged(str), commentsReloaded().
    """

    storeChanged = Signal(object)
    commentSelected = Signal(str)
    commentChanged = Signal(str)
    commentsReloaded = Signal()

    def __init__(self, store: Store, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self._closed = False
        self._shown = False
        self._matter_id: str | None = None
        self._tree_folded: list[int] = []  # the pane widths before side by side folded it
        self.commands = Actions(self)
        self.drops = FileDrops(self)
        self._build_status_bar()
        self._build_panes()
        self._install_features()
        self.built_menus = self._build_menus()
        self._connect_signals()
        self.setAcceptDrops(True)
        self.accept_drops(letter_files, self.import_files)
        for target in (self.editor.draft.viewport(), self.editor.note_input):
            target.installEventFilter(self.drops)
        self._restore_settings()
        self._workspace_changed()
        self._open_last_place()

    # -- the Workbench --------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._store

    @property
    def settings(self) -> QSettings:
        return self._settings

    def main_window(self) -> QMainWindow:
        return self

    def current_comment(self) -> Comment | None:
        return self.editor.comment()

    def current_matter_id(self) -> str | None:
        comment = self.editor.comment()
        if comment is not None:
            return comment.matter_id
        matters = self.store.matters()
        return matters[0].id if matters else None

    @Slot(str)
    def open_comment(self, comment_id: str) -> None:
        if not self.tree.select_comment(comment_id):
            self.show_comment(comment_id)  # the filter hides it: show it all the same
            return
        shown = self.editor.comment()
        if shown is None or shown.id != comment_id:
            self.show_comment(comment_id)

    def open_letter(self, document_id: str | None) -> None:
        if not self.tree.select_first_comment(document_id):
            self.tree_pane.filter_bar.clear()
            self.tree.select_first_comment(document_id)

    def reload_comments(self) -> None:
        self.tree_model.reload()
        self._update_counts()
        self.commentsReloaded.emit()

    @Slot(str)
    def refresh_comment(self, comment_id: str) -> None:
        """After a change made outside the editor: the row, the counts, and the editor when it
        shows the comment."""
        self._comment_changed(comment_id)
        comment = self.editor.comment()
        if comment is not None and comment.id == comment_id:
            self.editor.show_comment(self.store.comment(comment_id))

    def flush_draft(self) -> None:
        self.editor.flush()

    def message(self, text: str, msecs: int = 10000) -> None:
        self.statusBar().showMessage(text, msecs)

    def add_status_widget(self, widget: QWidget) -> None:
        self.statusBar().insertPermanentWidget(0, widget)

    def accept_drops(self, takes: DropFilter, handle: DropHandler) -> None:
        self.drops.add(takes, handle)

    # -- building -----------------------------------------------------------------------------

    def _build_panes(self) -> None:
        self.tree_model = CommentTreeModel(self.store, self)
        self.tree_pane = TreePane(self.tree_model)
        self.tree = self.tree_pane.tree
        self.tree.expand_shown()
        self.pdf = letter_view()
        self._banner: LetterBanner | None = None  # made for the first letter with doubts
        self.letter_pane = QWidget()
        self._letter_column = QVBoxLayout(self.letter_pane)
        self._letter_column.setContentsMargins(0, 0, 0, 0)
        self._letter_column.setSpacing(0)
        self._letter_column.addWidget(self.pdf, 1)
        self.editor = ResponseEditor(self.store)
        self.fixes = CorrectionCommands(self, self.editor.comment_view, self._letter_shown,
                                        self._letter_selection)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("panes")
        for pane in self._panes():
            self.splitter.addWidget(pane)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 1)
        self.tree_pane.setMinimumWidth(180)
        self.letter_pane.setMinimumWidth(240)
        self.editor.setMinimumWidth(300)
        central = QWidget()
        self._column = QVBoxLayout(central)  # the identity banner goes above, when asked
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._identity: IdentityBanner | None = None
        self.pdf.set_context_actions(self.pdf.context_actions() + [self.fixes.make_comment])
        self._tree_menus: dict[str, QMenu] = {}  # by the kind of row, made when first wanted

    @property
    def identity(self) -> IdentityBanner:
        """The banner asking who you are, above the panes (made when first asked)."""
        if self._identity is None:
            self._identity = IdentityBanner()
            self._identity.saved.connect(self._identity_saved)
            self._column.insertWidget(0, self._identity)
        return self._identity

    def tree_menu(self, kind: str) -> QMenu:
        """The tree's menu on a comment, or on a letter ("document")."""
        menu = self._tree_menus.get(kind)
        if menu is None:
            fixes = self.fixes.fixes() + [self.fixes.make_comment] if kind == "comment" \
                else self.fixes.matter_fixes()
            menu = self._tree_menus[kind] = QMenu(self)
            menu.addActions([a for a in fixes if a is not None])
            menu.addSeparator()
            menu.addActions([self.fixes.undo_correction, self.fixes.redo_correction])
        return menu

    def _install_features(self) -> None:
        """The features that bring their own commands, docks and panes. Each is given this
        window as its `Workbench` and imports nothing of it."""
        from gui.editor.clauses import ClauseCommands
        from gui.exchange.commands import ExchangeCommands
        from gui.export.commands import ExportCommands
        from gui.hub.commands import HubCommands
        from gui.pdf.tools import PdfTools
        from gui.window.docks import Docks
        from gui.wordimport.commands import WordImportCommands

        self.pdf_tools = PdfTools(self, self.pdf)
        self.export_commands = ExportCommands(self)
        self.exchange = ExchangeCommands(self)
        self.word_import = WordImportCommands(self)
        self.hub = HubCommands(self)
        # A sync merges as a pack does: the conflict notice counts again, the screen opens.
        self.hub.synced.connect(self.exchange.refresh)
        self.hub.conflictsRequested.connect(self.exchange.show_conflicts)
        self.docks = Docks(self)
        self.clauses = ClauseCommands(self, self.editor)
        self.pdf_tools.panes.restoreState(_bytes(self.settings.value("window/letter_panes")))
        side = self.pdf_tools.side.view
        for view in (self.pdf, side):
            view.linkHovered.connect(lambda text: self.message(text, 5000))

    def features(self) -> list[Feature]:
        """Everything that places actions in the menus, in the order they are placed."""
        return [self.commands, self.export_commands, self.exchange, self.word_import,
                self.hub, self.pdf_tools, self.fixes, self.docks, self.clauses]

    def _build_menus(self) -> menus.BuiltMenus:
        built = menus.build(self.menuBar(), [f.actions_by_menu() for f in self.features()])
        built.menus["file"].aboutToShow.connect(self.exchange.refresh)
        built.menus["file"].aboutToShow.connect(self.word_import.refresh)
        toolbar = QToolBar("Toolbar", self)
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in self.commands.toolbar():
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)
        self.commands.set_recent(recent_workspaces(self.settings), self.open_workspace_path)
        return built

    def _build_status_bar(self) -> None:
        self.workspace_label = QLabel()
        self.counts_label = QLabel()
        self.saved_label = QLabel()
        self.page_label = QLabel()
        bar = self.statusBar()
        for label in (self.counts_label, self.page_label, self.saved_label,
                      self.workspace_label):
            bar.addPermanentWidget(label)

    def _connect_signals(self) -> None:
        a = self.commands
        # File
        a.import_letters.triggered.connect(self.choose_import)
        a.import_folder.triggered.connect(self.choose_import_folder)
        a.new_workspace.triggered.connect(self.choose_new_workspace)
        a.open_workspace.triggered.connect(self.choose_open_workspace)
        a.remove_matter.triggered.connect(self.remove_current_matter)
        a.quit.triggered.connect(self.close)
        # Edit: whatever text widget has the focus
        for action, method in ((a.undo, "undo"), (a.redo, "redo"), (a.cut, "cut"),
                               (a.copy, "copy"), (a.paste, "paste")):
            action.triggered.connect(lambda _=False, m=method: self._edit(m))
        # View
        a.zoom_in.triggered.connect(lambda: self.pdf.zoom_in())  # not triggered's bool
        a.zoom_out.triggered.connect(lambda: self.pdf.zoom_out())
        a.fit_width.triggered.connect(lambda: self.pdf.fit_width())
        a.show_comments.toggled.connect(self.tree_pane.setVisible)
        a.show_editor.toggled.connect(self.editor.setVisible)
        a.filter_comments.triggered.connect(self._focus_filter)
        a.clear_filter.triggered.connect(self.tree_pane.filter_bar.clear)
        # Go and Status
        a.next_comment.triggered.connect(lambda: self.tree.step(1))
        a.previous_comment.triggered.connect(lambda: self.tree.step(-1))
        a.next_open.triggered.connect(lambda: self._step_to_open(1))
        a.previous_open.triggered.connect(lambda: self._step_to_open(-1))
        a.status_group.triggered.connect(self._status_chosen)
        # View: side by side makes room for two letters
        self.pdf_tools.roomWanted.connect(self._make_room)
        # Letter: fixing the split
        self.fixes.corrected.connect(self._split_corrected)
        self.fixes.notice.connect(self.message)
        self.tree.customContextMenuRequested.connect(self._tree_context_menu)
        # Help
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.about.triggered.connect(lambda: dialogs.show_about(self))
        a.preferences.triggered.connect(self.edit_preferences)
        # tree → editor and letter, and to the features
        self.tree.commentSelected.connect(self.show_comment)
        self.tree.commentSelected.connect(self.commentSelected)
        self.tree.documentSelected.connect(self.show_document)
        # letter → tree: a comment's badge clicked
        self.pdf.regionClicked.connect(self.tree.select_comment)
        self.pdf.pageChanged.connect(self._page_changed)
        self.pdf.zoomChanged.connect(self._page_changed)
        # editor → tree, chart and status bar: status, owner, due date or notes changed
        self.editor.saved.connect(self._draft_saved)
        self.editor.changed.connect(self._comment_changed)
        # a workspace switch: every pane and feature drops the old store
        self.storeChanged.connect(self.editor.set_store)
        self.storeChanged.connect(self.tree_pane.set_store)
        self.storeChanged.connect(self.tree_model.set_store)

    # -- settings -----------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        if not self.restoreGeometry(_bytes(s.value("window/geometry"))):
            self.resize(1280, 800)
        if self.restoreState(_bytes(s.value("window/state"))):
            self.docks.reopen()  # where the state placed them
        widths = _ints(s.value("window/pane_widths"))
        if len(widths) != self.splitter.count():
            widths = [round(share * self.width()) for share in PANE_SHARES]
        self.splitter.setSizes(widths)
        self.editor.splitter.restoreState(_bytes(s.value("window/editor")))
        for action, key in ((self.commands.show_comments, "window/show_comments"),
                            (self.commands.show_editor, "window/show_editor")):
            action.setChecked(str(s.value(key, "true")).lower() == "true")
        self.tree_pane.setVisible(self.commands.show_comments.isChecked())
        self.editor.setVisible(self.commands.show_editor.isChecked())

    def _panes(self) -> tuple[QWidget, ...]:
        return (self.tree_pane, self.letter_pane, self.editor)

    def _save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        self.docks.remember_open()
        # pane widths, hidden panes included (a hidden widget keeps its last geometry)
        s.setValue("window/pane_widths", [pane.width() for pane in self._panes()])
        s.setValue("window/letter_panes", self.pdf_tools.panes.saveState())
        s.setValue("window/editor", self.editor.splitter.saveState())
        s.setValue("window/show_comments", self.commands.show_comments.isChecked())
        s.setValue("window/show_editor", self.commands.show_editor.isChecked())
        s.sync()

    # -- showing comments and letters ---------------------------------------------------------

    @Slot(str)
    def show_comment(self, comment_id: str) -> None:
        comment = self.store.comment(comment_id)
        self.editor.show_comment(comment)
        self._show_in_letter(comment)
        self._set_matter(comment.matter_id)
        self._check_status_action(comment)
        self._check_fix_actions()

    def _show_in_letter(self, comment: Comment) -> None:
        """The comment's letter in the letter pane, scrolled to the comment and highlighting
        it (or at its page when its place is not known)."""
        self._show_letter(comment.document_id)
        anchors = [(r.page, r.rect) for r in comment.regions + comment.response_regions
                   if r.rect[2] > r.rect[0]]
        if anchors:
            self.pdf.show_region(anchors)
        else:
            self.pdf.set_highlights([])
            page = comment.page or next((r.page for r in comment.regions), None)
            if page:
                self.pdf.go_to_page(page)

    @Slot(str)
    def show_document(self, document_id: str) -> None:
        self._show_letter(document_id)
        self.pdf.set_highlights([])
        self.pdf.go_to_page(1)
        self._set_matter(self.store.document(document_id).matter_id)
        self._check_fix_actions()

    def _show_letter(self, document_id: str) -> None:
        if self.pdf.doc_key() == document_id:
            return
        try:
            self.pdf.set_document(document_id, self.store.display_pdf(document_id))
        except DocumentError as error:
            self.pdf.set_document(document_id, None)
            self.statusBar().showMessage(f"Cannot show this letter: {error}", 10000)
            return
        self._show_markers(document_id)
        self._show_banner(document_id)

    def _show_markers(self, document_id: str) -> None:
        self.pdf.set_markers([(c.id, str(c.number), c.regions[0].page, c.regions[0].rect)
                              for c in self.store.comments(document_id=document_id)
                              if c.regions])

    @property
    def banner(self) -> LetterBanner:
        """What the parser doubts about the letter shown, and its fixes, over the letter."""
        if self._banner is None:
            self._banner = LetterBanner()
            self._letter_column.insertWidget(0, self._banner)
        return self._banner

    def _show_banner(self, document_id: str | None) -> None:
        document = self.store.document(document_id) if document_id else None
        fixes = corrections.corrections(self.store, document_id) if document_id else []
        if self._banner is not None or LetterBanner.wanted(document, fixes):
            self.banner.show_letter(document, fixes)

    def _letter_shown(self) -> tuple[str, int]:
        """The letter in the letter pane and the page at its top ("" when none)."""
        return self.pdf.doc_key() or "", self.pdf.current_page()

    def _letter_selection(self) -> tuple[str, list[Region]]:
        """The text selected in the letter pane and its lines."""
        if not self.pdf.has_selection():
            return "", []
        return self.pdf.selected_text(), [Region(page, rect)
                                          for page, rect in self.pdf.selected_regions()]

    def _check_status_action(self, comment: Comment) -> None:
        staff = self.store.document(comment.document_id).role != "response"
        status = self.tree_model.status(comment.id)
        for name, action in self.commands.statuses.items():
            action.setEnabled(staff)
            action.setChecked(staff and name == status)

    def _check_fix_actions(self) -> None:
        comment = self.editor.comment()
        last = comment is not None and \
            self.tree_model.comment_ids(comment.document_id)[-1:] == [comment.id]
        self.fixes.update_actions(comment, last, bool(self.pdf.doc_key()))

    @Slot(QAction)
    def _status_chosen(self, action: QAction) -> None:
        self.editor.set_status(action.data())
        comment = self.editor.comment()
        if comment is not None:  # checked as it stands, also when the change was cancelled
            self._check_status_action(comment)

    def _set_matter(self, matter_id: str | None) -> None:
        self._matter_id = matter_id
        self._update_counts()

    def _update_counts(self) -> None:
        counts = self.tree_model.status_counts(self._matter_id) if self._matter_id else None
        self.counts_label.setText(status_summary(counts) if counts else "")
        title = self.store.matter(self._matter_id).title if self._matter_id else ""
        self.tree_pane.show_matter(title, counts)

    @Slot(str)
    def _comment_changed(self, comment_id: str) -> None:
        self.tree_model.refresh_comment(comment_id)
        self.tree_pane.set_store(self.store)  # the owner filter: someone may have been added
        self._update_counts()
        comment = self.editor.comment()
        if comment is not None and comment.id == comment_id:
            self._check_status_action(comment)
        self.commentChanged.emit(comment_id)

    # -- fixing the split ---------------------------------------------------------------------

    @Slot(str, str)
    def _split_corrected(self, document_id: str, comment_id: str) -> None:
        """After a correction, its undo or redo: the tree, the letter's badges and banner, and
        the comment it touched, selected and shown again."""
        self.editor.flush()
        self.pdf.clear_selection()
        self.tree_model.reload()
        self.commentsReloaded.emit()
        if self.pdf.doc_key() == document_id:
            self._show_markers(document_id)
        self._show_banner(self.pdf.doc_key())
        target = comment_id or next(iter(self.tree_model.comment_ids(document_id)), "")
        if target and not self.tree.select_comment(target):
            self.show_comment(target)  # the filter hides it: show it all the same
        self._update_counts()

    @Slot(QPoint)
    def _tree_context_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        kind = index.data(KIND_ROLE) if index.isValid() else None
        if kind not in ("comment", "document"):
            return
        self.tree.setCurrentIndex(index.siblingAtColumn(0))
        menu = self.tree_menu(kind)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _step_to_open(self, delta: int) -> None:
        if not self.tree.step_to_open(delta):
            self.message("No other comment shown is still open: every one is approved or "
                         "filed.", 8000)

    @Slot()
    def _focus_filter(self) -> None:
        self.commands.show_comments.setChecked(True)
        self.tree_pane.filter_bar.text.setFocus()
        self.tree_pane.filter_bar.text.selectAll()

    @Slot(str)
    def _draft_saved(self, iso_time: str) -> None:
        self.saved_label.setText(f"Draft saved {local_time(iso_time, 'HH:mm:ss')}")

    @Slot()
    def _page_changed(self) -> None:
        count = self.pdf.page_count()
        zoom = round(self.pdf.zoom() * 100)
        self.page_label.setText(f"Page {self.pdf.current_page()} of {count} · {zoom}%"
                                if count else "")

    def _edit(self, method: str) -> None:
        """Edit → Undo and the like act on the focused text; Undo and Redo, when no editable
        text has the focus (the tree, the letter), on this session's split corrections."""
        widget = QApplication.focusWidget()
        action = getattr(widget, method, None)
        read_only = getattr(widget, "isReadOnly", lambda: False)()
        if callable(action) and not (read_only and method in ("undo", "redo")):
            action()
        elif method == "undo":
            self.fixes.undo_in_session()
        elif method == "redo":
            self.fixes.redo_in_session()

    @Slot(str)
    def _identity_saved(self, line: str) -> None:
        self.message(line)
        comment = self.editor.comment()
        self.editor.show_comment(comment)  # notes drawn with the new initials
        self.tree_pane.set_store(self.store)  # the owner filter's "me"

    @Slot()
    def edit_preferences(self) -> None:
        from gui.window.preferences import edit_preferences

        if edit_preferences(self.store, self):
            if self._identity is not None:
                self._identity.hide()
            comment = self.editor.comment()
            self.editor.show_comment(comment)  # notes drawn with the new initials and colour
            if comment is not None:
                self.tree_model.refresh_comment(comment.id)

    def show_shortcuts(self) -> None:
        from gui.window.shortcuts import ShortcutsDialog  # when asked for, not at start

        ShortcutsDialog(self.built_menus.by_menu(), self).exec()

    # -- importing ----------------------------------------------------------------------------

    @Slot()
    def choose_import(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import letters", "",
                                                FILE_FILTERS)
        if names:
            self.import_files([Path(n) for n in names])

    @Slot()
    def choose_import_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import letters from a folder")
        if not name:
            return
        paths = letter_files([Path(name)])
        if paths:
            self.import_files(paths)
        else:
            dialogs.show_error(self, "Rejoinder — import", f"{name} holds no letters (PDF, "
                               "EDGAR HTML or text files). Choose the folder that holds them.")

    def import_files(self, paths: list[Path]) -> importing.Outcome:
        """Import letter files; report failures in one dialog; select the new letter."""
        from gui.window import importing  # with the first import, not at start

        self.editor.flush()
        try:
            outcome = importing.import_paths(self.store, paths, self)
        except Exception as error:  # import_paths collects failures; this is a bug in it
            dialogs.show_bug(self, "importing letters", error)
            return importing.Outcome()
        if outcome.results:
            self.reload_comments()
            self.open_letter(outcome.results[-1].document.id)
        if outcome.results or outcome.cancelled:
            self.message(importing.summary(outcome), 15000)
        if outcome.failures:
            dialogs.show_error(self, "Rejoinder — import", importing.failure_text(
                outcome.failures), importing.failure_details(outcome.failures))
        return outcome

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.drops.taken(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        found = self.drops.taken(event.mimeData().urls())
        if found is None:
            event.ignore()
            return
        event.acceptProposedAction()
        handle, paths = found
        # Import after the drop returns, so the file manager is not kept waiting.
        QTimer.singleShot(0, lambda: handle(paths))

    # -- workspaces ---------------------------------------------------------------------------

    @Slot()
    def choose_new_workspace(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New workspace", self._workspace_dir(),
                                              WORKSPACE_FILTER)
        if name:
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(".rejoinder")
            if path.exists():
                dialogs.show_error(self, "Rejoinder — new workspace",
                                   f"{path} already exists. Open it with File → Open workspace…, "
                                   "or choose a new name.")
                return
            self.open_workspace_path(str(path))

    @Slot()
    def choose_open_workspace(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open workspace", self._workspace_dir(),
                                              WORKSPACE_FILTER)
        if name:
            self.open_workspace_path(name)

    def _workspace_dir(self) -> str:
        return str(self.store.path.parent) if self.store.path else ""

    def open_workspace_path(self, name: str) -> bool:
        """Switch to another workspace; on failure stay on the current one."""
        path = Path(name).expanduser().resolve()
        if self.store.path == path:
            return True
        self.editor.flush()
        try:
            store = open_store(path)
        except UserError as error:
            dialogs.show_error(self, "Rejoinder — workspace", str(error))
            return False
        except Exception as error:
            dialogs.show_bug(self, f"opening the workspace {path}", error)
            return False
        previous = self.store.me()
        self._remember_place()
        self.store.close()
        self._store = store
        try:
            sign_workspace(store, (previous.name, previous.initials) if previous else None)
        except UserError as error:
            dialogs.show_error(self, "Rejoinder — workspace", str(error))
        self._workspace_changed()
        self._open_last_place()
        return True

    @Slot(int)
    def _make_room(self, width: int) -> None:
        """Give the letter pane `width` pixels by folding the comment tree away when it is
        narrower; with 0, bring back the tree folded so."""
        if width <= 0:
            if self._tree_folded:
                widths, self._tree_folded = self._tree_folded, []
                self.commands.show_comments.setChecked(True)
                self.splitter.setSizes(widths)
            return
        if self.letter_pane.width() >= width or not self.tree_pane.isVisible():
            return
        tree, letter, editor = self._tree_folded = self.splitter.sizes()
        self.commands.show_comments.setChecked(False)
        self.splitter.setSizes([0, letter + tree, editor])
        self.message("The comment tree is folded away to make room for two letters; "
                     "View ▸ Comments pane (Ctrl+Shift+C) brings it back.")

    # -- where you were -------------------------------------------------------------------------

    def _remember_place(self) -> None:
        """Keep the comment shown in the workspace, to reopen it there next time."""
        comment = self.editor.comment()
        if comment is not None and self.store.is_open:
            self.store.set_setting(LAST_COMMENT_KEY, comment.id)

    def _open_last_place(self) -> None:
        """Open the comment shown when this workspace was last closed, else the first."""
        last = self.store.setting(LAST_COMMENT_KEY)
        try:
            live = last is not None and self.store.comment(last).retired_at is None
        except NotFound:
            live = False
        if not (live and last is not None and self.tree.select_comment(last)):
            self.tree.select_first_comment()

    @Slot()
    def remove_current_matter(self) -> None:
        """Remove the matter of the comment shown, after asking."""
        matter_id = self.current_matter_id()
        if matter_id is None:
            self.message("There is no matter to remove: this workspace is empty.")
            return
        matter = self.store.matter(matter_id)
        letters = len(self.store.documents(matter_id))
        if not dialogs.confirm(
                self, "Rejoinder — remove matter",
                f"Remove “{matter.title}” from this workspace? Its {letters} letter(s), every "
                "comment, answer, note and version in it are deleted; this cannot be undone. "
                "Export an exchange pack first if you may want it back.", "Remove matter"):
            return
        self.editor.flush()
        self.editor.show_comment(None)
        self._set_matter(None)
        title = remove_matter(self.store, matter_id)
        self.reload_comments()
        self.tree.select_first_comment()
        self.message(f"Removed the matter “{title}”.")

    def _workspace_changed(self) -> None:
        self.storeChanged.emit(self.store)
        if machine_identity() is None:  # not yet confirmed on this computer: ask, in place
            self.identity.ask(self.store)
        elif self._identity is not None:
            self._identity.hide()
        self.pdf.set_document("", None)
        self._show_banner(None)
        self._set_matter(None)
        self._check_fix_actions()
        name = self.store.path.name if self.store.path else "(in memory)"
        self.setWindowTitle(f"Rejoinder — {name}")
        self.workspace_label.setText(name)
        self.workspace_label.setToolTip(str(self.store.path or ""))
        self.saved_label.clear()
        if self.store.path is not None:
            recent = remember_workspace(self.settings, self.store.path)
            self.commands.set_recent(recent, self.open_workspace_path)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            # the letter pane has its real size only now: scroll to the comment again
            self._shown = True
            self.tree.setFocus()  # not the filter box, the first in the focus chain
            QTimer.singleShot(0, self._show_current_region)

    @Slot()
    def _show_current_region(self) -> None:
        comment = self.editor.comment()
        if comment is not None and not self._closed:
            self._show_in_letter(comment)
            self.tree.scrollTo(self.tree.currentIndex(),
                               QAbstractItemView.ScrollHint.PositionAtCenter)

    # -- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            try:
                self.editor.flush()
                self._remember_place()
            finally:
                self._save_settings()
                self.pdf.renderer.shutdown()
                self.pdf_tools.side.view.renderer.shutdown()
                self.store.close()
        event.accept()


def _bytes(value: object) -> QByteArray:
    return value if isinstance(value, QByteArray) else QByteArray()


def _ints(value: object) -> list[int]:
    try:
        return [int(v) for v in value]  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return []
