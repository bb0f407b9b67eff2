"""Syncing with a team hub from the window: File → Sync with team hub… and, in the status bar,
when the last sync was and how many changes wait to be sent.

`HubCommands(bench)` is given the window as its `Workbench` and uses nothing else of it; its
action is placed in File by `actions_by_menu`. The network is used only here, and only when
the user asks to sync: the window never connects at start. The questions a sync asks and its
closing word are in `gui.hub.dialogs`, loaded with the first sync.

Signals:
- `synced()`: a sync merged what it pulled (the conflict notice should count again).
- `conflictsRequested()`: the user asked to see the conflicts a sync left waiting.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QLabel

from gui.common import dialogs
from gui.common.actions import Placed, make_action
from gui.common.dialogs import Abandoned, busy, in_background
from gui.common.workbench import Workbench
from storage.errors import NotFound, UserError

if TYPE_CHECKING:
    from storage.hub.sync import SyncSummary
    from storage.store import Store

class HubCommands(QObject):
    """The sync action, its status-bar label, and the questions a sync may ask."""

    synced = Signal()
    conflictsRequested = Signal()

    def __init__(self, bench: Workbench) -> None:
        super().__init__(bench.main_window())
        self.setObjectName("hub")
        self.bench = bench
        self.window = bench.main_window()
        self.sync_action = make_action(self.window, "S&ync with team hub…", [],
                                       "Send your changes to the team hub and bring in the "
                                       "others' (the only time Rejoinder goes online)")
        self.sync_action.triggered.connect(self.sync)
        self.status = QLabel()
        self.status.setObjectName("hubStatus")
        bench.add_status_widget(self.status)
        bench.storeChanged.connect(self.refresh)
        bench.commentChanged.connect(self.refresh)
        bench.commentsReloaded.connect(self.refresh)
        self.refresh()

    def actions_by_menu(self) -> Placed:
        return {"file.sync": [self.sync_action]}

    @property
    def store(self) -> Store:
        return self.bench.store

    # -- the status bar -----------------------------------------------------------------------

    @Slot()
    def refresh(self, *_args: object) -> None:
        """'Synced 14:02 · 3 changes waiting', shown once a hub is set."""
        from storage.hub import configured_hub, last_sync

        if not configured_hub(self.store):
            self.status.hide()
            return
        from storage.hub.sync import changes_waiting

        waiting = changes_waiting(self.store)
        self.status.setText(f"{_when(last_sync(self.store))} · "
                            f"{waiting} change{'s' if waiting != 1 else ''} waiting")
        self.status.setToolTip("Changes made here since the last sync with the team hub; "
                               "File → Sync with team hub… sends them.")
        self.status.show()

    # -- syncing ------------------------------------------------------------------------------

    @Slot()
    def sync(self) -> SyncSummary | None:
        """Ask for the hub's address the first time, then sync; say what happened."""
        from gui.hub.dialogs import ask_address  # on use, not at start
        from storage.hub import configured_hub

        url = configured_hub(self.store) or ask_address(self.window)
        if not url:
            return None
        return self._run(url, accept_restored=False)

    def _run(self, url: str, accept_restored: bool) -> SyncSummary | None:
        from gui.hub.dialogs import TITLE
        from storage.hub.connection import HubLoginFailed, HubRestored, connect
        from storage.hub.sync import sync

        self.bench.flush_draft()
        shown = self.bench.current_comment()
        try:
            # Reaching the hub may take seconds (up to its timeout when it cannot be reached):
            # done off this thread, with Cancel. The sync itself works on the store, here.
            conn = in_background(self.window, "Reaching the team hub…", lambda: connect(url),
                                 lambda opened: opened.close())
            with busy(self.window, "Syncing with the team hub…"):
                summary = sync(self.store, url, accept_restored=accept_restored, conn=conn)
        except Abandoned:
            self.bench.message("Sync cancelled; nothing in your workspace was changed.")
            return None
        except HubLoginFailed as error:
            return self._ask_password(url, accept_restored, str(error))
        except HubRestored as error:
            return self._ask_restored(url, str(error))
        except UserError as error:
            dialogs.show_error(self.window, TITLE, str(error))
            return None
        except Exception as error:  # a bug: the local merge ran in one transaction
            dialogs.show_bug(self.window, "syncing with the team hub", error)
            return None
        self.bench.reload_comments()
        if shown is not None and self._exists(shown.id):
            self.bench.open_comment(shown.id)
        self.refresh()
        self.synced.emit()
        self._show_summary(summary)
        return summary

    def _exists(self, comment_id: str) -> bool:
        try:
            return self.store.comment(comment_id).retired_at is None
        except NotFound:
            return False

    def _ask_password(self, url: str, accept_restored: bool, why: str) -> SyncSummary | None:
        """libpq found no password (or a wrong one): ask for it, for this sync only."""
        from gui.hub.dialogs import ask_password
        from storage.hub.connection import with_password

        password = ask_password(self.window, why)
        if password is None:
            return None
        return self._run(with_password(url, password), accept_restored)

    def _ask_restored(self, url: str, why: str) -> SyncSummary | None:
        from gui.hub.dialogs import trust_restored

        if not trust_restored(self.window, why):
            return None
        return self._run(url, accept_restored=True)

    def _show_summary(self, summary: SyncSummary) -> None:
        from gui.hub.dialogs import show_summary

        self.bench.message(summary.lines()[0], 15000)
        if show_summary(self.window, summary):
            self.conflictsRequested.emit()


def _when(stamp: str | None) -> str:
    if not stamp:
        return "Not synced yet"
    at = datetime.fromisoformat(stamp).astimezone()
    today = datetime.now().astimezone().date()
    return f"Synced {at:%H:%M}" if at.date() == today else f"Synced {at:%d %b %H:%M}"


