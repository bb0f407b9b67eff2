"""Letter ingest: bytes of a PDF, EDGAR HTML or plain-text letter → a `ParsedLetter`.

The one seam the rest of the program calls is `parse_letter` (and `parse_file`, which reads the
bytes and names the file in every error).
"""
from __future__ import annotations

from pathlib import Path

from storage.errors import UnreadableFile
from storage.ingest.model import Anchor, ParsedComment, ParsedLetter

__all__ = ["Anchor", "ParsedComment", "ParsedLetter", "parse_file", "parse_letter"]


def parse_letter(data: bytes, name: str, password: str | None = None) -> ParsedLetter:
    """Parse one letter. Raises `UnreadableFile` (or a subclass) naming `name`."""
    from storage.ingest.segment import parse_bytes  # filled in by the parser

    return parse_bytes(data, name, password=password)


def parse_file(path: Path, password: str | None = None) -> ParsedLetter:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UnreadableFile(f"Could not read {path}: {error.strerror or error}. "
                             "Check that the file exists and that you may read it.") from error
    return parse_letter(data, Path(path).name, password=password)
