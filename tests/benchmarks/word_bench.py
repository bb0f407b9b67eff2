"""Counsel's Word draft, EDGAR pre-flight and topic tags, on a 100-comment matter made of
real staff letters (the export benchmark's): `python -m tests.benchmarks --json out.json
--only word`.

- import_docx_s_100: import the matter's Word letter after 300 tracked changes (three per
  answer: a deletion, an insertion, an insertion by a second author) and 20 Word comments.
- check_edgar_ms: the pre-flight of the matter's EDGAR letter (median of five).
- tag_ms_20k: tagging 20,000 comments (the matter's texts over and over).
"""
from __future__ import annotations

import statistics
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

from storage.exports.docx import export_docx
from storage.exports.edgar_check import check_text
from storage.exports.edgar_html import export_edgar_html
from storage.importer import import_letter
from storage.ingest import parse_letter
from storage.store import Store
from storage.topics import load_taxonomy
from storage.worddraft.importing import draft_answers, import_draft
from tests.benchmarks.export_bench import DRAFT
from tests.conftest import LETTERS
from tests.storage.conftest import letter

COMMENTS = 100

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2026-12-01T10:00:00Z"


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def mark_up(source: Path, out: Path) -> int:
    """Three tracked changes in each answer of the exported letter; returns how many."""
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    made, rev = 0, 1000
    for start in list(root.iter(_q("bookmarkStart"))):
        if not start.get(_q("name"), "").startswith("_rj"):
            continue
        paragraph = start.getparent()
        run = next((r for r in paragraph.iter(_q("r")) if r.find(_q("t")) is not None), None)
        if run is None:
            continue
        text = run.find(_q("t"))
        words = (text.text or "").split(" ", 1)
        text.text = " " + words[1] if len(words) > 1 else ""
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for kind, author, body in (("del", "Dana Partner", words[0]),
                                   ("ins", "Dana Partner", "Accordingly, the Company"),
                                   ("ins", "Ed Auditor", " (as revised)")):
            rev += 1
            mark = etree.Element(_q(kind))
            mark.set(_q("id"), str(rev))
            mark.set(_q("author"), author)
            mark.set(_q("date"), DATE)
            new = etree.SubElement(mark, _q("r"))
            etree.SubElement(new, _q("delText" if kind == "del" else "t")).text = body
            if author == "Ed Auditor":
                paragraph.append(mark)
            else:
                run.addprevious(mark)
            made += 1
    parts["word/document.xml"] = etree.tostring(root)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return made


def build(folder: Path) -> tuple[Store, str]:
    """One staff letter of 100 real comments (from the corpus's staff letters), answered."""
    texts: list[str] = []
    for path in sorted(LETTERS.glob("*_upload.pdf")):
        texts += [c.text for c in parse_letter(path.read_bytes(), path.name).comments]
        if len(texts) >= COMMENTS:
            break
    store = Store.open(folder / "bench.rejoinder")
    store.set_me("Ada Lovelace", "AL")
    staff = import_letter(store, letter(texts=tuple(texts[:COMMENTS])), b"bench").document
    for comment in store.comments(document_id=staff.id):
        store.save_draft(comment.id, DRAFT.format(text=comment.text[:400]))
    return store, staff.matter_id


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        store, matter_id = build(folder)
        with store:
            sent = export_docx(store, matter_id, folder / "letter.docx")
            changes = mark_up(sent, folder / "counsel.docx")
            began = time.perf_counter()
            found = import_draft(store, folder / "counsel.docx")
            import_s = time.perf_counter() - began
            answers = len(draft_answers(store, found.id))
            html = export_edgar_html(store, matter_id, folder / "corresp.htm").read_text()
            times = []
            for _ in range(5):
                began = time.perf_counter()
                findings = check_text(html)
                times.append(time.perf_counter() - began)
            texts = [c.text for c in store.comments(matter_id=matter_id)]
        taxonomy = load_taxonomy()
        many = (texts * (20_000 // len(texts) + 1))[:20_000]
        began = time.perf_counter()
        tagged = sum(1 for text in many if taxonomy.tag(text))
        tag_ms = 1000 * (time.perf_counter() - began)
    return {"import_docx_s_100": import_s, "import_docx_answers": float(answers),
            "import_docx_tracked_changes": float(changes),
            "check_edgar_ms": 1000 * statistics.median(times),
            "check_edgar_findings": float(len(findings)),
            "edgar_letter_kb": len(html) / 1024, "tag_ms_20k": tag_ms,
            "tag_share_20k": tagged / len(many)}
