"""What the letter parser returns: plain frozen dataclasses, JSON-ready.

`ParsedLetter.to_json()` is the contract of `python main.py parse --json FILE`
(see ../shared/corpus/SCHEMA.md); the extra keys (anchors, warnings, …) are allowed by it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["staff", "response"]
LetterKind = Literal["comment_letter", "closing_letter", "no_review", "reminder",
                     "supplemental_request", "response", "extension_request",
                     "acceleration_request", "other"]
SourceFormat = Literal["pdf", "html", "text"]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin top-left


@dataclass(frozen=True)
class Anchor:
    """A region of one page of the letter's display PDF (1-based page)."""

    page: int
    rect: Rect

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "rect": [round(v, 2) for v in self.rect]}


@dataclass(frozen=True)
class Recital:
    """A staff comment as the staff letter gives it (its number and words): what a response
    to that letter recites. `parse_letter(..., recitals=…)` splits a response on them."""

    number: int
    text: str


@dataclass(frozen=True)
class ParsedComment:
    number: int
    headings: tuple[str, ...]
    text: str
    page: int | None  # page of the original PDF where the number stands; None for HTML/text
    prior_refs: tuple[int, ...] = ()
    response: str | None = None
    anchors: tuple[Anchor, ...] = ()  # the comment's lines in the display PDF
    response_anchors: tuple[Anchor, ...] = ()
    unnumbered: bool = False  # a letter's whole request, numbered 1 by the parser, not the staff

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "headings": list(self.headings),
            "text": self.text,
            "page": self.page,
            "prior_refs": list(self.prior_refs),
            "response": self.response,
            "anchors": [a.to_json() for a in self.anchors],
            "response_anchors": [a.to_json() for a in self.response_anchors],
            "unnumbered": self.unnumbered,
        }


@dataclass(frozen=True)
class ParsedLetter:
    source_name: str
    source_format: SourceFormat
    kind: Kind
    letter_date: str | None  # ISO YYYY-MM-DD as printed on the letter
    company: str | None
    file_numbers: tuple[str, ...]
    filings: tuple[str, ...]  # the filings under review, from the Re: block
    comments: tuple[ParsedComment, ...]
    page_count: int  # pages of display_pdf
    display_pdf: bytes = field(repr=False)  # the original PDF, or a PDF rendition of HTML/text
    answers_letter_date: str | None = None  # responses: date of the staff letter answered
    warnings: tuple[str, ...] = ()  # what the parser doubts, in plain words
    letter_kind: LetterKind = "other"  # what the letter does in the review
    extension_until: str | None = None  # extension requests: the date asked for, ISO
    cited_letter_dates: tuple[str, ...] = ()  # "your letter dated …", "our letter of …": ISO
    former_names: tuple[str, ...] = ()  # "… Corporation (f/k/a …)": the company's former names
    cik: str | None = None  # the registrant's EDGAR CIK, where the Re: block gives it

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "letter_kind": self.letter_kind,
            "letter_date": self.letter_date,
            "company": self.company,
            "file_numbers": list(self.file_numbers),
            "filings": list(self.filings),
            "answers_letter_date": self.answers_letter_date,
            "cited_letter_dates": list(self.cited_letter_dates),
            "former_names": list(self.former_names),
            "cik": self.cik,
            "extension_until": self.extension_until,
            "source_format": self.source_format,
            "page_count": self.page_count,
            "warnings": list(self.warnings),
            "comments": [c.to_json() for c in self.comments],
        }
