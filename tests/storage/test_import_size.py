"""The workspace keeps a letter's bytes once and its display rendition lean: an HTML or text
letter's PDF rendition carries only the glyphs it uses, its words where they were."""
from __future__ import annotations

from pathlib import Path

import pymupdf

from storage.importer import compact_display
from storage.ingest import parse_file

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / \
    "21vianet_2017-08-30_response.txt"


def words(pdf: bytes) -> list[tuple[float, ...]]:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    return [tuple(round(v, 1) for v in w[:4]) + (w[4],) for page in doc
            for w in page.get_text("words")]


def test_a_rendition_is_smaller_with_every_word_in_place() -> None:
    letter = parse_file(SAMPLE)
    compact = compact_display(letter.display_pdf, letter.source_format)
    assert len(compact) < len(letter.display_pdf) / 2
    assert words(compact) == words(letter.display_pdf)


def test_a_filed_pdf_is_kept_as_it_is() -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "We have completed our review.")
    data = doc.tobytes()
    assert compact_display(data, "pdf") is data
