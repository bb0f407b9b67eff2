"""The dialogs of exchange packs: choosing what to export and where, the busy message while a
pack is written or merged, where a pack went, which pack to import, and the summary of what an
import brought in. Loaded when one of them is first wanted, not with the window.

`ExportDialog` writes the pack itself when its Export button is clicked (and stays open, with
the error shown, if that fails); `ImportSummaryDialog` says what came in, what merged and what
conflicts wait, with "Resolve conflicts now" when some do.
"""
from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.common import dialogs
from gui.common.dialogs import busy
from gui.common.formats import local_time, save_folder
from storage.errors import UserError
from storage.exchange import ImportSummary, PackSummary, export_pack
from storage.exchange.peers import last_peer, last_sent, pack_recipients
from storage.store import Store

PACK_SUFFIX = ".rejoinder-pack"
PACK_FILTER = "Exchange packs (*.rejoinder-pack *.zip);;All files (*)"
EXPORT_TITLE = "Rejoinder — export exchange pack"
NEW_PEER = "Someone else (a reviewer new to this matter)"

# What a pack's record kinds are called in plain words: (one, several).
KIND_WORDS: dict[str, tuple[str, str]] = {
    "matters": ("matter", "matters"), "documents": ("document", "documents"),
    "comments": ("comment", "comments"), "corrections": ("split correction", "split corrections"),
    "responses": ("answer", "answers"), "response_versions": ("answer version", "answer versions"),
    "status_changes": ("status change", "status changes"),
    "due_changes": ("due-date change", "due-date changes"),
    "annotations": ("note or highlight", "notes and highlights"),
    "reviewers": ("reviewer", "reviewers"), "events": ("history entry", "history entries"),
    "clauses": ("library clause", "library clauses"),
    "attachments": ("attachment", "attachments"),
}


def counts_text(counts: dict[str, int]) -> str:
    """ "11 comments, 3 notes and highlights" (internal kinds left out), or "nothing"."""
    parts = [f"{n:,} {KIND_WORDS[k][n != 1]}" for k, n in counts.items()
             if n and k in KIND_WORDS]
    return ", ".join(parts) or "nothing"


