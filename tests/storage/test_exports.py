"""Exports: each file is opened with the library that reads it (python-docx, openpyxl, PyMuPDF,
html.parser) and checked against the store — content, order, formatting, authors."""
from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pymupdf
import pytest

from storage import rows
from storage.errors import UserError
from storage.exports import Cancelled, ExportError, Selection, write_atomic
from storage.exports.annotated_pdf import export_annotated
from storage.exports.docx import export_docx
from storage.exports.edgar_html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, export_edgar_html
from storage.exports.gather import select, staff_comments
from storage.exports.letter import LetterSettings, letter_settings, set_letter_settings
from storage.exports.pack_pdf import export_pack
from storage.exports.richtext import blocks
from storage.exports.xlsx import export_tracker
from storage.ids import new_id, now
from storage.importer import import_file, import_letter
from storage.models import Annotation, Comment, Region
from storage.store import Store
from tests.conftest import LETTERS
from tests.storage.conftest import letter, run_export_command

TEXTS = ("Tell us whether your MNS reporting unit was at risk of failing step 1.",
         "Please disclose the geographic information relating to revenues.",
         "Explain the tax effect of the restructuring.")
QT_DRAFT = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN" "http://www.w3.org/TR/REC-html40/strict.dtd">'
    '<html><head><meta name="qrichtext" content="1" /><meta charset="utf-8" />'
    '<style type="text/css">p, li { white-space: pre-wrap; }</style></head>'
    '<body style=" font-family:\'Sans Serif\'; font-size:9pt; font-weight:400;">'
    '<p style=" margin-top:0px;">The Company <span style=" font-weight:700;">respectfully</span>'
    ' notes the <span style=" font-style:italic;">Staff’s</span> comment.<br />'
    'A second line.</p>'
    '<ul style="margin-top: 0px;"><li style=" margin-top:0px;">first point</li>'
    '<li style=" margin-top:0px;">second point</li></ul>'
    '<p style="-qt-paragraph-type:empty;"><br /></p>'
    '<ol style="margin-top: 0px;"><li>one</li><li>two</li></ol></body></html>')
PLAIN_DRAFT = "We will revise future filings.\n· Americas: $10 million\n· Europe: $4 million"


@pytest.fixture
def matter(store: Store) -> tuple[Store, str, list[Comment]]:
    """A staff letter of three comments: one in review with notes, one approved, one open
    with a reviewer's highlight on the letter."""
    result = import_letter(store, letter(texts=TEXTS), b"staff letter")
    comments = store.comments(document_id=result.document.id)
    will = store.add_reviewer("Will Cai", "WC")
    first, second, third = comments
    store.save_draft(first.id, QT_DRAFT)
    store.set_status(first.id, "in_review", "Ready for counsel")
    store.set_owner(first.id, will.id)
    question = store.add_note(first.id, "Is step 1 the right test?")
    done = store.add_note(first.id, "Typo fixed.")
    store.resolve_note(done.id)
    store.set_setting("local_reviewer_id", will.id)
    store.add_note(first.id, "Yes: ASC 350-20-35-30.", parent_id=question.id)
    _highlight(store, third, will.id, "tax effect", "Which restructuring?")
    me = [r for r in store.reviewers() if r.name == "Ada Lovelace"][0]
    store.set_setting("local_reviewer_id", me.id)
    store.save_draft(second.id, PLAIN_DRAFT)
    store.set_status(second.id, "approved")
    return store, result.matter.id, comments


def _highlight(store: Store, comment: Comment, author: str, quote: str, body: str) -> None:
    # The store has no call to draw a highlight yet: the row is written as the GUI will.
    region = Region(comment.regions[0].page, (100.0, comment.regions[0].rect[1], 300.0,
                                              comment.regions[0].rect[3]))
    note = Annotation(new_id(), comment.matter_id, comment.id, "region", comment.document_id,
                      (region,), quote, body, None, author, now(), now(), None)
    store.db["annotations"].insert(rows.to_row(note))


# -- which comments ------------------------------------------------------------------------------

