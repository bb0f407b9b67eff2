"""What a letter says about itself: who wrote it, when, to which company, about which filings."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from storage.ingest.lines import Line, norm

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
DATE = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})\s*,\s*(\d{{4}})\b|"
                  rf"\b(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
SALUTATION = re.compile(r"^(?:dear\b.{0,90}|ladies and gentlemen|gentlemen|sirs|mesdames.{0,60}|"
                        r"to whom it may concern)\s*[:,;]?\s*$", re.I)
SIGNOFF = re.compile(r"^(?:sincerely|very truly yours|yours truly|truly yours|respectfully|"
                     r"respectfully submitted|best regards|regards|kind regards|yours "
                     r"sincerely|cordially)\b[ ,.]*(?:yours)?[ ,.]*$", re.I)
_RE_LINE = re.compile(r"^\s*(?:re|subject)\s*[:.]\s*(.*)$|^\s*re\s+(.+)$", re.I)
_FILE_NO = re.compile(r"\bFile\s+(?:Nos?|Numbers?)\.?\s*:?\s*"
                      r"((?:[0-9]{1,3}-[0-9]{3,6}(?:-[0-9]{1,3})?"
                      r"(?:\s*(?:,|;|and|&)\s*)?)+)", re.I)
_NUMBER = re.compile(r"[0-9]{1,3}-[0-9]{3,6}(?:-[0-9]{1,3})?")
_FILING = re.compile(r"^(?:Form|Amendment|Amended|Registration|Schedule|Definitive|Preliminary|"
                     r"Annual|Quarterly|Current|Post-Effective|Proxy|Offering|Draft|Pre-Effective|"
                     r"Information Statement|Tender Offer)\b", re.I)
_NOT_COMPANY = re.compile(r"^(?:Form|Amendment|Registration|Schedule|Definitive|Preliminary|Filed|"
                          r"File|Responses?|Annual|Quarterly|Current|Post-Effective|Proxy|Draft|"
                          r"Submitted|Supplemental|Letter|Comments?|Requests?|Application|"
                          r"Acceleration)\b", re.I)
_SUFFIX = re.compile(r"\b(?:Inc|Corp|Corporation|Co|Company|Ltd|Limited|LLC|L\.P|LP|plc|PLC|N\.V|"
                     r"S\.A|AG|SE|Group|Holdings?|Trust|Bancorp|Partners)\b\.?", re.I)
_ANSWERED = re.compile(r"(?:letter|comments?|correspondence)[^.]{0,40}?\b(?:dated|of|on)\s+"
                       rf"((?:{_MONTH})\.?\s+\d{{1,2}}\s*,\s*\d{{4}})", re.I)
_STAFF_SIGN = re.compile(r"Division of Corporation Finance|Office of [A-Z]|"
                         r"Disclosure Review Program",
                         re.I)


_COMMISSION_ORDER = re.compile(r"\bBEFORE THE\s+SECURITIES AND EXCHANGE COMMISSION\b")


@dataclass(frozen=True)
class Meta:
    kind: str
    letter_date: str | None
    company: str | None
    file_numbers: tuple[str, ...]
    filings: tuple[str, ...]
    answers_letter_date: str | None
    salutation: int  # index of the salutation line, or -1
    cik: str | None = None  # the registrant's EDGAR CIK, where the Re: block gives it


def iso(match: re.Match[str]) -> str | None:
    """An ISO date from a `DATE` match, or None when it is not a real date."""
    month, day, year = ((match.group(1), match.group(2), match.group(3)) if match.group(1)
                        else (match.group(5), match.group(4), match.group(6)))
    number = next((n for name, n in MONTHS.items() if name.startswith(month.lower()[:3])), 0)
    try:
        return date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None


def find_salutation(lines: list[Line]) -> int:
    for index, line in enumerate(lines[:120]):
        if SALUTATION.match(line.text):
            return index
    return -1


def read_meta(lines: list[Line], furniture: list[Line], hint: str | None) -> Meta:
    """Everything but the comments. `hint` is the EDGAR form type, when the file has one."""
    salutation = find_salutation(lines)
    top = lines[:salutation] if salutation > 0 else lines[:40]
    kind = _kind(lines, hint)
    block = _re_block(top)
    opening = lines[salutation + 1: salutation + 12] if salutation >= 0 else lines[:40]
    return Meta(kind=kind, letter_date=_letter_date(top, furniture, lines),
                company=_company(block, top, lines, kind), file_numbers=_file_numbers(block or top),
                filings=_filings(block), salutation=salutation,
                answers_letter_date=_answered(opening) if kind == "response" else None,
                cik=_cik(block or [line.text for line in top]))


# A draft registration statement, submitted in confidence, has no file number yet: the staff's
# letters name the registrant by its EDGAR CIK ("CIK No. 0001754301"), which stays with the
# company through a change of name.
_CIK = re.compile(r"\bCIK\s*(?:No\.?|Number|#)?\s*:?\s*(\d{4,10})\b", re.I)


def _cik(block: list[str]) -> str | None:
    match = _CIK.search(" ".join(block))
    return str(int(match.group(1))) if match else None


def _kind(lines: list[Line], hint: str | None) -> str:
    if hint:
        upper = hint.upper()
        if upper.startswith("CORRESP"):
            return "response"
        if upper.startswith("UPLOAD") or upper.startswith("LETTER"):
            return "staff"
    if _COMMISSION_ORDER.search(" ".join(line.text for line in lines[:12])):
        return "staff"  # an order of the Commission itself, not a company's letter
    for index, line in enumerate(lines):
        if SIGNOFF.match(line.text):
            tail = " ".join(other.text for other in lines[index + 1: index + 7])
            if _STAFF_SIGN.search(tail):
                return "staff"
    text = " ".join(line.text for line in lines[:80])
    if re.search(r"We have (?:limited our review|reviewed your)|Dear (?:Mr|Ms|Mrs|Dr)\.", text) \
            and not re.search(r"\bthe Staff\b|Response", " ".join(x.text for x in lines)):
        return "staff"
    return "response"


# Words before a date that make it another date than the letter's: a filing's, a period's end
# ("Form 10-K for the Fiscal Year Ended / December 31, 2023"), a cited letter's.
_NOT_LETTER_DATE = re.compile(r"\b(?:filed|dated|of|on|ended|ending|through)[\s,]*$", re.I)


def _letter_date(top: list[Line], furniture: list[Line], lines: list[Line]) -> str | None:
    """The date printed on the letter: a line that is (nearly) only a date, above the Re: block
    first (the Re: block's dates are the filing's); else the running headers' date; else the
    first date above the salutation that is not a filing's, a period's or a cited letter's.
    None rather than a date from the body, which speaks of other days."""
    re_at = next((i for i, line in enumerate(top) if _RE_LINE.match(line.text)), len(top))
    for index in [*range(re_at), *range(re_at, len(top))]:
        line = top[index]
        match = DATE.search(line.text)
        rest = DATE.sub("", line.text)
        mentioned = re.search(r"filed|dated|file no|letter", line.text, re.I)
        after = index and _NOT_LETTER_DATE.search(top[index - 1].text) and match \
            and match.start() < 3
        if match and len(re.sub(r"\W", "", rest)) <= 16 and not mentioned and not after:
            found = iso(match)
            if found:
                return found
    dates = Counter(d for line in furniture for m in DATE.finditer(line.text)
                    if not _NOT_LETTER_DATE.search(line.text[:m.start()]) and (d := iso(m)))
    if dates:
        return dates.most_common(1)[0][0]
    previous = ""
    for line in top:
        for match in DATE.finditer(line.text):
            before = line.text[:match.start()] or previous
            if not _NOT_LETTER_DATE.search(before) and (found := iso(match)):
                return found
        previous = line.text
    return None


def _re_block(top: list[Line]) -> list[str]:
    for index, line in enumerate(top):
        match = _RE_LINE.match(line.text)
        if match and len(line.text) < 200:
            first = (match.group(1) or match.group(2) or "").strip()
            rest = [other.text for other in top[index + 1: index + 14]]
            return ([first] if first else []) + rest
    return []


def _file_numbers(block: list[str] | list[Line]) -> tuple[str, ...]:
    text = " ".join(x if isinstance(x, str) else x.text for x in block)
    found: list[str] = []
    for match in _FILE_NO.finditer(text):
        for number in _NUMBER.findall(match.group(1)):
            if number not in found:
                found.append(number)
    return tuple(found)


# A filing in the Re: block whose line stops mid-phrase ("Amendment No. 2 to", "… Ended
# December 31, 2") goes on in the next line.
_WRAPS = re.compile(r"(?:\b(?:to|of|on|for|and|the|by|under|ended|ending)|,\s*\d{1,3}|,)\s*$",
                    re.I)


def unwrapped(block: list[str]) -> list[str]:
    """The Re: block's lines, a line that stops mid-phrase joined with the next."""
    out: list[str] = []
    carry = ""
    for text in block:
        text = f"{carry} {text}".strip() if carry else text
        if _FILING.match(text) and _WRAPS.search(text) and len(text) < 70:
            carry = text
            continue
        carry = ""
        out.append(re.sub(r"(,\s*\d{1,3}) (\d{1,3}\b)", r"\1\2", text))
    return out + ([carry] if carry else [])


