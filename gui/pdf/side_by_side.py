"""Side by side: a second PDF pane with another document of the matter, following the comment
selected in the tree.

`SidePane` is a document chooser over a PdfView. Given the matter and the document the first
pane shows, it offers the matter's other documents (and "Add reference document…"), choosing by
default the partner of the letter shown: the response answering a staff letter, the staff letter
a response answers, else the next round. `follow_comment(comment_id)` scrolls it to what belongs
with the comment: the response's answer, the staff comment a response item answers, the comment
of another round that cites it (or it cites), or — in a reference document — the page whose
printed number the comment's heading cites ("Goodwill, page 84").
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gui.pdf.letter_view import letter_view
from gui.pdf.render import DocumentError
from gui.pdf.view import Anchor
from storage.errors import UserError
from storage.models import Comment, Document
from storage.store import Store

ADD_REFERENCE = "__add_reference__"
REFERENCE_FILTER = "Filings (*.pdf *.htm *.html *.txt);;All files (*)"


class SidePane(QWidget):
    """The second pane: which document, and the document itself.

    Signals:
        documentShown(str): the pane shows another document (its id; "" when none).
    """

    documentShown = Signal(str)

    def __init__(self, store_of: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store_of = store_of
        self._matter_id: str | None = None
        self._beside: str | None = None  # the document the first pane shows
        self.chooser = QComboBox()
        self.chooser.setObjectName("sideDocument")
        self.chooser.setToolTip("The document shown beside the letter")
        self.chooser.activated.connect(self._chosen)
        self.where = QLabel()
        self.where.setObjectName("sideWhere")
        self.view = letter_view()
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.chooser, 1)
        top.addWidget(self.where)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    # -- which document ------------------------------------------------------------------

    def document_id(self) -> str | None:
        return self.view.doc_key()

    @Slot(str)
    def set_beside(self, document_id: str) -> None:
        """The first pane now shows this document: offer its matter's others."""
        store = self._store_of()
        if not document_id:
            self._matter_id = self._beside = None
            self._fill([])
            return
        beside = store.document(document_id)
        self._matter_id, self._beside = beside.matter_id, document_id
        others = [d for d in store.documents(beside.matter_id) if d.id != document_id]
        self._fill(others)
        current = self.document_id()
        if current is None or current == document_id or current not in {d.id for d in others}:
            partner = self._partner(beside, others)
            self.show_document(partner.id if partner else None)
        else:
            self._select_in_chooser(current)

    def _fill(self, documents: list[Document]) -> None:
        self.chooser.clear()
        for document in documents:
            self.chooser.addItem(document.label, document.id)
        if self._matter_id is not None:
            self.chooser.addItem("Add reference document…", ADD_REFERENCE)

    def _partner(self, beside: Document, others: list[Document]) -> Document | None:
        """The response to a staff letter, the letter a response answers, else the next round."""
        store = self._store_of()
        mine = {c.id for c in store.comments(document_id=beside.id)}
        answered = {c.answers_id for c in store.comments(document_id=beside.id)} - {None}
        for other in others:
            theirs = store.comments(document_id=other.id)
            if any(c.answers_id in mine for c in theirs) or any(c.id in answered
                                                                for c in theirs):
                return other
        later = [d for d in others if d.role != "reference" and d.round > beside.round]
        return later[0] if later else (others[0] if others else None)

    def show_document(self, document_id: str | None) -> None:
        """Show one of the matter's documents (None: nothing)."""
        if document_id == self.document_id() and document_id is not None:
            self._select_in_chooser(document_id)
            return
        try:
            data = self._store_of().display_pdf(document_id) if document_id else None
            self.view.set_document(document_id or "", data)
        except DocumentError as error:
            self.view.set_document("", None)
            self.where.setText(f"Cannot show it: {error}")
            return
        self.where.clear()
        if document_id:
            self._select_in_chooser(document_id)
        self.documentShown.emit(document_id or "")

    def _select_in_chooser(self, document_id: str) -> None:
        index = self.chooser.findData(document_id)
        if index >= 0:
            self.chooser.setCurrentIndex(index)

    @Slot(int)
    def _chosen(self, index: int) -> None:
        choice = self.chooser.itemData(index)
        if choice == ADD_REFERENCE:
            self.choose_reference()
        elif choice:
            self.show_document(choice)

    @Slot()
    def choose_reference(self) -> None:
        """Ask for the filing's file and add it to the matter as a reference document."""
        if self._matter_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "Add reference document", "",
                                              REFERENCE_FILTER)
        if not name:
            self._select_in_chooser(self.document_id() or "")
            return
        from storage.importer import add_reference  # the letter reader (some 20 ms): on use

        try:
            result = add_reference(self._store_of(), self._matter_id, Path(name))
        except UserError as error:
            QMessageBox.warning(self, "Rejoinder — reference document", str(error))
            return
        if self._beside:
            self.set_beside(self._beside)
        self.show_document(result.document.id)

    # -- following the selected comment --------------------------------------------------

    @Slot(str)
    def follow_comment(self, comment_id: str) -> None:
        """Scroll to what belongs with this comment in the document shown."""
        document_id = self.document_id()
        if not comment_id or not document_id or not self.isVisible():
            return
        store = self._store_of()
        comment, shown = store.comment(comment_id), store.document(document_id)
        if shown.role == "reference":
            self._open_cited_page(comment)
            return
        anchors = _anchors(self._counterparts(store, comment, document_id))
        if anchors:
            self.view.show_region(anchors)
        else:
            self.view.set_highlights([])

    def _counterparts(self, store: Store, comment: Comment, document_id: str) -> list[Comment]:
        if comment.document_id == document_id:
            return [comment]
        found = [c for c in store.answers_to(comment.id) if c.document_id == document_id]
        if comment.answers_id:
            found += [c for c in store.comments(document_id=document_id)
                      if c.id == comment.answers_id]
        if not found:  # another round: what cites this comment, or what it cites
            others = store.comments(document_id=document_id)
            found = [c for c in others if comment.number in c.prior_refs] or \
                    [c for c in others if c.number in comment.prior_refs]
        return found

    def _open_cited_page(self, comment: Comment) -> None:
        from gui.pdf.page_numbers import cited_page, page_for  # with a reference, not at start

        citation, text = cited_page(comment.heading_path), self.view.page_text()
        if citation is None or text is None:
            self.where.setText("")
            return
        page = page_for(text.printed_pages(), citation)
        if page is None or page > self.view.page_count():
            self.where.setText(f"Page {citation} not found")
            return
        self.view.set_highlights([])
        self.view.go_to_page(page)
        self.where.setText(f"Page {citation} (PDF page {page})")


def _anchors(comments: list[Comment]) -> list[Anchor]:
    return [(r.page, r.rect) for c in comments for r in (*c.regions, *c.response_regions)]
