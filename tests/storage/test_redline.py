"""The redline letter: Word with real tracked changes (w:ins / w:del) since the last letter sent
out, each attributed to the reviewer who made it, and opened by LibreOffice with its changes
listed."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pymupdf
import pytest

from storage.exports import formats
from storage.exports.docx import export_docx
from storage.exports.redline import Step, export_redline, replay
from storage.exports.sent import last_sent
from storage.importer import import_letter
from storage.rounds import link_responses
from storage.store import Store
from tests.storage.conftest import letter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_replay_attributes_each_change_to_the_step_that_made_it() -> None:
    found = replay("The Company uses the step one test.", [
        Step("The Company uses the qualitative test.", "Ada", "2026-01-01T10:00:00+00:00"),
        Step("The Company uses the qualitative test in the fourth quarter.", "Bob",
             "2026-01-02T10:00:00+00:00"),
        Step("The Company uses the qualitative test in Q4.", "Bob",
             "2026-01-03T10:00:00+00:00")])
    shown = [(t.state, t.author, t.text.strip()) for t in found if t.state != "same"]
    assert ("del", "Ada", "step") in shown and ("del", "Ada", "one") in shown
    assert ("ins", "Ada", "qualitative") in shown
    assert ("ins", "Bob", "Q4") in shown and ("del", "Ada", "test") not in shown
    # "the fourth quarter" came and went after the letter was sent: never shown
    assert not [t for t in found if "fourth" in t.text]
    final = "".join(t.text for t in found if t.state != "del")
    assert final == "The Company uses the qualitative test in Q4."


@pytest.fixture
def worked(store: Store) -> tuple[Store, str, list[str]]:
    """A letter sent to counsel as Word; then Ada and Bob changed two answers."""
    staff = import_letter(store, letter(), b"staff").document
    first, second = [c.id for c in store.comments(document_id=staff.id)]
    ada = store.me()
    assert ada is not None
    store.save_draft(first, "The unit passed step 1 by a wide margin.")
    store.save_draft(second, "The tax effect was immaterial.")
    export_docx(store, staff.matter_id, store.path.parent / "sent.docx")  # type: ignore
    bob = store.add_reviewer("Bob Brown", "BB")
    store.save_draft(first, "The unit passed step 1 by 38%.")
    store.checkpoint(first, "Ada's figure")
    store.set_setting("local_reviewer_id", bob.id)
    store.save_draft(first, "The unit passed step 1 by 38%, as the valuation report shows.")
    store.set_setting("local_reviewer_id", ada.id)
    return store, staff.matter_id, [first, second]


def _revisions(path: Path) -> list[tuple[str, str, str]]:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    found = []
    for mark in root.iter(f"{W}ins", f"{W}del"):
        text = "".join(mark.itertext())
        found.append((etree.QName(mark).localname, mark.get(f"{W}author"), text.strip()))
    return found


def test_the_redline_tracks_changes_since_the_last_letter_sent(worked, tmp_path: Path) -> None:
    store, matter_id, (first, second) = worked
    sent_at = last_sent(store, matter_id).at  # type: ignore[union-attr]
    out = export_redline(store, matter_id, tmp_path / "redline.docx")
    found = _revisions(out)
    assert ("del", "Ada Lovelace", "a wide margin") in found
    assert ("ins", "Ada Lovelace", "38%") in found
    assert ("ins", "Bob Brown", ", as the valuation report shows") in found
    assert not [f for f in found if "immaterial" in f[2]]  # unchanged since it went out
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "The tax effect was immaterial." in text
    assert last_sent(store, matter_id).at > sent_at  # type: ignore[union-attr]
    again = _revisions(export_redline(store, matter_id, tmp_path / "again.docx"))
    assert again == []  # nothing changed since the redline went out


def test_without_a_letter_sent_the_filed_answer_is_the_baseline(store: Store,
                                                                tmp_path: Path) -> None:
    staff = import_letter(store, letter(), b"staff").document
    import_letter(store, letter("response", date="2017-08-30", answers="2017-08-16"), b"r")
    link_responses(store, staff.matter_id)
    first = store.comments(document_id=staff.id)[0].id
    store.save_draft(first, "Answer 1, revised for the second round.")
    found = _revisions(export_redline(store, staff.matter_id, tmp_path / "r.docx"))
    assert ("ins", "Ada Lovelace", ", revised for the second round") in found


def test_the_redline_is_an_export_format() -> None:
    fmt = formats.get("redline")
    assert fmt.suffix == ".docx" and fmt.per_letter and "redline" in fmt.menu_text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_redline_and_lists_its_changes(worked, tmp_path: Path) -> None:
    store, matter_id, _ = worked
    out = export_redline(store, matter_id, tmp_path / "redline.docx")
    profile = (tmp_path / "lo-profile").as_uri()
    for target in ("pdf", "fodt"):
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", target, "--outdir", str(tmp_path), str(out)],
                       check=True, capture_output=True, timeout=180)
    with pymupdf.open(tmp_path / "redline.pdf") as pdf:
        assert pdf.page_count >= 1
        assert "valuation report" in " ".join(page.get_text() for page in pdf)
    flat = (tmp_path / "redline.fodt").read_text("utf-8")
    regions = re.findall(r"<text:changed-region.*?</text:changed-region>", flat, re.S)
    kinds = {kind for region in regions
             for kind in re.findall(r"<text:(insertion|deletion)>", region)}
    authors = {a for region in regions for a in re.findall(r"<dc:creator>(.*?)</dc:creator>",
                                                            region)}
    assert len(regions) >= 2 and kinds == {"insertion", "deletion"}
    assert authors == {"Ada Lovelace", "Bob Brown"}
