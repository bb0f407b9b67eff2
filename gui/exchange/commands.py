"""Exchange packs in the window: File → Export exchange pack…, Import exchange pack… (or drop a
pack on the window) and Conflicts…, and a status-bar notice while conflicts wait.

`install(window)` adds all of it to a `MainWindow` from outside; the window needs no other
change. What it uses of the window: `store`, `commands.add_menu` (for the shortcut list),
`menuBar()`, `statusBar()`, `tree_model.reload()` / `refresh_comment()`,
`tree.current_comment_id()` / `select_comment()` / `select_first_comment()`, `show_comment()`
and `editor.flush()`. Call it after the window's other actions exist: a shortcut (Ctrl+E,
Ctrl+Shift+I) is given only where no action of the window has it already.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStyle,
    QToolButton,
    QWidget,
)

from gui.common import dialogs
from storage.errors import NotFound, UserError
from storage.exchange.peers import open_conflict_count

if TYPE_CHECKING:  # the dialogs, the conflict screen and the merge load when first used
    from gui.exchange.conflicts import ConflictsView
    from storage.exchange import Conflict, ImportSummary, PackSummary
    from storage.store import Store

IMPORT_TITLE = "Rejoinder — import exchange pack"
PACK_SUFFIXES = (".rejoinder-pack", ".zip")


def install(window: QMainWindow) -> None:
    """Add the exchange-pack commands to the window's File menu and status bar."""
    ExchangeCommands(window)


def commands_of(window: QMainWindow) -> ExchangeCommands | None:
    """The commands `install` added to a window (for tests and the lead's wiring)."""
    return window.findChild(ExchangeCommands, "exchange")


def pack_paths(urls: list[Any]) -> list[Path]:
    paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in PACK_SUFFIXES]


