"""Day ordinals that saturate at the ends of the calendar instead of raising.

Why: the merge works on dates as day ordinals (`date.toordinal`) and widens the ones the
text does not give by a week either way. A date at the calendar's edge ("9999-12-31", a
`--published` far in the future or a garbled year "0001") widened past `date.max` or
before `date.min` made `date.fromordinal` raise, and since the merge rebuilds the whole
corpus from every stored mention, one such row broke every later ingest into that store.
A day past the end is the last day there is; nothing later can be told apart anyway.
"""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["FIRST_DAY", "LAST_DAY", "clamp_day", "day_of", "month_end", "widen"]

FIRST_DAY = date.min.toordinal()
LAST_DAY = date.max.toordinal()


def clamp_day(ordinal: int) -> int:
    """`ordinal`, or the first/last day ordinal there is when it lies beyond the calendar."""
    return min(max(ordinal, FIRST_DAY), LAST_DAY)


def day_of(ordinal: int) -> date:
    """`date.fromordinal`, saturating: an ordinal beyond the calendar is its first or last day."""
    return date.fromordinal(clamp_day(ordinal))


def widen(interval: tuple[int, int], days: int) -> tuple[int, int]:
    """`interval` (first day, last day) widened by `days` on both sides, kept inside the calendar."""
    return clamp_day(interval[0] - days), clamp_day(interval[1] + days)


def month_end(year: int, month: int) -> int:
    """The ordinal of the last day of `month` (December 9999 too: no "first of the next month" step)."""
    return date(year, month, calendar.monthrange(year, month)[1]).toordinal()
