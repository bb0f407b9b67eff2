"""The response letter as a Word document (python-docx), in the conventional form: letterhead on
the first page, a running header with the page number on the others.

Each answer sits inside a hidden bookmark `_rj<comment id without hyphens>` (Word hides
bookmarks whose names start with "_"), so that the draft can come back: `storage.worddraft` maps
a marked-up copy onto the comments by these first. Not a content control: LibreOffice merges the
tracked changes inside a block content control into one insertion (the redline letter's test
showed it), and python-docx's `Document.paragraphs` does not see paragraphs inside one."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

from storage.exports import ALL, Progress, Selection, report, write_atomic
from storage.exports.letter import Entry, Letter, build_letter, enclosure_line, list_item
from storage.exports.richtext import Block
from storage.exports.sent import record_sent

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

    from storage.store import Store

FONT = "Times New Roman"


def export_docx(store: Store, matter_id: str, path: Path | str,
                selection: Selection = ALL, *, document_id: str | None = None,
                progress: Progress | None = None) -> Path:
    """Write the matter's response letter to `path` (.docx)."""
    letter = build_letter(store, matter_id, selection, document_id)
    word = render(letter, progress)

    def writer(out: BinaryIO) -> None:
        word.save(out)

    written = write_atomic(path, writer)
    record_sent(store, matter_id, letter, "docx")  # what the next redline compares with
    return written


AnswerWriter = Callable[["WordDocument", Entry, "_Numbering"], None]


def render(letter: Letter, progress: Progress | None = None,
           answer: AnswerWriter | None = None) -> WordDocument:
    """The letter as a Word document; `answer` writes each entry's answer (by default its
    blocks as they stand; the redline writes them with tracked changes)."""
    word = docx.Document()
    _page_setup(word, letter)
    _opening_part(word, letter)
    total = len(letter.entries)
    numbering = _Numbering(word)
    for done, entry in enumerate(letter.entries):
        report(progress, done, total)
        _entry(word, entry, numbering, answer or _answer)
    _closing_part(word, letter)
    report(progress, total, total)
    return word


# -- page and styles ----------------------------------------------------------------------------

def _page_setup(word: WordDocument, letter: Letter) -> None:
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(12)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("List Bullet", "List Number", "List Bullet 2", "List Number 2"):
        word.styles[name].paragraph_format.space_after = Pt(6)
    word.core_properties.title = f"Response letter — {letter.company}"
    word.core_properties.author = letter.settings.signatory or letter.company
    section = word.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.different_first_page_header_footer = True
    _letterhead(section.first_page_header.paragraphs[0], letter.settings.letterhead)
    _running_header(section.header.paragraphs[0], letter.date)


def _letterhead(paragraph: Paragraph, lines: tuple[str, ...]) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(18)
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        run.bold = index == 0
        run.font.size = Pt(14 if index == 0 else 10)
        run.font.name = FONT


def _running_header(paragraph: Paragraph, day: str) -> None:
    paragraph.paragraph_format.space_after = Pt(18)
    for text in ("Securities and Exchange Commission", day):
        paragraph.add_run(text).add_break()
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE", "2")


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES…) that Word and LibreOffice fill in."""
    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(shown)
    char("end")


# -- the parts of the letter --------------------------------------------------------------------

def _lines(word: WordDocument, lines: tuple[str, ...] | list[str], bold: bool = False
           ) -> Paragraph:
    paragraph = word.add_paragraph()
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _opening_part(word: WordDocument, letter: Letter) -> None:
    settings = letter.settings
    word.add_paragraph(letter.date).paragraph_format.space_after = Pt(24)
    _lines(word, settings.addressee).paragraph_format.space_after = Pt(18)
    if settings.re_lines:
        re_block = _lines(word, ["Re:\t" + settings.re_lines[0], *settings.re_lines[1:]],
                          bold=True)
        re_block.paragraph_format.left_indent = Inches(1)
        re_block.paragraph_format.first_line_indent = Inches(-0.5)
        re_block.paragraph_format.tab_stops.add_tab_stop(Inches(1))
        re_block.paragraph_format.space_after = Pt(18)
    word.add_paragraph(settings.salutation)
    word.add_paragraph(letter.opening).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _entry(word: WordDocument, entry: Entry, numbering: _Numbering,
           answer: AnswerWriter) -> None:
    if entry.group:
        group = word.add_paragraph()
        group.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = group.add_run(entry.group)
        run.bold = run.underline = True
        group.paragraph_format.space_before = Pt(12)
        group.paragraph_format.keep_with_next = True
    for heading in entry.headings:
        paragraph = word.add_paragraph()
        run = paragraph.add_run(heading)
        run.bold = run.underline = True
        paragraph.paragraph_format.keep_with_next = True
    for index, text in enumerate(entry.comment):
        item = list_item(text) if index else None
        paragraph = word.add_paragraph(style="List Bullet" if item is not None else None)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        shown = item if item is not None else text
        paragraph.add_run(f"{entry.number}.\t{shown}" if index == 0 else shown).bold = True
        paragraph.paragraph_format.left_indent = Inches(0.75 if item is not None else 0.5)
        paragraph.paragraph_format.first_line_indent = Inches(-0.5) if index == 0 else \
            Inches(-0.25) if item is not None else None
        last_item = item is not None and (index + 1 == len(entry.comment)
                                          or list_item(entry.comment[index + 1]) is None)
        if last_item:
            paragraph.paragraph_format.space_after = Pt(12)  # the end of the list
    response = word.add_paragraph()
    response.paragraph_format.keep_with_next = True
    label = response.add_run("Response:")
    label.bold = label.underline = True
    before = _content_length(word)
    answer(word, entry, numbering)
    tag_answer(word, entry, before)
    if entry.enclosures:
        word.add_paragraph().add_run(enclosure_line(entry.enclosures)).italic = True


BOOKMARK = "_rj"  # + the comment id without hyphens: a hidden bookmark (Word hides "_" names)


def answer_bookmark(comment_id: str) -> str:
    return BOOKMARK + comment_id.replace("-", "")


def tag_answer(word: WordDocument, entry: Entry, first: int) -> None:
    """Mark the paragraphs the answer wrote (the body's children from `first`) with a hidden
    bookmark carrying the comment's id."""
    body = word.element.body
    written = [child for child in list(body)[first:] if child.tag == qn("w:p")]
    if not written:
        written = [OxmlElement("w:p")]
        body.insert(first, written[0])
    mark = str(sum(1 for _ in body.iter(qn("w:bookmarkStart"))) + 1)  # unique in the body
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), mark)
    start.set(qn("w:name"), answer_bookmark(entry.comment_id))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), mark)
    first_p, last_p = written[0], written[-1]
    properties_p = first_p.find(qn("w:pPr"))
    if properties_p is not None:
        properties_p.addnext(start)
    else:
        first_p.insert(0, start)
    last_p.append(end)


