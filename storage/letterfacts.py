"""What places a letter in a review, read from a parsed letter: its kind, the letter dates it
cites, whether a staff letter is worded as a first round, and the keys that tie letters of one
company together (company name, file numbers, filings under review).

Every rule here comes from what SEC correspondence does as a genre; none names a company or a
phrase seen in one letter only.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from storage.ingest import ParsedLetter

LETTER_KINDS = ("comment_letter", "closing_letter", "no_review", "reminder",
                "supplemental_request", "response", "extension_request", "acceleration_request",
                "other")
# Kinds after which the staff expects nothing more of the review.
CLOSING_KINDS = ("closing_letter", "no_review")

# Wording of a staff letter that follows an earlier round: it cites the company's answers or
# the staff's earlier comments.
_FOLLOW_UP = re.compile(
    r"\b(?:we note|we have (?:read|reviewed|considered)|based on) your (?:response|reply|"
    r"letter|revised|amended)|"
    r"\byour (?:response|responses|reply|letter) (?:to (?:(?:our |the )?(?:prior|previous|"
    r"earlier)|comment|our)|dated|of [A-Z])|"
    r"\b(?:prior|previous|earlier) comments?\b|\bcomments? \d+ (?:in|of) our (?:prior |"
    r"previous )?letter|\bin response to (?:our )?(?:prior )?comment", re.I)
_NOT_A_COMPANY = re.compile(r"securities and exchange|division of corporation finance|"
                            r"^office of |^u\.?s\.? securities", re.I)
_COMPANY_NOISE = {"inc", "incorporated", "corp", "corporation", "co", "company", "ltd",
                  "limited", "plc", "llc", "group", "the", "holdings", "holding", "sa", "nv",
                  "ag", "lp", "se", "a", "an", "of", "and"}
_FILE_NUMBER = re.compile(r"(\d{1,3})-(\d{1,6})(?:-(\d{1,3}))?")
# Registration statements (Securities Act) get a number of their own per filing; Exchange Act
# numbers (0-, 1-, 001-, 000-, 814- …) stay with the company for good.
REGISTRATION_PREFIXES = {"333", "377", "2", "33"}
_FORM = re.compile(r"\b(?:Form|Schedule)\s+([0-9]{1,2}-[A-Z]{1,2}\b|[A-Z]{1,3}-[0-9]{1,2}\b|"
                   r"[0-9]{1,2}[A-Z]\b|TO\b|[0-9]{2}-?[A-Z]?\b|[A-Z0-9]{1,6}\b)", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def letter_kind(letter: ParsedLetter) -> str:
    """The parser's letter kind, or the best guess when the parser gives none."""
    kind = getattr(letter, "letter_kind", None)
    if kind == "other" and letter.kind == "staff" and letter.comments:
        return "comment_letter"  # numbered staff comments ask for answers, whatever else
    if kind in LETTER_KINDS:
        return str(kind)
    if letter.kind == "response":
        return "response"
    return "comment_letter" if letter.comments else "other"


def cited_dates(letter: ParsedLetter) -> tuple[str, ...]:
    """The dates of earlier letters this letter cites (a response's answered letter first)."""
    found = [letter.answers_letter_date] + list(getattr(letter, "cited_letter_dates", ()) or ())
    own = letter.letter_date
    return tuple(dict.fromkeys(d for d in found if d and d != own))


def extension_until(letter: ParsedLetter) -> str | None:
    value = getattr(letter, "extension_until", None)
    return str(value) if value else None


def opens_review(letter: ParsedLetter, kind: str) -> bool:
    """A staff letter worded as a first round: comments that cite no earlier comment, answer
    or letter (or a notice that the filing will not be reviewed, which is a review of its own)."""
    if letter.kind != "staff":
        return False
    if kind == "no_review":
        return True
    if kind != "comment_letter" or not letter.comments or cited_dates(letter):
        return False
    if any(c.prior_refs for c in letter.comments):
        return False
    return not any(_FOLLOW_UP.search(c.text) for c in letter.comments)


def company_name(letter: ParsedLetter) -> str | None:
    """The company as the letter gives it, or None when what was read is not a company."""
    name = " ".join((letter.company or "").split()).strip(" ,;")
    if not name or _NOT_A_COMPANY.search(name) or not re.search(r"[A-Za-z]", name):
        return None
    return name


def company_key(name: str | None) -> str:
    """A company name reduced to what stays the same across letters ("AppLovin Corp." and
    "Applovin Corporation" agree)."""
    text = unicodedata.normalize("NFKD", name or "").lower().replace("&", " and ")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = re.sub(r"[^a-z0-9 ]", " ", text.replace("’", "").replace("'", "")).split()
    return " ".join(w for w in words if w not in _COMPANY_NOISE)


def file_number_key(number: str) -> str | None:
    """'001-00044' and '1-44' are one file number."""
    match = _FILE_NUMBER.search(number)
    if not match:
        return None
    parts = [str(int(g)) for g in match.groups() if g is not None]
    return "-".join(parts)


def is_registration(number_key: str) -> bool:
    return number_key.split("-")[0] in REGISTRATION_PREFIXES


def filing_key(filing: str) -> str:
    """A filing under review reduced to its form and period: "Amendment No. 1 to Registration
    Statement on Form S-1" and "Draft Registration Statement on Form S-1" are one filing,
    'S-1:'; "Form 10-K for the Fiscal Year Ended December 31, 2016" is '10-K:2016'."""
    match = _FORM.search(filing)
    if match:
        form = match.group(1).upper().removesuffix("/A")
    elif re.search(r"proxy", filing, re.I):
        form = "14A"
    elif re.search(r"registration statement", filing, re.I):
        form = "REGISTRATION"
    else:
        form = " ".join(re.sub(r"[^a-z0-9 ]", " ", filing.lower()).split()[:3])
    years = _YEAR.findall(filing)
    return f"{form}:{years[-1] if years else ''}"


def document_columns(letter: ParsedLetter) -> dict[str, Any]:
    """The columns of a letter's `documents` row that place it in a review."""
    import json

    kind = letter_kind(letter)
    return {
        "letter_kind": kind,
        "cited_letter_dates": json.dumps(list(cited_dates(letter))),
        "extension_until": extension_until(letter),
        "company": company_name(letter),
        "file_numbers": json.dumps(list(letter.file_numbers)),
        "filings": json.dumps(list(letter.filings), ensure_ascii=False),
        "opens_review": int(opens_review(letter, kind)),
    }
