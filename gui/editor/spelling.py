"""Spell checking the draft, offline: pyspellchecker's English word list (loaded once per process,
in a background thread, after start-up), the workspace's own words ("Add to dictionary", kept in
the workspace setting `spelling:user_words` so the whole team's copy of a workspace shares its
terms), the words of the comment being answered (names, defined terms), and words ignored for
this session. Numbers, ALL-CAPS acronyms and words with digits are never flagged.
"""
from __future__ import annotations

import json
import re
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from storage.store import Store

USER_WORDS_KEY = "spelling:user_words"
MAX_SUGGESTIONS = 5
_TOKEN = re.compile(r"[^\W_](?:[\w'’]*[^\W_])?")


def _normal(word: str) -> str:
    word = word.replace("’", "'")
    if word.lower().endswith("'s"):
        word = word[:-2]
    return word


def checkable(word: str) -> bool:
    """Whether a word is one to look up: not a number, acronym, code or single letter."""
    return (len(word) > 1 and not any(c.isdigit() or c == "_" for c in word)
            and not word.isupper())


def words_of(text: str) -> list[tuple[int, str]]:
    """(offset, word) for each word of a line of text."""
    return [(m.start(), m.group()) for m in _TOKEN.finditer(text)]


# -- the word list, loaded once per process --------------------------------------------------

class _Loader(QObject):
    """Loads pyspellchecker's word list in a thread; `done` arrives in the GUI thread."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.checker: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="spelling", daemon=True)
            self._thread.start()

    def _load(self) -> None:
        from spellchecker import SpellChecker

        self.checker = SpellChecker(language="en", distance=2)
        self.done.emit()


_loader: _Loader | None = None


def _the_loader() -> _Loader:
    global _loader
    if _loader is None:
        _loader = _Loader()
    return _loader


class Spelling(QObject):
    """What counts as a misspelling for one editor. Signals:

    changed(): the dictionary finished loading, or words were added or ignored (re-check).
    """

    changed = Signal()

    def __init__(self, store: Store | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._user: set[str] = set()
        self._ignored: set[str] = set()
        self._context: set[str] = set()
        self._cache: dict[str, bool] = {}
        self._load_user_words()
        loader = _the_loader()
        if loader.checker is None:
            loader.done.connect(self._loaded)

    def set_store(self, store: Store | None) -> None:
        self._store = store
        self._load_user_words()
        self.changed.emit()

    def start_loading(self, delay_ms: int = 0) -> None:
        """Load the word list (off the start-up path: after `delay_ms`, in a thread)."""
        QTimer.singleShot(delay_ms, _the_loader().start)

    def ready(self) -> bool:
        return _the_loader().checker is not None

    @Slot()
    def _loaded(self) -> None:
        self._cache.clear()
        self.changed.emit()

    # -- words --------------------------------------------------------------------------------

    def misspelled(self, word: str) -> bool:
        """Whether to underline a word (never before the word list is loaded)."""
        checker = _the_loader().checker
        if checker is None or not checkable(word):
            return False
        key = _normal(word).lower()
        known = self._cache.get(key)
        if known is None:
            known = key in checker or key in self._user or key in self._context
            self._cache[key] = known
        return not known and key not in self._ignored

    def suggestions(self, word: str) -> list[str]:
        """Up to five likely corrections, commonest first, capitalised like the word."""
        checker = _the_loader().checker
        found = (checker.candidates(_normal(word).lower()) or set()) if checker else set()
        found.discard(word.lower())
        ranked = sorted(found, key=lambda w: (-checker.word_usage_frequency(w), w))
        shape = (lambda w: w[:1].upper() + w[1:]) if word[:1].isupper() else (lambda w: w)
        return [shape(w) for w in ranked[:MAX_SUGGESTIONS]]

    def add_word(self, word: str) -> None:
        """Add a word to the workspace's dictionary (kept in the workspace)."""
        key = _normal(word).lower()
        self._user.add(key)
        self._cache.pop(key, None)
        if self._store is not None:
            self._store.set_setting(USER_WORDS_KEY, json.dumps(sorted(self._user)))
        self.changed.emit()

    def ignore(self, word: str) -> None:
        """Stop flagging a word until the program closes."""
        self._ignored.add(_normal(word).lower())
        self.changed.emit()

    def set_context(self, text: str) -> None:
        """Accept the words of this text (the comment being answered: names, defined terms)."""
        words = {_normal(w).lower() for _, w in words_of(text)}
        if words != self._context:
            self._context = words
            self._cache.clear()

    def user_words(self) -> list[str]:
        return sorted(self._user)

    def _load_user_words(self) -> None:
        self._cache.clear()
        raw = self._store.setting(USER_WORDS_KEY) if self._store is not None else None
        try:
            words = json.loads(raw) if raw else []
        except ValueError:
            words = []
        self._user = {str(w).lower() for w in words if isinstance(w, str)}


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines misspelled words with a red wavy line (display only: not part of the HTML)."""

    def __init__(self, document: QTextDocument, spelling: Spelling) -> None:
        super().__init__(document)
        self.spelling = spelling
        self.enabled = True
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(QColor("#e03131"))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if not self.enabled:
            return
        for start, word in words_of(text):
            if self.spelling.misspelled(word):
                self.setFormat(start, len(word), self._format)


def word_at(cursor: QTextCursor) -> tuple[int, str] | None:
    """(document position, word) of the word under a cursor, if any."""
    block = cursor.block()
    offset = cursor.position() - block.position()
    for start, word in words_of(block.text()):
        if start <= offset <= start + len(word):
            return block.position() + start, word
    return None


def add_spelling_actions(menu: QMenu, cursor: QTextCursor, spelling: Spelling) -> None:
    """Put suggestions, "Add to dictionary" and "Ignore" at the top of a context menu when the
    cursor is on a misspelled word."""
    found = word_at(cursor)
    if found is None or not spelling.misspelled(found[1]):
        return
    position, word = found
    first = menu.actions()[0] if menu.actions() else None
    entries: list[QAction] = []
    suggestions = spelling.suggestions(word)
    for suggestion in suggestions:
        action = QAction(suggestion, menu)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.triggered.connect(
            lambda _=False, s=suggestion: _replace(cursor, position, word, s))
        entries.append(action)
    if not suggestions:
        none = QAction("(no suggestions)", menu)
        none.setEnabled(False)
        entries.append(none)
    add = QAction("Add to dictionary", menu)
    add.setToolTip(f"Stop flagging “{word}” in this workspace")
    add.triggered.connect(lambda _=False: spelling.add_word(word))
    ignore = QAction("Ignore", menu)
    ignore.triggered.connect(lambda _=False: spelling.ignore(word))
    entries += [add, ignore]
    if first is None:
        menu.addActions(entries)
    else:
        menu.insertActions(first, entries)
        menu.insertSeparator(first)


def _replace(cursor: QTextCursor, position: int, word: str, replacement: str) -> None:
    edit = QTextCursor(cursor.document())
    edit.setPosition(position)
    edit.setPosition(position + len(word), QTextCursor.MoveMode.KeepAnchor)
    if edit.selectedText() == word:
        edit.insertText(replacement)
