"""A reference document (the filing under review, say) made ready to show beside the letters:
a PDF as it is; HTML (made shallow first, see storage.ingest.shallow_html) or text through a PDF
rendition. Run in a worker process (storage.ingest.isolated.reference_display)."""
from __future__ import annotations

from storage.errors import UnreadableFile
from storage.ingest.shallow_html import shallow


def display(data: bytes, name: str) -> tuple[bytes, str, int]:
    """The PDF to show for a reference document, its format and its page count."""
    import pymupdf

    is_pdf = b"%PDF-" in data[:1024]
    try:
        if is_pdf:
            doc = pymupdf.open(stream=data, filetype="pdf")
            if doc.needs_pass:
                raise UnreadableFile(f"{name} is protected by a password. Save an unprotected "
                                     "copy and add that.")
            return data, "pdf", doc.page_count
        text = data.decode("utf-8", errors="replace")
        kind = "html" if "<html" in text[:5000].lower() or "<body" in text.lower() else "txt"
        if kind == "html":
            data = shallow(text).encode("utf-8")
        doc = pymupdf.open(stream=data, filetype=kind)
        rendition = doc.convert_to_pdf()
        return rendition, "html" if kind == "html" else "text", doc.page_count
    except UnreadableFile:
        raise
    except Exception as error:  # MuPDF raises several types for damaged files
        raise UnreadableFile(f"{name} could not be opened ({error}). Choose the filing's PDF "
                             "or HTML file, complete.") from error
