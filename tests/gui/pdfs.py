"""PDFs made with PyMuPDF for the PDF pane's tests: text, links, page labels, printed numbers."""
from __future__ import annotations

import pymupdf

LETTER = (612.0, 792.0)


def text_pdf(pages: int = 3, lines: int = 20) -> bytes:
    """Each page: a heading "Page n" and numbered lines of text."""
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=LETTER[0], height=LETTER[1])
        page.insert_text((72, 72), f"Page {number}", fontsize=24)
        for line in range(lines):
            page.insert_text((72, 120 + 24 * line), f"Comment text line {line} on page {number}.")
    data: bytes = doc.tobytes()
    doc.close()
    return data


def linked_pdf() -> bytes:
    """Five pages; page 1 links to page 3 (at y=400) and to https://www.sec.gov/."""
    doc = pymupdf.open()
    for number in range(1, 6):
        page = doc.new_page(width=LETTER[0], height=LETTER[1])
        page.insert_text((72, 72), f"Page {number}", fontsize=24)
    first = doc[0]
    first.insert_text((72, 200), "See page three", fontsize=12)
    first.insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(70, 188, 200, 204),
                       "page": 2, "to": pymupdf.Point(72, 400)})
    first.insert_text((72, 260), "EDGAR", fontsize=12)
    first.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(70, 248, 130, 264),
                       "uri": "https://www.sec.gov/"})
    data: bytes = doc.tobytes()
    doc.close()
    return data


def filing_pdf(pages: int = 12, first_number: int = 80, labels: bool = False,
               footers: bool = True) -> bytes:
    """A filing whose pages print numbers first_number… in their footers (after a cover page
    without one), or carry them as PDF page labels."""
    doc = pymupdf.open()
    for index in range(pages):
        page = doc.new_page(width=LETTER[0], height=LETTER[1])
        printed = first_number + index - 1
        page.insert_text((72, 72), f"Filing text, PDF page {index + 1}", fontsize=12)
        if footers and index > 0 and printed != first_number + 3:  # one page lacks its number
            page.insert_text((300, 760), str(printed), fontsize=10)
    if labels:
        doc.set_page_labels([{"startpage": 0, "prefix": "Cover", "style": ""},
                             {"startpage": 1, "prefix": "", "style": "D",
                              "firstpagenum": first_number}])
    data: bytes = doc.tobytes()
    doc.close()
    return data
