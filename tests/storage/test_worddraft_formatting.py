"""An accepted Word answer keeps its formatting (storage.worddraft.formatting): paragraphs,
bulleted and numbered lists, bold, italic and underline, on the right words, through tracked
insertions, deletions and formatting changes — stored as the draft HTML the editor and the
letter exports read, and written back to Word by the response-letter export."""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from storage.exports.docx import export_docx
from storage.importer import import_letter
from storage.store import Store
from storage.worddraft.importing import (
    accept_all,
    decide,
    draft_answers,
    draft_text,
    import_draft,
    undo_import,
)
from tests.storage.conftest import letter
from tests.storage.worddraft import files

# The answers as the editor keeps them; the LibreOffice macro's edits fall in the first two.
RICH = ("<p>The unit <i>passed</i> step 1 by a <u>wide margin</u>:</p><ul><li>fair value "
        "<b>exceeded</b> the carrying amount;</li><li>no triggering event.</li></ul>",
        "<p>The tax effect for the year was <b>immaterial</b>.</p><ol><li>First step.</li>"
        "<li>Second <i>step</i>.</li></ol>",
        "<p>The Company has one reportable segment.</p><ol><li>Item <u>one</u></li><li>Item two"
        "<ul><li>a sub point</li></ul></li><li>Item three</li></ol>")


@pytest.fixture
def rich(store: Store, tmp_path: Path) -> tuple[Store, list[str], Path]:
    """Three formatted answers, exported to Word for counsel."""
    staff = import_letter(store, letter(texts=files.TEXTS), b"staff").document
    ids = [c.id for c in store.comments(document_id=staff.id)]
    for comment_id, text in zip(ids, RICH, strict=True):
        store.save_draft(comment_id, text)
    return store, ids, export_docx(store, staff.matter_id, tmp_path / "for counsel.docx")


def _answer_runs(path: Path, starts: str) -> list[tuple[str, str, bool, bool, bool]]:
    """The exported letter's paragraphs from the one starting `starts` to the next "Response"
    heading or numbered comment: (style, text, bold, italic, underline) per non-blank run."""
    found: list[tuple[str, str, bool, bool, bool]] = []
    inside = False
    for paragraph in docx.Document(str(path)).paragraphs:
        inside = inside or paragraph.text.startswith(starts)
        if inside and found and (paragraph.text.startswith("Response") or
                                 paragraph.text[:2] in ("2.", "3.", "If")):
            break
        if inside:
            found += [(paragraph.style.name, r.text, bool(r.bold), bool(r.italic),
                       bool(r.underline)) for r in paragraph.runs if r.text.strip()]
    return found


# -- LibreOffice's own round trip ---------------------------------------------------------------

@pytest.mark.skipif(not files.have_soffice(), reason="LibreOffice is not installed")
def test_libreoffice_round_trip_keeps_the_formatting(rich, tmp_path: Path) -> None:
    store, ids, out = rich
    edited = files.libreoffice_edit(out, tmp_path / "counsel.docx", tmp_path / "lo")
    found = import_draft(store, edited)
    assert {a.comment_id for a in draft_answers(store, found.id)} == set(ids[:2])  # 3 untouched
    assert accept_all(store, found.id) == 2
    # the replacement takes the underline of the words it replaced; "passed" made bold, still
    # italic; the bulleted list and the numbered one (LibreOffice numbers its first item apart)
    assert store.response(ids[0]).draft == (
        "<p>The unit <i><b>passed</b></i> step 1 by a <u>margin of 38 percent</u>:</p><ul><li>"
        "fair value <b>exceeded</b> the carrying amount;</li><li>no triggering event.</li></ul>")
    assert store.response(ids[1]).draft == (
        "<p>The tax effect was <b>immaterial</b>.</p><ol><li>First step.</li><li>Second "
        "<i>step</i>.</li></ol>")
    assert store.response(ids[2]).draft == RICH[2]
    undo_import(store, found.id)
    assert [store.response(i).draft for i in ids] == list(RICH)


# -- Word's markup, by hand ---------------------------------------------------------------------

