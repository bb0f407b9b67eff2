"""The few shapes of text that structure every SEC letter, as regular expressions and tests."""
from __future__ import annotations

import re

from storage.ingest.lines import Line

# "1.", "1)", "(1)", "- 5." (a list-marker left over from a PDF), "Comment 1.", "Comment No. 1:"
NUMBER = re.compile(
    r"^\s*(?:[-–•·]\s+)?(?:(?:the\s+)?(?:staff'?s?\s+)?comments?\s*(?:no\.?|number|#)?\s*)?"
    r"\(?(\d{1,3})\s*[.):](?![0-9])\s*(.*)$", re.I)
_WORD_NUMBER = re.compile(r"^\s*(?:the\s+)?(?:staff'?s?\s+)?comments?\s*(?:no\.?|number|#)?\s*"
                          r"(\d{1,3})\b\s*(.*)$", re.I)
LABEL = re.compile(
    r"^\s*(?:(?:the\s+)?company'?s?\s+|our\s+)?responses?"
    r"(?:\s+to\s+(?:the\s+)?(?:staff'?s?\s+)?comments?\s*(?:no\.?\s*|#\s*)?\d{0,3})?"
    r"\s*(?:[:.\-–—]\s*(.*)|$)", re.I | re.S)
COMMENT_PREFIX = re.compile(r"^\s*(?:the\s+)?(?:staff'?s?\s+)?comments?\s*[:.\-–—]\s*", re.I)
BULLET = re.compile(r"^\s*(?:[•·▪◦●■□➢§\uf0b7\uf0a7\uf0d8o]\s|[•·▪◦●■\uf0b7\uf0a7]|-\s|–\s|"
                    r"\(?[a-z]\)\s|\(?[ivx]{1,4}\)\s)")
CLOSING = re.compile(
    r"^\s*(?:\*[\s*]*\*|we remind you|we urge all persons|"
    r"in (?:connection with )?responding to (?:your|our|the|these|the staff'?s?) comments|"
    r"in closing|you may contact|please contact|please direct|please call|"
    r"if you (?:have|should have) any|if you have questions|should you have any|"
    r"if you (?:need|require|would like|wish)\b[^.]{0,40}\b(?:further|additional|more|any)\b"
    r"[^.]{0,30}\b(?:information|questions|clarification|elaboration)|"
    r"should (?:the|any member of the) staff have|if the staff has any|"
    r"if any member of the staff|please do not hesitate|please feel free|thank you for|"
    r"we (?:also |further |hereby )?acknowledge that|further,? we acknowledge|"
    r"(?:the company|[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,3}) "
    r"(?:hereby |also |further )?acknowledges that|"
    r"(?:in addition|additionally),? (?:the company|we) (?:hereby )?acknowledges?|"
    r"we appreciate (?:the opportunity to respond|(?:your|the staff'?s?) (?:time|attention|"
    r"assistance|consideration|review|cooperation))|"
    r"we acknowledge (?:that )?(?:the company|we)\b[^.]{0,40}\b(?:is|are) responsible|"
    r"we (?:will|would|shall) be (?:pleased|happy|glad) to (?:respond|provide|answer|discuss)|"
    r"i trust that|we trust that|we hope (?:that )?(?:the|this|these|our)|"
    r"we believe (?:that )?(?:we have|the foregoing|this letter)|refer to rules 460|"
    r"we will consider a written request|please allow adequate time|"
    r"sincerely|very truly yours|respectfully submitted|yours truly|truly yours|cc:)", re.I)
_CONNECTOR = re.compile(r"(?:\b(?:of|and|or|the|a|an|to|for|in|on|with|by|from|at|as|page|"
                        r"pages|its|our|your|their)|[,–\-—&/(])$", re.I)
_ID_HEADING = re.compile(r"^(?:Item|Items|Note|Notes|Part|Section|Article|Exhibit|Schedule)\s+"
                         r"[0-9A-Z]{1,4}\b", re.I)
_ABBREVIATION = re.compile(r"(?:\b(?:Inc|Corp|Co|Ltd|L\.P|LP|N\.V|S\.A|No|Nos|Jr|Sr|Bros|"
                           r"plc|U\.S|S\.E|A\.G))\.$")
