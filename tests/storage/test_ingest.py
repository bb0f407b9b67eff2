"""The letter parser against the hand-checked corpus, and against bad and damaged input."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.errors import EncryptedFile, NotALetter, ScannedLetter, UnreadableFile, UserError
from storage.ingest import ParsedLetter, parse_file, parse_letter
from storage.ingest.refs import prior_refs
from tests.conftest import GOLD, HAVE_CORPUS, LETTERS

GOLD_FILES = sorted(GOLD.glob("*.json")) if HAVE_CORPUS else []
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_CACHE: dict[str, ParsedLetter] = {}


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_PLAIN).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def parsed(name: str) -> ParsedLetter:
    if name not in _CACHE:
        _CACHE[name] = parse_file(LETTERS / name)
    return _CACHE[name]


# -- the corpus: the scorer's checks as tests -----------------------------------------------------

@pytest.mark.corpus
@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_letter_matches_gold(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text())
    letter = parsed(gold["file"])
    assert letter.kind == gold["kind"]
    assert letter.letter_date == gold["letter_date"]
    assert [c.number for c in letter.comments] == [c["number"] for c in gold["comments"]]
    texts = []
    for want, got in zip(gold["comments"], letter.comments, strict=True):
        where = f"comment {want['number']}"
        assert [norm(h) for h in got.headings] == [norm(h) for h in want["headings"]], where
        assert norm(got.text).startswith(norm(want["text_start"])), where
        assert norm(got.text).endswith(norm(want["text_end"])), where
        assert set(got.prior_refs) == set(want["prior_refs"]), where
        if want.get("page") is not None:
            assert got.page == want["page"], where
        if want.get("response_start"):
            assert norm(got.response).startswith(norm(want["response_start"])), where
            assert norm(got.response).endswith(norm(want["response_end"])), where
        texts.append(norm(got.text) + " | " + norm(got.response))
    for piece in gold.get("furniture", []):
        assert not any(norm(piece) in text for text in texts), piece


@pytest.mark.corpus
@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_letter_metadata_and_anchors(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text())
    letter = parsed(gold["file"])
    assert list(letter.file_numbers) == gold["file_numbers"]
    assert letter.company and norm(letter.company)[:8] == norm(gold["company"])[:8]
    doc = pymupdf.open(stream=letter.display_pdf, filetype="pdf")
    assert doc.page_count == letter.page_count
    for comment in letter.comments:
        assert comment.anchors, comment.number
        assert all(1 <= a.page <= letter.page_count for a in comment.anchors)
        if letter.kind == "response":
            assert comment.response_anchors, comment.number
    json.dumps(letter.to_json())


# -- prior references -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "refs"), [
    ("We note your response to prior comment 3.", (3,)),
    ("We note your responses to comments five and six.", (5, 6)),
    ("Similarly to your response to prior comments 2, please", (2,)),
    ("mentioned in our prior response 1, there is", ()),
    ("Refer to the comment above.", ()),
    ("We note your response to prior comment four.", (4,)),
    ("prior comments 6 and 7", (6, 7)),
])
def test_prior_refs(text: str, refs: tuple[int, ...]) -> None:
    assert prior_refs(text) == refs


# -- bad input ------------------------------------------------------------------------------------

def _pdf(text: str, pages: int = 1) -> bytes:
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(72, 72, 540, 720), text.format(n=number + 1),
                            fontname="tiro", fontsize=11)
    return doc.tobytes()


STAFF = """Mail Stop 4628
{n}
Re: Example Corp.
Form 10-K for the Fiscal Year Ended December 31, 2016
File No. 001-12345

Dear Mr. Smith:

We have reviewed your filing and have the following comments.

Risk Factors, page 7

1. Please tell us when your patents expire and revise your disclosure in future filings.

2. Please describe the material terms of your credit agreement with the lender.

We remind you that the company and its management are responsible for the accuracy.

