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
from collections.abc import Iterator
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
                      r"\bstaff'?s? comments?\b", re.I)
_UNTIL = re.compile(rf"\b(?:until|to|by|through|on or before|no later than|on)\s+"
                    rf"(?:on or (?:about|before)\s+)?"
                    rf"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
                    rf"((?:{_MONTH})\.?\s+\d{{1,2}}\s*,\s*\d{{4}})", re.I)
_LETTER_WORD = r"(?:comment\s+)?(?:letters?|responses?|correspondence|submissions?|comments?)"
_GAP = r"(?:(?!\b(?:letters?|responses?|correspondence)\b)[^.;])"  # never past another letter
_CITED = re.compile(
    rf"\b(?P<word>{_LETTER_WORD})\b(?:{_GAP}{{0,120}}?\bdated|{_GAP}{{0,30}}?\b(?:of|on|from))\s+"
    rf"(?P<dates>(?:{_MONTH})\.?\s+\d{{1,2}}\s*,\s*\d{{4}}(?:\s*(?:,|and|&)\s*(?:{_MONTH})\.?\s+"
    rf"\d{{1,2}}\s*,\s*\d{{4}})*)"
    rf"|\b(?P<date>(?:{_MONTH})\.?\s+\d{{1,2}}\s*,\s*\d{{4}})(?:\s*,)?\s+"
    rf"(?P<word2>(?:comment\s+)?(?:letters?|responses?|response letters?|correspondence|"
    rf"submissions?))\b", re.I)
_FILED = re.compile(r"\b(?:filed|furnished|submitted|ended|dated and filed)\s*(?:on\s*)?$", re.I)
_OWN = re.compile(r"\b(?:our|company['’]s|registrant['’]s)\s+(?:(?!your\b)[\w,]+\s+){0,2}$", re.I)


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
    for value, _ in _citations(text, letter_date):
        if value not in found:
            found.append(value)
    return tuple(found)


def answered_letter_date(opening: str, letter_date: str | None) -> str | None:
    """The staff letter a response answers: the latest staff letter its opening cites ("your
    letters dated February 10, 2023 and March 16, 2023"); the company's own earlier responses
    ("our response dated …", "the Company's June 12 letter") are history, not the letter
    answered."""
    staff = [value for value, own in _citations(opening, letter_date) if not own]
    return max(staff) if staff else None


def _citations(text: str, letter_date: str | None) -> Iterator[tuple[str, bool]]:
    """(ISO date, whether the cited letter is the writer's own) of each citation."""
    for match in _CITED.finditer(text):
        listed = match.group("dates") or match.group("date")
        if match.group("dates") and _FILED.search(text[match.start("dates") - 30:
                                                        match.start("dates")]) \
                and not re.search(r"\bdated\s*$", text[match.start("dates") - 12:
                                                       match.start("dates")]):
            continue
        word = (match.group("word") or match.group("word2") or "").lower()
        own = "respons" in word or "submission" in word or \
            bool(_OWN.search(text[max(0, match.start() - 40): match.start()]))
        for date in DATE.finditer(listed):
            value = iso(date)
            if value and (letter_date is None or value < letter_date):
                yield value, own


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
