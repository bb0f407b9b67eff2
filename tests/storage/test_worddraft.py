"""Counsel's Word draft comes back (storage.worddraft): mapped onto the comments by tag, by
heading and recital, or fuzzily; tracked changes read with their authors and dates; Word
comments as notes with their replies; decisions per answer; undo as one step; bad input
refused with a plain message and the workspace untouched."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from storage.errors import UserError
from storage.exports.docx import export_docx
from storage.importer import import_letter
from storage.store import Store
from storage.worddraft.importing import (
    accept_all,
    decide,
    draft_answers,
    draft_text,
    import_draft,
    pending,
    undo_import,
    word_imports,
)
from storage.worddraft.reader import DraftError, read_draft
from tests.storage.conftest import letter
from tests.storage.worddraft import files

KEPT = Path(files.__file__).parent / "lo_tracked.docx"


@pytest.fixture
def sent(store: Store, tmp_path: Path) -> tuple[Store, str, list[str], Path]:
    """A staff letter of three comments, answered and exported to Word for counsel."""
    staff = import_letter(store, letter(texts=files.TEXTS), b"staff").document
    ids = [c.id for c in store.comments(document_id=staff.id)]
    for comment_id, text in zip(ids, files.DRAFTS, strict=True):
        store.save_draft(comment_id, text)
    out = export_docx(store, staff.matter_id, tmp_path / "for counsel.docx")
    return store, staff.matter_id, ids, out


def _state(store: Store, ids: list[str]) -> tuple[object, ...]:
    return (tuple(store.response(i).draft for i in ids),
            tuple(len(store.versions(i)) for i in ids),
            tuple(len(store.notes(i)) for i in ids))


# -- LibreOffice's own tracked changes -------------------------------------------------------

@pytest.mark.skipif(not files.have_soffice(), reason="LibreOffice is not installed")
def test_changes_libreoffice_recorded_come_back_by_tag(sent, tmp_path: Path) -> None:
    store, matter_id, ids, out = sent
    carla = store.add_reviewer("Carla Counsel", "CC")
    edited = files.libreoffice_edit(out, tmp_path / "counsel.docx", tmp_path / "lo")
    found = import_draft(store, edited)
    answers = {a.comment_id: a for a in draft_answers(store, found.id)}
    assert found.report["by"] == {"tag": 3} and found.report["unmapped"] == []
    first = answers[ids[0]]
    assert first.proposed == "The unit passed step 1 by a margin of 38 percent."
    assert first.original == files.DRAFTS[0]
    kinds = {(c.kind, c.author) for c in first.changes}
    assert {("insertion", "Carla Counsel"), ("deletion", "Carla Counsel")} <= kinds
    assert ("formatting", "Carla Counsel") in kinds  # "passed" made bold
    assert answers[ids[1]].proposed == "The tax effect was immaterial."
    # the redline against the current draft, attributed
    shown = [(t.state, t.author, t.text.strip()) for t in
             first.redline(draft_text(store.response(ids[0]).draft)) if t.state != "same"]
    assert ("del", "Carla Counsel", "wide") in shown and ("ins", "Carla Counsel", "38") in shown
    # the comment became a note on the answer, by Carla (a known reviewer), dated
    note = next(n for n in store.notes(ids[1]) if "auditors" in n.body)
    assert note.target == "response" and note.author_id == carla.id
    assert note.created_at.startswith("2026-11-30T09:00")
    # nothing is accepted until someone decides
    assert store.response(ids[0]).draft == files.DRAFTS[0]
    assert pending(store, matter_id) == 2


def test_a_kept_libreoffice_file_maps_by_heading_where_the_tags_are_foreign(store: Store
                                                                             ) -> None:
    """lo_tracked.docx was edited by LibreOffice against another workspace: its tags name
    comments this one does not have, so the headings and recitals map it."""
    staff = import_letter(store, letter(texts=files.TEXTS), b"staff").document
    ids = [c.id for c in store.comments(document_id=staff.id)]
    for comment_id, text in zip(ids, files.DRAFTS, strict=True):
        store.save_draft(comment_id, text)
    found = import_draft(store, KEPT, staff.matter_id)
    assert found.report["by"] == {"heading": 3}
    answers = {a.comment_id: a for a in draft_answers(store, found.id)}
    assert answers[ids[0]].authors() == ["Carla Counsel"]
    assert "38 percent" in answers[ids[0]].proposed


# -- Word's markup, edited by hand -------------------------------------------------------------

def test_word_markup_moves_formatting_marks_comments_and_replies(sent, tmp_path: Path) -> None:
    store, _, ids, out = sent
    dana = store.add_reviewer("Dana Partner", "DP")
    found = import_draft(store, files.word_style(out, tmp_path / "word.docx"))
    answers = {a.comment_id: a for a in draft_answers(store, found.id)}
    first, second, third = (answers[i] for i in ids)
    assert first.proposed == "The unit passed step 1 by a margin of 38%."
    assert {c.kind for c in first.changes} == {"insertion", "deletion", "formatting"}
    assert second.proposed == "The tax effect was immaterial."
    assert second.authors() == ["Ed Auditor"]
    assert {c.date for c in second.changes} == {"2026-12-01T16:40:00+00:00"}
    # the move, and the paragraph it made
    assert third.proposed == ("The chief operating decision maker reviews consolidated "
                              "results.\nThe Company has one reportable segment.")
    assert "move" in {c.kind for c in third.changes}
    assert "paragraph" in {c.kind for c in third.changes}
    assert third.original == files.DRAFTS[2]
    # Dana's comment is hers; Ed's reply (unknown to the workspace) names him; both resolved
    notes = store.notes(ids[1])
    top = next(n for n in notes if n.parent_id is None)
    reply = next(n for n in notes if n.parent_id == top.id)
    assert top.author_id == dana.id and top.body == "Is the rate reconciliation consistent?"
    assert reply.author_id is None and reply.body.startswith("Ed Auditor (Word comment in")
    assert top.resolved_at and reply.resolved_at


def test_decisions_versions_and_undo_as_one_step(sent, tmp_path: Path) -> None:
    store, matter_id, ids, out = sent
    before = _state(store, ids)
    found = import_draft(store, files.word_style(out, tmp_path / "word.docx"))
    answers = {a.comment_id: a for a in draft_answers(store, found.id)}
    # every answer touched has a version named after the file
    assert all(v.label == "Word draft: word.docx" for i in ids for v in store.versions(i))
    decide(store, answers[ids[0]].id, "accepted")
    assert store.response(ids[0]).draft == ("<p>The unit <b>passed</b> step 1 by a margin of "
                                            "38%.</p>")
    decide(store, answers[ids[1]].id, "rejected")
    assert store.response(ids[1]).draft == files.DRAFTS[1]
    decide(store, answers[ids[2]].id, "both")
    assert store.response(ids[2]).draft == files.DRAFTS[2]
    labels = [v.label for v in store.versions(ids[2])]
    assert labels == ["Word draft: word.docx", "Yours, kept beside word.docx"]
    assert pending(store, matter_id) == 0
    undo_import(store, found.id)
    assert _state(store, ids) == before
    assert word_imports(store, matter_id) == []


def test_accept_all_takes_every_pending_answer(sent, tmp_path: Path) -> None:
    store, matter_id, ids, out = sent
    found = import_draft(store, files.word_style(out, tmp_path / "word.docx"))
    decide(store, draft_answers(store, found.id)[1].id, "rejected")
    assert accept_all(store, found.id) == 2
    assert draft_text(store.response(ids[0]).draft).endswith("38%.")
    assert store.response(ids[1]).draft == files.DRAFTS[1]
    assert pending(store, matter_id) == 0


def test_tags_lost_the_headings_map(sent, tmp_path: Path) -> None:
    store, _, ids, out = sent
    bare = files.strip_bookmarks(files.word_style(out, tmp_path / "w.docx"), tmp_path / "b.docx")
    found = import_draft(store, bare)
    assert found.report["by"] == {"heading": 3}
    assert {a.comment_id for a in draft_answers(store, found.id)} == set(ids)


def test_a_retyped_letter_maps_by_recital_and_fuzzily_and_lists_the_rest(store: Store,
                                                                          tmp_path: Path) -> None:
    staff = import_letter(store, letter(texts=files.TEXTS), b"staff").document
    ids = [c.id for c in store.comments(document_id=staff.id)]
    found = import_draft(store, files.retyped(tmp_path / "retyped.docx"))
    answers = {a.comment_id: a for a in draft_answers(store, found.id)}
    assert answers[ids[0]].mapped_by == "heading"
    assert answers[ids[2]].mapped_by == "text"  # headed "Comment 4", recites comment 3
    assert answers[ids[2]].proposed == "The Company has two reportable segments."
    assert answers[ids[1]].mapped_by == "fuzzy"
    assert answers[ids[1]].proposed == "The tax effect was immaterial to fiscal 2016."
    assert len(found.report["unmapped"]) == 1 and "comment 9" in found.report["unmapped"][0]


# -- bad input -----------------------------------------------------------------------------------

def _zip(path: Path, parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def _parts(source: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(source) as package:
        return {n: package.read(n) for n in package.namelist()}


@pytest.mark.parametrize("case,words", [
    ("doc", "Word 97–2003"), ("encrypted", "password-protected"), ("odt", "OpenDocument"),
    ("text", "not a Word document"), ("zip", "not a Word document"),
    ("truncated", "damaged"), ("bomb", "before inflating"), ("entities", "entity"),
    ("broken_xml", "damaged"), ("empty", "not a Word document"),
])
def test_bad_files_are_refused_and_nothing_changes(sent, tmp_path: Path, case: str,
                                                   words: str) -> None:
    store, _, ids, out = sent
    before = _state(store, ids)
    bad = tmp_path / f"bad-{case}.docx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    if case == "doc":
        bad.write_bytes(ole + b"WordDocument".ljust(64, b"\0"))
    elif case == "encrypted":
        bad.write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    elif case == "odt":
        _zip(bad, {"mimetype": b"application/vnd.oasis.opendocument.text",
                   "content.xml": b"<x/>"}, zipfile.ZIP_STORED)
    elif case == "text":
        bad.write_text("Response to comment 1: yes.")
    elif case == "zip":
        _zip(bad, {"notes.txt": b"hello"})
    elif case == "truncated":
        bad.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    elif case == "bomb":
        parts = _parts(out)
        parts["word/document.xml"] = b"<w:document>" + b" " * (70 * 2**20) + b"</w:document>"
        _zip(bad, parts)
    elif case == "entities":
        parts = _parts(out)
        parts["word/document.xml"] = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
            b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>')
        _zip(bad, parts)
    elif case == "broken_xml":
        parts = _parts(out)
        parts["word/document.xml"] = b"<w:document><w:body><w:p>"
        _zip(bad, parts)
    elif case == "empty":
        bad.write_bytes(b"")
    with pytest.raises(UserError) as refused:
        import_draft(store, bad)
    assert words in str(refused.value) and bad.name in str(refused.value)
    assert _state(store, ids) == before


def test_a_bomb_is_refused_before_it_inflates(tmp_path: Path) -> None:
    """A part that declares a small size but inflates past the cap is cut off while read."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<a>" + b"x" * (65 * 2**20) + b"</a>")
    raw = bytearray(data.getvalue())
    # lie about the uncompressed size in both headers (local and central)
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).infolist()[0]
    size = info.file_size.to_bytes(4, "little")
    raw = raw.replace(size, (1000).to_bytes(4, "little"))
    bad = tmp_path / "liar.docx"
    bad.write_bytes(bytes(raw))
    with pytest.raises(DraftError, match="ZIP bomb|damaged"):
        read_draft(bad)