def test_selection_all_open_or_listed(matter) -> None:
    store, matter_id, comments = matter
    ids = [c.id for c in comments]
    assert [c.id for c in select(store, matter_id, Selection.all())] == ids
    assert [c.id for c in select(store, matter_id, Selection.open())] == [ids[0], ids[2]]
    assert [c.id for c in select(store, matter_id, Selection.of([ids[2], ids[0]]))] == \
        [ids[0], ids[2]]


def test_response_items_are_not_comments_unless_alone(store: Store) -> None:
    staff = import_letter(store, letter(), b"staff")
    import_letter(store, letter("response", date="2017-08-30", answers="2017-08-16"), b"resp")
    chosen = staff_comments(store, staff.matter.id)
    assert [c.document_id for c in chosen] == [staff.document.id] * 2
    alone = import_letter(store, letter("response", company="Other Co", file_number="001-9"),
                                b"other")
    assert [c.number for c in staff_comments(store, alone.matter.id)] == [1, 2]


# -- writing files -------------------------------------------------------------------------------

def test_failed_writer_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"the earlier export")

    def failing(out) -> None:
        out.write(b"half a file")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, failing)
    assert target.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.docx"]


def test_unwritable_path_is_a_user_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"missing.*pack\.pdf.*choose another place"):
        write_atomic(tmp_path / "missing" / "pack.pdf", lambda out: out.write(b"x"))
    with pytest.raises(ExportError, match="is a folder"):
        write_atomic(tmp_path, lambda out: out.write(b"x"))


def test_a_file_where_a_folder_should_be_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "exports"
    blocker.write_bytes(b"a file, not a folder")  # unwritable below it, even for root
    with pytest.raises(UserError, match="may write"):
        write_atomic(blocker / "t.xlsx", lambda out: out.write(b"x"))
    assert blocker.read_bytes() == b"a file, not a folder"


def test_cancelling_writes_nothing(matter, tmp_path: Path) -> None:
    store, matter_id, _ = matter
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 1

    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(Cancelled):
        export_pack(store, matter_id, folder / "pack.pdf", progress=progress)
    assert seen[-1][0] == 1 and list(folder.iterdir()) == []


# -- rich text and settings ----------------------------------------------------------------------

def test_qt_rich_text_becomes_formatted_blocks() -> None:
    found = blocks(QT_DRAFT)
    assert [(b.text, b.list_kind) for b in found] == [
        ("The Company respectfully notes the Staff’s comment.\nA second line.", None),
        ("first point", "ul"), ("second point", "ul"), ("one", "ol"), ("two", "ol")]
    runs = {r.text: r for r in found[0].runs}
    assert runs["respectfully"].bold and runs["Staff’s"].italic
    assert not runs["The Company "].bold
    assert [(b.text, b.list_kind) for b in blocks(PLAIN_DRAFT)] == [
        ("We will revise future filings.", None), ("Americas: $10 million", "ul"),
        ("Europe: $4 million", "ul")]


def test_letter_settings_default_from_the_matter_and_keep_changes(matter) -> None:
    store, matter_id, _ = matter
    settings = letter_settings(store, matter_id)
    assert settings.re_lines == ("Example Corp", "Form 10-K for the Fiscal Year Ended "
                                 "December 31, 2016", "File No. 001-00001")
    assert settings.signatory == "Ada Lovelace"
    changed = LetterSettings(**{**settings.__dict__, "signatory_title": "Chief Financial Officer",
                                "letterhead": ("Example Corp", "1 Main Street")})
    set_letter_settings(store, matter_id, changed)
    assert letter_settings(store, matter_id) == changed
    assert "re_lines" not in store.setting(f"matter:{matter_id}:letter")


# -- the response letter -------------------------------------------------------------------------

def test_docx_letter_in_conventional_order(matter, tmp_path: Path) -> None:
    store, matter_id, comments = matter
    settings = letter_settings(store, matter_id)
    set_letter_settings(store, matter_id, LetterSettings(
        **{**settings.__dict__, "letter_date": "2017-08-30", "signatory_title": "CFO"}))
    word = docx.Document(str(export_docx(store, matter_id, tmp_path / "letter.docx")))
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "August 30, 2017"
    assert texts[2].startswith("Re:\tExample Corp")
    assert texts[3] == "Ladies and Gentlemen:"
    assert "letter dated August 16, 2017" in texts[4]
    order = [texts.index(f"{c.number}.\t{c.text}") for c in comments]
    assert order == sorted(order)
    assert texts[order[0] - 2:order[0]] == ["Form 10-K", "Section 1"]
    assert texts[order[0] + 1] == "Response:"
    assert texts[-1] == "Ada Lovelace\nCFO\nExample Corp"
    assert texts[-3].startswith("If you have any questions")


