"""The draft answer's text field: rich text (bold, italic, underline, lists) stored as Qt's HTML,
a small formatting toolbar over it, clean pasting, and the word count.

Drafts stored before the editor wrote HTML (and filed answers seeded as drafts) are plain text;
`load_draft` shows them as typed, so "< 5% and > 2%" is not taken for markup.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, QSize, Qt, QUrl, Slot
from PySide6.QtGui import (
    QAction,
    QActionEvent,
    QContextMenuEvent,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFragment,
    QTextListFormat,
)
from PySide6.QtWidgets import QApplication, QMenu, QTextEdit, QToolBar, QToolButton, QWidget

_WORD = re.compile(r"[\w'’-]*\w[\w'’-]*")
_QT_HTML = ("<!doctype html", "<html")
_PASTED_CHAR_PROPERTIES = (
    QTextCharFormat.Property.FontWeight, QTextCharFormat.Property.FontItalic,
    QTextCharFormat.Property.TextUnderlineStyle, QTextCharFormat.Property.FontUnderline,
    QTextCharFormat.Property.FontStrikeOut, QTextCharFormat.Property.TextVerticalAlignment,
)


def is_rich(draft: str) -> bool:
    """Whether a stored draft is HTML (the editor's `toHtml()`), rather than plain text."""
    head = draft.lstrip()[:40].lower()
    if head.startswith(_QT_HTML):
        return True
    return head.startswith("<") and QtGui.Qt.mightBeRichText(draft)  # e.g. "<p>…</p>" from a merge


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def words_label(count: int) -> str:
    return "1 word" if count == 1 else f"{count:,} words"


class _Offline(QTextDocument):
    """A document that never loads anything (pasted HTML may name images, style sheets, files)."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt's name)
        return None


def clean_fragment(html: str) -> QTextDocumentFragment:
    """Pasted HTML (from Word, a browser …) kept to what an answer letter uses: paragraphs,
    lists, bold, italic, underline. Images, fonts, colours and links are dropped."""
    doc = _Offline()
    doc.setHtml(html)
    cursor = QTextCursor(doc)
    block = doc.begin()
    while block.isValid():
        _clean_block(cursor, block)
        block = block.next()
    return QTextDocumentFragment(doc)


def _clean_block(cursor: QTextCursor, block: QTextBlock) -> None:
    fmt = QTextBlockFormat(block.blockFormat())
    for prop in (QTextBlockFormat.Property.BackgroundBrush,
                 QTextBlockFormat.Property.ForegroundBrush):
        fmt.clearProperty(prop)
    cursor.setPosition(block.position())
    cursor.setBlockFormat(fmt)
    spans = [(f.position(), f.length(), f.charFormat()) for f in _fragments(block)]
    for position, length, char in reversed(spans):
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        if char.isImageFormat() or cursor.selectedText() == "\ufffc":
            cursor.removeSelectedText()
            continue
        clean = QTextCharFormat()
        for prop in _PASTED_CHAR_PROPERTIES:
            if char.hasProperty(prop):
                clean.setProperty(prop, char.property(prop))
        cursor.setCharFormat(clean)


def _fragments(block: QTextBlock) -> list[QTextFragment]:
    found = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.isValid():
            found.append(fragment)
        it += 1
    return found


# The field with the focus is framed in the highlight colour, so a keyboard user sees it.
FOCUS_FRAME = ("QTextEdit { border: 1px solid palette(mid); } "
               "QTextEdit:focus { border: 1px solid palette(highlight); }")


class DraftEdit(QTextEdit):
    """The draft's text field. While it has the focus it claims its formatting keys (Ctrl+B,
    Ctrl+I, Ctrl+U) before the window's shortcuts see them: the window's Ctrl+I (Import letters)
    would otherwise be an ambiguous shortcut and neither would run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(True)
        # Tab and Shift+Tab move the focus, as in every other field; Ctrl+Tab indents a list.
        self.setTabChangesFocus(True)
        self.setStyleSheet(FOCUS_FRAME)
        self._keys: dict[QKeySequence, Callable[[], None]] = {}
        self._menu_extender: Callable[[QMenu, QTextCursor], None] | None = None
        self.context_menu: QMenu | None = None
        self.claim_key("Ctrl+Tab", lambda: self.indent(1))
        for key in ("Ctrl+Shift+Tab", "Ctrl+Shift+Backtab", "Ctrl+Backtab"):
            self.claim_key(key, lambda: self.indent(-1))

    def indent(self, step: int) -> None:
        """Indent (step 1) or outdent (-1) the list item or paragraph at the cursor."""
        cursor = self.textCursor()
        current = cursor.currentList()
        if current is not None:
            fmt = QTextListFormat(current.format())
            fmt.setIndent(max(1, fmt.indent() + step))
            if current.count() > 1:
                cursor.createList(fmt)  # this item only, as a list of its own level
            else:
                current.setFormat(fmt)
        else:
            block = cursor.blockFormat()
            block.setIndent(max(0, block.indent() + step))
            cursor.setBlockFormat(block)

    def claim_key(self, sequence: str, handler: Callable[[], None]) -> None:
        """Handle `sequence` here while the field has the focus, whatever the window binds."""
        self._keys[QKeySequence(sequence)] = handler

    def set_menu_extender(self, extend: Callable[[QMenu, QTextCursor], None]) -> None:
        """`extend(menu, cursor_at_click)` adds entries (spelling suggestions) to the context
        menu before it is shown."""
        self._menu_extender = extend

    # -- loading and reading ------------------------------------------------------------------

    def load_draft(self, draft: str) -> None:
        if is_rich(draft):
            self.setHtml(draft)
        else:
            self.setPlainText(draft)

    def draft_html(self) -> str:
        """What is stored: Qt's HTML, or "" for an empty draft (so it stays unanswered)."""
        return self.toHtml() if self.toPlainText().strip() else ""

    # -- keys, menus and pasting --------------------------------------------------------------

    def _handler(self, event: QKeyEvent) -> Callable[[], None] | None:
        return self._keys.get(QKeySequence(event.keyCombination()))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self._handler(event) is not None and not self.isReadOnly():
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        handler = self._handler(event)
        if handler is not None and not self.isReadOnly():
            handler()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu(event.pos())
        if self._menu_extender is not None and not self.isReadOnly():
            self._menu_extender(menu, self.cursorForPosition(event.pos()))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context_menu = menu  # the menu open now (tests look at it)
        menu.popup(event.globalPos())

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802
        return source.hasHtml() or (source.hasText() and bool(source.text()))

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        if source.hasHtml():
            self.textCursor().insertFragment(clean_fragment(source.html()))
        elif source.hasText():
            self.textCursor().insertText(source.text())
        self.ensureCursorVisible()


