"""Due-date arithmetic over weekends, federal holidays and year ends."""
from __future__ import annotations

from datetime import date

import pytest

from storage.due import add_business_days, default_due, describe_due, is_overdue


@pytest.mark.parametrize(("letter", "due"), [
    ("2017-08-16", "2017-08-30"),  # Wed → two weeks later (the sample matter's real dates)
    ("2016-06-30", "2016-07-15"),  # Independence Day (Mon 4 July) skipped
    ("2016-12-20", "2017-01-05"),  # Christmas observed Mon 26 Dec and New Year observed 2 Jan
    ("2021-12-23", "2022-01-10"),  # 24 Dec and 31 Dec 2021 are the observed holidays
    ("2024-11-22", "2024-12-09"),  # Thanksgiving (28 Nov) skipped
    ("2021-06-11", "2021-06-28"),  # Juneteenth observed Fri 18 June 2021
    ("2017-08-19", "2017-09-01"),  # a Saturday letter: counting starts Monday
])
def test_ten_business_days(letter: str, due: str) -> None:
    assert default_due(letter) == due


def test_zero_days_is_the_same_day() -> None:
    assert add_business_days(date(2017, 8, 16), 0) == date(2017, 8, 16)


def test_bad_or_missing_dates_give_no_due_date() -> None:
    assert default_due(None) is None
    assert default_due("August 16") is None


@pytest.mark.parametrize(("due", "words"), [
    ("2026-11-26", "due today"), ("2026-11-27", "due tomorrow"), ("2026-11-29", "due in 3 days"),
    ("2026-11-25", "1 day overdue"), ("2026-11-24", "2 days overdue"), (None, "no due date"),
])
def test_describe_due(due: str | None, words: str) -> None:
    assert describe_due(due, today=date(2026, 11, 26)) == words


def test_overdue_only_while_work_is_open() -> None:
    today = date(2026, 11, 26)
    assert is_overdue("2026-11-20", "drafting", today)
    assert not is_overdue("2026-11-20", "filed", today)
    assert not is_overdue("2026-11-30", "open", today)
    assert not is_overdue(None, "open", today)
