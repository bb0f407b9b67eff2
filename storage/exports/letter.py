"""The response letter, before it is Word or EDGAR HTML: its settings (kept per matter in the
workspace) and its contents in the conventional order — date, addressee, Re: block, opening,
each comment's headings, the comment in bold, "Response:" and the answer, closing, signature."""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from storage.exports import ALL, Selection
from storage.exports.gather import Bundle, Item, gather, long_date
from storage.exports.richtext import Block, Run, blocks

if TYPE_CHECKING:
    from storage.store import Store

SEC_ADDRESS = ("Division of Corporation Finance", "U.S. Securities and Exchange Commission",
               "100 F Street, N.E.", "Washington, D.C. 20549")
DEFAULT_OPENING = (
    "{company} (the “Company”) submits this letter in response to the comments of the staff "
    "(the “Staff”) of the Division of Corporation Finance of the Securities and Exchange "
    "Commission contained in your {letters} (the “Comment Letter”) regarding {filings}. "
    "For your convenience, each of the Staff’s comments is reproduced below in bold, followed "
    "by the Company’s response.")
DEFAULT_CLOSING = (
    "If you have any questions regarding this letter or require any additional information, "
    "please do not hesitate to contact the undersigned.")
PENDING = "[Response to be provided.]"


@dataclass(frozen=True)
class LetterSettings:
    """What a matter's response letter says around the answers. Empty fields take defaults
    derived from the matter. `opening` may use {company}, {letters} and {filings}."""

    letterhead: tuple[str, ...] = ()
    addressee: tuple[str, ...] = ()
    salutation: str = ""
    re_lines: tuple[str, ...] = ()
    opening: str = ""
    closing: str = ""
    sign_off: str = ""
    signatory: str = ""
    signatory_title: str = ""
    signatory_company: str = ""
    cc: tuple[str, ...] = ()
    letter_date: str = ""  # YYYY-MM-DD; empty: the day the letter is made


def _key(matter_id: str) -> str:
    return f"matter:{matter_id}:letter"


def default_settings(store: Store, matter_id: str) -> LetterSettings:
    matter = store.matter(matter_id)
    me = store.me()
    numbers = matter.file_numbers
    file_line = (f"File No. {numbers[0]}" if len(numbers) == 1 else
                 f"File Nos. {', '.join(numbers)}" if numbers else "")
    re_lines = (matter.company, *distinct_filings(matter.filings), file_line)
    return LetterSettings(
        letterhead=(matter.company,), addressee=SEC_ADDRESS, salutation="Ladies and Gentlemen:",
        re_lines=tuple(line for line in re_lines if line), opening=DEFAULT_OPENING,
        closing=DEFAULT_CLOSING, sign_off="Sincerely,", signatory=me.name if me else "",
        signatory_company=matter.company)


def letter_settings(store: Store, matter_id: str) -> LetterSettings:
    """The matter's letter settings: those saved, the defaults for the rest."""
    settings = default_settings(store, matter_id)
    try:
        saved = json.loads(store.setting(_key(matter_id)) or "{}")
    except ValueError:
        saved = {}
    changes: dict[str, Any] = {}
    for item in fields(LetterSettings):
        value = saved.get(item.name) if isinstance(saved, dict) else None
        if isinstance(value, list):
            value = tuple(str(v) for v in value)
        if value and isinstance(value, str | tuple):
            changes[item.name] = value
    return replace(settings, **changes)


def set_letter_settings(store: Store, matter_id: str, settings: LetterSettings) -> None:
    """Save the fields that differ from the defaults (the rest follow the matter)."""
    defaults = asdict(default_settings(store, matter_id))
    chosen = {name: list(value) if isinstance(value, tuple) else value
              for name, value in asdict(settings).items() if value != defaults[name]}
    store.set_setting(_key(matter_id), json.dumps(chosen, ensure_ascii=False))


