from __future__ import annotations

import argparse
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pymupdf
import pytest

from storage.exports.cli import add_export_parser
from storage.ingest.model import Anchor, ParsedComment, ParsedLetter
from storage.store import Store


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "test.rejoinder"


@pytest.fixture
def store(workspace_path: Path) -> Iterator[Store]:
    with Store.open(workspace_path) as opened:
        opened.set_me("Ada Lovelace", "AL")
        yield opened


@cache
def blank_pdf(pages: int = 1) -> bytes:
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page()
    return doc.tobytes()


FILING_2016 = "Form 10-K for the Fiscal Year Ended December 31, 2016"


def letter(kind: str = "staff", *, date: str = "2017-08-16", answers: str | None = None,
           company: str | None = "Example Corp", file_number: str = "001-00001",
           texts: tuple[str, ...] = ("Tell us about goodwill.", "Explain the tax effect."),
           letter_kind: str | None = None, cited: tuple[str, ...] = (),
           until: str | None = None, filing: str | None = FILING_2016,
           prior_refs: tuple[int, ...] = (), name: str | None = None) -> ParsedLetter:
    """A small parsed letter made by hand, for storage tests that need no parser."""
    comments = tuple(
        ParsedComment(number=i + 1, headings=("Form 10-K", f"Section {i + 1}") if i == 0 else (),
                      text=text, page=1 if kind == "staff" else None, prior_refs=prior_refs,
                      response=f"Answer {i + 1}." if kind == "response" else None,
                      anchors=(Anchor(1, (72.0, 100.0 + 40 * i, 540.0, 130.0 + 40 * i)),))
        for i, text in enumerate(texts))
    if letter_kind is None:
        letter_kind = "response" if kind == "response" else (
            "comment_letter" if comments else "other")
    return ParsedLetter(name or f"{kind}-{date}.pdf", "pdf", kind,  # type: ignore[arg-type]
                        date, company, (file_number,) if file_number else (),
                        (filing,) if filing else (), comments, 1, blank_pdf(),
                        answers_letter_date=answers,
                        letter_kind=letter_kind,  # type: ignore[arg-type]
                        cited_letter_dates=cited, extension_until=until)


def run_export_command(*argv: str) -> int:
    """`rejoinder export …` as main.py parses and runs it; its exit code."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", type=Path)
    add_export_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.run(args))
