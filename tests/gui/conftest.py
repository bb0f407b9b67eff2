"""Fixtures for the window: a temporary workspace, settings in a temporary INI file, dialogs
captured instead of shown, letters made by hand, and a main window added with qtbot."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gui.pdf.letter_view import letter_view
from gui.pdf.view import PdfView
from gui.window.main_window import MainWindow
from storage import importer
from storage.importer import ImportResult
from storage.ingest.model import Anchor, ParsedComment, ParsedLetter
from storage.store import Store

# The offscreen platform says this whenever a top-level window with a layout is shown; it is
# about the test platform, not the program.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class Dialogs:
    """What the code under test asked the user: message boxes shown, answers queued."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)  # title, text, details
    opened: list[QDialog] = field(default_factory=list)  # other dialogs, accepted at once
    answers: list[tuple[str, bool]] = field(default_factory=list)  # for QInputDialog.getText

    @property
    def texts(self) -> list[str]:
        return [text for _, text, _ in self.shown]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """No modal dialog ever blocks a test: message boxes are recorded, input dialogs answer
    from `dialogs.answers` (or cancel), file dialogs cancel."""
    seen = Dialogs()

    def message_exec(box: QMessageBox) -> int:
        seen.shown.append((box.windowTitle(), box.text(), box.detailedText()))
        return int(QMessageBox.StandardButton.Ok)

    def get_text(*_args: Any, **_kwargs: Any) -> tuple[str, bool]:
        return seen.answers.pop(0) if seen.answers else ("", False)

    def dialog_exec(dialog: QDialog) -> int:
        seen.opened.append(dialog)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QDialog, "exec", dialog_exec)
    monkeypatch.setattr(QMessageBox, "exec", message_exec)
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([], ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    return seen


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "test.rejoinder"


@pytest.fixture
def store(workspace_path: Path) -> Iterator[Store]:
    opened = Store.open(workspace_path)
    opened.set_me("Ada Lovelace", "AL")
    yield opened
    opened.close()


WindowFactory = Callable[[Store], MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, settings: QSettings) -> WindowFactory:
    """Windows over a store, each added to qtbot (closed, and its store with it, at the end)."""

    def make(store: Store) -> MainWindow:
        window = MainWindow(store, settings)
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def window(make_window: WindowFactory, store: Store) -> MainWindow:
    return make_window(store)


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[PdfView]:
    """A PDF pane of its own, shown at 800 × 600."""
    widget = letter_view()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.renderer.shutdown()


# -- letters made by hand -------------------------------------------------------------------

COMMENTS = (
    (("Form 10-K for the Fiscal Year Ended December 31, 2016", "Goodwill, page 84"),
     "Tell us whether your MNS reporting unit was at risk of failing step 1 of the goodwill "
     "impairment test."),
    ((), "Please explain how you determined the fair value of the reporting unit."),
    (("Form 10-K for the Fiscal Year Ended December 31, 2016", "Income Taxes, page 97"),
     "Tell us the amount of unrecognized tax benefits that would affect the rate."),
)


@cache
def letter_pdf(title: str, lines: tuple[str, ...]) -> bytes:
    """A one-page PDF printing each comment near where its anchor says."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), title, fontsize=14)
    for i, line in enumerate(lines):
        page.insert_text((72, 120 + 60 * i), line[:80], fontsize=10)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def make_letter(kind: str = "staff", date: str = "2017-08-16",
                answers: str | None = None, name: str | None = None) -> ParsedLetter:
    comments = []
    for i, (headings, text) in enumerate(COMMENTS):
        top = 108.0 + 60 * i
        comments.append(ParsedComment(
            number=i + 1, headings=headings, text=f"{i + 1}. {text}",
            page=1 if kind == "staff" else None,
            response=f"We respectfully advise the Staff about item {i + 1}."
            if kind == "response" else None,
            anchors=(Anchor(1, (72.0, top, 540.0, top + 20)),)))
    pdf = letter_pdf(f"{kind} letter of {date}", tuple(c.text for c in comments))
    name = name or f"example_{date}_{kind}.pdf"
    return ParsedLetter(name, "pdf", kind,  # type: ignore[arg-type]
                        date, "Example Corp", ("001-00001",),
                        ("Form 10-K for the Fiscal Year Ended December 31, 2016",),
                        tuple(comments), 1, pdf, answers_letter_date=answers)


def import_letter(store: Store, letter: ParsedLetter | None = None) -> ImportResult:
    letter = letter or make_letter()
    result: ImportResult = importer.import_letter(store, letter, letter.display_pdf)
    return result


@pytest.fixture
def fake_parser(monkeypatch: pytest.MonkeyPatch) -> list[ParsedLetter]:
    """Make `import_file` parse any file as the next of these hand-made letters (a staff
    letter by default), so the window's import runs without the real parser."""
    import storage.importer

    queue: list[ParsedLetter] = []

    def parse(data: bytes, name: str, password: str | None = None) -> ParsedLetter:
        letter = queue.pop(0) if queue else make_letter()
        return dataclasses.replace(letter, source_name=name)

    monkeypatch.setattr(storage.importer, "parse_letter", parse)
    return queue