def _filings(block: list[str]) -> tuple[str, ...]:
    found = []
    for text in unwrapped(block):
        if _FILING.match(text):
            cut = re.split(r"\s+(?:Filed|File No|Submitted)\b", text, maxsplit=1, flags=re.I)[0]
            found.append(cut.strip(" ,;"))
    return tuple(found)


def _company(block: list[str], top: list[Line], lines: list[Line], kind: str) -> str | None:
    if block and not _NOT_COMPANY.match(block[0]) and len(block[0]) < 90:
        return company_only(block[0])
    for line in top:
        if _SUFFIX.search(line.text) and len(company_only(line.text)) < 70 \
                and not _FILING.match(line.text) \
                and not _SEC_ADDRESS.search(line.text) and not _RE_LINE.match(line.text):
            if kind == "staff" or "LLP" not in line.text:
                return company_only(line.text)
    text = " ".join(line.text for line in lines[:80])
    match = re.search(r"[Oo]n behalf of (?:our client, )?([A-Z][\w&.,' -]{2,60}?)\s*"
                      r"(?:\(|,|\.\s)", text) or _DEFINED.search(text)
    if match:
        return company_only(match.group(1))
    return _signed_by(lines) if kind == "response" else None


# The Commission's own address lines, never the company's.
_SEC_ADDRESS = re.compile(r"Securities and Exchange|Division of Corporation Finance|"
                          r"^\s*(?:Attention|Attn)\b|^\s*Office of\b", re.I)
