"""Citations of an earlier letter's comments: "prior comment 3", "comments five and six"."""
from __future__ import annotations

import re

_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50})
_ORDINAL = r"(?:\d{1,3}|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b"
_LIST = rf"{_ORDINAL}(?:\s*(?:,|and|or|&|through|to|-|–)\s*(?:comments?\s+)?{_ORDINAL})*"
_NO = r"(?:nos?\.?\s*|numbers?\s+|#\s*)?"
_CITE = re.compile(rf"\b(?:prior|previous|earlier|original)\s+comments?\s+{_NO}({_LIST})"
                   rf"|\bcomments?\s+{_NO}({_LIST})(?!\s*(?:above|below|of this))",
                   re.I)
_SAME_LETTER = re.compile(r"^\s*(?:above|below|in this letter)", re.I)


def prior_refs(text: str, kind: str = "staff") -> tuple[int, ...]:
    """The comment numbers of earlier letters that `text` cites, in order, without repeats.

    A bare "comment 4" counts only when it follows "response to" or stands in a staff letter's
    follow-up; "our prior response 1" is a response, not a comment.
    """
    found: list[int] = []
    for match in _CITE.finditer(text):
        listed = match.group(1) or match.group(2)
        after = text[match.end(): match.end() + 20]
        if _SAME_LETTER.match(after):
            continue
        if match.group(2) and not _bare_ok(text[:match.start()], kind):
            continue
        for number in _numbers(listed):
            if number not in found:
                found.append(number)
    return tuple(found)


def _bare_ok(before: str, kind: str) -> bool:
    tail = before[-40:].lower()
    return bool(re.search(r"(?:responses?|reply|replies|answers?)\s+to\s+(?:our\s+)?$", tail)
                or re.search(r"\b(?:refer to|see|in)\s+$", tail)) or kind == "staff"


def _numbers(listed: str) -> list[int]:
    tokens = re.findall(_ORDINAL, listed, re.I)
    values = [int(t) if t.isdigit() else _WORDS[t.lower()] for t in tokens]
    if re.search(r"through|–|-| to ", listed) and len(values) == 2 and values[0] < values[1] <= 99:
        return list(range(values[0], values[1] + 1))
    return [v for v in values if 0 < v < 200]
