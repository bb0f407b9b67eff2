"""The parser on letters of companies it was not tuned on: hand-checked gold from the wide corpus
(../shared/corpus/wide, EDGAR review threads) and the kind of every sort of letter a review holds.

The gold lives in tests/storage/gold_wide/ (each gold's `file` is its path under wide/); the
letters themselves stay in the shared corpus. The comparison is the scorer's own
(../shared/tools/score_letters.py), so a letter passes here exactly when it is exact there.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from storage.ingest import ParsedLetter, parse_file
from storage.ingest.kinds import cited_letter_dates, understand
from tests.conftest import CORPUS

WIDE = CORPUS / "wide"
GOLD_WIDE = Path(__file__).resolve().parent / "gold_wide"
SCORER = CORPUS.parent / "tools" / "score_letters.py"
HAVE_WIDE = WIDE.is_dir() and SCORER.is_file()
GOLD_FILES = sorted(GOLD_WIDE.glob("*.json")) if HAVE_WIDE else []
_CACHE: dict[str, ParsedLetter] = {}


def parsed(name: str) -> ParsedLetter:
    if name not in _CACHE:
        _CACHE[name] = parse_file(WIDE / name)
    return _CACHE[name]


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_letters", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- hand-checked gold: the scorer's comparison, letter by letter --------------------------------

@pytest.mark.corpus
@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_wide_letter_matches_gold(gold_path: Path) -> None:
    gold: dict[str, Any] = json.loads(gold_path.read_text())
    letter = parsed(gold["file"])
    got = letter.to_json()
    diffs, _, _ = scorer().compare(gold, got)
    assert diffs == []
    assert letter.letter_kind == gold["letter_kind"]
    assert letter.extension_until == gold.get("extension_until")
    assert list(letter.file_numbers) == gold["file_numbers"]
    assert [c.unnumbered for c in letter.comments] == \
        [bool(c.get("unnumbered")) for c in gold["comments"]]


@pytest.mark.corpus
@pytest.mark.skipif(not HAVE_WIDE, reason="needs ../shared/corpus/wide")
def test_the_wide_gold_covers_forty_letters_and_every_failure_family() -> None:
    golds = [json.loads(p.read_text()) for p in GOLD_FILES]
    assert len(golds) >= 40
    assert len({g["file"] for g in golds}) == len(golds)
    assert all((WIDE / g["file"]).is_file() and g["notes"] for g in golds)
    kinds = {g["letter_kind"] for g in golds}
    assert {"comment_letter", "response", "closing_letter", "no_review", "extension_request",
            "acceleration_request", "supplemental_request", "other"} <= kinds


# -- letter kinds over real letters of each kind ------------------------------------------------

KINDS = [
    # a staff letter with numbered comments
    ("LULU_0000000000-17-023016/0000000000-17-023016__filename1.pdf", "comment_letter", None),
    # a follow-up letter whose one comment is not numbered
    ("F_0000000000-17-029248/0000000000-17-039400__filename1.pdf", "comment_letter", None),
    ("CASY_0000000000-23-001432/0000000000-23-003652__filename1.pdf", "closing_letter", None),
    ("ADM_0000000000-17-044885/0000000000-18-000913__filename1.pdf", "closing_letter", None),
    # a redacted-exhibit review ends with "we have concluded our assessment"
    ("LVS_9999999997-19-006421/9999999997-19-006704__filename1.pdf", "closing_letter", None),
    ("AFL_0000000000-23-008707/0000000000-23-008707__filename1.pdf", "no_review", None),
    ("OKE_0000000000-24-013926/0000000000-24-013926__filename1.pdf", "no_review", None),
    ("TYL_0000000000-23-009644/0000000000-24-004777__filename1.pdf", "supplemental_request", None),
    ("EA_9999999997-21-000527/9999999997-21-000527__filename1.pdf", "supplemental_request", None),
    ("WY_0000000000-16-068574/0000106535-16-000051__filename1.htm", "extension_request",
     "2016-04-13"),
    ("CIEN_0000000000-16-069477/0000936395-16-000085__filename1.htm", "extension_request",
     "2016-04-15"),
    ("MRSH_0000000000-16-085137/0000062709-16-000064__filename1.htm", "extension_request",
     "2016-08-17"),
    # a further extension recalls the first one's date: the date asked for is the later
    ("MRSH_0000000000-16-085137/0000062709-16-000070__filename1.htm", "extension_request",
     "2016-08-22"),
    ("KMI_0000000000-23-003113/0001506307-23-000032__filename1.htm", "extension_request",
     "2023-04-25"),
    ("AFL_0000000000-23-008707/0001104659-23-097061__filename1.htm", "acceleration_request",
     None),
    # the underwriters join the registrant's request under Rules 460 and 461
    ("APP_0000000000-21-013958/0001193125-21-346661__filename1.htm", "acceleration_request",
     None),
    ("STE_0000000000-21-002841/0001140361-21-010652__filename1.htm", "acceleration_request",
     None),
    ("LULU_0000000000-17-023016/0001397187-17-000031__filename1.htm", "response", None),
    ("MDLZ_0000000000-22-009590/0001193125-22-246374__filename1.htm", "response", None),
    ("FOX_0000000000-18-034571/9999999997-19-000126__filename1.pdf", "other", None),
    ("FOX_0000000000-19-013787/0001193125-20-004711__filename1.htm", "other", None),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "kind", "until"), KINDS if HAVE_WIDE else [],
                         ids=[k[0].split("/")[0] + "-" + k[1] for k in KINDS] if HAVE_WIDE
                         else None)
def test_letter_kind_of_real_letters(name: str, kind: str, until: str | None) -> None:
    letter = parsed(name)
    assert letter.letter_kind == kind
    assert letter.extension_until == until
    if kind == "other":
        assert any("Check its kind" in w for w in letter.warnings), letter.warnings
    if kind == "supplemental_request":
        assert [(c.number, c.unnumbered) for c in letter.comments] == [(1, True)]
    json.dumps(letter.to_json())


@pytest.mark.corpus
@pytest.mark.skipif(not HAVE_WIDE, reason="needs ../shared/corpus/wide")
def test_a_response_answers_the_latest_staff_letter_it_cites() -> None:
    # "your comment letter dated February 10, 2023 and March 16, 2023 ... our response dated
    # March 3": the second round's letter is the one answered
    letter = parsed("CASY_0000000000-23-001432/0001839882-23-007894__filename1.htm")
    assert letter.answers_letter_date == "2023-03-16"
    assert set(letter.cited_letter_dates) >= {"2023-02-10", "2023-03-16", "2023-03-03"}


# -- what no real letter of the corpus shows ----------------------------------------------------

def test_a_reminder_and_an_unknown_staff_letter() -> None:
    reminder = understand("staff", "Our comments in the letter dated May 1, 2020 remain "
                          "outstanding. Please respond.", "", False, "2020-06-01")
    assert reminder.letter_kind == "reminder"
    unknown = understand("staff", "Thank you.", "", False, None)
    assert unknown.letter_kind == "other" and unknown.doubts


def test_cited_dates_leave_out_later_dates_and_other_events() -> None:
    text = ("This letter confirms the telephone conversation on January 29, 2020 about your "
            "letter dated January 21, 2020. We will respond by February 18, 2020.")
    assert cited_letter_dates(text, "2020-01-30") == ("2020-01-21",)


# -- who and when, where the Re: block or the letterhead runs lines together ---------------------

COMPANIES = [
    # a table cell runs the company and the filing into one line
    ("CEG_0000000000-21-010325/0001104659-21-147517__filename1.htm",
     "Constellation Energy Corporation"),
    # a Commission order: the caption runs the company into the order's title in capitals
    ("TPL_0000000000-20-005339/9999999997-20-005950__filename1.pdf",
     "Texas Pacific Land Corporation"),
    # the short name the letter defines is not part of the company's name
    ("KMI_0000000000-23-003113/0001506307-23-000032__filename1.htm", "Kinder Morgan, Inc."),
    ("MRSH_0000000000-16-085137/0000062709-16-000064__filename1.htm",
     "Marsh & McLennan Companies, Inc."),
    # "Re: Request for Acceleration …" names no company; the letter defines its registrant
    ("OKE_0000000000-17-012000/0001193125-17-164143__filename1.htm", "ONEOK, Inc."),
    # "Re: Responses to Comment on the Registration Statement … filed by / Harris Corporation
    # on December 14, 2018 (File No. …)"
    ("LHX_0000000000-19-001516/0001140361-19-003105__filename1.htm", "Harris Corporation"),
    # "Attention: Division of Corporation Finance" is the Commission's address, not the company
    ("CEG_0000000000-21-010325/0001104659-21-151779__filename1.htm",
     "Constellation Energy Corporation"),
    # "Regarding Weyerhaeuser Company": another word for Re:
    ("WY_0000000000-16-068574/0000106535-16-000051__filename1.htm", "Weyerhaeuser Company"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "company"), COMPANIES if HAVE_WIDE else [],
                         ids=[c[0].split("_")[0] for c in COMPANIES] if HAVE_WIDE else None)
def test_the_company_is_read_without_what_runs_into_it(name: str, company: str) -> None:
    assert parsed(name).company == company


@pytest.mark.corpus
@pytest.mark.skipif(not HAVE_WIDE, reason="needs ../shared/corpus/wide")
def test_a_letter_without_a_printed_date_takes_none_from_its_re_block_or_body() -> None:
    # "Form 10-K for Fiscal Year Ended December 31, 2023": a period's end, not the letter's date
    assert parsed("IFF_0000000000-24-009611/0001193125-24-218867__filename1.htm").letter_date \
        is None
    undated = parsed("MRSH_0000000000-23-002612/0000062709-23-000059__filename1.htm")
    assert undated.letter_date is None
    assert undated.cited_letter_dates == ("2023-03-16",)  # no later than a date it never had


@pytest.mark.corpus
@pytest.mark.skipif(not HAVE_WIDE, reason="needs ../shared/corpus/wide")
def test_a_renamed_company_gives_its_former_name() -> None:
    # "… submitted by Constellation Energy Corporation (f/k/a Constellation Newholdco, Inc.)"
    letter = parsed("CEG_0000000000-21-010325/0001104659-21-147517__filename1.htm")
    assert letter.former_names == ("Constellation Newholdco, Inc.",)
    # a note renumbered "(formerly Note I)" is no former name of the company
    assert parsed("BKR_0000000000-17-014455/0001193125-17-163634__filename1.htm"
                  ).former_names == ()


@pytest.mark.corpus
@pytest.mark.skipif(not HAVE_WIDE, reason="needs ../shared/corpus/wide")
def test_a_draft_registration_statement_names_the_registrant_by_its_cik() -> None:
    # the staff wrote to "New Fox, Inc.", then to "Fox Corporation": one CIK
    old = parsed("FOX_0000000000-18-034571/0000000000-18-034571__filename1.pdf")
    new = parsed("FOX_0000000000-18-034571/0000000000-18-038296__filename1.pdf")
    assert (old.company, new.company) == ("New Fox, Inc.", "Fox Corporation")
    assert old.cik == new.cik == "1754301"
    assert old.file_numbers == new.file_numbers == ()


@pytest.mark.corpus
@pytest.mark.skipif(not HAVE_WIDE, reason="needs ../shared/corpus/wide")
def test_a_filing_cut_at_a_line_break_of_the_re_block_is_one_filing() -> None:
    letter = parsed("SOLV_0000000000-23-002523/0000000000-23-007285__filename1.pdf")
    assert letter.filings == ("Amendment No. 2 to Draft Registration Statement on Form 10-12G",)


def test_a_period_cut_at_a_line_break_is_joined() -> None:
    from storage.ingest.meta import unwrapped

    assert unwrapped(["Form 10-K for the Fiscal Year Ended December 31, 2", "022",
                      "File No. 001-35580"]) == \
        ["Form 10-K for the Fiscal Year Ended December 31, 2022", "File No. 001-35580"]
    # a clause of the Re: block that is no filing stays as it is
    assert unwrapped(["Originally Submitted Confidentially on July 26, 2021, as amended by",
                      "Amendment No. 1 to Draft Registration Statement"])[0].startswith(
        "Originally")
