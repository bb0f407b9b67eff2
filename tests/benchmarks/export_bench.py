"""Exports of a 100-comment matter made of real staff letters: the review pack, the response
letter in Word, the tracker; and the review pack with each comment's best three precedents from
a library of the wide corpus (`pack_pdf_precedent_s_100`; the library's build is not timed).
`python -m tests.benchmarks --json out.json --only export`."""
from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

from storage.exports.docx import export_docx
from storage.exports.pack_pdf import export_pack
from storage.exports.xlsx import export_tracker
from storage.importer import import_letter
from storage.ingest import parse_letter
from storage.matter_corrections import merge_matters
from storage.models import STATUSES
from storage.precedent.build import build as build_library
from storage.store import Store
from tests.conftest import CORPUS, LETTERS

COMMENTS = 100
DRAFT = ("<html><body><p>The Company respectfully acknowledges the <b>Staff’s</b> comment "
         "and advises the Staff that {text}</p><ul><li>In future filings we will expand the "
         "disclosure.</li><li>See the proposed disclosure below.</li></ul>"
         "<p><i>Proposed disclosure:</i> {text}</p></body></html>")


def build(folder: Path) -> tuple[Store, str]:
    """A workspace whose one matter holds the comments of several staff letters, with drafts,
    owners, statuses and notes."""
    store = Store.open(folder / "bench.rejoinder")
    store.set_me("Ada Lovelace", "AL")
    counsel = store.add_reviewer("Will Cai", "WC")
    matter_id, count = "", 0
    for path in sorted(LETTERS.glob("*_upload.pdf")):
        data = path.read_bytes()
        letter = parse_letter(data, path.name)
        letter = replace(letter, company="Bench Holdings Inc.", file_numbers=("001-99999",),
                         comments=letter.comments[:COMMENTS - count])
        result = import_letter(store, letter, data)
        if matter_id and result.matter.id != matter_id:  # each letter opens a review: one
            merge_matters(store, result.matter.id, matter_id)  # matter for them all
        matter_id = matter_id or result.matter.id
        count += len(letter.comments)
        if count >= COMMENTS:
            break
    _work(store, matter_id, counsel.id)
    return store, matter_id


def _work(store: Store, matter_id: str, counsel_id: str) -> None:
    for index, comment in enumerate(store.comments(matter_id=matter_id)):
        store.save_draft(comment.id, DRAFT.format(text=comment.text[:400]))
        store.set_status(comment.id, STATUSES[index % len(STATUSES)])
        store.set_owner(comment.id, counsel_id if index % 2 else None)
        if index % 3 == 0:
            note = store.add_note(comment.id, "Please check this against the 10-K wording.")
            store.add_note(comment.id, "Checked; the wording matches.", parent_id=note.id)


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        store, matter_id = build(folder)
        with store:
            figures = {}
            for name, export, suffix in (("pack_pdf_s_100", export_pack, "pdf"),
                                         ("docx_s_100", export_docx, "docx"),
                                         ("xlsx_s_100", export_tracker, "xlsx")):
                start = time.perf_counter()
                export(store, matter_id, folder / f"out.{suffix}")
                figures[name] = time.perf_counter() - start
            if (CORPUS / "wide").is_dir():
                library = build_library(folder / "wide.rejoinder-library", [CORPUS / "wide"])
                start = time.perf_counter()
                export_pack(store, matter_id, folder / "precedent.pdf",
                            precedent=folder / "wide.rejoinder-library")
                figures["pack_pdf_precedent_s_100"] = time.perf_counter() - start
                figures["precedent_library_comments"] = float(library.comments)
            figures["comments"] = float(len(store.comments(matter_id=matter_id)))
    return figures


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.3f}")