def _edit(source: Path, out: Path, change: object) -> Path:
    """`source` with its document part changed by `change(root, answers)`, the answers' first
    paragraphs (by their tags) in order."""
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    answers = [p for p in root.iter(files._q("p")) if any(
        b.get(files._q("name"), "").startswith("_rj") for b in p.iter(files._q("bookmarkStart")))]
    change(root, answers)  # type: ignore[operator]
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out


def _look(run: etree._Element, *tags: str) -> etree._Element:
    properties = run.find(files._q("rPr"))
    if properties is None:
        properties = etree.SubElement(run, files._q("rPr"))
        run.insert(0, properties)
    for tag in tags:
        etree.SubElement(properties, files._q(tag))
    return properties


def _tracked(root: etree._Element, answers: list[etree._Element]) -> None:
    """Dana inserts bold "clearly " before "passed" and deletes the underlined "wide margin";
    Ed turns "immaterial" from bold to italic (a tracked formatting change)."""
    first, second = answers[0], answers[1]
    before, passed = files._split_runs_at(first, "passed")
    inserted = files._mark("ins", "Dana Partner", files.DATE1, 801)
    run = files._run("clearly ")
    _look(run, "b")
    inserted.append(run)
    passed.addprevious(inserted)
    files._replace_in(first, "wide margin", [("del", "Dana Partner", "wide margin"),
                                              ("ins", "Dana Partner", "margin")])
    word = next(r for r in second.iter(files._q("r")) if "".join(r.itertext()) == "immaterial")
    properties = word.find(files._q("rPr"))
    properties.remove(properties.find(files._q("b")))
    etree.SubElement(properties, files._q("i"))
    change = files._mark("rPrChange", "Ed Auditor", files.DATE2, 802)
    etree.SubElement(etree.SubElement(change, files._q("rPr")), files._q("b"))
    properties.append(change)


def test_tracked_insertions_deletions_and_formatting_changes(rich, tmp_path: Path) -> None:
    store, ids, out = rich
    found = import_draft(store, _edit(out, tmp_path / "word.docx", _tracked))
    answers = {a.comment_id: a for a in draft_answers(store, found.id)}
    first, second = answers[ids[0]], answers[ids[1]]
    assert first.proposed.startswith("The unit clearly passed step 1 by a margin:")
    # the inserted run brings its bold; the words the deletion left keep the underline of the
    # inserted run (which has none: Word gives an insertion its own properties)
    assert first.proposed_html == (
        "<p>The unit <b>clearly </b><i>passed</i> step 1 by a margin:</p><ul><li>fair value "
        "<b>exceeded</b> the carrying amount;</li><li>no triggering event.</li></ul>")
    assert "formatting" in {c.kind for c in second.changes}
    decide(store, first.id, "accepted")
    decide(store, second.id, "accepted")
    assert store.response(ids[1]).draft == (
        "<p>The tax effect for the year was <i>immaterial</i>.</p><ol><li>First step.</li>"
        "<li>Second <i>step</i>.</li></ol>")
    # the response letter writes it back to Word: the words carry their formatting, the lists
    # their styles
    staff_matter = store.comment(ids[0]).matter_id
    again = export_docx(store, staff_matter, tmp_path / "again.docx")
    shown = _answer_runs(again, "The unit clearly")
    assert ("Normal", "clearly ", True, False, False) in shown
    assert ("Normal", "passed", False, True, False) in shown
    assert ("List Bullet", "exceeded", True, False, False) in shown
    numbered = _answer_runs(again, "The tax effect")
    assert ("Normal", "immaterial", False, True, False) in numbered
    assert ("List Number", "First step.", False, False, False) in numbered
    assert ("List Number", "step", False, True, False) in numbered


def test_rejecting_and_keeping_both_leave_the_draft_and_keep_the_word_text_formatted(
        rich, tmp_path: Path) -> None:
    store, ids, out = rich
    found = import_draft(store, _edit(out, tmp_path / "word.docx", _tracked))
    first, second = draft_answers(store, found.id)
    decide(store, first.id, "rejected")
    decide(store, second.id, "both")
    assert [store.response(i).draft for i in ids[:2]] == list(RICH[:2])
    kept = next(v for v in store.versions(ids[1]) if v.label == "Word draft: word.docx")
    assert "<i>immaterial</i>" in kept.draft and "<ol><li>First step.</li>" in kept.draft
    undo_import(store, found.id)
    assert [store.response(i).draft for i in ids] == list(RICH)


