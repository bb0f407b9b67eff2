"""The rebuilt sample staff letter: its face, its facts, and its round trip through the parser."""
from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from storage.ingest.model import ParsedComment, ParsedLetter
from storage.samples import (
    FOOTER,
    RESPONSE_NAME,
    SAMPLES_DIR,
    STAFF_NAME,
    build_sample_pdf,
    comment_parts,
    gather_facts,
    reconstruct_staff_letter,
)

# An invented response letter: enough comments for three pages, a heading chain, bullets.
INVENTED_TEXT = """Example Holdings Ltd.
12 Harbour Road
Springfield, Illinois 62701

March 17, 2020

Jane Roe, Staff Accountant John Poe, Senior Assistant Chief Accountant Office of Manufacturing
Division of Corporation Finance
U.S. Securities and Exchange Commission
Washington, D.C. 20549

Re: Example Holdings Ltd.
Form 10-Q for the Quarterly Period Ended March 31, 2019
Filed May 2, 2019 File No. 001-99999

Dear Ms. Roe:

We refer to the letter dated March 3, 2020 from the Staff. As Ms. Doe explained by telephone ...

Very truly yours,

/s/ Alice Doe

Alice Doe
Chief Financial Officer
"""


def _invented_comments() -> tuple[ParsedComment, ...]:
    sentence = "Please tell us how you considered the guidance on widget revenue in your analysis. "
    comments = [
        ParsedComment(1, ("Form 10-K for the Fiscal Year Ended December 31, 2019",
                          "Item 7. Management's Discussion and Analysis", "Revenue, page 40"),
                      "We note your response to prior comment 2. " + sentence * 6, None, (2,)),
        ParsedComment(2, (), sentence * 3 + "Disclose the following:\n"
                      "\u2022 the amount of each item;\n\u2022 the timing of each item; and\n"
                      "\u2022 the reasons for each change.\nAlternatively, tell us why not.", None),
    ]
    for number in range(3, 9):
        headings = (f"Note {number}. Segment Matters, page {60 + number}",) if number % 2 else ()
        comments.append(ParsedComment(number, headings, sentence * 4, None))
    return tuple(comments)


def invented_response(**changes: object) -> ParsedLetter:
    values: dict[str, object] = dict(
        source_name="invented.txt", source_format="text", kind="response",
        letter_date="2020-03-17", company="Example Holdings Ltd.", file_numbers=("001-99999",),
        filings=("Form 10-K for the Fiscal Year Ended December 31, 2019 Filed February 20, 2020",),
        comments=_invented_comments(), page_count=1, display_pdf=b"",
        answers_letter_date="2020-03-03")
    values.update(changes)
    return ParsedLetter(**values)  # type: ignore[arg-type]


def normalized(text: str) -> str:
    """As the corpus scorer compares: NFKC, lower case, only letters and digits, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[^\w]|_", " ", text).split())


def body_text(doc: pymupdf.Document) -> str:
    """The letter's words without the running header (pages 2 on) and the footer."""
    parts = []
    for number, page in enumerate(doc.pages(), start=1):
        top = 0 if number == 1 else 110
        parts.append(page.get_text(clip=pymupdf.Rect(0, top, page.rect.width, 740)))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def invented_pdf() -> pymupdf.Document:
    return pymupdf.open("pdf", reconstruct_staff_letter(invented_response(), INVENTED_TEXT))


def test_pdf_is_us_letter_with_reconstruction_metadata(invented_pdf: pymupdf.Document) -> None:
    assert invented_pdf.page_count >= 3
    assert all(page.rect == pymupdf.Rect(0, 0, 612, 792) for page in invented_pdf.pages())
    meta = invented_pdf.metadata
    assert meta["creator"] == "Rejoinder"
    assert meta["subject"].startswith("Reconstruction")
    assert "reconstruction" in meta["title"]


def test_first_page_carries_the_notice_and_letterhead(invented_pdf: pymupdf.Document) -> None:
    first = " ".join(invented_pdf[0].get_text().split())
    assert "RECONSTRUCTION \u2014 rebuilt by Rejoinder" in first
    assert "Example Holdings Ltd.\u2019s response of March 17, 2020" in first
    assert "not the staff\u2019s original letter" in first
    for line in ("UNITED STATES", "SECURITIES AND EXCHANGE COMMISSION", "WASHINGTON, D.C. 20549",
                 "CORPORATION FINANCE", "March 3, 2020"):
        assert line in first


def test_every_page_has_the_footer(invented_pdf: pymupdf.Document) -> None:
    for page in invented_pdf.pages():
        assert FOOTER in page.get_text()


