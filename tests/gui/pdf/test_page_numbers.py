"""Printed page numbers: labels, footers, citations in headings."""
from __future__ import annotations

import pymupdf
import pytest

from gui.pdf.page_numbers import cited_page, normalise, page_for, printed_page_map
from tests.gui.pdfs import filing_pdf


def test_page_labels_give_the_printed_numbers() -> None:
    with pymupdf.open(stream=filing_pdf(labels=True, footers=False)) as doc:
        printed = printed_page_map(doc)
    assert printed["80"] == 2 and printed["84"] == 6
    assert page_for(printed, "84") == 6


def test_footers_give_the_printed_numbers_without_labels() -> None:
    with pymupdf.open(stream=filing_pdf()) as doc:
        printed = printed_page_map(doc)
    assert printed["84"] == 6 and "83" not in printed  # page 5 prints no number
    assert page_for(printed, "83") == 5  # counted on from its neighbour
    assert page_for(printed, "F-3") is None


def test_a_header_number_counts_too() -> None:
    doc = pymupdf.open()
    for number in (7, 8):
        page = doc.new_page()
        page.insert_text((280, 30), f"Page {number}", fontsize=9)
        page.insert_text((72, 300), "Body text 12", fontsize=11)
    assert printed_page_map(doc) == {"7": 1, "8": 2}
    doc.close()


@pytest.mark.parametrize(("headings", "cited"), [
    (("Form 10-K for the Fiscal Year Ended December 31, 2016", "Goodwill, page 84"), "84"),
    (("Notes to Financial Statements", "Note 3 - Revenue, Page F-12"), "F-12"),
    (("Risk Factors, pages 12 - 14",), "12"),
    (("Item 7. MD&A",), None),
])
def test_cited_page_reads_the_innermost_citation(headings: tuple[str, ...],
                                                  cited: str | None) -> None:
    assert cited_page(headings) == cited


def test_normalise() -> None:
    assert normalise("f- 12") == "F-12" and normalise("084") == "84" and normalise("IV") == "iv"
