"""No private-use character (a symbol-font bullet, U+F0B7, shown as a box) in a letter's text
or in anything an export writes; a superscript "TM" stays inside its sentence."""
from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import openpyxl
import pymupdf
import pytest

from storage.exports import ALL, formats
from storage.exports.docx import export_docx
from storage.exports.edgar_html import export_edgar_html
from storage.importer import import_file, import_letter
from storage.ingest import parse_letter
from storage.store import Store
from storage.text import printable
from tests.conftest import corpus_letters
from tests.storage.conftest import letter

PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def test_symbol_font_glyphs_become_the_characters_they_draw() -> None:
    assert printable("\uf0b7 Explain") == "• Explain"
    assert printable("\uf0a7 a \uf0d8 b \uf0fc c") == "▪ a ➢ b ✓ c"
    assert printable("odd\ue123 glyph") == "odd glyph"
    assert printable("plain text") == "plain text"


def _raised_tm_letter() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    y, size = 150.0, 11.0
    for row, words in enumerate(("Securities and Exchange Commission",
                                 "Re: Vistra Corp. Registration Statement on Form S-1",
                                 "File No. 333-215288", "Dear Mr. Sult:")):
        page.insert_text((72, 60 + 14 * row), words, fontsize=size, fontname="tiro")
    first = "1. Tell us how the Vistra Vision"
    page.insert_text((72, y), first, fontsize=size, fontname="tiro")
    x = 72 + pymupdf.get_text_length(first, fontname="tiro", fontsize=size)
    page.insert_text((x, y - 5.5), "TM", fontsize=8, fontname="tiro")
    x += pymupdf.get_text_length("TM", fontname="tiro", fontsize=8) + 1
    page.insert_text((x, y), " platform earns revenue, and explain", fontsize=size,
                     fontname="tiro")
    page.insert_text((72, y + 13), "your revenue recognition policy for it.", fontsize=size,
                     fontname="tiro")
    page.insert_text((72, y + 40), "2. Tell us about goodwill.", fontsize=size, fontname="tiro")
    return doc.tobytes()


def test_a_superscript_trademark_stays_inline() -> None:
    parsed = parse_letter(_raised_tm_letter(), "vistra.pdf")
    first = parsed.comments[0]
    assert first.text == ("Tell us how the Vistra Vision™ platform earns revenue, and explain "
                          "your revenue recognition policy for it.")
    assert [c.number for c in parsed.comments] == [1, 2]


def test_exports_map_glyphs_stored_before_and_make_bullets_list_items(
        store: Store, tmp_path: Path) -> None:
    text = ("Please address the following:\n\uf0b7 Explain the charge.\n"
            "\uf0b7 Quantify it.\nRevise your disclosure.")
    result = import_letter(store, letter(texts=(text, "Tell us more.")), b"old letter")
    # A workspace from before the mapping keeps the glyph in its stored text.
    first = store.comments(document_id=result.document.id)[0]
    store.db.execute("UPDATE comments SET text = ? WHERE id = ?", [text, first.id])
    store.save_draft(first.id, "We respectfully note \uf0b7 the comment.")
    word = export_docx(store, result.matter.id, tmp_path / "l.docx")
    import docx

    paragraphs = docx.Document(str(word)).paragraphs
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Explain the charge.", "Quantify it."]
    assert not PRIVATE.search(_text_of(word))
    page = export_edgar_html(store, result.matter.id, tmp_path / "l.htm")
    source = page.read_text("ascii")
    assert "<li" in source and "Quantify it.</b></li>" in source
    assert not PRIVATE.search(_text_of(page))


def _text_of(path: Path) -> str:
    """Every character a reader of the export would see."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            xml = " ".join(z.read(n).decode("utf-8") for n in z.namelist()
                           if n.endswith(".xml"))
        return html.unescape(re.sub(r"<[^>]+>", " ", xml))
    if path.suffix in (".htm", ".html"):
        return html.unescape(path.read_text("ascii"))
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return " ".join(str(c.value) for sheet in book for row in sheet.iter_rows()
                        for c in row if c.value is not None)
    with pymupdf.open(path) as pdf:
        return " ".join(page.get_text() for page in pdf)


def _written_text(path: Path, kind: str) -> str:
    """The annotated letter is the filed PDF itself (its own fonts draw their bullets): only
    the notes it adds are written by us."""
    if kind != "annotated":
        return _text_of(path)
    with pymupdf.open(path) as pdf:
        return " ".join(f"{a.info['title']} {a.info['content']}" for page in pdf
                        for a in page.annots())


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("corpus") / "w.rejoinder"
    with Store.open(path) as store:
        store.set_me("Ada Lovelace", "AL")
        for source in corpus_letters():
            import_file(store, source)
        yield store


@pytest.mark.corpus
def test_no_export_of_any_corpus_letter_holds_a_private_use_character(
        corpus_store: Store, tmp_path: Path) -> None:
    from storage.exports.formats import Request

    store = corpus_store
    found = []
    for matter in store.matters():
        letters = [d for d in store.documents(matter.id) if d.role != "reference"]
        for fmt in formats.formats():
            targets = [d.id for d in letters] if fmt.per_letter else [None]
            for document_id in targets:
                out = tmp_path / f"{matter.id}-{fmt.kind}-{document_id}{fmt.suffix}"
                fmt.writer(Request(store, matter.id, out, ALL, document_id))
                for match in PRIVATE.finditer(_written_text(out, fmt.kind)):
                    found.append((matter.title, fmt.kind, hex(ord(match.group()))))
    assert found == []
    comments = store.comments()
    assert len(comments) > 300
    assert not [c.id for c in comments if PRIVATE.search(c.text + (c.filed_response or ""))]