def test_later_pages_have_the_running_header(invented_pdf: pymupdf.Document) -> None:
    for number, page in enumerate(invented_pdf.pages(), start=1):
        head = page.get_text(clip=pymupdf.Rect(0, 0, 612, 110)).split("\n")[:4]
        if number > 1:
            assert head == ["Alice Doe", "Example Holdings Ltd.", "March 3, 2020", f"Page {number}"]


def test_every_comment_is_printed_with_its_number(invented_pdf: pymupdf.Document) -> None:
    text = body_text(invented_pdf)
    lines = [line.strip() for line in text.splitlines()]
    for comment in invented_response().comments:
        assert normalized(comment.text) in normalized(text)
        assert any(line.startswith(f"{comment.number}. ") for line in lines)
        for heading in comment.headings:
            assert heading in lines


def test_address_salutation_re_block_and_signature(invented_pdf: pymupdf.Document) -> None:
    lines = [line.strip() for line in body_text(invented_pdf).splitlines()]
    for line in ("Alice Doe", "Chief Financial Officer", "12 Harbour Road", "Dear Ms. Doe:",
                 "Form 10-K for the Fiscal Year Ended December 31, 2019", "Filed February 20, 2020",
                 "File No. 001-99999", "/s/ John Poe", "Senior Assistant Chief Accountant",
                 "Office of Manufacturing", "Sincerely,"):
        assert line in lines
    assert "You may contact Jane Roe, Staff Accountant, or me" in " ".join(lines)


def test_unknown_facts_become_placeholders() -> None:
    facts = gather_facts(invented_response(answers_letter_date=None, filings=(), company=None),
                         "A letter with nothing to find in it.")
    assert facts.date == "[date of the staff letter]"
    assert facts.salutation == "Ladies and Gentlemen:"
    assert facts.re_lines == ("[company]", "[filing under review]", "File No. 001-99999")
    assert facts.signer is None and facts.addressee is None


def test_filed_line_comes_from_the_response_text_when_the_filing_lacks_it() -> None:
    filings = ("Form 10-Q for the Quarterly Period Ended March 31, 2019",)
    facts = gather_facts(invented_response(filings=filings), INVENTED_TEXT)
    assert facts.re_lines[1:3] == (filings[0], "Filed May 2, 2019")


def test_staff_letter_date_falls_back_to_the_response_text() -> None:
    facts = gather_facts(invented_response(answers_letter_date=None), INVENTED_TEXT)
    assert facts.date == "March 3, 2020"


def test_bullets_survive_the_artifacts_of_text_copies() -> None:
    text = "Disclose the following:\n- \u00b7 The first;\n- How the second; and\nAlternatively, no."
    assert comment_parts(text) == [(False, "Disclose the following:"), (True, "The first;"),
                                   (True, "How the second; and"), (False, "Alternatively, no.")]


def test_output_is_deterministic() -> None:
    response = invented_response()
    assert reconstruct_staff_letter(response, INVENTED_TEXT) == reconstruct_staff_letter(
        response, INVENTED_TEXT)


def test_samples_module_does_not_import_qt() -> None:
    code = ("import sys, storage.samples; "
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


# ---------------------------------------------------------------- the shipped sample


@pytest.fixture(scope="module")
def shipped_response() -> ParsedLetter:
    from storage.ingest import parse_file

    return parse_file(SAMPLES_DIR / RESPONSE_NAME)


def test_round_trip_gives_back_the_recited_comments(shipped_response: ParsedLetter) -> None:
    from storage.ingest import parse_letter

    text = (SAMPLES_DIR / RESPONSE_NAME).read_text(encoding="utf-8")
    staff = parse_letter(reconstruct_staff_letter(shipped_response, text), STAFF_NAME)
    assert staff.kind == "staff"
    assert staff.letter_date == shipped_response.answers_letter_date
    assert staff.company == shipped_response.company
    assert staff.file_numbers == shipped_response.file_numbers
    assert len(staff.comments) == len(shipped_response.comments) == 5
    for rebuilt, recited in zip(staff.comments, shipped_response.comments, strict=True):
        assert rebuilt.number == recited.number
        assert list(rebuilt.headings) == list(recited.headings)
        assert normalized(rebuilt.text) == normalized(recited.text)


def test_committed_sample_matches_a_fresh_build(tmp_path: Path) -> None:
    fresh = build_sample_pdf(tmp_path / STAFF_NAME)
    with pymupdf.open(SAMPLES_DIR / STAFF_NAME) as shipped, pymupdf.open(fresh) as rebuilt:
        assert [p.get_text() for p in shipped.pages()] == [p.get_text() for p in rebuilt.pages()]
