"""Exchange packs in the window: File → Export exchange pack…, Import exchange pack… (or drop a
pack on the window) and Conflicts…, and a status-bar notice while conflicts wait.

`ExchangeCommands(bench)` is given the window as its `Workbench` and uses nothing else of it;
its actions are placed in File by `actions_by_menu`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from gui.common import dialogs
from gui.common.actions import Placed, make_action
from gui.common.drops import suffix_filter
from gui.common.workbench import Workbench
from storage.errors import NotFound, UserError
from storage.exchange import open_conflict_count

if TYPE_CHECKING:  # the dialogs, the conflict screen and the merge load when first used
    from gui.exchange.conflicts import ConflictsView
    from storage.exchange import Conflict, ImportSummary, PackSummary
    from storage.store import Store

IMPORT_TITLE = "Rejoinder — import exchange pack"
PACK_SUFFIXES = (".rejoinder-pack", ".zip")


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

    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.main_window())
        self.setObjectName("exchange")
        self.bench = bench
        self.window = bench.main_window()
        self.view: ConflictsView | None = None
        self.export_pack = make_action(self.window, "Export e&xchange pack…", ["Ctrl+E"],
                                       "Write this matter's work to a pack for another reviewer")
        self.import_pack = make_action(self.window, "Import exchange pac&k…", ["Ctrl+Shift+I"],
                                       "Merge another reviewer's exchange pack into this "
                                       "workspace")
        self.conflicts = make_action(self.window, "&Conflicts…", [], "Choose between your "
                                     "version and another reviewer's where you both changed "
                                     "something")
        self.export_pack.triggered.connect(self.choose_export)
        self.import_pack.triggered.connect(self.choose_import)
        self.conflicts.triggered.connect(self.show_conflicts)
        self._notice: ConflictNotice | None = None  # made when a conflict first waits
        bench.accept_drops(suffix_filter(*PACK_SUFFIXES), self.import_paths)
        bench.storeChanged.connect(self._workspace_maybe_changed)
        self.refresh()

    def actions(self) -> list[QAction]:
        return [self.export_pack, self.import_pack, self.conflicts]

    def actions_by_menu(self) -> Placed:
        return {"file.exchange": list(self.actions())}

    # -- the workbench ------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.bench.store

    def _flush(self) -> None:
        self.bench.flush_draft()

    def _current_comment(self) -> str | None:
        comment = self.bench.current_comment()
        return comment.id if comment is not None else None

    def _current_matter(self) -> str | None:
        return self.bench.current_matter_id()

    def _show_again(self, comment_id: str | None, matter_id: str | None = None) -> None:
        """After the tree was rebuilt: the comment shown before (or the matter's first)."""
        if comment_id and self._exists(comment_id):
            self.bench.open_comment(comment_id)
            return
        documents = self.store.documents(matter_id) if matter_id else []
        self.bench.open_letter(documents[0].id if documents else None)

    def _exists(self, comment_id: str) -> bool:
        try:
            return self.store.comment(comment_id).retired_at is None
        except NotFound:
            return False

    def _message(self, text: str) -> None:
        self.bench.message(text, 15000)

    @property
    def notice(self) -> ConflictNotice:
        """"2 conflicts wait" in the status bar."""
        if self._notice is None:
            self._notice = ConflictNotice(self.show_conflicts)
            self.bench.add_status_widget(self._notice)
        return self._notice

    @Slot()
    def refresh(self) -> None:
        """The notice and the Conflicts… entry, after anything that may change the count."""
        count = open_conflict_count(self.store)
        if count or self._notice is not None:
            self.notice.set_count(count)
        self.conflicts.setEnabled(count > 0)

    @Slot(object)
    def _workspace_maybe_changed(self, _store: object = None) -> None:
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
        from gui.exchange.dialogs import show_written

        show_written(summary, self.window)
        self._message(f"Pack written to {summary.path}")

    # -- import -------------------------------------------------------------------------------

    @Slot()
    def choose_import(self) -> None:
        from gui.exchange.dialogs import choose_pack

        path = choose_pack(self.window)
        if path is not None:
            self.import_paths([path])

    def import_paths(self, paths: list[Path]) -> None:
        for path in paths:
            self.import_path(path)

    def import_path(self, path: Path) -> ImportSummary | None:
        """Merge a pack; rebuild the tree; say what came in. A bad pack changes nothing."""
        from gui.common.dialogs import busy
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
        self.bench.reload_comments()
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
            self.bench.open_comment(comment_id)

    @Slot(object)
    def _resolved(self, conflict: Conflict) -> None:
        """The record changed: its row in the tree, and the editor if it shows it."""
        shown = self._current_comment()
        if conflict.field == "row":  # a comment, letter or matter as a whole
            self.bench.reload_comments()
            self._show_again(shown, conflict.matter_id)
        elif conflict.comment_id:
            self.bench.refresh_comment(conflict.comment_id)
        self.refresh()