Sincerely,
Division of Corporation Finance
"""


def test_empty_file() -> None:
    with pytest.raises(UnreadableFile, match="empty.pdf"):
        parse_letter(b"", "empty.pdf")


def test_encrypted_pdf_needs_a_password() -> None:
    doc = pymupdf.open(stream=_pdf(STAFF), filetype="pdf")
    locked = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="secret")
    with pytest.raises(EncryptedFile, match="--password"):
        parse_letter(locked, "locked.pdf")
    with pytest.raises(EncryptedFile, match="wrong"):
        parse_letter(locked, "locked.pdf", password="nope")
    letter = parse_letter(locked, "locked.pdf", password="secret")
    assert [c.number for c in letter.comments] == [1, 2]


def test_scanned_pdf_says_so() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(100, 100, 300, 300), fill=(0.5, 0.5, 0.5))
    with pytest.raises(ScannedLetter, match="scan.pdf") as caught:
        parse_letter(doc.tobytes(), "scan.pdf")
    assert "OCR" in str(caught.value) or "text layer" in str(caught.value)


def test_a_recipe_is_not_a_letter() -> None:
    recipe = _pdf("Pancakes\n\n1. Mix two eggs with flour and milk.\n2. Fry in butter until "
                  "golden on both sides.\nServe warm with maple syrup.")
    with pytest.raises(NotALetter, match="recipe.pdf"):
        parse_letter(recipe, "recipe.pdf")


def test_random_binary_is_unreadable() -> None:
    with pytest.raises(UnreadableFile, match="noise.bin"):
        parse_letter(bytes(range(256)) * 8, "noise.bin")


def test_invented_staff_letter() -> None:
    letter = parse_letter(_pdf(STAFF), "staff.pdf")
    assert letter.kind == "staff"
    assert letter.file_numbers == ("001-12345",)
    assert [c.headings for c in letter.comments] == [("Risk Factors, page 7",), ()]
    assert letter.comments[1].text.endswith("with the lender.")
    assert letter.comments[0].page == 1 and letter.comments[0].anchors


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_pdf_fails_cleanly(cut: float) -> None:
    data = _pdf(STAFF, pages=2)
    _clean_or_user_error(data[: int(len(data) * cut)], "cut.pdf")


@settings(max_examples=25, deadline=None)
@given(junk=st.binary(min_size=0, max_size=400), prefix=st.sampled_from([b"", b"%PDF-1.7\n",
                                                                          b"<DOCUMENT>\n<TEXT>"]))
def test_random_bytes_fail_cleanly(junk: bytes, prefix: bytes) -> None:
    _clean_or_user_error(prefix + junk, "junk.pdf")


@settings(max_examples=10, deadline=None)
@given(order=st.permutations([0, 1, 2]))
def test_shuffled_pages_give_a_result_or_a_clean_error(order: list[int]) -> None:
    doc = pymupdf.open(stream=_pdf(STAFF, pages=3), filetype="pdf")
    doc.select(order)
    _clean_or_user_error(doc.tobytes(), "shuffled.pdf")


@settings(max_examples=20, deadline=None)
@given(text=st.text(max_size=300))
def test_random_html_fails_cleanly(text: str) -> None:
    html = f"<DOCUMENT><TYPE>CORRESP<TEXT><html><body><p>{text}</p><hr><b>1.</b></body></html>"
    _clean_or_user_error(html.encode("utf-8", "surrogatepass"), "junk.htm")


def _clean_or_user_error(data: bytes, name: str) -> None:
    try:
        letter = parse_letter(data, name)
    except UserError as error:
        assert name in str(error)
    else:
        assert isinstance(letter, ParsedLetter)
        json.dumps(letter.to_json())


def _scan_of(data: bytes) -> bytes:
    """The letter as a scanner would give it: page images, no text layer."""
    source = pymupdf.open(stream=data, filetype="pdf")
    scan = pymupdf.open()
    for page in source:
        image = scan.new_page(width=page.rect.width, height=page.rect.height)
        image.insert_image(image.rect, pixmap=page.get_pixmap(dpi=200))
    return scan.tobytes()


def _have_tesseract() -> bool:
    try:
        pymupdf.get_tessdata()
    except Exception:
        return False
    return True


def test_a_scan_without_tesseract_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> str:
        raise RuntimeError("No tessdata specified and Tesseract is not installed")

    monkeypatch.setattr(pymupdf, "get_tessdata", missing)
    with pytest.raises(ScannedLetter, match=r"scan\.pdf.*apt-get install tesseract-ocr"):
        parse_letter(_scan_of(_pdf(STAFF)), "scan.pdf")


@pytest.mark.skipif(not _have_tesseract(), reason="OCR needs Tesseract, which this machine "
                    "does not have (apt-get install tesseract-ocr)")
def test_a_scan_is_read_by_ocr_and_split() -> None:
    letter = parse_letter(_scan_of(_pdf(STAFF)), "scan.pdf")
    assert [c.number for c in letter.comments] == [1, 2]
    assert any("read by OCR" in warning for warning in letter.warnings)