# "…, page F-30": a heading that points into the filing
_PAGE_REF = re.compile(r",?\s+pages?\s+[A-Z]?-?\d{1,4}"
                       r"(?:\s*(?:-|–|and|through|to)\s*[A-Z]?-?\d{1,4})?\s*$")
_MARKER = re.compile(r"^\s*\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s*", re.I)
_TERMINAL = re.compile(r"[.;:!,]$")


def number_of(text: str) -> tuple[int, str] | None:
    """(number, the rest of the line) when the line opens a numbered comment."""
    match = NUMBER.match(text)
    if not match:
        match = _WORD_NUMBER.match(text)
        if not match or not re.match(r"^\s*(?:the\s+)?(?:staff'?s?\s+)?comment", text, re.I):
            return None
    number, rest = int(match.group(1)), match.group(2).strip()
    if number == 0 or (rest and rest[0] in "%$"):
        return None
    return number, COMMENT_PREFIX.sub("", rest, count=1)


def label_of(text: str) -> str | None:
    """The answer's first words after a "Response:" label, or None when there is no label."""
    match = LABEL.match(text)
    return None if not match else (match.group(1) or "").strip()


def ends_sentence(text: str) -> bool:
    tail = text.rstrip(" \"'”’)]*")
    return bool(_TERMINAL.search(tail)) and not _ABBREVIATION.search(tail)


def style(lines: list[Line]) -> tuple[float, float, float]:
    """(bold, italic, underline) share of a run of lines, by letters."""
    total = sum(len(line.text) for line in lines) or 1
    return tuple(sum(getattr(line, name) * len(line.text) for line in lines) / total
                 for name in ("bold", "italic", "underline"))  # type: ignore[return-value]


def heading_like(lines: list[Line], styled_only: bool) -> bool:
    """A short line (or wrapped pair) that names a place in the filing, not a sentence."""
    text = " ".join(line.text for line in lines)
    words = text.split()
    if len(lines) > 4 or len(text) > 260 or len(words) > 40 or not words:
        return False
    first = lines[0].text
    if ((number_of(first) or BULLET.match(first)) and not numbered_title(text)
            and not _PAGE_REF.search(text)) or label_of(first) is not None \
            or CLOSING.match(first) or not re.search(r"[A-Za-z]{3,}", text):
        return False
    letter = next((ch for ch in _MARKER.sub("", text, count=1) if ch.isalpha()), "")
    if letter.islower():
        return False
    tail = text.rstrip(" \"'”’)]*")
    if tail.endswith("?") and len(words) > 25:
        return False
    # a heading that wraps onto the next heading line may end with a comma
    if ends_sentence(text.rstrip(" ,")) and not (tail.endswith(".") and _ID_HEADING.match(text)
                                                and len(words) <= 30):
        return False
    if styled_only and max(style(lines)) < 0.5:
        return False
    return True


def numbered_title(text: str) -> bool:
    """A numbered line that names a place, not a sentence: a financial-statement note heading
    ("7. Policy Liabilities, page 139", "(16) Income Taxes"). Short, capitalised, no sentence
    end; a comment or a list item inside one is a sentence or starts lower case."""
    hit = number_of(text)
    if not hit:
        return False
    rest = hit[1]
    words = rest.split()
    if not words or len(words) > 12 or not rest[:1].isupper() or ends_sentence(rest):
        return False
    minor = {"of", "and", "or", "the", "a", "an", "to", "for", "in", "on", "with", "by", "from",
             "at", "as", "page", "pages", "its", "our", "your", "&", "-", "–"}
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower().strip(",;") in minor
               or not w[:1].isalpha() for w in words)


def heading_texts(lines: list[Line], wrapped: bool) -> list[str]:
    """One heading per line, joining a visual line that wraps onto the next (PDF only)."""
    out: list[str] = []
    for line in lines:
        text = line.text
        if out and wrapped and (_CONNECTOR.search(out[-1]) or not text[:1].isupper()
                                and not text[:1].isdigit() or re.match(r"^\d{1,4}\.?$", text)):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out