def test_a_damaged_comments_part_is_skipped_and_named(sent, tmp_path: Path) -> None:
    store, _, ids, out = sent
    parts = _parts(files.word_style(out, tmp_path / "w.docx"))
    parts["word/comments.xml"] = b"<w:comments><w:comment"  # cut short
    found = import_draft(store, _zip(tmp_path / "half.docx", parts))
    assert any("comments.xml" in s for s in found.report["skipped"])
    assert found.report["changed"] == 3  # the answers still came in


def test_a_letter_not_ours_is_refused_when_nothing_maps(sent, tmp_path: Path) -> None:
    store, _, ids, _ = sent
    import docx

    other = docx.Document()
    other.add_paragraph("Minutes of the board meeting.")
    other.add_paragraph("The board approved the budget.")
    other.save(str(tmp_path / "minutes.docx"))
    before = _state(store, ids)
    with pytest.raises(UserError, match="No answer in minutes.docx"):
        import_draft(store, tmp_path / "minutes.docx")
    assert _state(store, ids) == before



# -- the command line ---------------------------------------------------------------------------

def test_import_docx_command(sent, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from main import main

    store, matter_id, ids, out = sent
    edited = files.word_style(out, tmp_path / "word.docx")
    workspace = str(store.path)
    store.close()
    assert main(["import-docx", str(edited), "--workspace", workspace]) == 0
    printed = capsys.readouterr().out
    assert "3 answers mapped (3 by tag)" in printed and printed.count("waiting: comment") == 3
    assert main(["import-docx", str(tmp_path / "missing.docx"), "--workspace", workspace]) == 1
    assert "missing.docx" in capsys.readouterr().err
    assert main(["import-docx", str(edited), "--workspace", workspace, "--accept-all"]) == 0
    assert "Accepted the changes of 3 answers." in capsys.readouterr().out
    with Store.open(Path(workspace)) as again:
        assert draft_text(again.response(ids[0]).draft).endswith("38%.")
        assert pending(again, matter_id) == 3  # the first import still waits


def test_an_untouched_letter_changes_nothing(store: Store, tmp_path: Path) -> None:
    """Rich answers (bold, bullets, a numbered list) exported and read back unchanged are not
    proposed as changes."""
    staff = import_letter(store, letter(texts=files.TEXTS), b"staff").document
    ids = [c.id for c in store.comments(document_id=staff.id)]
    store.save_draft(ids[0], "<p>The unit <b>passed</b> step 1.</p><ul><li>one</li>"
                     "<li>two</li></ul><ol><li>first</li><li>second</li></ol><p>End.</p>")
    store.save_draft(ids[1], "Plain answer.")
    out = export_docx(store, staff.matter_id, tmp_path / "same.docx")
    found = import_draft(store, out)
    assert found.report["changed"] == 0 and found.report["unchanged"] == 3
