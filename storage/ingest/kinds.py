"""What a letter does: its kind in the review (comment letter, closing letter, extension request …)
and the earlier letters it cites.

The kind comes from the genre, not from one letter's words: who wrote it (staff or company), whether
it has numbered comments, and the few wording families each kind of letter is written in — the
staff closes a review with "we have completed our review", declines one with "we have not reviewed
and will not review", a company asks for time with "extension" or "additional time" and asks for
effectiveness under Rule 461 with "accelerat…" or "declared effective".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from storage.ingest.meta import _MONTH, DATE, iso

LETTER_KINDS = ("comment_letter", "closing_letter", "no_review", "reminder",
                "supplemental_request", "response", "extension_request", "acceleration_request",
                "other")

_NO_REVIEW = re.compile(r"\b(?:have not|did not) reviewed? and will not review|"
                        r"\bwill not (?:be )?review(?:ed|ing)?\b|\bno review\b", re.I)
_CLOSING = re.compile(r"(?:^|[.:;]\s+|\n)(?:We|The staff) ha(?:ve|s) (?:now )?"
                      r"(?:completed|concluded|closed) (?:our|its|the|this) "
                      r"(?:review|assessment|examination)|"
                      r"(?:^|[.:;]\s+|\n)We have no further comments\b", re.I)
_FOLLOWING = re.compile(r"\b(?:have|has)\s+the\s+following\s+comments?\b", re.I)
_REMINDER = re.compile(r"\b(?:remains?|are|is) (?:still )?(?:outstanding|unanswered|unresolved)|"
                       r"\bhave not (?:yet )?(?:received|responded|been answered)|"
                       r"\bnot (?:yet )?received (?:a |your )?(?:response|reply)|"
                       r"\bhave not responded\b", re.I)
_ASKS = re.compile(r"\b(?:please|tell us|advise us|provide us|we ask|you should|explain|"
                   r"describe|furnish|submit)\b|\?", re.I)
_ORDER = re.compile(r"\bIn the Matter of\b[\s\S]{0,400}\bORDER\b|\bORDER (?:DECLARING|GRANTING)")
_EXTENSION = re.compile(r"\bextension\b|\b(?:additional|more|further) time\b|"
                        r"\b(?:expects?|intends?|plans?) to (?:provide|submit|file|deliver)"
                        r"(?: (?:its|our|a|the))? (?:responses?|reply)|"
                        r"\b(?:will|to) (?:respond|provide (?:its|our|a|the) responses?|"
                        r"submit (?:its|our|a|the) responses?)[^.]{0,60}?\b(?:by|on or before|"
                        r"no later than)\s", re.I)
_ACCELERATION = re.compile(r"\baccelerat(?:e|ed|ion)\b[^.]{0,160}?\beffective|"
                           r"\beffective(?:ness)?\b[^.]{0,160}?\baccelerat|"
                           r"\bdeclared effective\b|\bbe made effective\b|\bRule 461\b|"
                           r"\bRule 460\b", re.I)
_ANSWERS = re.compile(r"\byour\b[^.]{0,40}\bletter\b|"
                      r"\b(?:in response to|responds? to|responding to|response to|"
                      r"respond(?:s)? (?:below )?to|reply to|replies to)\b|\byour (?:comment )?"
                      r"letter\b|\bcomment letter\b|\bcomments? of the staff\b|"
                      r"\bstaff'?s? comments?\b|\bthe staff\b", re.I)
_UNTIL = re.compile(rf"\b(?:until|to|by|through|on or before|no later than|on)\s+"
                    rf"(?:on or (?:about|before)\s+)?"
                    rf"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
                    rf"((?:{_MONTH})\.?\s+\d{{1,2}}\s*,\s*\d{{4}})", re.I)
_LETTER_WORD = r"(?:comment\s+)?(?:letters?|responses?|correspondence|submissions?|comments?)"
_CITED = re.compile(
    rf"\b{_LETTER_WORD}\b(?:[^.;]{{0,120}}?\bdated|[^.;]{{0,30}}?\b(?:of|on|from))\s+"
    rf"((?:{_MONTH})\.?\s+\d{{1,2}}\s*,\s*\d{{4}}(?:\s*(?:,|and|&)\s*(?:{_MONTH})\.?\s+\d{{1,2}}"
    rf"\s*,\s*\d{{4}})*)"
    rf"|\b((?:{_MONTH})\.?\s+\d{{1,2}}\s*,\s*\d{{4}})(?:\s*,)?\s+(?:comment\s+)?"
    rf"(?:letters?|responses?|response letters?|correspondence|submissions?)\b", re.I)
_FILED = re.compile(r"\b(?:filed|furnished|submitted|ended|dated and filed)\s*(?:on\s*)?$", re.I)


@dataclass(frozen=True)
class Understanding:
    letter_kind: str
    extension_until: str | None
    doubts: tuple[str, ...]


def cited_letter_dates(text: str, letter_date: str | None = None) -> tuple[str, ...]:
    """Every date the letter cites as that of a letter or response, ISO, in order, once each.

    A cited letter is older than the citing one: a date on or after `letter_date` is the
    letter's own date (or a date it asks for), not a citation."""
    found: list[str] = []
    for match in _CITED.finditer(text):
        listed = match.group(1) or match.group(2)
        if match.group(1) and _FILED.search(text[match.start(1) - 30: match.start(1)]) and \
                not re.search(r"\bdated\s*$", text[match.start(1) - 12: match.start(1)]):
            continue
        for date in DATE.finditer(listed):
            value = iso(date)
            if value and value not in found and (letter_date is None or value < letter_date):
                found.append(value)
    return tuple(found)


