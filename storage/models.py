"""The records the store returns: frozen dataclasses, never raw rows, never Qt types.

Ids are UUID strings; times are UTC ISO-8601 strings ("2026-11-26T13:29:39.123456+00:00").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["open", "drafting", "in_review", "approved", "filed"]
STATUSES: tuple[Status, ...] = ("open", "drafting", "in_review", "approved", "filed")
STATUS_LABELS: dict[str, str] = {
    "open": "Open", "drafting": "Drafting", "in_review": "In review",
    "approved": "Approved", "filed": "Filed",
}
# One colour per status, for the window and every export alike: strong for dots, bars and
# marks; a light tint of it for cell backgrounds.
STATUS_COLORS: dict[str, str] = {
    "open": "#adb5bd", "drafting": "#f59f00", "in_review": "#1c7ed6",
    "approved": "#37b24d", "filed": "#5f3dc4",
}
STATUS_TINTS: dict[str, str] = {
    "open": "#e9ecef", "drafting": "#fff3cd", "in_review": "#d6e4f5",
    "approved": "#d4edda", "filed": "#e5dbff",
}
Role = Literal["staff", "response", "reference"]
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Region:
    """A rectangle on one page (1-based) of a document's display PDF, in PDF points."""

    page: int
    rect: Rect


@dataclass(frozen=True)
class Reviewer:
    id: str
    name: str
    initials: str
    color: str  # "#rrggbb"
    created_at: str


@dataclass(frozen=True)
class Matter:
    id: str
    title: str
    company: str
    file_numbers: tuple[str, ...]
    filings: tuple[str, ...]
    created_at: str
    closed_at: str | None = None  # the date of the staff's closing letter (YYYY-MM-DD)
    closed_by_document_id: str | None = None  # that closing letter
    retired_at: str | None = None  # merged into another matter (kept for undo)

    @property
    def closed(self) -> bool:
        """The staff closed the review: its comments are "closed by staff", never overdue."""
        return self.closed_by_document_id is not None


LetterKind = Literal["comment_letter", "closing_letter", "no_review", "reminder",
                     "supplemental_request", "response", "extension_request",
                     "acceleration_request", "other"]
LETTER_KIND_LABELS: dict[str, str] = {
    "comment_letter": "Comment letter", "closing_letter": "Closing letter",
    "no_review": "No-review notice", "reminder": "Reminder",
    "supplemental_request": "Supplemental request", "response": "Response",
    "extension_request": "Extension request", "acceleration_request": "Acceleration request",
    "other": "Other letter",
}


@dataclass(frozen=True)
class Document:
    id: str
    matter_id: str
    role: Role
    name: str  # the file name it was imported from
    source_format: str  # pdf | html | text
    sha256: str  # of the original bytes
    display_sha256: str  # of the PDF the viewer shows (== sha256 for PDFs)
    letter_date: str | None
    answers_letter_date: str | None
    round: int
    page_count: int
    warnings: tuple[str, ...]
    imported_at: str
    imported_by: str | None
    letter_kind: str | None = None  # a LetterKind; None for reference documents
    cited_letter_dates: tuple[str, ...] = ()  # the dates of earlier letters it cites
    extension_until: str | None = None  # an extension request: the date asked for
    company: str | None = None  # as this letter gives it
    file_numbers: tuple[str, ...] = ()
    filings: tuple[str, ...] = ()  # the filings under review, as this letter names them
    opens_review: bool = False  # a staff letter worded as a first round
    placed_by: str | None = None  # set when a reviewer moved it: regrouping leaves it there

    @property
    def label(self) -> str:
        if self.letter_kind in LETTER_KIND_LABELS and self.letter_kind not in (
                "comment_letter", "response", "other"):
            kind = LETTER_KIND_LABELS[self.letter_kind]
        else:
            kind = {"staff": "Staff letter", "response": "Response"}.get(self.role, "Reference")
        return f"{kind} {self.letter_date}" if self.letter_date else f"{kind}: {self.name}"


@dataclass(frozen=True)
class Comment:
    id: str
    matter_id: str
    document_id: str
    seq: int  # order within its document
    number: int
    headings: tuple[str, ...]  # printed between the previous comment and this one
    heading_path: tuple[str, ...]  # the headings in force (inherited when none printed)
    text: str
    page: int | None
    regions: tuple[Region, ...]
    prior_refs: tuple[int, ...]
    filed_response: str | None  # the answer as a response letter printed it
    response_regions: tuple[Region, ...]
    answers_id: str | None  # a response letter's item → the staff comment it answers
    origin: str = "parser"  # parser | split | merge | manual: who drew its bounds
    retired_at: str | None = None  # set when a correction retired it (merged away, undone)


@dataclass(frozen=True)
class CommentHead:
    """What a list of comments shows: cheap to load for tens of thousands of them."""

    id: str
    matter_id: str
    document_id: str
    seq: int
    number: int
    heading_path: tuple[str, ...]
    title: str  # the start of the comment's text
    page: int | None
    answers_id: str | None


@dataclass(frozen=True)
class WorkState:
    """Where the work on a comment stands, without its draft."""

    status: Status
    owner_id: str | None
    due_date: str | None  # None when closed by staff
    closed_by_staff: bool = False  # its matter's review was closed by the staff's letter


@dataclass(frozen=True)
class Response:
    """The work on one comment: the draft answer and where it stands."""

    comment_id: str
    draft: str  # the current draft (HTML from the editor, or plain text)
    status: Status
    owner_id: str | None
    due_date: str | None  # YYYY-MM-DD
    updated_at: str | None
    updated_by: str | None


@dataclass(frozen=True)
class Annotation:
    """A reviewer's note on a comment, on its answer, or on a region of a page."""

    id: str
    matter_id: str
    comment_id: str | None
    target: Literal["comment", "response", "region"]
    document_id: str | None
    regions: tuple[Region, ...]
    quote: str | None
    body: str
    parent_id: str | None
    author_id: str | None
    created_at: str
    updated_at: str
    resolved_at: str | None
    resolved_by: str | None = None


@dataclass(frozen=True)
class Correction:
    """One fix to a letter's split; `before`/`after` hold the touched comments' rows (JSON)."""

    id: str
    matter_id: str
    document_id: str
    action: str  # split | merge | renumber | headings | create
    description: str
    before: str
    after: str
    author_id: str | None
    at: str
    undone_at: str | None
