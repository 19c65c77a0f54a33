"""The DATE columns and the precision the store keeps beside each TIMEX3 value.

Why beside and not instead: `when_value` is the TIMEX3 value the text gave ("2024-W49",
"2024-SU", "2024-12"), which no SQL date type holds, and the merge and the dating compare
those values. But a reader in Datasette, DuckDB or psql wants to sort, filter and group by
real dates without parsing TIMEX3: `date_earliest` / `date_latest` are SQL DATE columns,
the first and last day the event can have happened, and `date_precision` says how precise
the value is (the event table's `date_precision`, one function for both).

The first day comes from `when_earliest` and the last from `when_latest`; where a bound is
missing or not a calendar date, the value's own period gives it (a month its first and last
day, a year its first and last; a week, quarter or season without bounds, which the dating
stage always gives, would get its whole year). A value with no calendar prefix (PAST_REF) and no bounds
has no DATE: NULL, precision "interval" or "none".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dateline.corpus.coref import day_interval
from dateline.export.columns import date_precision

__all__ = ["DATE_COLUMNS", "date_columns"]

DATE_COLUMNS = ("date_earliest", "date_latest", "date_precision")


def _period(value: str | None) -> tuple[int, int] | None:
    """First and last day ordinals of one TIMEX3-ish value: a day, a month or a year prefix."""
    return day_interval(value, None, None) if value else None


def date_columns(value: str | None, earliest: str | None, latest: str | None) -> dict[str, Any]:
    """`date_earliest`, `date_latest` (datetime.date or None) and `date_precision` for a row."""
    low = _period(earliest) or _period(value)
    high = _period(latest) or _period(value)
    first = date.fromordinal(low[0]) if low else None
    last = date.fromordinal(high[1]) if high else None
    if first and last and first > last:  # bounds given the wrong way round: the same days, in order
        first, last = last, first
    return {"date_earliest": first, "date_latest": last, "date_precision": date_precision(value, earliest, latest)}
