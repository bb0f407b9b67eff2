"""The matter's response letter settings (File ▸ Export ▸ Response letter settings…): the
letterhead, addressee, signatory, closing and the other words around the answers, edited in
`LetterSettingsDialog`. Loaded when the dialog is first opened, not with the window.
"""
from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from gui.common import dialogs
from gui.common.workbench import Workbench
from storage.errors import UserError
from storage.exports.letter import LetterSettings, letter_settings, set_letter_settings

_MULTILINE = {"letterhead", "addressee", "re_lines", "opening", "closing", "cc"}
_LABELS = {"letterhead": "Letterhead", "addressee": "Addressee", "salutation": "Salutation",
           "re_lines": "Re: block", "opening": "Opening paragraph", "closing": "Closing",
           "sign_off": "Sign-off", "signatory": "Signatory", "signatory_title": "Title",
           "signatory_company": "Company", "cc": "cc", "letter_date": "Letter date"}


def edit_letter_settings(bench: Workbench) -> bool:
    """Edit the current matter's letter settings; True when they were saved."""
    matter_id = bench.current_matter_id()
    if matter_id is None:
        return False
    window = bench.main_window()
    dialog = LetterSettingsDialog(letter_settings(bench.store, matter_id), window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        set_letter_settings(bench.store, matter_id, dialog.settings())
    except UserError as error:
        dialogs.show_error(window, "Response letter settings", str(error))
        return False
    return True


class LetterSettingsDialog(QDialog):
    """The words around the answers in the matter's response letter; one line per line."""

    def __init__(self, current: LetterSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Response letter settings")
        self._current = current
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for item in fields(LetterSettings):
            value = getattr(current, item.name)
            if item.name in _MULTILINE:
                lines = QPlainTextEdit("\n".join(value) if isinstance(value, tuple) else value)
                lines.setTabChangesFocus(True)
                lines.setFixedHeight(lines.fontMetrics().lineSpacing() * 4 + 12)
                editor: QLineEdit | QPlainTextEdit = lines
            else:
                editor = QLineEdit(value)
            if item.name == "letter_date":
                editor.setPlaceholderText("YYYY-MM-DD; empty: the day the letter is made")
            self.editors[item.name] = editor
            form.addRow(_LABELS.get(item.name, item.name), editor)
        dialogs.form_body(self, form, save=True)
        self.resize(620, self.sizeHint().height())

    def settings(self) -> LetterSettings:
        values: dict[str, object] = {}
        for name, editor in self.editors.items():
            text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            is_tuple = isinstance(getattr(self._current, name), tuple)
            values[name] = tuple(line.strip() for line in text.splitlines() if line.strip()) \
                if is_tuple else text.strip()
        return replace(self._current, **values)  # type: ignore[arg-type]
