"""The round thread of a comment: its earlier and later incarnations across the staff's letters
(linked by "prior comment 3" references), each with its answers, oldest first, in one view."""
from __future__ import annotations

import html

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from gui.review.search import muted
from storage.errors import NotFound
from storage.models import STATUS_LABELS, Comment
from storage.store import Store, plain_text
from storage.threads import Thread, thread

SCHEME = "comment"  # links in the view: comment:<id>
CURRENT_TINT = "#fff4d6"


def _paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs, escaped."""
    blocks = [b.strip() for b in text.replace("\r", "").split("\n\n") if b.strip()]
    return "".join(f"<p>{html.escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


class ThreadView(QWidget):
    """A comment's thread across rounds. Signals:

    commentChosen(str): the user clicked a block's header (the id of its comment).
    """

    commentChosen = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._comment_id: str | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.browser)
        self.show_comment(None)

    def set_store(self, store: Store) -> None:
        self._store = store
        self.show_comment(None)

    def follow(self, comment: Comment | None) -> None:
        self.show_comment(comment.id if comment is not None else None)

    def comment_id(self) -> str | None:
        return self._comment_id

    def show_comment(self, comment_id: str | None) -> None:
        """Show the thread of a comment (or a hint when there is none)."""
        self._comment_id = comment_id
        try:
            found = thread(self._store, comment_id) if comment_id else None
        except NotFound:
            found = None
        if found is None:
            self.title.setText("<i>Select a comment to see what was asked and answered about it "
                               "in earlier and later rounds.</i>")
            self.browser.clear()
            return
        self._show(found)

    def _show(self, found: Thread) -> None:
        chain = [*found.earlier, found.comment, *found.later]
        rounds = len(chain)
        title = self._store.matter(found.comment.matter_id).title
        self.title.setText(
            f"<b>Round thread</b> — {html.escape(title)}"
            f"<br><span style='color:{muted(self)}'>"
            + (f"{rounds} rounds, oldest first" if rounds > 1 else
               "No earlier or later letter cites this comment.") + "</span>")
        self.browser.setHtml("".join(self._block(c, c.id == found.comment.id) for c in chain))
        # once laid out: the view may have been shown just now
        QTimer.singleShot(0, lambda: self.browser.scrollToAnchor("current"))

    # -- one block per comment ------------------------------------------------------------

    def header(self, comment: Comment) -> str:
        """"Round 1 · Staff letter 2016-06-30 · Comment 3"."""
        document = self._store.document(comment.document_id)
        return f"Round {document.round} · {document.label} · Comment {comment.number}"

    def _block(self, comment: Comment, current: bool) -> str:
        link = (f"<a name='{'current' if current else comment.id}' href='{SCHEME}:{comment.id}'"
                f" style='text-decoration:none'><b>{html.escape(self.header(comment))}</b></a>")
        mark = f" <span style='color:{muted(self)}'>◀ the comment you are on</span>" \
            if current else ""
        body = (f"<p style='margin-top:6px'>{link}{mark}</p>{_paragraphs(comment.text)}"
                + self._answers(comment))
        if current:
            return (f"<table width='100%' cellpadding='6' cellspacing='0' "
                    f"bgcolor='{CURRENT_TINT}'><tr><td>{body}</td></tr></table>")
        return body + "<hr>"

    def _answers(self, comment: Comment) -> str:
        parts, filed_texts = [], []
        items = [comment] if comment.filed_response else self._store.answers_to(comment.id)
        for item in items:
            if item.filed_response:
                label = self._store.document(item.document_id).label
                parts.append(self._answer(f"Filed answer · {label}", item.filed_response))
                filed_texts.append(item.filed_response)
        response = self._store.response(comment.id)
        draft = plain_text(response.draft).strip()
        if draft and not any(_same(draft, t) for t in filed_texts):
            parts.append(self._answer(
                f"Draft answer · {STATUS_LABELS.get(response.status, response.status)}", draft))
        if not parts:
            parts.append(f"<p style='color:{muted(self)}'><i>No answer yet.</i></p>")
        return "".join(parts)

    def _answer(self, label: str, text: str) -> str:
        return (f"<p style='margin-left:18px; color:{muted(self)}'>{html.escape(label)}</p>"
                f"<div style='margin-left:18px'>{_paragraphs(text)}</div>")

    @Slot(QUrl)
    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == SCHEME and url.path():
            self.commentChosen.emit(url.path())