def test_docx_keeps_the_answer_formatting(matter, tmp_path: Path) -> None:
    store, matter_id, comments = matter
    word = docx.Document(str(export_docx(store, matter_id, tmp_path / "letter.docx")))
    paragraphs = word.paragraphs
    recital = next(p for p in paragraphs if p.text.startswith("1.\t"))
    assert all(r.bold for r in recital.runs)
    heading = next(p for p in paragraphs if p.text == "Section 1")
    assert heading.runs[0].bold and heading.runs[0].underline
    answer = next(p for p in paragraphs if p.text.startswith("The Company respectfully"))
    assert [r.text for r in answer.runs if r.bold] == ["respectfully"]
    assert [r.text for r in answer.runs if r.italic] == ["Staff’s"]
    styles = [(p.text, p.style.name) for p in paragraphs if p.style.name.startswith("List")]
    assert styles == [("first point", "List Bullet"), ("second point", "List Bullet"),
                      ("one", "List Number"), ("two", "List Number"),
                      ("Americas: $10 million", "List Bullet"),
                      ("Europe: $4 million", "List Bullet")]
    pending = paragraphs[[p.text for p in paragraphs].index("3.\t" + comments[2].text) + 2]
    assert pending.text == "[Response to be provided.]" and pending.runs[0].italic


def test_docx_running_header_on_later_pages(matter, tmp_path: Path) -> None:
    store, matter_id, _ = matter
    word = docx.Document(str(export_docx(store, matter_id, tmp_path / "letter.docx")))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == "Example Corp"
    header = section.header.paragraphs[0]
    assert header.text.startswith("Securities and Exchange Commission")
    assert "PAGE" in header._p.xml


def test_only_open_comments_in_the_letter(matter, tmp_path: Path) -> None:
    store, matter_id, comments = matter
    path = export_docx(store, matter_id, tmp_path / "open.docx", Selection.open())
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert f"2.\t{comments[1].text}" not in texts
    assert f"3.\t{comments[2].text}" in texts


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes |= {name for name, _ in attrs}

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _edgar_problems(data: bytes) -> list[str]:
    problems = []
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        return ["not ASCII"]
    parser = _Tags()
    parser.feed(text)
    problems += [f"tag {t}" for t in set(parser.tags) - ALLOWED_TAGS]
    problems += [f"attribute {a}" for a in parser.attributes - ALLOWED_ATTRIBUTES]
    problems += [word for word in ("http:", "https:", "src=", "href=", "<script", "javascript",
                                   "<style", "<link", "<img") if word in text.lower()]
    return problems


def test_edgar_html_uses_only_what_edgar_accepts(matter, tmp_path: Path) -> None:
    store, matter_id, comments = matter
    data = export_edgar_html(store, matter_id, tmp_path / "letter.htm").read_bytes()
    assert _edgar_problems(data) == []
    text = data.decode("ascii")
    assert "Staff&#8217;s" in text and "<b>respectfully</b>" in text
    assert "<ul" in text and "<ol" in text
    places = [text.index(c.text) for c in comments]
    assert places == sorted(places)
    assert "Response:" in text and text.rstrip().endswith("</html>")


# -- the tracker ---------------------------------------------------------------------------------