def default_pack_path(company: str, initials: str, today: date | None = None) -> Path:
    """"<Company> — <date> — <initials>.rejoinder-pack" in the user's Documents folder."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", company).strip() or "Matter"
    day = (today or date.today()).isoformat()
    return save_folder() / f"{safe} — {day} — {initials or 'me'}{PACK_SUFFIX}"




class ExportDialog(QDialog):
    """Which matter, everything or the changes since the last pack to someone, and where.

    Signals: written(PackSummary) — the pack was written (the dialog then closes).
    """

    written = Signal(object)

    def __init__(self, store: Store, matter_id: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._path_chosen = False
        self._confirmed: Path | None = None  # a path the save dialog asked to replace
        self.setWindowTitle(EXPORT_TITLE)
        self._build()
        index = self.matter.findData(matter_id) if matter_id else -1
        self.matter.setCurrentIndex(max(index, 0))
        self._matter_changed()
        self.resize(620, self.sizeHint().height())

    def _build(self) -> None:
        self.matter = QComboBox()
        for matter in self.store.matters():
            self.matter.addItem(matter.title, matter.id)
        self.everything = QRadioButton("&Everything in the matter")
        self.since = QRadioButton("Only the &changes since the last pack to them")
        self.peer = QComboBox()
        for reviewer_id in pack_recipients(self.store):
            reviewer = self.store.reviewer(reviewer_id)
            self.peer.addItem(f"{reviewer.name} ({reviewer.initials})", reviewer.id)
        self.peer.addItem(NEW_PEER, None)
        self.peer_note = QLabel()
        self.peer_note.setWordWrap(True)
        self.peer_note.setStyleSheet("color: palette(placeholder-text)")
        self.path = QLineEdit()
        self.choose = QPushButton("C&hoose…")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("E&xport")
        self._lay_out()
        self.matter.currentIndexChanged.connect(self._matter_changed)
        self.peer.currentIndexChanged.connect(self._peer_changed)
        self.since.toggled.connect(self._peer_changed)
        self.choose.clicked.connect(self._choose_path)
        self.path.textEdited.connect(self._path_edited)
        self.path.textChanged.connect(self._check)
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        intro = QLabel("An exchange pack carries this matter's letters, answers, statuses and "
                       "notes to another reviewer, whose Rejoinder merges it without losing "
                       "anyone's work. Send it by mail or on a stick.")
        intro.setWordWrap(True)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        form = QFormLayout()
        form.addRow("&Matter", self.matter)
        to = QVBoxLayout()
        to.addWidget(self.peer)
        to.addWidget(self.peer_note)
        to_label = QLabel("&To")
        to_label.setBuddy(self.peer)
        form.addRow(to_label, to)
        scope = QVBoxLayout()
        scope.addWidget(self.everything)
        scope.addWidget(self.since)
        form.addRow("What", scope)
        file_label = QLabel("&File")
        file_label.setBuddy(self.path)
        form.addRow(file_label, file_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    # -- choices ------------------------------------------------------------------------------

    def matter_id(self) -> str | None:
        return self.matter.currentData()

    def recipient(self) -> str | None:
        """The reviewer the pack goes to; None for someone not known here yet."""
        found = self.peer.currentData()
        return str(found) if found else None

    def since_peer(self) -> str | None:
        return self.recipient() if self.since.isChecked() else None

    @Slot()
    def _matter_changed(self) -> None:
        matter_id = self.matter_id()
        peer = last_peer(self.store, matter_id) if matter_id else None
        found = self.peer.findData(peer) if peer else -1
        if found >= 0:
            self.peer.setCurrentIndex(found)
        if found < 0:
            self.peer.setCurrentIndex(0)
        self.since.setChecked(found >= 0 and self._sent_before())
        self.everything.setChecked(not self.since.isChecked())
        if not self._path_chosen and matter_id:
            me = self.store.me()
            self.path.setText(str(default_pack_path(self.store.matter(matter_id).company,
                                                    me.initials if me else "")))
        self._peer_changed()

    def _sent_before(self) -> bool:
        matter_id, peer = self.matter_id(), self.peer.currentData()
        return bool(matter_id and peer and last_sent(self.store, matter_id, peer))

    @Slot()
    def _peer_changed(self) -> None:
        known = self.recipient() is not None
        self.since.setEnabled(known)
        if not known:
            self.everything.setChecked(True)
        self.peer_note.setText(self._peer_text())
        self._check()

    def _peer_text(self) -> str:
        if self.recipient() is None:
            return "Someone whose pack has not come here yet: the pack carries the whole " \
                   "matter; once theirs comes back, later packs can carry only the changes."
        matter_id, peer = self.matter_id(), self.peer.currentData()
        sent = last_sent(self.store, matter_id, peer) if matter_id and peer else None
        name = self.store.reviewer(peer).name if peer else ""
        if sent is None:
            return f"No pack of this matter has been sent to {name} yet: a pack of changes " \
                   "would carry the whole matter."
        return f"Last pack sent to {name}: {local_time(sent.at, 'dd MMM yyyy HH:mm')}."

    @Slot()
    def _choose_path(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export exchange pack", self.path.text(),
                                              PACK_FILTER)
        if name:
            path = Path(name)
            path = path if path.suffix else path.with_suffix(PACK_SUFFIX)
            self.path.setText(str(path))
            self._path_chosen = True
            self._confirmed = Path(name)

    @Slot(str)
    def _path_edited(self, _text: str) -> None:
        self._path_chosen = True

    @Slot()
    def _check(self) -> None:
        self.export_button.setEnabled(bool(self.matter_id() and self.path.text().strip()))

    # -- writing ------------------------------------------------------------------------------

    @Slot()
    def write(self) -> None:
        """Write the pack; on success emit `written` and close, else say why and stay open."""
        matter_id, path = self.matter_id(), Path(self.path.text().strip()).expanduser()
        if not matter_id or not self._may_write(path):
            return
        try:
            with busy(self, f"Writing {path.name}…"):
                summary = export_pack(self.store, matter_id, path, since_peer=self.since_peer(),
                                      to=self.recipient())
        except (UserError, OSError) as error:
            dialogs.show_error(self, EXPORT_TITLE, _write_error(path, error))
            return
        self.accept()
        self.written.emit(summary)

    def _may_write(self, path: Path) -> bool:
        if not path.parent.is_dir():
            dialogs.show_error(self, EXPORT_TITLE, f"The folder {path.parent} does not exist. "
                               "Choose another place for the pack.")
            return False
        if path.exists() and path != self._confirmed:  # the file dialog asked already
            box = QMessageBox(QMessageBox.Icon.Question, EXPORT_TITLE,
                              f"{path} exists already. Replace it?",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              self)
            return box.exec() == QMessageBox.StandardButton.Yes
        return True


def choose_pack(parent: QWidget) -> Path | None:
    """Ask which exchange pack to import; None when the user cancels."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import exchange pack", "", PACK_FILTER)
    return Path(name) if name else None


