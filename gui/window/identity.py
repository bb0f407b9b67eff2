"""Who you are, asked without stopping anything: a banner across the top of the window with
your name (suggested from your computer account) and initials (which follow the name until you
edit them). Saving signs the workspace's changes with them and remembers them for the machine,
so every new workspace knows you. Edit ▸ Preferences changes them later."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from gui.common.dialogs import InitialsFollowName
from storage.errors import UserError
from storage.identity import initials_of, remember_identity, suggested_name
from storage.store import Store


class IdentityBanner(QFrame):
    """The question, answered in place. Signals:

    saved(str): the reviewer's name was saved (the line to show in the status bar).
    """

    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identityBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#identityBanner { background: #fff4d6; }")
        self._store: Store | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Your name")
        self.initials = QLineEdit()
        self.initials.setPlaceholderText("Initials")
        self.initials.setMaxLength(4)
        self.initials.setFixedWidth(70)
        self.save_button = QPushButton("Save")
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.name)
        layout.addWidget(self.initials)
        layout.addWidget(self.save_button)
        self.follow = InitialsFollowName(self.name, self.initials)
        self.name.textChanged.connect(self._check)
        self.initials.textChanged.connect(self._check)
        self.name.returnPressed.connect(self.save)
        self.initials.returnPressed.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.hide()

    def ask(self, store: Store) -> None:
        """Show the question for this workspace; the suggestion (if any) already signs it."""
        self._store = store
        me = store.me()
        name = me.name if me else suggested_name()
        self.name.setText(name)
        self.initials.setText(me.initials if me else initials_of(name))
        self.follow.typed = False
        self.text.setText(
            "<b>Who are you?</b> Your drafts, notes and status changes are signed with your "
            "name and initials" + (f" — for now {name}, from your computer account." if me
                                   else ".") + " Rejoinder remembers them on this computer.")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self._check()
        self.show()

    @Slot()
    def _check(self) -> None:
        self.save_button.setEnabled(bool(self.name.text().strip()
                                         and self.initials.text().strip()))

    @Slot()
    def save(self) -> None:
        if self._store is None or not self.save_button.isEnabled():
            return
        name, initials = self.name.text().strip(), self.initials.text().strip()
        try:
            self._store.set_me(name, initials)
        except UserError as error:
            self.text.setText(str(error))
            return
        try:
            remember_identity(name, initials)
            line = f"Your changes are signed {name} ({initials.upper()}) on this computer."
        except OSError as error:
            line = (f"Your changes here are signed {name}, but this computer could not "
                    f"remember it ({error.strerror or error}): a new workspace will ask again.")
        self.hide()
        self.saved.emit(line)
