"""Dates known to the year, month or day (``2021``, ``2021-06``, ``2021-06-30``): the one
place they are checked and turned into day ranges."""

from __future__ import annotations

import calendar
import re

# A year of this century or the last, a real month, a day of two digits.
PARTIAL_DATE = re.compile(
    r"^(?P<year>(?:19|20)\d\d)(?:-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>\d\d))?)?$"
)


def is_partial_date(text: str) -> bool:
    """Whether ``text`` is a real date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    return date_bounds(text) != (None, None)


def date_bounds(text: str | None) -> tuple[int | None, int | None]:
    """The first and last day (as ``YYYYMMDD`` numbers) of a date known to the year,
    month or day; ``(None, None)`` for anything else (``2021-19``, ``2021-02-30``)."""
    match = PARTIAL_DATE.match(text or "")
    if match is None:
        return None, None
    year = int(match["year"])
    if match["month"] is None:
        return year * 10000 + 101, year * 10000 + 1231
    month = int(match["month"])
    days = calendar.monthrange(year, month)[1]
    if match["day"] is None:
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + days
    day = int(match["day"])
    if not 1 <= day <= days:
        return None, None
    number = year * 10000 + month * 100 + day
    return number, number
