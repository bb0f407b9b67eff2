"""Which review each letter belongs to: the rule that makes a matter one review, not one company.

Letters are first gathered into families, the letters of one company (tied by its name, a
former name a letter gives it, its Exchange Act file number, or the CIK a draft registration
statement's letters give; a letter whose company was not read, by the dates of the letters it
cites). A family's letters are then read in date order, as
the review happened, so the order in which they were imported does not matter:

- a letter that cites an earlier letter's date ("your letter dated …", "our letter of …", a
  response's answered letter) joins the review of that letter;
- a staff letter worded as a first round opens a new review, unless an open review of the
  company is already about the same filing (a draft registration statement, then the filed one);
- any other letter joins, in this order: the review of the same registration statement (its own
  file number), the open review of the same filing, the nearest earlier open review of the
  company (within `GAP_DAYS`); a staff letter that neither asks nor closes (an order declaring
  a registration effective) joins the review it follows on the same file number, closed or
  not, within `AFTERMATH_DAYS`; failing all, it opens a review of its own.

A closing letter or a notice of no review closes its review. A letter a reviewer placed by hand
(`placed_by`) stays where it was put.

Pure functions over `Facts`; storage.matters applies the result to the workspace.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from storage.letterfacts import (
    CLOSING_KINDS,
    company_key,
    file_number_key,
    filing_key,
    is_registration,
)

GAP_DAYS = 180  # a review rarely rests longer than this between two letters


@dataclass(frozen=True)
class Facts:
    """What places one letter (a `documents` row, or a letter about to be imported)."""

    id: str
    matter_id: str | None  # None: not imported yet
    role: str  # staff | response
    kind: str
    letter_date: str | None
    company: str | None
    file_numbers: tuple[str, ...]
    filings: tuple[str, ...]
    cited: tuple[str, ...]
    opens: bool
    placed: bool  # a reviewer put it in its matter
    imported_at: str
    extra_keys: tuple[str, ...] = ()  # "co:" keys of former names, "cik:" of its CIK

    @cached_property
    def company_key(self) -> str:
        return company_key(self.company)

    @cached_property
    def numbers(self) -> set[str]:
        return {k for n in self.file_numbers if (k := file_number_key(n))}

    @cached_property
    def registrations(self) -> set[str]:
        return {n for n in self.numbers if is_registration(n)}

    @cached_property
    def filing_keys(self) -> set[str]:
        return {filing_key(f) for f in self.filings}

    def family_keys(self) -> set[str]:
        return self._family_keys

    @cached_property
    def _family_keys(self) -> set[str]:
        keys = {f"fn:{n}" for n in self.numbers} | set(self.extra_keys)
        if self.company_key:
            keys.add(f"co:{self.company_key}")
        return keys or {f"doc:{self.id}"}


@dataclass
class Review:
    """One review being gathered: its letters in date order."""

    letters: list[Facts] = field(default_factory=list)
    forced_matter: str | None = None  # the matter of a letter placed by hand
    closed_on: str | None = None

    @property
    def last_date(self) -> str | None:
        dates = [f.letter_date for f in self.letters if f.letter_date]
        return max(dates) if dates else None

    def dates(self) -> set[str]:
        return {f.letter_date for f in self.letters if f.letter_date}

    def registrations(self) -> set[str]:
        return {n for f in self.letters for n in f.registrations}

    def filing_keys(self) -> set[str]:
        return {k for f in self.letters for k in f.filing_keys}

    def add(self, facts: Facts) -> None:
        self.letters.append(facts)
        if facts.kind in CLOSING_KINDS and facts.role == "staff":
            self.closed_on = facts.letter_date or self.closed_on or "0000-00-00"
        elif facts.role == "staff" and self.closed_on and facts.letter_date and \
                facts.letter_date > self.closed_on and facts.kind == "comment_letter":
            self.closed_on = None  # the staff wrote again after closing

    def open_on(self, day: str | None) -> bool:
        """Still open on `day` (a letter dated before the closing letter finds it open, and so
        does an undated letter: nothing says it came after)."""
        return self.closed_on is None or day is None or day <= self.closed_on


def families(letters: list[Facts]) -> list[list[Facts]]:
    """The letters of one company together: tied by company name or a shared file number."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for facts in letters:
        keys = sorted(facts.family_keys())
        for key in keys[1:]:
            parent[find(key)] = find(keys[0])
    # A letter whose company was not read (it may still give a file number the staff's letters
    # do not) joins the family of the letters it cites, when only one family has a letter of
    # those dates and its own has none.
    dated: dict[str, list[Facts]] = {}
    for facts in letters:
        if facts.letter_date and facts.family_keys() != {f"doc:{facts.id}"}:
            dated.setdefault(facts.letter_date, []).append(facts)
    for facts in letters:
        if facts.company_key or not facts.cited:
            continue
        own = find(min(facts.family_keys()))
        cited = {find(min(other.family_keys())) for day in facts.cited
                 for other in dated.get(day, ()) if other.id != facts.id}
        if len(cited) == 1 and own not in cited:
            parent[own] = cited.pop()
    groups: dict[str, list[Facts]] = {}
    for facts in letters:
        groups.setdefault(find(min(facts.family_keys())), []).append(facts)
    return list(groups.values())


