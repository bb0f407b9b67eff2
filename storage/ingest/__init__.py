"""Letter ingest: bytes of a PDF, EDGAR HTML or plain-text letter → a `ParsedLetter`.

The one seam the rest of the program calls is `parse_letter` (and `parse_file`, which reads the
bytes and names the file in every error).
"""
from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from storage.errors import UnreadableFile

if TYPE_CHECKING:
    from storage.ingest.model import Anchor, ParsedComment, ParsedLetter, Recital

__all__ = ["Anchor", "ParsedComment", "ParsedLetter", "Recital", "parse_file", "parse_letter"]


def __getattr__(name: str) -> object:
    """The model's classes, loaded on first use: the window imports `storage.ingest.mupdf` as
    it starts, and needs none of them then."""
    if name not in ("Anchor", "ParsedComment", "ParsedLetter", "Recital"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module("storage.ingest.model"), name)


def parse_letter(data: bytes, name: str, password: str | None = None, *,
                 recitals: Sequence[Recital | str] | None = None) -> ParsedLetter:
    """Parse one letter. Raises `UnreadableFile` (or a subclass) naming `name`.

    `recitals`: the comments of the staff letter a response answers, in order (`Recital`s, or
    plain texts numbered 1, 2, …). A response is then split where it recites them, when that
    pairs its answers with more of them than its own split, and a doubt names each comment no
    answer pairs with. Staff letters ignore them."""
    from storage.ingest.segment import parse_bytes  # filled in by the parser

    return parse_bytes(data, name, password=password, recitals=recitals)


def parse_file(path: Path, password: str | None = None) -> ParsedLetter:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UnreadableFile(f"Could not read {path}: {error.strerror or error}. "
                             "Check that the file exists and that you may read it.") from error
    return parse_letter(data, Path(path).name, password=password)