class ConflictNotice(QWidget):
    """"2 conflicts wait" and a button that opens them; hidden when none wait."""

    def __init__(self, open_conflicts: Callable[[], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        icon = QLabel()
        size = self.fontMetrics().height()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.label = QLabel()
        self.button = QToolButton()
        self.button.setText("Resolve…")
        self.button.setToolTip("Open the conflicts and choose between the two versions")
        self.button.clicked.connect(open_conflicts)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(icon)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.hide()

    def set_count(self, count: int) -> None:
        self.label.setText(f"{count} conflict{'s wait' if count != 1 else ' waits'}")
        self.setVisible(count > 0)


class ExchangeCommands(QObject):
    """The actions, the notice, the drop filter and the conflict screen of one window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("exchange")
        self.window = window
        self.view: ConflictsView | None = None
        self.export_pack = self._action("Export e&xchange pack…", "Ctrl+E",
                                        "Write this matter's work to a pack for another reviewer")
        self.import_pack = self._action("Import exchange pac&k…", "Ctrl+Shift+I",
                                        "Merge another reviewer's exchange pack into this "
                                        "workspace")
        self.conflicts = self._action("&Conflicts…", None, "Choose between your version and "
                                      "another reviewer's where you both changed something")
        self.export_pack.triggered.connect(self.choose_export)
        self.import_pack.triggered.connect(self.choose_import)
        self.conflicts.triggered.connect(self.show_conflicts)
        self.notice = ConflictNotice(self.show_conflicts)
        window.statusBar().insertPermanentWidget(0, self.notice)
        self._add_to_menu()
        self._register()
        self._drop_filter = _PackDropFilter(self.import_paths, self)
        for widget in [window, *window.findChildren(QWidget)]:
            if widget is window or widget.acceptDrops():
                widget.installEventFilter(self._drop_filter)
        window.windowTitleChanged.connect(self._workspace_maybe_changed)  # a new workspace
        self.refresh()

    # -- building -----------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str | None, tip: str) -> QAction:
        action = QAction(text, self.window)
        keys = [QKeySequence(shortcut)] if shortcut and self._free(shortcut) else []
        action.setShortcuts(keys)
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({keys[0].toString()})" if keys else tip)
        return action

    def _free(self, shortcut: str) -> bool:
        """Whether no action or shortcut of the window uses this key already."""
        wanted = QKeySequence(shortcut)
        taken = [k for a in self.window.findChildren(QAction) for k in a.shortcuts()]
        taken += [s.key() for s in self.window.findChildren(QShortcut)]
        return all(k != wanted for k in taken)

    def actions(self) -> list[QAction]:
        return [self.export_pack, self.import_pack, self.conflicts]

    def _add_to_menu(self) -> None:
        menu = self._file_menu()
        menu.aboutToShow.connect(self.refresh)
        separators = [a for a in menu.actions() if a.isSeparator()]
        if not separators:
            menu.addSeparator()
            menu.addActions(self.actions())
            return
        menu.insertSeparator(separators[0])
        menu.insertActions(separators[0], self.actions())

    def _file_menu(self) -> QMenu:
        bar = self.window.menuBar()
        for action in bar.actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and action.text().replace("&", "") == "File":
                return menu
        return bar.addMenu("&File")

    def _register(self) -> None:
        """List the actions in the shortcut list (F1), through `Actions.add_menu`."""
        add_menu = getattr(self.window.commands, "add_menu", None)
        if callable(add_menu):
            add_menu("File", self.actions())

    # -- the window ---------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.window.store  # type: ignore[no-any-return]

    def _flush(self) -> None:
        editor = getattr(self.window, "editor", None)
        if editor is not None:
            editor.flush()

    def _current_comment(self) -> str | None:
        current: str | None = self.window.tree.current_comment_id()
        return current

    def _current_matter(self) -> str | None:
        comment_id = self._current_comment()
        if comment_id:
            return self.store.comment(comment_id).matter_id
        matters = self.store.matters()
        return matters[0].id if matters else None

    def _show_again(self, comment_id: str | None, matter_id: str | None = None) -> None:
        """After the tree was rebuilt: the comment shown before (or the matter's first)."""
        tree = self.window.tree
        if comment_id and self._exists(comment_id):
            if not tree.select_comment(comment_id):
                self.window.show_comment(comment_id)  # the filter hides it
            return
        documents = self.store.documents(matter_id) if matter_id else []
        tree.select_first_comment(documents[0].id if documents else None)

    def _exists(self, comment_id: str) -> bool:
        try:
            return self.store.comment(comment_id).retired_at is None
        except NotFound:
            return False

    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15000)

    @Slot()
    def refresh(self) -> None:
        """The notice and the Conflicts… entry, after anything that may change the count."""
        count = open_conflict_count(self.store)
        self.notice.set_count(count)
        self.conflicts.setEnabled(count > 0)

    @Slot()
    def _workspace_maybe_changed(self) -> None:
        if self.view is not None and self.view.store is not self.store:
            self.view.close()
            self.view.deleteLater()
            self.view = None
        self.refresh()

    # -- export -------------------------------------------------------------------------------

    @Slot()
    def choose_export(self) -> None:
        from gui.exchange.dialogs import EXPORT_TITLE, ExportDialog

        if not self.store.matters():
            dialogs.show_error(self.window, EXPORT_TITLE, "There is no matter to export yet: "
                               "import a staff letter first (File → Import letters…).")
            return
        self._flush()
        dialog = ExportDialog(self.store, self._current_matter(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.written.connect(self._written)
        dialog.exec()

    @Slot(object)
    def _written(self, summary: PackSummary) -> None:
        from gui.exchange.dialogs import EXPORT_TITLE, written_text

        box = QMessageBox(QMessageBox.Icon.Information, EXPORT_TITLE, written_text(summary),
                          QMessageBox.StandardButton.Ok, self.window)
        box.exec()
        self._message(f"Pack written to {summary.path}")

    # -- import -------------------------------------------------------------------------------

    @Slot()
    def choose_import(self) -> None:
        from gui.exchange.dialogs import PACK_FILTER

        name, _ = QFileDialog.getOpenFileName(self.window, "Import exchange pack", "",
                                              PACK_FILTER)
        if name:
            self.import_paths([Path(name)])

    def import_paths(self, paths: list[Path]) -> None:
        for path in paths:
            self.import_path(path)

    def import_path(self, path: Path) -> ImportSummary | None:
        """Merge a pack; rebuild the tree; say what came in. A bad pack changes nothing."""
        from gui.exchange.dialogs import busy
        from storage.exchange import import_pack

        self._flush()
        shown = self._current_comment()
        try:
            with busy(self.window, f"Merging {path.name}…"):
                summary = import_pack(self.store, path)
        except UserError as error:
            dialogs.show_error(self.window, IMPORT_TITLE, str(error))
            return None
        except OSError as error:
            dialogs.show_error(self.window, IMPORT_TITLE, f"{path} could not be read: "
                               f"{error.strerror or error}. Check the file and try again.")
            return None
        except Exception as error:  # a bug: the merge ran in one transaction, rolled back
            dialogs.show_bug(self.window, f"importing the exchange pack {path}", error)
            return None
        self.window.tree_model.reload()
        self._show_again(shown, summary.matter_id)
        self.refresh()
        self._message(" ".join(summary.lines()[:1]))
        self._show_summary(summary)
        return summary

    def _show_summary(self, summary: ImportSummary) -> None:
        from gui.exchange.conflict_text import label
        from gui.exchange.dialogs import ImportSummaryDialog

        labels = [label(self.store, c) for c in summary.waiting]
        dialog = ImportSummaryDialog(summary, labels, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolveRequested.connect(self.show_conflicts)
        dialog.exec()

    # -- conflicts ----------------------------------------------------------------------------

    @Slot()
    def show_conflicts(self) -> ConflictsView:
        """Open (or bring forward) the conflict screen."""
        from gui.exchange.conflicts import ConflictsView

        self._workspace_maybe_changed()
        if self.view is None:
            self.view = ConflictsView(self.store, self.window)
            self.view.aboutToResolve.connect(self._flush)
            self.view.resolved.connect(self._resolved)
            self.view.commentChosen.connect(self._comment_chosen)
            self.view.countChanged.connect(lambda _n: self.refresh())
        else:
            self.view.reload()
        if self.view.isVisible():  # behind the window: bring it forward
            self.view.raise_()
            self.view.activateWindow()
        else:
            self.view.show()
        return self.view

    @Slot(str)
    def _comment_chosen(self, comment_id: str) -> None:
        if self._current_comment() != comment_id:
            self.window.tree.select_comment(comment_id)

    @Slot(object)
    def _resolved(self, conflict: Conflict) -> None:
        """The record changed: its row in the tree, and the editor if it shows it."""
        shown = self._current_comment()
        if conflict.field == "row":  # a comment, letter or matter as a whole
            self.window.tree_model.reload()
            self._show_again(shown, conflict.matter_id)
        elif conflict.comment_id:
            self.window.tree_model.refresh_comment(conflict.comment_id)
            if shown == conflict.comment_id:
                self.window.show_comment(conflict.comment_id)
        self.refresh()


class _PackDropFilter(QObject):
    """Takes exchange packs dropped on the window (or on its text fields, which would paste
    their names), and imports them once the drop has returned."""

    def __init__(self, on_drop: Callable[[list[Path]], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_drop = on_drop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kinds = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
        if event.type() not in kinds or not isinstance(event, QDropEvent):
            return False
        paths = pack_paths(event.mimeData().urls())
        if not paths:
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            QTimer.singleShot(0, lambda: self._on_drop(paths))
        return True