def _order(facts: Facts) -> tuple[str, int, str]:
    return (facts.letter_date or "9999-99-99", 0 if facts.role == "staff" else 1,
            facts.imported_at)


def _days(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return 0


def _filings_agree(a: set[str], b: set[str]) -> bool:
    """Some filing of one is a filing of the other (same form; same period where both say)."""
    for x in a:
        form_x, year_x = x.split(":", 1)
        for y in b:
            form_y, year_y = y.split(":", 1)
            if form_x == form_y and (not year_x or not year_y or year_x == year_y):
                return True
    return False


def reviews(family: list[Facts]) -> list[Review]:
    """A family's letters gathered into reviews, read in date order."""
    found: list[Review] = []
    by_matter: dict[str, Review] = {}
    for facts in sorted(family, key=_order):
        if facts.placed and facts.matter_id:
            review = by_matter.get(facts.matter_id)
            if review is None:
                review = by_matter[facts.matter_id] = Review(forced_matter=facts.matter_id)
                found.append(review)
        else:
            review = _review_for(facts, found)
            if review is None:
                review = Review()
                found.append(review)
        review.add(facts)
    return found


def _review_for(facts: Facts, found: list[Review]) -> Review | None:
    day = facts.letter_date
    cited = [r for r in found if r.dates() & set(facts.cited)]
    if cited:
        return max(cited, key=lambda r: (bool(r.registrations() & facts.registrations),
                                         max(r.dates() & set(facts.cited))))
    recent = [r for r in found if r.open_on(day) and _days(r.last_date, day) <= GAP_DAYS]
    same_filing = [r for r in recent if _filings_agree(r.filing_keys(), facts.filing_keys)]
    registered = [r for r in found if r.registrations() & facts.registrations]
    if facts.opens:
        # A first round opens a review, unless one is open on the same filing and registration
        # (or the letter names no filing at all, as when the staff writes again on the filing
        # under review).
        same = [r for r in same_filing if not facts.registrations or
                r.registrations() & facts.registrations]
        if not facts.filings and not facts.registrations:
            same = [r for r in recent if (r.last_date or "") <= (day or "9999")]
        return same[-1] if same else None
    if registered:
        return registered[-1]
    if same_filing:
        return same_filing[-1]
    earlier = [r for r in recent if (r.last_date or "") <= (day or "9999")]
    if earlier:
        return earlier[-1]
    if recent and facts.role == "response":
        return recent[-1]
    return _wake(facts, found)


AFTERMATH_DAYS = 30


def _wake(facts: Facts, found: list[Review]) -> Review | None:
    """A staff letter that neither asks nor closes (the Commission's order declaring a
    registration effective, days after the staff's closing letter) belongs to the review it
    follows on the same file number, closed or not."""
    if facts.role != "staff" or facts.kind != "other" or not facts.numbers:
        return None
    after = [r for r in found if r.last_date and facts.letter_date
             and r.last_date <= facts.letter_date
             and _days(r.last_date, facts.letter_date) <= AFTERMATH_DAYS
             and facts.numbers & {n for f in r.letters for n in f.numbers}]
    return after[-1] if after else None


def assign(reviews_found: list[Review], taken: set[str]) -> list[tuple[Review, str | None]]:
    """Each review's matter: the one placed by hand, else the one most of its letters are in
    already (each matter serves one review); None where a new matter is needed."""
    out: list[tuple[Review, str | None]] = []
    forced = {r.forced_matter for r in reviews_found if r.forced_matter}
    taken |= forced
    for review in reviews_found:
        if review.forced_matter:
            out.append((review, review.forced_matter))
            continue
        # A matter a reviewer arranged keeps the letters it holds.
        votes = Counter(f.matter_id for f in review.letters if f.matter_id)
        choice = next((m for m, _ in votes.most_common() if m not in taken or m in forced),
                      None)
        if choice:
            taken.add(choice)
        out.append((review, choice))
    return out
