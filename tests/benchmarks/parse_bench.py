"""How fast the letter parser is, against MuPDF's own text extraction of the same pages.

`parse_ratio` = time to parse every corpus letter / time of a bare `page.get_text("dict")` over
the pages the parser shows (the PDF itself, or the rendition of an HTML/text letter).
"""
from __future__ import annotations

import time
from pathlib import Path

import pymupdf

from storage.ingest import parse_letter

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "letters"


def _letters() -> list[tuple[str, bytes]]:
    if not CORPUS.is_dir():
        return []
    return [(p.name, p.read_bytes()) for p in sorted(CORPUS.iterdir()) if p.is_file()]


def measure(rounds: int = 3) -> dict[str, float]:
    """parse_ratio and parse_ms_per_page over the corpus (best of `rounds`); {} without it."""
    letters = _letters()
    if not letters:
        return {}
    parse_best = dict_best = float("inf")
    pages = 0
    displays = [parse_letter(data, name).display_pdf for name, data in letters]
    for _ in range(rounds):
        start = time.perf_counter()
        for name, data in letters:
            parse_letter(data, name)
        parse_best = min(parse_best, time.perf_counter() - start)
        start = time.perf_counter()
        pages = 0
        for display in displays:
            doc = pymupdf.open(stream=display, filetype="pdf")
            for page in doc:
                page.get_text("dict")
                pages += 1
        dict_best = min(dict_best, time.perf_counter() - start)
    return {"parse_ratio": parse_best / dict_best,
            "parse_ms_per_page": parse_best * 1000 / max(pages, 1)}


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.2f}")
