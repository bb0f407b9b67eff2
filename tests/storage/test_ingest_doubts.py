"""What the parser doubts is said, and what is too big to be a letter is refused quickly."""
from __future__ import annotations

import pymupdf
import pytest

from storage.errors import NotALetter
from storage.ingest import parse_letter

LETTER = """UNITED STATES SECURITIES AND EXCHANGE COMMISSION
Division of Corporation Finance

March 3, 2020

Jane Doe
Chief Financial Officer
Example Corp

Re: Example Corp
Form 10-K for the Fiscal Year Ended December 31, 2019
File No. 001-12345

Dear Ms. Doe:

We have reviewed your filing and have the following comments.

Form 10-K for the Fiscal Year Ended December 31, 2019

Goodwill, page 40

1. Tell us how you tested goodwill for impairment in 2019.

2. Explain the tax effect of each adjustment.
{extra}
We remind you that the company and its management are responsible for the accuracy and
adequacy of their disclosures.

Sincerely,

Division of Corporation Finance
Office of Manufacturing
"""


def test_a_clean_letter_has_no_doubts() -> None:
    letter = parse_letter(LETTER.format(extra="").encode(), "clean.txt")
    assert [c.number for c in letter.comments] == [1, 2]
    assert letter.warnings == ()


def test_a_paragraph_numbered_out_of_sequence_is_flagged() -> None:
    text = LETTER.format(extra="\n5. Revise the segment note to name each segment.\n")
    letter = parse_letter(text.encode(), "skipped.txt")
    assert any("numbered 5, out of sequence" in w for w in letter.warnings), letter.warnings


def test_a_numbered_list_inside_a_comment_is_not_flagged() -> None:
    text = LETTER.format(extra="\n1. the first item;\n\n2. the second item;\n\n3. Another one.\n")
    letter = parse_letter(text.encode(), "list.txt")
    assert not any("out of sequence" in w for w in letter.warnings), letter.warnings


def test_a_thousand_page_pdf_is_refused_as_not_a_letter() -> None:
    doc = pymupdf.open()
    for _ in range(1000):
        doc.new_page()
    with pytest.raises(NotALetter, match=r"huge\.pdf has 1000 pages"):
        parse_letter(doc.tobytes(), "huge.pdf")