def understand(kind: str, text: str, opening: str, has_comments: bool,
               letter_date: str | None) -> Understanding:
    """The letter's kind from its sender, its numbered comments and its wording.

    `text` is the letter's body without running headers; `opening` its first paragraphs after
    the salutation, where a company says what its letter is for."""
    if not has_comments and _ORDER.search(text[:3000]):
        return Understanding("other", None, (
            "This reads as an order of the Commission (an order declaring a registration "
            "effective, for example), not a letter of a review. Check its kind.",))
    if kind == "staff":
        return _staff(text, has_comments)
    return _company(opening, has_comments, letter_date)


def _staff(text: str, has_comments: bool) -> Understanding:
    if has_comments or _FOLLOWING.search(text):
        return Understanding("comment_letter", None, ())
    if _NO_REVIEW.search(text):
        return Understanding("no_review", None, ())
    if _CLOSING.search(text):
        return Understanding("closing_letter", None, ())
    if _REMINDER.search(text):
        return Understanding("reminder", None, ())
    if _ASKS.search(text):
        return Understanding("supplemental_request", None, ())
    return Understanding("other", None, (
        "This staff letter has no numbered comments and reads neither as a closing letter, a "
        "no-review notice, a reminder nor a request. Check its kind.",))


def _company(opening: str, has_comments: bool, letter_date: str | None) -> Understanding:
    if has_comments:
        return Understanding("response", None, ())
    if _EXTENSION.search(opening):
        return Understanding("extension_request", _until(opening, letter_date), ())
    if _ACCELERATION.search(opening):
        return Understanding("acceleration_request", None, ())
    if _ANSWERS.search(opening):
        return Understanding("response", None, ())
    return Understanding("other", None, (
        "This company letter has no numbered comments and reads neither as a response, an "
        "extension request nor an acceleration request. Check its kind.",))


def _until(text: str, letter_date: str | None) -> str | None:
    """The date an extension request asks for: the latest date after "until", "by", "no later
    than" … in the sentences about time to respond, later than the letter itself."""
    best: str | None = None
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z])", text):
        if not _EXTENSION.search(sentence) and not re.search(r"\brespon", sentence, re.I):
            continue
        for match in _UNTIL.finditer(sentence):
            found = DATE.search(match.group(1))
            value = iso(found) if found else None
            if value and (letter_date is None or value > letter_date) and \
                    (best is None or value > best):
                best = value
    return best