def _content_length(word: WordDocument) -> int:
    """The body's children before its closing section properties."""
    return sum(1 for child in word.element.body if child.tag != qn("w:sectPr"))


def _answer(word: WordDocument, entry: Entry, numbering: _Numbering) -> None:
    for index, block in enumerate(entry.answer):
        following = entry.answer[index + 1] if index + 1 < len(entry.answer) else None
        paragraph = _block(word, block, numbering)
        if block.list_kind and (following is None or following.list_id != block.list_id):
            paragraph.paragraph_format.space_after = Pt(12)  # the end of a list


def _block(word: WordDocument, block: Block, numbering: _Numbering) -> Paragraph:
    if block.list_kind:
        kind = "List Bullet" if block.list_kind == "ul" else "List Number"
        paragraph = word.add_paragraph(style=kind + (" 2" if block.level else ""))
        if block.list_kind == "ol" and not block.level:
            numbering.apply(paragraph, block.list_id)
    else:
        paragraph = word.add_paragraph()
        if "\n" not in block.text:  # justified lines before a break would be stretched
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for run in block.runs:
        if run.text == "\n":
            paragraph.add_run().add_break(WD_BREAK.LINE)
            continue
        added = paragraph.add_run(run.text)
        added.bold, added.italic, added.underline = run.bold or None, run.italic or None, \
            run.underline or None
    return paragraph


def _closing_part(word: WordDocument, letter: Letter) -> None:
    settings = letter.settings
    closing = word.add_paragraph(settings.closing)
    closing.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    closing.paragraph_format.space_before = Pt(12)
    closing.paragraph_format.keep_with_next = True  # not "Sincerely," alone on a page
    sign_off = word.add_paragraph(settings.sign_off)
    sign_off.paragraph_format.space_after = Pt(42)
    sign_off.paragraph_format.keep_with_next = True
    names = [n for n in (settings.signatory, settings.signatory_title,
                         settings.signatory_company) if n]
    if names:
        _lines(word, names).paragraph_format.keep_together = True
    if settings.cc:
        cc = _lines(word, ["cc:\t" + settings.cc[0], *settings.cc[1:]])
        cc.paragraph_format.left_indent = Inches(0.5)
        cc.paragraph_format.first_line_indent = Inches(-0.5)
        cc.paragraph_format.space_before = Pt(12)


class _Numbering:
    """Numbered lists that each start at 1 (Word's "List Number" style would count on)."""

    def __init__(self, word: WordDocument) -> None:
        self.word = word
        self.numbers: dict[int, int] = {}

    def apply(self, paragraph: Paragraph, list_id: int) -> None:
        if list_id not in self.numbers:
            self.numbers[list_id] = self._restarted()
        properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        properties.get_or_add_ilvl().val = 0
        properties.get_or_add_numId().val = self.numbers[list_id]

    def _restarted(self) -> int:
        numbering = self.word.part.numbering_part.element
        style = self.word.styles["List Number"].element
        style_num = style.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)