def _write_error(path: Path, error: Exception) -> str:
    if isinstance(error, UserError):
        return str(error)
    return f"The pack could not be written to {path}: {getattr(error, 'strerror', None) or error}" \
           ". Choose another folder (one you can write to, with free space) and try again."


def written_text(summary: PackSummary) -> str:
    """The message after an export: where, what, how big."""
    scope = "the changes since the last pack to that reviewer" if summary.since_pack_id \
        else "the whole matter"
    size = f"{summary.size / 1024:,.0f} KB" if summary.size < 2**20 \
        else f"{summary.size / 2**20:,.1f} MB"
    files = f"{summary.documents} document file{'s' if summary.documents != 1 else ''}"
    left_out = (f"\n\nThese attached files are too large for a pack and were left out "
                f"(their entries travel): {', '.join(summary.left_out)}. Send them another way."
                if summary.left_out else "")
    return (f"Pack written to {summary.path}: {counts_text(summary.shown_counts())} "
            f"({scope}; {files}; {size}).{left_out}\n\n"
            "Send this file to the other reviewer; they open it with File → Import "
            "exchange pack….")


def show_written(summary: PackSummary, parent: QWidget) -> None:
    """Say where the pack went, what it holds and how big it is."""
    box = QMessageBox(QMessageBox.Icon.Information, EXPORT_TITLE, written_text(summary),
                      QMessageBox.StandardButton.Ok, parent)
    box.exec()


class ImportSummaryDialog(QDialog):
    """What an imported pack brought in, what merged, and what conflicts wait.

    Signals: resolveRequested() — "Resolve conflicts now" was clicked.
    """

    resolveRequested = Signal()

    def __init__(self, summary: ImportSummary, labels: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle("Rejoinder — exchange pack imported")
        self.text = QLabel(summary_html(summary, labels))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(
            "Later" if summary.waiting else "Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.resolve_button = self.buttons.addButton(
            "&Resolve conflicts now", QDialogButtonBox.ButtonRole.AcceptRole)
        self.resolve_button.setVisible(bool(summary.waiting))
        (self.resolve_button if summary.waiting else self.close_button).setDefault(True)
        self.resolve_button.clicked.connect(self._resolve)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    @Slot()
    def _resolve(self) -> None:
        self.accept()
        self.resolveRequested.emit()


def summary_html(summary: ImportSummary, labels: list[str]) -> str:
    """The summary in words; `labels` name the waiting conflicts ("Comment 3 — answer")."""
    head = f"{escape(summary.author)}’s pack for <b>{escape(summary.matter_title)}</b>"
    if summary.new_matter:
        head += " — a matter new to this workspace"
    parts = [f"<p style='font-size:large'>{head}</p>"]
    if summary.repeated:
        parts.append("<p>This pack had been imported before: nothing changed.</p>")
    parts.append(_section("What came in", came_in_text(summary)))
    parts.append(_section("What waits for you", _waiting_html(summary, labels), raw=True))
    return "".join(parts)


def came_in_text(summary: ImportSummary) -> str:
    """Everything the pack brought, in one sentence: new records, changes merged into
    records you had, and changes that conflict with yours."""
    parts = []
    if any(summary.added.values()):
        parts.append(f"new: {counts_text(summary.added)}")
    if any(summary.updated.values()):
        parts.append(f"their changes to {counts_text(summary.updated)}, merged")
    if summary.new_conflicts:
        parts.append(f"{summary.new_conflicts} change{'s' if summary.new_conflicts != 1 else ''}"
                     " that conflict with yours (listed below)")
    if summary.settled_conflicts:
        parts.append(f"their choice in {summary.settled_conflicts} earlier conflict(s)")
    if not parts:
        return "Nothing new: this workspace already had everything in the pack."
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def _section(title: str, body: str, raw: bool = False) -> str:
    return f"<p><b>{title}</b><br>{body if raw else escape(body)}</p>"


def _waiting_html(summary: ImportSummary, labels: list[str]) -> str:
    settled = ""
    if not summary.waiting:
        return escape(settled + "No conflicts: everything merged on its own.")
    count = len(summary.waiting)
    text = (f"{settled}{count} conflict{'s' if count != 1 else ''}: you both changed "
            f"{'these' if count != 1 else 'this'} since you last exchanged packs. Your "
            "version stays until you choose.")
    shown = "".join(f"<li>{escape(label)}</li>" for label in labels[:8])
    more = f"<li>… and {len(labels) - 8} more</li>" if len(labels) > 8 else ""
    return f"{escape(text)}<ul style='margin-top:4px'>{shown}{more}</ul>"
