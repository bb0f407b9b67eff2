"""Attachments per comment: kept in the workspace by content, listed in the review pack, never
named in the filed letter when confidential treatment is requested (Rule 83), and carried in
exchange packs within their limits."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pymupdf
import pytest

from storage.attachments import (
    RULE_83,
    attach,
    attachments,
    has_content,
    mark_confidential,
    remove_attachment,
    save_copy,
)
from storage.errors import UserError
from storage.exchange import export_pack, import_pack
from storage.exchange import pack as pack_module
from storage.exports.docx import export_docx
from storage.exports.edgar_html import export_edgar_html
from storage.exports.pack_pdf import export_pack as export_review_pack
from storage.importer import import_letter
from storage.removal import remove_matter
from storage.store import Store
from tests.storage.conftest import letter


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    schedule = tmp_path / "impairment schedule.xlsx"
    schedule.write_bytes(b"schedule " * 1000)
    plants = tmp_path / "plant-level detail.pdf"
    plants.write_bytes(b"plants " * 3000)
    return schedule, plants


def test_attachments_are_kept_by_content_and_marked(store: Store, files, tmp_path) -> None:
    schedule, plants = files
    first = store.comments(document_id=import_letter(store, letter(), b"x").document.id)[0]
    one = attach(store, first.id, schedule)
    again = attach(store, first.id, schedule, target="comment")
    assert one.sha256 == again.sha256 and one.id != again.id
    assert store.db.execute("SELECT count(*) FROM blobs WHERE sha256 = ?",
                            [one.sha256]).fetchone()[0] == 1
    secret = mark_confidential(store, attach(store, first.id, plants).id)
    assert secret.confidential and secret.label.endswith(RULE_83)
    remove_attachment(store, again.id)
    assert [a.name for a in attachments(store, first.id)] == [schedule.name, plants.name]
    out = save_copy(store, one.id, tmp_path / "copy.xlsx")
    assert out.read_bytes() == schedule.read_bytes()
    with pytest.raises(UserError, match="no such.xlsx"):
        attach(store, first.id, tmp_path / "no such.xlsx")


def test_the_filed_letter_never_names_a_rule_83_attachment(store: Store, files,
                                                            tmp_path: Path) -> None:
    schedule, plants = files
    imported = import_letter(store, letter(), b"x")
    first = store.comments(document_id=imported.document.id)[0]
    attach(store, first.id, schedule)
    mark_confidential(store, attach(store, first.id, plants).id)
    matter_id = imported.matter.id
    html = export_edgar_html(store, matter_id, tmp_path / "l.htm").read_text("ascii")
    assert "impairment schedule.xlsx" in html and "plant-level" not in html
    word = "\n".join(p.text for p in docx.Document(
        str(export_docx(store, matter_id, tmp_path / "l.docx"))).paragraphs)
    assert "Enclosed: impairment schedule.xlsx" in word and "plant-level" not in word
    with pymupdf.open(export_review_pack(store, matter_id, tmp_path / "p.pdf")) as pack:
        text = unicodedata.normalize("NFKC", " ".join(" ".join(page.get_text().split())
                                                      for page in pack))  # ligatures apart
    assert "Attachments (2)" in text and "impairment schedule.xlsx" in text
    assert "plant-level detail.pdf" in text and "confidential treatment requested (Rule 83)" in text


def test_attachments_travel_in_packs_within_their_limits(tmp_path: Path, files,
                                                         monkeypatch) -> None:
    schedule, plants = files
    ada = Store.open(tmp_path / "ada.rejoinder")
    ada.set_me("Ada Lovelace", "AL")
    imported = import_letter(ada, letter(), b"x")
    first = ada.comments(document_id=imported.document.id)[0]
    small = attach(ada, first.id, schedule)
    big = attach(ada, first.id, plants)
    pack_path = tmp_path / "a.rejoinder-pack"
    # room for the letter and the schedule (9 KB), not for the plants (21 KB) as well
    monkeypatch.setattr(pack_module, "MAX_TOTAL_BYTES", 40_000)
    written = export_pack(ada, imported.matter.id, pack_path)
    assert written.left_out == (plants.name,) and plants.name in written.text()
    bob = Store.open(tmp_path / "bob.rejoinder")
    bob.set_me("Bob Brown", "BB")
    assert import_pack(bob, pack_path).added.get("attachments") == 2
    got = {a.name: a for a in attachments(bob, first.id)}
    assert has_content(bob, got[small.name]) and not has_content(bob, got[big.name])
    with pytest.raises(UserError, match="too large for the exchange pack"):
        save_copy(bob, big.id, tmp_path / "x.pdf")
    for store in (ada, bob):
        store.close()


def test_removing_a_matter_removes_its_attachments(store: Store, files) -> None:
    schedule, _ = files
    imported = import_letter(store, letter(), b"x")
    first = store.comments(document_id=imported.document.id)[0]
    made = attach(store, first.id, schedule)
    remove_matter(store, imported.matter.id)
    assert store.db.execute("SELECT count(*) FROM blobs WHERE sha256 = ?",
                            [made.sha256]).fetchone()[0] == 0
