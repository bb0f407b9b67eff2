"""A letter view with its tools attached: the view itself imports none of them."""
from __future__ import annotations

from gui.pdf.pointer import Pointer
from gui.pdf.view import PdfView


def letter_view() -> PdfView:
    """A `PdfView` whose mouse selects text, clicks comments' regions and follows links."""
    view = PdfView()
    view.add_tool(Pointer(view))
    return view