def test_tracker_rows_follow_the_store(matter, tmp_path: Path) -> None:
    store, matter_id, comments = matter
    book = openpyxl.load_workbook(export_tracker(store, matter_id, tmp_path / "t.xlsx"))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Matter", "Letter", "No.", "Headings", "Page", "Status"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:Q4"
    table = [dict(zip(header, [c.value for c in row], strict=True))
             for row in sheet.iter_rows(min_row=2)]
    assert [r["Comment"] for r in table] == [c.text for c in comments]
    assert [r["Status"] for r in table] == ["In review", "Approved", "Open"]
    assert table[0]["Owner"] == "Will Cai" and table[0]["Overdue"] == "Yes"
    assert table[0]["Due"].date() == date(2017, 8, 30)
    assert table[0]["Unresolved notes"].count("\n") == 1  # the resolved note is left out
    assert "Is step 1 the right test?" in table[0]["Unresolved notes"]
    assert table[0]["Changed by"] == "Will Cai" and table[0]["Last change"] == "Note added"
    assert table[1]["Answer"].startswith("We will revise future filings.\n• Americas")
    assert sheet["F2"].fill.fgColor.rgb.endswith("D6E4F5")
    assert sheet["J2"].alignment.wrap_text


# -- the review pack -----------------------------------------------------------------------------

def test_pack_has_cover_summary_table_and_a_bookmark_per_comment(matter, tmp_path: Path) -> None:
    store, matter_id, comments = matter
    pack = pymupdf.open(export_pack(store, matter_id, tmp_path / "pack.pdf"))
    cover = pack[0].get_text()
    assert "REVIEW PACK" in cover and "Example Corp" in cover and "Will Cai" in cover
    assert "Status summary" in pack[1].get_text()
    assert pack[1].get_drawings()  # the bar chart
    toc = pack.get_toc()
    assert [t[1] for t in toc if t[0] == 3] == ["1. Section 1", "2. Section 1", "3. Section 1"]
    for (_, _, page), comment in zip([t for t in toc if t[0] == 3], comments, strict=True):
        assert comment.text in _text(pack[page - 1])
        assert pack[page - 1].get_images()  # the comment cut from the letter
    body = " ".join(_text(p) for p in pack)
    assert body.index(comments[0].text) < body.index("Is step 1 the right test?") < \
        body.index("Yes: ASC 350-20-35-30.") < body.index(comments[1].text)
    assert "Status In review → " not in body and "Status Open → In review" in body


def test_pack_of_open_comments(matter, tmp_path: Path) -> None:
    store, matter_id, comments = matter
    pack = pymupdf.open(export_pack(store, matter_id, tmp_path / "p.pdf", Selection.open()))
    assert [t[1] for t in pack.get_toc() if t[0] == 3] == ["1. Section 1", "3. Section 1"]
    assert "The 2 open comments" in pack[0].get_text()


# -- the annotated letter ------------------------------------------------------------------------

def test_annotated_letter_carries_authors(matter, tmp_path: Path) -> None:
    store, matter_id, comments = matter
    pdf = pymupdf.open(export_annotated(store, matter_id, tmp_path / "a.pdf"))
    annots = [(a.type[1], a.info["title"], a.info["content"], a.irt_xref, a.xref)
              for page in pdf for a in page.annots()]
    kinds = [(kind, who, text) for kind, who, text, _, _ in annots]
    assert ("Highlight", "Will Cai", "“tax effect”\n\nWhich restructuring?") in kinds
    assert ("Text", "Ada Lovelace", "Is step 1 the right test?") in kinds
    assert ("Text", "Ada Lovelace", "[Resolved] Typo fixed.") in kinds
    question = next(a for a in annots if a[2] == "Is step 1 the right test?")
    reply = next(a for a in annots if a[2] == "Yes: ASC 350-20-35-30.")
    assert reply[1] == "Will Cai" and reply[3] == question[4]


# -- the command ---------------------------------------------------------------------------------

def _text(page: pymupdf.Page) -> str:
    """A page's words, ligatures ("ﬀ") written out."""
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
    return " ".join(page.get_text(flags=flags).split())


def test_export_command(matter, workspace_path: Path, tmp_path: Path, capsys) -> None:
    store, matter_id, _ = matter
    store.close()
    out = tmp_path / "t.xlsx"
    assert run_export_command("export", "--workspace", str(workspace_path), "--matter", "example",
                "--format", "xlsx", "--out", str(out)) == 0
    assert out.exists() and str(out) in capsys.readouterr().out
    assert run_export_command("export", "--workspace", str(workspace_path), "--matter", "nobody",
                "--format", "docx", "--out", str(tmp_path / "x.docx")) == 2
    assert run_export_command("export", "--workspace", str(workspace_path), "--format", "pack",
                "--out", str(tmp_path / "no" / "p.pdf")) == 1
    assert "Could not write" in capsys.readouterr().err


