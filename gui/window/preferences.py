"""Edit ▸ Preferences: who you are in this workspace — name, initials and the colour your notes
and highlights are drawn in. Every change is attributed to this reviewer."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.dialogs import initials_of, show_error
from storage.errors import UserError
from storage.identity import remember_identity
from storage.store import Store


class PreferencesDialog(QDialog):
    """Name, initials and colour of the local reviewer. Signals:

    saved(): the store now holds the new values.
    """

    saved = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._store = store
        me = store.me()
        self.name = QLineEdit(me.name if me else "")
        self.initials = QLineEdit(me.initials if me else initials_of(self.name.text()))
        self.initials.setMaxLength(4)
        self.color = QColor(me.color if me else "#1971c2")
        self.color_button = QPushButton("Choose…")
        self.color_button.clicked.connect(self._choose_color)
        self._show_color()
        intro = QLabel("Your notes, drafts and status changes are signed with these; your notes "
                       "and highlights are drawn in your colour.")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Initials", self.initials)
        form.addRow("&Colour", self.color_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(420, self.sizeHint().height())

    def _show_color(self) -> None:
        swatch = QPixmap(16, 16)
        swatch.fill(self.color)
        self.color_button.setIcon(QIcon(swatch))
        self.color_button.setText(self.color.name())

    def _choose_color(self) -> None:
        chosen = QColorDialog.getColor(self.color, self, "Your colour")
        if chosen.isValid():
            self.color = chosen
            self._show_color()

    def save(self) -> None:
        try:
            self._store.set_me(self.name.text(), self.initials.text(),
                               self.color.name(QColor.NameFormat.HexRgb))
        except UserError as error:
            show_error(self, "Preferences", str(error))
            return
        try:
            remember_identity(self.name.text(), self.initials.text())  # for new workspaces
        except OSError:
            pass  # this workspace knows; a new one will ask again, in its banner
        self.saved.emit()
        self.accept()


def edit_preferences(store: Store, parent: QWidget | None = None) -> bool:
    """Show the dialog; True when the user saved new values."""
    dialog = PreferencesDialog(store, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    return dialog.exec() == QDialog.DialogCode.Accepted
