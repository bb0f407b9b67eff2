"""Due dates: the staff usually asks for an answer within ten business days of its letter.
Business days skip weekends and US federal holidays (observed dates included)."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

DEFAULT_BUSINESS_DAYS = 10


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> frozenset[date]:
    import holidays  # only when a due date is computed: it is slow to import

    return frozenset(holidays.US(years=year, observed=True).keys())


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def add_business_days(start: date, days: int) -> date:
    """The date `days` business days after `start` (start itself not counted)."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_business_day(day):
            left -= 1
    return day


def default_due(letter_date: str | None, days: int = DEFAULT_BUSINESS_DAYS) -> str | None:
    if not letter_date:
        return None
    try:
        start = date.fromisoformat(letter_date)
    except ValueError:
        return None
    return add_business_days(start, days).isoformat()


def describe_due(due: str | None, today: date | None = None) -> str:
    """"due today", "due tomorrow", "due in 3 days", "1 day overdue", "2 days overdue"."""
    if not due:
        return "no due date"
    left = (date.fromisoformat(due) - (today or date.today())).days
    if left == 0:
        return "due today"
    if left == 1:
        return "due tomorrow"
    if left > 1:
        return f"due in {left} days"
    return "1 day overdue" if left == -1 else f"{-left} days overdue"


def is_overdue(due: str | None, status: str, today: date | None = None) -> bool:
    return bool(due) and status not in ("approved", "filed") and \
        date.fromisoformat(due) < (today or date.today())  # type: ignore[arg-type]
