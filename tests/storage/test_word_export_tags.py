"""The Word letter is ready to come back: each answer inside a hidden bookmark naming its
comment, and LibreOffice opens the file (headless conversion to PDF) with the answers in it."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pymupdf
import pytest
from lxml import etree

from storage.exports.docx import answer_bookmark, export_docx
from storage.importer import import_letter
from storage.store import Store
from tests.storage.conftest import letter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _exported(store: Store, tmp_path: Path) -> tuple[Path, list[str]]:
    staff = import_letter(store, letter(texts=("Tell us about goodwill.",
                                               "Explain the tax effect.",
                                               "Describe the segments.")), b"s").document
    ids = [c.id for c in store.comments(document_id=staff.id)]
    store.save_draft(ids[0], "<p>The unit <b>passed</b> step 1.</p><ul><li>one</li>"
                     "<li>two</li></ul>")
    store.save_draft(ids[1], "The tax effect was immaterial.")
    return export_docx(store, staff.matter_id, tmp_path / "letter.docx"), ids


def test_each_answer_is_bookmarked_with_its_comment(store: Store, tmp_path: Path) -> None:
    out, ids = _exported(store, tmp_path)
    body = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    starts = {s.get(f"{W}name"): s.get(f"{W}id") for s in body.iter(f"{W}bookmarkStart")}
    ends = [e.get(f"{W}id") for e in body.iter(f"{W}bookmarkEnd")]
    assert set(starts) == {answer_bookmark(i) for i in ids}
    assert sorted(starts.values()) == sorted(ends) and len(set(ends)) == len(ends)
    inside: dict[str, list[str]] = {}
    current: str | None = None
    for element in body.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}t"):
        if element.tag == f"{W}bookmarkStart":
            current = element.get(f"{W}name")
        elif element.tag == f"{W}bookmarkEnd":
            current = None
        elif current:
            inside.setdefault(current, []).append(element.text or "")
    assert "".join(inside[answer_bookmark(ids[0])]) == "The unit passed step 1.onetwo"
    assert "".join(inside[answer_bookmark(ids[1])]) == "The tax effect was immaterial."
    assert "".join(inside[answer_bookmark(ids[2])]) == "[Response to be provided.]"
    assert len(answer_bookmark(ids[0])) <= 40  # Word's limit on bookmark names


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_tagged_letter(store: Store, tmp_path: Path) -> None:
    out, _ = _exported(store, tmp_path)
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with pymupdf.open(tmp_path / "letter.pdf") as pdf:
        text = " ".join(page.get_text() for page in pdf)
    assert "The unit passed step 1." in text and "The tax effect was immaterial." in text
