"""MuPDF's own messages ("MuPDF error: syntax error…") kept off stdout, where `parse --json`
writes its JSON: they are recorded by PyMuPDF (`pymupdf.TOOLS.mupdf_warnings()`) and its other
messages go to stderr."""
from __future__ import annotations


def quiet() -> None:
    """Stop MuPDF printing its errors and warnings; PyMuPDF's messages go to stderr."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    pymupdf.set_messages(fd=2)