# A company names itself once and defines the short name it then uses: "ONEOK, Inc., an
# Oklahoma corporation (the “Registrant”)", "Ford Motor Company (the “Company”)".
_DEFINED = re.compile(r"\b([A-Z][\w&.,' -]{1,60}?"
                      r"(?:Inc|Corp|Corporation|Co|Company|Ltd|Limited|LLC|plc|PLC|N\.V|S\.A|AG|SE|Group|Holdings?|Trust|Bancorp|Partners)\b\.?)"
                      r"(?:,? an? [\w ]{0,40}?(?:corporation|company))?,?\s*\((?:the\s+)?"
                      r"[“\"](?:Company|Registrant|Issuer|Corporation)[”\"]\)")
# After the company's legal form, the rest of a run-together Re: line: the filing, or a title
# in capitals ("… Corporation Registration Statement on Form 10-12B", "… Inc. ORDER DECLARING
# REGISTRATION"), or the short name the letter defines ("… Inc. (“MMC”)").
_AFTER_NAME = re.compile(r"\s+(?:\(\s*(?:the\s+)?[“\"][^”\"]{1,40}[”\"]\s*\)|"
                         r"(?i:Form|Registration|Amendment|Schedule|Definitive|Preliminary|Annual|"
                         r"Quarterly|Current|Proxy|Draft|Post-Effective)\b|"
                         r"[A-Z][A-Z'’.-]+\s+[A-Z][A-Z'’.-]+\b|"
                         rf"(?i:on|filed|dated)\s+{_MONTH}\.?\s+\d|\(\s*File\b).*$")


def company_only(text: str) -> str:
    """A company's name without what a run-together line adds after its legal form."""
    text = re.sub(r"^\s*(?:Regarding|Re|Subject)\s*[:.]?\s+", "", text).strip(" ,;")
    for suffix in _SUFFIX.finditer(text):
        rest = text[suffix.end():]
        cut = _AFTER_NAME.match(rest)
        if cut and rest.strip() and not re.match(r"\s*,?\s*(?:Inc|Ltd|LLC|L\.P|N\.V)\b", rest):
            return text[: suffix.end()].strip(" ,;")
    return text


def _signed_by(lines: list[Line]) -> str | None:
    """A company signs its letter under its name: "Very truly yours, / ONEOK, Inc. / By: …"."""
    for index, line in enumerate(lines):
        if SIGNOFF.match(line.text):
            for below in lines[index + 1: index + 3]:
                if _SUFFIX.search(below.text) and len(below.text) < 70 and "LLP" not in \
                        below.text and not below.text.startswith("/"):
                    return company_only(below.text)
            return None
    return None


def _answered(opening: list[Line]) -> str | None:
    for line in opening:
        match = _ANSWERED.search(line.text)
        if match:
            found = DATE.search(match.group(1))
            if found:
                return iso(found)
    return None


# "Constellation Energy Corporation (f/k/a Constellation Newholdco, Inc.)": a renamed company
# names its former name beside its own.
_FORMERLY = re.compile(r"\(\s*(?:f/k/a|formerly(?: known as| named| called)?|previously known as)"
                       r"\s+([^()]{2,80}?)\s*\)", re.I)


def former_names(text: str, company: str | None) -> tuple[str, ...]:
    """The former names the letter gives its company, right after the company's own name."""
    if not company:
        return ()
    own = [w for w in norm(company).split() if len(w) > 2][:2]
    found: list[str] = []
    for match in _FORMERLY.finditer(text):
        name = company_only(match.group(1))
        before = norm(text[max(0, match.start() - 100): match.start()]).split()
        if _SUFFIX.search(name) and own and before[-8:] and all(w in before[-8:] for w in own) \
                and name not in found:
            found.append(name)
    return tuple(found)