def _bolded(root: etree._Element, answers: list[etree._Element]) -> None:
    """Counsel bolds "reportable segment" in the third answer, without tracking."""
    _, words = files._split_runs_at(answers[2], "reportable segment")
    _look(words, "b")


def _strong(root: etree._Element, answers: list[etree._Element]) -> None:
    """Counsel gives "one" in the third answer Word's character style Strong (bold)."""
    _, words = files._split_runs_at(answers[2], "one")
    _look(words).insert(0, etree.Element(files._q("rStyle"), {files._q("val"): "Strong"}))


@pytest.mark.parametrize("change,bold", [(_bolded, "reportable segment"), (_strong, "one")])
def test_formatting_changed_without_tracking_is_proposed(rich, tmp_path: Path, change: object,
                                                         bold: str) -> None:
    """The words are the same, so only their formatting (set on the run, or by a character
    style) tells that counsel changed it."""
    store, ids, out = rich
    found = import_draft(store, _edit(out, tmp_path / "word.docx", change))
    [answer] = draft_answers(store, found.id)
    assert answer.comment_id == ids[2] and answer.changes == ()
    decide(store, answer.id, "accepted")
    assert store.response(ids[2]).draft == (
        "<p>The Company has one reportable segment.</p><ol><li>Item <u>one</u></li><li>"
        "Item two<ul><li>a sub point</li></ul></li><li>Item three</li></ol>"
    ).replace(f" {bold}", f" <b>{bold}</b>", 1)


def test_a_list_is_what_its_numbering_says_not_its_style_name(rich, tmp_path: Path) -> None:
    """The second answer's numbered items pointed at a bullet numbering (their style still
    says "List Number"): they come back as bullets."""
    store, ids, out = rich
    bullet = docx.Document(str(out)).styles["List Bullet"].element.pPr.numPr.numId.val

    def relist(root: etree._Element, answers: list[etree._Element]) -> None:
        for numbering in root.iter(files._q("numPr")):
            style = numbering.getparent().find(files._q("pStyle"))
            if style is not None and style.get(files._q("val")) == "ListNumber":
                numbering.find(files._q("numId")).set(files._q("val"), str(bullet))

    found = import_draft(store, _edit(out, tmp_path / "word.docx", relist))
    answers = {a.comment_id: a for a in draft_answers(store, found.id)}
    decide(store, answers[ids[1]].id, "accepted")
    assert store.response(ids[1]).draft == (
        "<p>The tax effect for the year was <b>immaterial</b>.</p><ul><li>First step.</li>"
        "<li>Second <i>step</i>.</li></ul>")


def test_an_import_from_before_formatting_was_kept_accepts_its_plain_text(
        rich, tmp_path: Path) -> None:
    store, ids, out = rich
    found = import_draft(store, _edit(out, tmp_path / "word.docx", _tracked))
    store.db.execute("UPDATE word_import_answers SET proposed_html = NULL")
    first = draft_answers(store, found.id)[0]
    decide(store, first.id, "accepted")
    assert store.response(ids[0]).draft == first.proposed
    assert draft_text(store.response(ids[0]).draft) == first.proposed
    undo_import(store, found.id)
    assert store.response(ids[0]).draft == RICH[0]


def test_a_deleted_paragraph_mark_joins_the_paragraphs(store: Store, tmp_path: Path) -> None:
    staff = import_letter(store, letter(texts=files.TEXTS), b"staff").document
    comment_id = store.comments(document_id=staff.id)[0].id
    store.save_draft(comment_id, "<p>One <b>bold</b> part.</p><p>A second <i>part</i>.</p>")
    out = export_docx(store, staff.matter_id, tmp_path / "for counsel.docx")

    def join(root: etree._Element, answers: list[etree._Element]) -> None:
        properties = answers[0].find(files._q("pPr"))
        mark = etree.SubElement(properties, files._q("rPr"))
        mark.append(files._mark("del", "Dana Partner", files.DATE1, 803))

    found = import_draft(store, _edit(out, tmp_path / "word.docx", join))
    [answer] = draft_answers(store, found.id)
    assert answer.proposed == "One bold part.A second part."  # as Word joins them
    assert answer.proposed_html == "<p>One <b>bold</b> part.A second <i>part</i>.</p>"
