"""The export formats, one record each: the command line (`rejoinder export --format`), the
window's File ▸ Export menu and its dialog all read this registry, so a new format is one
`register(ExportFormat(...))` here plus the module that writes it.

A registry refuses a kind registered twice (as sqlite-utils' Migrations refuse a repeated name).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.exports import Progress, Selection, Warn
    from storage.store import Store


@dataclass(frozen=True)
class Request:
    """What to write: the matter, the comments, the letter (for per-letter formats), where;
    for the review pack, the precedent library to show each comment's best precedents from."""

    store: Store
    matter_id: str
    out: Path
    selection: Selection
    document_id: str | None = None
    progress: Progress | None = None
    precedent_library: Path | None = None
    warn: Warn | None = None  # told in a line what the file was written without, and why


Writer = Callable[[Request], Path]


@dataclass(frozen=True)
class ExportFormat:
    kind: str  # the --format value, "docx"
    name: str  # what it is, in a sentence: "response letter (Word)"
    words: str  # the default file name's words: "response letter"
    suffix: str  # ".docx"
    filter: str  # a file dialog's filter: "Word document (*.docx)"
    menu_text: str  # File ▸ Export's entry, with its mnemonic: "Response letter (&Word)…"
    per_letter: bool  # about one letter of the matter (the letter answered, or annotated)
    writer: Writer  # imports its module when first called
    precedent: bool = False  # can show each comment's precedents (Request.precedent_library)


_REGISTRY: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    if fmt.kind in _REGISTRY:
        raise ValueError(f"Export format {fmt.kind!r} is already registered")
    _REGISTRY[fmt.kind] = fmt
    return fmt


def formats() -> tuple[ExportFormat, ...]:
    """Every format, in the order of the menu."""
    return tuple(_REGISTRY.values())


def get(kind: str) -> ExportFormat:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise ValueError(f"No export format {kind!r}; there are {', '.join(_REGISTRY)}") from None


def kinds() -> tuple[str, ...]:
    return tuple(_REGISTRY)


# -- the writers, each loading its module (and its libraries) only when used -----------------------

def _docx(r: Request) -> Path:
    from storage.exports.docx import export_docx

    return export_docx(r.store, r.matter_id, r.out, r.selection, document_id=r.document_id,
                       progress=r.progress)


def _html(r: Request) -> Path:
    from storage.exports.edgar_html import export_edgar_html

    return export_edgar_html(r.store, r.matter_id, r.out, r.selection,
                             document_id=r.document_id, progress=r.progress)


def _pack(r: Request) -> Path:
    from storage.exports.pack_pdf import export_pack

    return export_pack(r.store, r.matter_id, r.out, r.selection, progress=r.progress,
                       precedent=r.precedent_library, warn=r.warn)


def _xlsx(r: Request) -> Path:
    from storage.exports.xlsx import export_tracker

    return export_tracker(r.store, r.matter_id, r.out, r.selection, progress=r.progress)


def _redline(r: Request) -> Path:
    from storage.exports.redline import export_redline

    return export_redline(r.store, r.matter_id, r.out, r.selection, document_id=r.document_id,
                          progress=r.progress)


def _annotated(r: Request) -> Path:
    from storage.exports.annotated_pdf import export_annotated

    return export_annotated(r.store, r.matter_id, r.out, r.selection,
                            document_id=r.document_id, progress=r.progress)


register(ExportFormat("docx", "response letter (Word)", "response letter", ".docx",
                      "Word document (*.docx)", "Response letter (&Word)…", True, _docx))
register(ExportFormat("html", "response letter (EDGAR HTML)", "response letter", ".htm",
                      "EDGAR HTML (*.htm *.html)", "Response letter (&EDGAR HTML)…", True,
                      _html))
register(ExportFormat("redline", "redline letter (Word, changes since the last letter sent)",
                      "response letter redline", ".docx", "Word document (*.docx)",
                      "Response letter &redline (Word)…", True, _redline))
register(ExportFormat("pack", "review pack", "review pack", ".pdf", "PDF (*.pdf)",
                      "Review &pack (PDF)…", False, _pack, precedent=True))
register(ExportFormat("xlsx", "tracker", "tracker", ".xlsx", "Excel workbook (*.xlsx)",
                      "&Tracker (Excel)…", False, _xlsx))
register(ExportFormat("annotated", "annotated letter", "annotated letter", ".pdf",
                      "PDF (*.pdf)", "&Annotated letter (PDF)…", True, _annotated))