def distinct_filings(filings: tuple[str, ...]) -> list[str]:
    """Filings as listed, without the same filing written two ways."""
    seen, out = set(), []
    for filing in filings:
        key = re.sub(r"\b(?:the|fiscal|period)\b", " ", filing.lower()).replace("quarterly",
                                                                                 "quarter")
        key = " ".join(key.split())
        if key not in seen:
            seen.add(key)
            out.append(filing)
    return out


# -- the letter -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One comment of the letter and its answer."""

    group: str  # "Staff letter dated June 30, 2016" when the letter answers several, else ""
    headings: tuple[str, ...]  # printed above it (those not already in force)
    number: int
    comment: tuple[str, ...]  # its paragraphs
    answer: tuple[Block, ...]
    comment_id: str
    enclosures: tuple[str, ...] = ()  # files sent with the answer (never Rule 83 ones)


@dataclass(frozen=True)
class Letter:
    settings: LetterSettings
    date: str  # "July 29, 2016"
    opening: str
    entries: tuple[Entry, ...]
    company: str


def build_letter(store: Store, matter_id: str, selection: Selection = ALL,
                 document_id: str | None = None) -> Letter:
    settings = letter_settings(store, matter_id)
    bundle = gather(store, matter_id, selection, document_id)
    letters = _answered(bundle)
    day = settings.letter_date or date.today().isoformat()
    return Letter(settings, long_date(day), _opening(settings, bundle, letters),
                  tuple(_entries(bundle, several=len(letters) > 1)), bundle.matter.company)


def _answered(bundle: Bundle) -> list[str]:
    dates: list[str] = []
    for item in bundle.items:
        when = item.document.letter_date or ""
        if when not in dates:
            dates.append(when)
    return dates


def _opening(settings: LetterSettings, bundle: Bundle, dates: list[str]) -> str:
    named = [long_date(d) for d in dates if d]
    letters = ("letters dated " + " and ".join(named) if len(named) > 1 else
               f"letter dated {named[0]}" if named else "letter")
    filings = distinct_filings(bundle.matter.filings)
    what = ("the filings referenced above" if len(filings) > 1 else
            "the filing referenced above" if filings else "the Company’s filing")
    text = settings.opening
    for name, value in (("{company}", settings.signatory_company or bundle.matter.company),
                        ("{letters}", letters), ("{filings}", what)):
        text = text.replace(name, value)
    return text


def _entries(bundle: Bundle, several: bool) -> list[Entry]:
    out: list[Entry] = []
    previous: tuple[str, ...] = ()
    group = None
    for item in bundle.items:
        label = f"Staff letter dated {long_date(item.document.letter_date)}" \
            if several and item.document.letter_date else ""
        starts = label != group
        if starts:
            group, previous = label, ()
        path = item.comment.heading_path
        shared = 0
        while shared < min(len(path), len(previous)) and path[shared] == previous[shared]:
            shared += 1
        out.append(Entry(label if starts else "",
                         tuple(path[shared:]), item.comment.number, _paragraphs(item),
                         _answer(item), item.comment.id,
                         tuple(a.name for a in item.enclosures)))
        previous = path
    return out


def enclosure_line(names: tuple[str, ...]) -> str:
    """"Enclosed: schedule.xlsx; plant detail.pdf" under an answer."""
    return "Enclosed: " + "; ".join(names)


_LIST_ITEM = re.compile(r"^\s*[•●▪■□❑❖➢◦·‣]\s*")


def list_item(paragraph: str) -> str | None:
    """The words of a comment's paragraph that is a bulleted item, without its bullet; None
    when it is an ordinary paragraph."""
    match = _LIST_ITEM.match(paragraph)
    return paragraph[match.end():] if match and paragraph[match.end():].strip() else None


def _paragraphs(item: Item) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in item.comment.text.split("\n") if p.strip())


def _answer(item: Item) -> tuple[Block, ...]:
    found = tuple(blocks(item.answer))
    return found or (Block((Run(PENDING, italic=True),)),)
