"""Bytes → (format, lines): recognise PDF, EDGAR HTML (SGML wrapper and all) and plain text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pymupdf

from storage.errors import UnreadableFile
from storage.ingest.extract_html import html_lines, text_lines
from storage.ingest.extract_pdf import open_pdf, pdf_lines
from storage.ingest.lines import Line
from storage.ingest.shallow_html import shallow

_TYPE = re.compile(r"<TYPE>\s*([A-Z0-9/-]+)", re.I)
_TEXT = re.compile(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.I | re.S)
_TAGS = re.compile(r"<(?:html|body|p|div|br|table|font|span|b|i)\b", re.I)


@dataclass
class Source:
    fmt: str  # "pdf" | "html" | "text"
    lines: list[Line]
    form_type: str | None = None
    markup: str = ""  # HTML or text as read, for the rendition
    doc: pymupdf.Document | None = None  # PDF only
    heights: dict[int, float] = field(default_factory=dict)
    ocr: bool = False  # the words were read from a scan by OCR


def read_source(data: bytes, name: str, password: str | None) -> Source:
    if not data or not data.strip():
        raise UnreadableFile(f"{name} is empty. Choose the letter's PDF, HTML or text file.")
    if data.lstrip()[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        doc = open_pdf(data, name, password)
        heights = {i: doc[i].rect.height for i in range(doc.page_count)}
        lines, ocr = pdf_lines(doc, name)
        return Source("pdf", lines, doc=doc, heights=heights, ocr=ocr)
    text = _decode(data, name)
    form_type = None
    if re.search(r"<DOCUMENT>", text[:4000], re.I):
        match = _TYPE.search(text[:4000])
        form_type = match.group(1) if match else None
        body = _TEXT.search(text)
        text = body.group(1) if body else text
    if _TAGS.search(text[:20000]):
        text = shallow(text)  # MuPDF's layout dies on deep nesting; so would html_lines' time
        return Source("html", html_lines(text), form_type=form_type, markup=text)
    text = re.sub(r"</?(?:PDF|PAGE|TABLE|CAPTION|S|C|FN|R)>", lambda m: "<PAGE>" if "PAGE" in
                  m.group(0).upper() else "", text)
    return Source("text", text_lines(text), form_type=form_type, markup=text)


def _decode(data: bytes, name: str) -> str:
    sample = data[:4096]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 20:
        raise UnreadableFile(f"{name} is neither a PDF nor a text or HTML letter. Choose the "
                             "letter's PDF, EDGAR HTML or text file.")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