def _styled_font(**style: bool) -> QFont:
    font = QFont()
    font.setBold(style.get("bold", False))
    font.setItalic(style.get("italic", False))
    font.setUnderline(style.get("underline", False))
    return font


def list_icon(numbered: bool) -> QIcon:
    """Three short lines behind dots (bullets) or small figures (numbers)."""
    pixmap = QPixmap(32, 32)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QApplication.palette().color(QPalette.ColorRole.WindowText)
    painter.setPen(QPen(color, 1.4))
    font = painter.font()
    font.setPixelSize(6)
    font.setBold(True)
    painter.setFont(font)
    for i, y in enumerate((3.5, 8.0, 12.5)):
        if numbered:
            painter.drawText(QRectF(0, y - 3.5, 5, 7), Qt.AlignmentFlag.AlignCenter, str(i + 1))
        else:
            painter.setBrush(color)
            painter.drawEllipse(QRectF(1.2, y - 1.2, 2.4, 2.4))
        painter.drawLine(QPointF(6.5, y), QPointF(15, y))
    painter.end()
    return QIcon(pixmap)


class FormatBar(QToolBar):
    """Bold, italic, underline, bulleted and numbered lists, undo and redo for a DraftEdit."""

    def __init__(self, edit: DraftEdit, parent: QWidget | None = None) -> None:
        super().__init__("Format", parent)
        self.edit = edit
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonFollowStyle)
        self.setStyleSheet("QToolBar { border: 0; spacing: 1px; padding: 0; }"
                           "QToolButton { padding: 1px 5px; }")
        self.bold = self._toggle("B", "Bold (Ctrl+B)", "Ctrl+B", self._bold, bold=True)
        self.italic = self._toggle("I", "Italic (Ctrl+I)", "Ctrl+I", self._italic, italic=True)
        self.underline = self._toggle("U", "Underline (Ctrl+U)", "Ctrl+U", self._underline,
                                      underline=True)
        self.addSeparator()
        self.bullets = self._toggle("• List", "Bulleted list", None, self._bullets)
        self.numbers = self._toggle("1. List", "Numbered list", None, self._numbers)
        self.bullets.setIcon(list_icon(numbered=False))
        self.numbers.setIcon(list_icon(numbered=True))
        self.setIconSize(QSize(16, 16))
        self.addSeparator()
        self.undo = self._button("↶", "Undo (Ctrl+Z)", edit.undo)
        self.redo = self._button("↷", "Redo (Ctrl+Shift+Z)", edit.redo)
        self.undo.setEnabled(False)
        self.redo.setEnabled(False)
        edit.undoAvailable.connect(self.undo.setEnabled)
        edit.redoAvailable.connect(self.redo.setEnabled)
        edit.currentCharFormatChanged.connect(self._show_format)
        edit.cursorPositionChanged.connect(self._show_list)

    def actionEvent(self, event: QActionEvent) -> None:  # noqa: N802
        super().actionEvent(event)
        button = self.widgetForAction(event.action())
        if isinstance(button, QToolButton):  # icons where there are, text elsewhere
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly
                                      if not event.action().icon().isNull() else
                                      Qt.ToolButtonStyle.ToolButtonTextOnly)

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        return action

    def _toggle(self, text: str, tip: str, key: str | None, slot: Callable[[bool], None],
                **style: bool) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setToolTip(tip)
        if style:
            action.setFont(_styled_font(**style))
        action.triggered.connect(slot)
        self.addAction(action)
        if key:
            self.edit.claim_key(key, action.trigger)
        return action

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802
        super().setEnabled(enabled)
        self.undo.setEnabled(enabled and self.edit.document().isUndoAvailable())
        self.redo.setEnabled(enabled and self.edit.document().isRedoAvailable())

    # -- character formats --------------------------------------------------------------------

    def _merge(self, fmt: QTextCharFormat) -> None:
        self.edit.mergeCurrentCharFormat(fmt)
        self.edit.setFocus()

    @Slot(bool)
    def _bold(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if on else QFont.Weight.Normal)
        self._merge(fmt)

    @Slot(bool)
    def _italic(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(on)
        self._merge(fmt)

    @Slot(bool)
    def _underline(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontUnderline(on)
        self._merge(fmt)

    @Slot(QTextCharFormat)
    def _show_format(self, fmt: QTextCharFormat) -> None:
        self.bold.setChecked(fmt.fontWeight() >= QFont.Weight.DemiBold)
        self.italic.setChecked(fmt.fontItalic())
        self.underline.setChecked(fmt.fontUnderline())

    # -- lists --------------------------------------------------------------------------------

    @Slot(bool)
    def _bullets(self, _on: bool) -> None:
        self.toggle_list(QTextListFormat.Style.ListDisc)

    @Slot(bool)
    def _numbers(self, _on: bool) -> None:
        self.toggle_list(QTextListFormat.Style.ListDecimal)

    def toggle_list(self, style: QTextListFormat.Style) -> None:
        """Make the selected paragraphs a list of `style`, or plain paragraphs if they are one."""
        cursor = self.edit.textCursor()
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            _unlist(cursor)
        elif current is not None:
            fmt = current.format()
            fmt.setStyle(style)
            current.setFormat(fmt)
        else:
            cursor.createList(style)
        cursor.endEditBlock()
        self._show_list()
        self.edit.setFocus()

    @Slot()
    def _show_list(self) -> None:
        current = self.edit.textCursor().currentList()
        style = current.format().style() if current is not None else None
        self.bullets.setChecked(style == QTextListFormat.Style.ListDisc)
        self.numbers.setChecked(style == QTextListFormat.Style.ListDecimal)


def _unlist(cursor: QTextCursor) -> None:
    """Take the blocks of the cursor's selection out of their list."""
    doc = cursor.document()
    block = doc.findBlock(cursor.selectionStart())
    last = doc.findBlock(cursor.selectionEnd())
    while block.isValid():
        listed = block.textList()
        if listed is not None:
            listed.remove(block)
            fmt = block.blockFormat()
            fmt.setIndent(0)
            QTextCursor(block).setBlockFormat(fmt)
        if block == last:
            break
        block = block.next()
