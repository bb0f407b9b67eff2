"""The questions a sync with the team hub may ask, and its closing word: the hub's address (the
first time), the password libpq did not find, whether to trust a hub restored from a backup, and
what the sync brought in and sent. Loaded when the user first syncs, not with the window.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

if TYPE_CHECKING:
    from storage.hub.sync import SyncSummary

TITLE = "Rejoinder — sync with team hub"
ADDRESS_HELP = ("The team hub's address, from your firm's IT: a PostgreSQL URL such as\n"
                "postgresql://alice@hub.example.com/rejoinder?sslmode=require, or service=NAME.\n"
                "Keep your password in ~/.pgpass (or type it when asked): Rejoinder never "
                "stores it.")


def ask_address(parent: QWidget) -> str | None:
    """The hub's address, stripped; None when the user gives none."""
    url, ok = QInputDialog.getText(parent, TITLE, ADDRESS_HELP)
    return url.strip() if ok and url.strip() else None


def ask_password(parent: QWidget, why: str) -> str | None:
    """A password for this sync only (never stored); None when the user gives none."""
    password, ok = QInputDialog.getText(
        parent, TITLE, why + "\n\nYour password for this sync (not stored):",
        QLineEdit.EchoMode.Password)
    return password if ok and password else None


def trust_restored(parent: QWidget, why: str) -> bool:
    """Whether to trust a hub restored from a backup and send the matters again."""
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, why,
                      QMessageBox.StandardButton.Cancel, parent)
    trust = box.addButton("Trust the hub and send my matters again",
                          QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is trust


def show_summary(parent: QWidget, summary: SyncSummary) -> bool:
    """Say what a sync did; True when the user asks to resolve the conflicts it left."""
    box = QMessageBox(QMessageBox.Icon.Information, TITLE, "\n".join(summary.lines()),
                      QMessageBox.StandardButton.Ok, parent)
    resolve = box.addButton("Resolve conflicts…", QMessageBox.ButtonRole.ActionRole) \
        if summary.conflicts else None
    box.exec()
    return resolve is not None and box.clickedButton() is resolve
