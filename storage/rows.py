"""Rows of the workspace tables ↔ the dataclasses of storage.models. JSON columns are decoded
here and nowhere else."""
from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any

from storage.models import Annotation, Comment, Document, Matter, Region, Response, Reviewer

if TYPE_CHECKING:
    from storage.ingest.model import ParsedLetter

_JSON_COLUMNS = {"file_numbers", "filings", "warnings", "cited_letter_dates", "headings",
                 "heading_path", "regions", "prior_refs", "response_regions"}


def to_row(record: Any) -> dict[str, Any]:
    """A dataclass as a row: tuples and regions become JSON text."""
    assert is_dataclass(record)
    row = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if item.name in _JSON_COLUMNS:
            value = json.dumps(_plain(value), ensure_ascii=False)
        row[item.name] = value
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Region):
        return {"page": value.page, "rect": list(value.rect)}
    return value


def regions(text: str | None) -> tuple[Region, ...]:
    return tuple(Region(int(r["page"]), tuple(r["rect"])) for r in json.loads(text or "[]"))


def _tuple(text: str | None) -> tuple[Any, ...]:
    return tuple(json.loads(text or "[]"))


def reviewer(row: dict[str, Any]) -> Reviewer:
    return Reviewer(**row)


def matter(row: dict[str, Any]) -> Matter:
    return Matter(id=row["id"], title=row["title"], company=row["company"],
                  file_numbers=_tuple(row["file_numbers"]), filings=_tuple(row["filings"]),
                  created_at=row["created_at"], closed_at=row.get("closed_at"),
                  closed_by_document_id=row.get("closed_by_document_id"),
                  retired_at=row.get("retired_at"))


def document(row: dict[str, Any]) -> Document:
    values = {f.name: row[f.name] for f in fields(Document)}
    for name in ("warnings", "cited_letter_dates", "file_numbers", "filings"):
        values[name] = _tuple(row[name])
    values["opens_review"] = bool(values["opens_review"])
    return Document(**values)


def comment(row: dict[str, Any]) -> Comment:
    values = {f.name: row[f.name] for f in fields(Comment)}
    for name in ("headings", "heading_path", "prior_refs"):
        values[name] = _tuple(row[name])
    values["regions"] = regions(row["regions"])
    values["response_regions"] = regions(row["response_regions"])
    return Comment(**values)


def response(row: dict[str, Any]) -> Response:
    return Response(**{f.name: row[f.name] for f in fields(Response)})


def annotation(row: dict[str, Any]) -> Annotation:
    values = {f.name: row[f.name] for f in fields(Annotation)}
    values["regions"] = regions(row["regions"])
    return Annotation(**values)


def comment_rows(letter: ParsedLetter, matter_id: str, document_id: str) -> list[dict[str, Any]]:
    """The `comments` rows of a parsed letter's comments, in order, each heading path filled
    in from the headings above it."""
    from storage.ids import new_id

    out: list[dict[str, Any]] = []
    path: tuple[str, ...] = ()
    for seq, parsed in enumerate(letter.comments):
        if parsed.headings:
            path = parsed.headings
        out.append(to_row(Comment(
            id=new_id(), matter_id=matter_id, document_id=document_id, seq=seq,
            number=parsed.number, headings=parsed.headings, heading_path=path, text=parsed.text,
            page=parsed.page, regions=tuple(Region(a.page, a.rect) for a in parsed.anchors),
            prior_refs=parsed.prior_refs, filed_response=parsed.response,
            response_regions=tuple(Region(a.page, a.rect) for a in parsed.response_anchors),
            answers_id=None)))
    return out