# -- real letters --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def insulet(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("insulet") / "w.rejoinder"
    with Store.open(path) as store:
        store.set_me("Ada Lovelace", "AL")
        for name in ("insulet_2016-06-30_upload.pdf", "insulet_2016-07-29_corresp.htm",
                     "insulet_2016-08-15_upload.pdf"):
            import_file(store, LETTERS / name)
        matter_id = store.matters()[0].id
        yield store, matter_id, staff_comments(store, matter_id)


@pytest.mark.corpus
def test_real_letter_exports_follow_the_store(insulet, tmp_path: Path) -> None:
    store, matter_id, comments = insulet
    assert len(comments) == 20
    word = docx.Document(str(export_docx(store, matter_id, tmp_path / "l.docx")))
    recitals = [p.text.split("\t")[0] for p in word.paragraphs
                if p.runs and p.runs[0].bold and "\t" in p.text and p.text[0].isdigit()]
    assert recitals == [f"{c.number}." for c in comments]
    assert "Staff letter dated August 15, 2016" in [p.text for p in word.paragraphs]
    html = export_edgar_html(store, matter_id, tmp_path / "l.htm").read_bytes()
    assert _edgar_problems(html) == []
    pack = pymupdf.open(export_pack(store, matter_id, tmp_path / "p.pdf"))
    toc = pack.get_toc()
    assert [t[1] for t in toc if t[0] == 2] == ["Staff letter 2016-06-30",
                                                "Staff letter 2016-08-15"]
    assert len([t for t in toc if t[0] == 3]) == 20
    filed = store.answers_to(comments[0].id)[0].filed_response
    assert " ".join(filed.split()[:12]) in _text(pack[toc[4][2] - 1])
    sheet = openpyxl.load_workbook(export_tracker(store, matter_id, tmp_path / "t.xlsx")).active
    assert [r[2].value for r in sheet.iter_rows(min_row=2)] == [c.number for c in comments]


@pytest.mark.corpus
def test_real_letter_annotated(insulet, tmp_path: Path) -> None:
    store, matter_id, comments = insulet
    store.add_note(comments[3].id, "Name the customers?")
    first = [d for d in store.documents(matter_id) if d.role == "staff"][0]
    pdf = pymupdf.open(export_annotated(store, matter_id, tmp_path / "a.pdf",
                                        document_id=first.id))
    assert pdf.page_count == first.page_count
    found = [(page.number + 1, a.info["title"], a.info["content"])
             for page in pdf for a in page.annots()]
    assert found == [(comments[3].regions[0].page, "Ada Lovelace", "Name the customers?")]


def test_the_format_registry_refuses_a_kind_twice_and_feeds_the_command_line() -> None:
    from main import build_parser
    from storage.exports import formats

    first = formats.formats()[0]
    with pytest.raises(ValueError, match="already registered"):
        formats.register(first)
    assert formats.formats()[0] is first and len(set(formats.kinds())) == len(formats.kinds())
    export = build_parser()._subparsers._group_actions[0].choices["export"]  # type: ignore
    choices = next(a.choices for a in export._actions if a.dest == "kind")
    assert tuple(choices) == formats.kinds()
    with pytest.raises(ValueError, match="No export format"):
        formats.get("odt")


def test_word_keeps_only_headings_with_what_follows(matter, tmp_path: Path) -> None:
    """A long comment kept whole with its answer left half-empty pages before it."""
    store, matter_id, comments = matter
    word = docx.Document(str(export_docx(store, matter_id, tmp_path / "l.docx")))
    kept = {p.text for p in word.paragraphs if p.paragraph_format.keep_with_next}
    recited = [p for p in word.paragraphs if p.text.startswith(f"{comments[0].number}.\t")]
    assert recited and not recited[0].paragraph_format.keep_with_next
    assert "Section 1" in kept  # a heading stays with its comment
    assert not any(c.text in k for c in comments for k in kept)
