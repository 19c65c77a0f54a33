"""Completes underspecified TIMEX3 values against a reference date (DCT or narrative time).

Why separate from matching: the words of "Friday" or "two days later" say what to count,
not from where. This module takes the rule's raw value (`UNDEF-11-28`, `rel:DCT:-1:D`,
`weekday:5:`, `dur:2:D` ...) plus the context (document creation time, the last
reference date, the tense of the clause) and returns the TimeML value. It never looks
at a clock: with no reference date the unknown parts stay `X` (`XXXX-11-28`).

Raw value forms (after the rule's template is filled):
  literal           `2024-11-28`, `P1D`, `PRESENT_REF` (returned as is)
  UNDEF-<rest>      a date without year: `UNDEF-11-28`, `UNDEF-11`, `UNDEF-SU`, `UNDEF-Q3`
  rel:A:N:U[:G]     N units U from anchor A (DCT, REF or REFDCT), granularity G (default U,
                    "ref": the reference's own when finer)
  weekday:D:S       weekday D (1=Monday) with shift S ('', last, next, this; before, after: from REF)
  season:S:A:N      season S of the year N away from anchor A
  dur:N:U           a duration of N units
  time:H:M:AP       a clock time on the reference day
  daypart:P         a part of the reference day ("in the morning" -> `...TMO`)
  holiday:V:Y[:DCT:N]  a holiday `MM-DD` or `MM-DOWn` (nth weekday) in year Y or UNDEF, or N years from the DCT's
  event:N:U[:G]     N units from a dated event (resolved by the stage, else unknown), granularity G
  spoken:C:N:L[:T]  a year in words: century C, number N ("nineteen ninety-six"), or L "two thousand";
                    T a month or season inside it ("January nineteen ninety-seven")
  shift:N:U:<raw>   the inner raw value resolved, then moved N units (`shift:-1:Y:UNDEF-Q3`)
  week:<raw>        the ISO week holding the inner raw value's day ("the week of March 6")
  qyear:Y           the last quarter named, in year Y ("the 1988 quarter"); else the year
  qref:N:U:<rel>    in business news "a year ago" after "the third quarter" is that quarter a
                    year before: N units U from the last quarter named, else `rel:<rel>`
A trailing `|T<part>` (e.g. `|TMO`) is appended to a resolved day ("yesterday morning").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

__all__ = ["Context", "Resolved", "granularity", "parse_day", "period_bounds", "resolve", "shift_value"]

_SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
_WEEKDAYS = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}
_TENSE_SLACK = 2  # months after the DCT's month a past-tense clause may still mean
_DAY = re.compile(r"(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)")
_GRAN_ORDER = {"CE": 0, "DE": 1, "Y": 2, "H": 3, "Q": 3, "SEASON": 3, "M": 4, "W": 5, "WE": 5, "D": 6}


@dataclass(frozen=True)
class Context:
    """What a value is resolved against. `ref` is the last concrete date of the narrative."""

    dct: date | None
    ref: str | None = None
    ref_id: str | None = None
    tense: str | None = None  # "past", "future" or None
    sentence_day: str | None = None
    event_value: str | None = None
    event_ref_id: str | None = None
    quarter: str | None = None  # the last quarter the text named ("the third quarter" -> 2024-Q3)
    quarter_id: str | None = None
    # the year of the story's time when the text has just named one other than the DCT's:
    # a year the same or the adjacent sentence of the paragraph wrote out ("in the spring of
    # 1986. However on March 6 ...")
    narrative_year: int | None = None


@dataclass(frozen=True)
class Resolved:
    value: str
    anchor: str | None = None


def parse_day(value: str | None) -> date | None:
    """The first day of the period a value names (None for REF values and unknown years)."""
    if not value:
        return None
    m = re.match(r"^(?P<y>\d{4})(?:-(?P<rest>[^T]*))?", value)
    if not m:
        return None
    year, rest = int(m.group("y")), m.group("rest") or ""
    if re.fullmatch(r"\d\d-\d\d", rest):
        month, day = (int(x) for x in rest.split("-"))
        return date(year, month, min(day, calendar.monthrange(year, month)[1])) if 1 <= month <= 12 else None
    if re.fullmatch(r"\d\d", rest):
        return date(year, int(rest), 1) if 1 <= int(rest) <= 12 else None
    if re.fullmatch(r"W\d\d(?:-WE|-\d)?", rest):
        week = int(rest[1:3])
        try:
            return date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
    if re.fullmatch(r"Q[1-4]", rest):
        return date(year, 3 * int(rest[1]) - 2, 1)
    if re.fullmatch(r"H[12]", rest):
        return date(year, 6 * int(rest[1]) - 5, 1)
    if rest in _SEASON_MONTH:
        return date(year, _SEASON_MONTH[rest], 1)
    return date(year, 1, 1) if not rest else None


_GRANULARITIES = tuple(
    (re.compile(pattern).match, gran)
    for pattern, gran in ((r"^\d{4}-\d\d-\d\d", "D"), (r"^\d{4}-W\d\d", "W"), (r"^\d{4}-\d\d$", "M"),
                          (r"^\d{4}-Q\d$", "Q"), (r"^\d{4}-H\d$", "H"), (r"^\d{4}-(SP|SU|FA|WI)$", "SEASON"),
                          (r"^\d{4}$", "Y"), (r"^\d{3}$", "DE"), (r"^\d{2}$", "CE"))
)


@lru_cache(maxsize=4096)
def granularity(value: str) -> str | None:
    """The unit of a concrete date value: D, W, M, Q, Y ... (None when not a date)."""
    for match, gran in _GRANULARITIES:
        if match(value):
            return gran
    return None


def period_bounds(value: str) -> tuple[str | None, str | None]:
    """First and last ISO day of the period a concrete value names ("200" the 2000s, "19"
    the 1900s: a decade or century, within the calendar's ends)."""
    gran = granularity(value)
    if gran in ("DE", "CE"):
        span = 10 if gran == "DE" else 100
        first = int(value) * span
        return date(max(first, 1), 1, 1).isoformat(), date(min(first + span - 1, 9999), 12, 31).isoformat()
    start = parse_day(value)
    if start is None or gran is None:
        return None, None
    if gran == "D":
        end = start
    elif gran == "W":
        end = start + timedelta(days=6) if start <= date.max - timedelta(days=6) else date.max
    elif gran == "M":
        end = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    elif gran in ("Q", "SEASON"):
        end = _month_end(start, 3)
    elif gran == "H":
        end = _month_end(start, 6)
    else:
        end = date(start.year, 12, 31)
    return start.isoformat(), end.isoformat()


def _month_end(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    if index // 12 > date.max.year:
        return date.max  # the last quarter or half of 9999 ends with the calendar
    return date(index // 12, index % 12 + 1, 1) - timedelta(days=1)


def resolve(raw: str, ctx: Context) -> Resolved:
    """The TimeML value of a rule's raw value in context, with what it was anchored on."""
    core, _, part = raw.partition("|")
    try:
        resolved = _resolve_core(core, ctx)
    except (OverflowError, ValueError):
        # "100000000000000000000 years ago", "a week before" a DCT of 0001-01-01: outside the
        # calendar the value is unknown, never a crash that loses the article
        return Resolved("XXXX-XX-XX")
    if part.startswith("T") and part != "T" and _DAY.fullmatch(resolved.value):
        return Resolved(resolved.value + part, resolved.anchor)
    if part.startswith("-") and part != "-" and re.fullmatch(r"\d{4}|XXXX", resolved.value):
        return Resolved(resolved.value + part, resolved.anchor)  # "April next year"
    return resolved


def _resolve_core(raw: str, ctx: Context) -> Resolved:
    head, _, args = raw.partition(":")
    if raw.startswith("UNDEF-"):
        return _undef_year(raw[len("UNDEF-") :], ctx)
    handler = _HANDLERS.get(head) if args or head in _HANDLERS else None
    if handler is None:
        return Resolved(raw)
    return handler(args.split(":"), ctx)


# ---------------------------------------------------------------------------- date arithmetic


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _shift(d: date, n: int, unit: str) -> date:
    if unit == "D":
        return d + timedelta(days=n)
    if unit in ("W", "WE"):
        return d + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    return _add_months(d, n * months) if months else d


def _render(d: date, gran: str) -> str:
    if gran in ("W", "WE"):
        iso = d.isocalendar()
        return f"{iso.year}-W{iso.week:02d}" + ("-WE" if gran == "WE" else "")
    return {
        "D": f"{d:%Y-%m-%d}",
        "M": f"{d:%Y-%m}",
        "Q": f"{d.year}-Q{(d.month - 1) // 3 + 1}",
        "H": f"{d.year}-H{(d.month - 1) // 6 + 1}",
        "Y": f"{d.year}",
        "DE": f"{d.year // 10}",
        "CE": f"{d.year // 100:02d}",
    }.get(gran, f"{d:%Y-%m-%d}")


_UNKNOWN = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX",
            "H": "XXXX-HX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}


def shift_value(value: str, n: int, unit: str, gran: str | None = None) -> str | None:
    """`value` moved by n units, rendered at `gran` (default: the unit, or the value's own if finer)."""
    start = parse_day(value)
    own = granularity(value)
    if start is None or own is None:
        return None
    target = gran or unit
    try:
        moved = _shift(start, n, unit)
    except (OverflowError, ValueError):
        return None  # past the calendar's ends (year 1 or 9999): no value rather than a crash
    if own == "SEASON" and target == "SEASON":
        return f"{moved.year}{value[4:]}"
    return _render(moved, target)


# ---------------------------------------------------------------------------- handlers


def _base(anchor: str, ctx: Context) -> tuple[str | None, str | None]:
    """The reference value and its anchor id for 'DCT', 'REF' or 'REFDCT' (REF, else the DCT).

    A strict REF ("that same day", "the next day") with no earlier date stays unknown: the
    publication date is not the story's day.
    """
    if anchor in ("REF", "REFDCT") and ctx.ref:
        return ctx.ref, ctx.ref_id
    if anchor == "REF":
        return None, None
    if ctx.dct is not None:
        return f"{ctx.dct:%Y-%m-%d}", "DCT"
    return None, None


def _rel(args: list[str], ctx: Context) -> Resolved:
    anchor, n_raw, unit = args[0], args[1], args[2]
    gran = args[3] if len(args) > 3 and args[3] else None
    if n_raw in ("X", "+X", "-X"):
        return Resolved("FUTURE_REF" if n_raw.startswith("+") else "PAST_REF", "DCT")
    if n_raw == "T":
        return _tense_weekend(ctx) if unit == "WE" else _rel([anchor, "0", unit, *args[3:]], ctx)
    base, anchor_id = _base(anchor, ctx)
    n = int(float(n_raw or "0"))
    if unit in ("H", "MIN", "S"):
        unit, n = "D", 0  # "two hours later": that day
    elif unit == "HY":
        unit = "H"  # a half-year: lexicon.tsv writes it HY, as the hour has the letter H
    yearless = re.fullmatch(r"XXXX-(?P<m>\d\d)-(?P<d>\d\d)", base or "")
    if yearless and unit in ("D", "W") and gran in (None, "ref", "D") and anchor_id != "DCT":
        # "November 27 ... two days later" with no year known: count days in a common year.
        try:
            day = date(2001, int(yearless.group("m")), int(yearless.group("d")))
        except ValueError:
            return Resolved("XXXX-XX-XX")
        return Resolved(f"XXXX-{_shift(day, n, unit):%m-%d}", anchor_id)
    if base is None:
        return Resolved(_UNKNOWN.get(unit if gran in (None, "ref") else gran, "XXXX-XX-XX"))
    own = granularity(base)
    if gran == "ref":
        # "two days later" after a day names a day; "a year earlier" after a quarter, a quarter.
        finer = anchor_id != "DCT" and own is not None and _GRAN_ORDER.get(own, 6) > _GRAN_ORDER.get(unit, 6)
        gran = own if finer else None
    if own is not None and _GRAN_ORDER.get(own, 6) < _GRAN_ORDER.get(unit, 6) and anchor_id != "DCT":
        # The narrative's last date is too coarse ("in 2016 ... the next day"): the DCT cannot
        # stand in for it, so the day stays unknown within that period ("last October ...
        # that same day" is 1998-10-XX, as TimeML writes it).
        unknown = _UNKNOWN.get(gran or unit, "XXXX-XX-XX")
        return Resolved(_within(base, own, unknown) if n == 0 or unit == "D" else unknown, anchor_id)
    shifted = shift_value(base, n, unit, gran)
    if shifted is None and ctx.dct is not None:
        shifted, anchor_id = shift_value(f"{ctx.dct:%Y-%m-%d}", n, unit, gran), "DCT"
    return Resolved(shifted or _UNKNOWN.get(gran or unit, "XXXX-XX-XX"), anchor_id)


def _within(base: str, own: str, unknown: str) -> str:
    """An unknown value ("XXXX-XX-XX") with the year, and the month if known, of `base`."""
    if not re.match(r"\d{4}", base):
        return unknown
    known = base[:7] if own == "M" and unknown.startswith("XXXX-XX") else base[:4]
    return known + unknown[len(known):]


def _tense_weekend(ctx: Context) -> Resolved:
    if ctx.dct is None:
        return Resolved("XXXX-WXX-WE")
    on_weekend = ctx.dct.weekday() >= 5
    n = 0 if on_weekend or ctx.tense == "future" else -1
    return Resolved(_render(ctx.dct + timedelta(weeks=n), "WE"), "DCT")


def _weekday(args: list[str], ctx: Context) -> Resolved:
    target = int(args[0]) - 1 if args[0].isdigit() else -1
    shift = args[1] if len(args) > 1 else ""
    # "the previous Friday", "the following Monday": counted from the story's last date
    narrative = shift in ("before", "after")
    base_value, anchor_id = _base("REFDCT" if narrative else "DCT" if ctx.dct else "REF", ctx)
    base = parse_day(base_value) if base_value and granularity(base_value) == "D" else None
    if target < 0:
        return Resolved("XXXX-XX-XX")
    if base is None:
        return Resolved(f"XXXX-WXX-{target + 1}")
    back = (base.weekday() - target) % 7
    ahead = (target - base.weekday()) % 7
    if shift in ("last", "before"):
        delta = -(back or 7)
    elif shift in ("next", "after"):
        delta = ahead or 7
    elif shift == "this":
        delta = ahead if ahead <= 3 else -back
    elif ctx.tense == "past":
        delta = -back
    elif ctx.tense == "future":
        delta = ahead
    else:
        delta = -back if back <= ahead else ahead
    return Resolved(f"{base + timedelta(days=delta):%Y-%m-%d}", anchor_id)


def _period(year: int, rest: str) -> tuple[date, date] | None:
    """First and last day of `rest` (MM-DD, MM, SU, Q3, H1, MM-DOWn) in `year`."""
    m = re.fullmatch(r"(?P<m>\d\d)-(?P<dow>[A-Z]{3})(?P<n>\d|L)", rest)
    if m:
        d = _nth_weekday(year, int(m.group("m")), _WEEKDAYS[m.group("dow")], m.group("n"))
        return d, d
    start = parse_day(f"{year}-{rest}")
    if start is None:
        return None
    gran = granularity(f"{year}-{rest}")
    if gran == "D":
        return start, start
    months = {"M": 1, "Q": 3, "H": 6, "SEASON": 3}.get(gran or "", 12)
    return start, _add_months(start, months) - timedelta(days=1)


def _nth_weekday(year: int, month: int, weekday: int, nth: str) -> date:
    if nth == "L":
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (int(nth) - 1))


_TIME_SUFFIX = re.compile(r"^(?P<core>.*?)(?:(?P<sep>T)(?P<suffix>MO|AF|EV|NI|DT|\d.*))?$")


def _undef_year(rest: str, ctx: Context) -> Resolved:
    # Split off a time of day ("T10:00", "TNI") but not the T of a weekday ("11-THU4").
    parts = _TIME_SUFFIX.match(rest)
    core, sep, suffix = (parts.group("core"), parts.group("sep") or "", parts.group("suffix") or "") if parts else (
        rest, "", "")
    base_value, anchor_id = _base("DCT" if ctx.dct else "REF", ctx)
    if ctx.dct is None and base_value and granularity(base_value) not in ("D", "M", "W"):
        base_value = None  # "since 2016" says nothing about the year of "December 7"
    base = parse_day(base_value) if base_value else None
    if base is None or _period(base.year, core) is None:
        if re.fullmatch(r"\d\d-[A-Z]{3}[\dL]", core):
            core = core[:2] + "-XX"
        return Resolved(f"XXXX-{core}{sep}{suffix}")
    year = _pick_year(base, core, ctx.tense)
    if ctx.narrative_year is not None and _period(ctx.narrative_year, core) is not None:
        # Reichenbach's reference time: a month or day with no year is in the year the
        # narrative is at, when the text has just moved it away from the DCT's (HeidelTime's
        # narrative reading); a story that stays in the DCT's year keeps the tense rule
        year, anchor_id = ctx.narrative_year, ctx.ref_id
    period = _period(year, core)
    if period is None:
        return Resolved(f"XXXX-{core}{sep}{suffix}")
    start, _ = period
    value = f"{start:%Y-%m-%d}" if re.fullmatch(r"\d\d-[A-Z]{3}[\dL]", core) else f"{year}-{core}"
    return Resolved(value + sep + suffix, anchor_id)


def _pick_year(base: date, core: str, tense: str | None) -> int:
    """The year that puts the period where the clause's tense says (nearest when no tense).

    Months are compared, not days (as HeidelTime does): "expires Nov. 6" written on 2 November
    in a past-tense clause ("had been set to expire") is still this year's 6 November. Quarters
    and halves are the latest one already begun (results are reported after the quarter), unless the
    clause looks ahead.
    """
    month = re.match(r"(?P<m>\d\d)(?:-|$)", core)
    if month and tense in ("past", "future") and 1 <= int(month.group("m")) <= 12:
        m = int(month.group("m"))
        # The clause's tense is a weak cue next to the DCT's own month: in a past clause a month
        # just ahead of the DCT's is still the coming one ("had been extended to Nov. 17").
        offsets = [(y, (y - base.year) * 12 + m - base.month) for y in (base.year - 1, base.year, base.year + 1)]
        if tense == "past":
            slack = _TENSE_SLACK if len(core) > 2 else _TENSE_SLACK - 1  # a named day is more often a deadline
            return max(y for y, off in offsets if off <= slack)
        return min(y for y, off in offsets if off >= 0)
    if re.fullmatch(r"[QH]\d", core):
        if tense == "future":
            # a clause that looks ahead names the nearest one, the coming one included: "the deal
            # is expected to close in the third quarter" written in March is this year's, while
            # "expects to report a third-quarter loss" written in October is the one just ended
            def gap(year: int) -> tuple[int, int]:
                start, end = _period(year, core) or (base, base)
                return (0 if start <= base <= end else min(abs((start - base).days), abs((end - base).days))), -year

            return min((base.year - 1, base.year, base.year + 1), key=gap)
        started = [y for y in (base.year - 1, base.year) if (p := _period(y, core)) is not None and p[0] <= base]
        return max(started) if started else base.year
    options: list[tuple[int, date, date]] = []
    for year in (base.year - 1, base.year, base.year + 1):
        period = _period(year, core)
        if period is not None:
            options.append((year, *period))
    if tense == "past":
        past = [y for y, start, _ in options if start <= base]
        if past:
            return max(past)
    if tense == "future":
        future = [y for y, _, end in options if end >= base]
        if future:
            return min(future)

    def distance(option: tuple[int, date, date]) -> tuple[int, int]:
        _year, start, end = option
        if start <= base <= end:
            return 0, 0
        return min(abs((start - base).days), abs((end - base).days)), 0 if end < base else 1

    return min(options, key=distance)[0]


def _season(args: list[str], ctx: Context) -> Resolved:
    season, anchor, n = args[0], args[1], int(args[2] or 0)
    base_value, anchor_id = _base(anchor, ctx)
    base = parse_day(base_value)
    if base is None:
        return Resolved(f"XXXX-{season}")
    month = _SEASON_MONTH.get(season, 1)
    if n < 0:
        # "last summer" in December is this year's summer; in July it is last year's.
        past = [y for y in range(base.year - 2, base.year + 1) if _add_months(date(y, month, 1), 3) <= base]
        return Resolved(f"{max(past) + n + 1}-{season}", anchor_id)
    if n > 0:
        ahead = [y for y in range(base.year, base.year + 3) if date(y, month, 1) > base]
        return Resolved(f"{min(ahead) + n - 1}-{season}", anchor_id)
    return Resolved(f"{base.year}-{season}", anchor_id)


def _month(args: list[str], ctx: Context) -> Resolved:
    """"last April" is the latest April before the DCT's month; "next April" the first after."""
    month, shift = int(args[0] or 0), args[1] if len(args) > 1 else ""
    if ctx.dct is None or not 1 <= month <= 12:
        return Resolved(f"XXXX-{month:02d}")
    year = ctx.dct.year
    if shift in ("last", "this past"):
        year -= 1 if month >= ctx.dct.month else 0
    elif shift in ("next", "this coming"):
        year += 1 if month <= ctx.dct.month else 0
    return Resolved(f"{year}-{month:02d}", "DCT")


# A fraction is written with the next smaller unit, as TimeML does ("2 1/2 years" P2Y6M,
# "5 1/2 hours" PT5H30M); decades and centuries are counted in years (ISO 8601 has no such unit).
_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}
_YEARS_PER = {"DE": 10, "CE": 100}


def _duration(args: list[str], _ctx: Context) -> Resolved:
    n, unit = args[0] or "1", args[1]
    if unit in _YEARS_PER and n != "X":
        n, unit = _num(float(n) * _YEARS_PER[unit]), "Y"
    elif unit == "DE":
        unit = "Y"  # "decades": some number of years
    if "." in n and unit == "W":
        n, unit = _num(float(n) * 7), "D"  # "a week and a half": ten and a half days
    if "." in n and unit in _SMALLER:
        whole, frac = divmod(float(n), 1)
        small, per = _SMALLER[unit]
        rest = frac * per
        if rest == int(rest):
            parts = ([(_num(whole), unit)] if whole else []) + [(_num(rest), small)]
            return Resolved(_iso_duration(parts))
    return Resolved(_iso_duration([(n, unit)]))


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def _iso_duration(parts: list[tuple[str, str]]) -> str:
    """`P...` with the clock units (H, MIN, S) after a `T`."""
    date_part = "".join(f"{n}{u}" for n, u in parts if u not in ("H", "MIN", "S"))
    clock = "".join(f"{n}{'M' if u == 'MIN' else u}" for n, u in parts if u in ("H", "MIN", "S"))
    return f"P{date_part}" + (f"T{clock}" if clock else "")


def _time(args: list[str], ctx: Context) -> Resolved:
    hour, minute, ampm = int(args[0] or 0), args[1] or "00", args[2] if len(args) > 2 else ""
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    day = ctx.sentence_day or (f"{ctx.dct:%Y-%m-%d}" if ctx.dct else None)
    anchor = None if ctx.sentence_day else ("DCT" if ctx.dct else None)
    return Resolved(f"{day or 'XXXX-XX-XX'}T{hour:02d}:{minute}", anchor)


def _daypart(args: list[str], ctx: Context) -> Resolved:
    """A part of the day the sentence names, else of the publication day."""
    day = ctx.sentence_day or (f"{ctx.dct:%Y-%m-%d}" if ctx.dct else None)
    anchor = None if ctx.sentence_day else ("DCT" if ctx.dct else None)
    return Resolved(f"{day or 'XXXX-XX-XX'}T{args[0] or 'DT'}", anchor)


def _holiday(args: list[str], ctx: Context) -> Resolved:
    spec, year = args[0], args[1] if len(args) > 1 else "UNDEF"
    if not spec:
        return Resolved("XXXX-XX-XX")
    if not year.isdigit() and len(args) > 3 and args[2] == "DCT" and ctx.dct is not None:
        year = str(ctx.dct.year + int(args[3]))  # "Thanksgiving last year": the rel group, normalised
    if year.isdigit():
        period = _period(int(year), spec)
        return Resolved(f"{period[0]:%Y-%m-%d}" if period else f"{year}-{spec}")
    return _undef_year(spec, ctx)


def _qref(args: list[str], ctx: Context) -> Resolved:
    """N units from the last quarter the text named, at quarter precision; else the fallback."""
    n, unit, fallback = int(float(args[0] or 0)), args[1], args[2:]
    if ctx.quarter and granularity(ctx.quarter) == "Q":
        shifted = shift_value(ctx.quarter, n, unit, "Q")
        if shifted:
            return Resolved(shifted, ctx.quarter_id)
    return _rel(fallback, ctx)


def _spoken(args: list[str], _ctx: Context) -> Resolved:
    """A year said in words: century word and number ("nineteen ninety-six"), or "two thousand"."""
    century, n, lit, tail = [*args, "", "", "", ""][:4]
    year = f"{int(century) * 100 + int(n):04d}" if century.isdigit() and n.isdigit() else "2000" if lit else "XXXX"
    return Resolved(f"{year}-{tail}" if tail else year)


def _event(args: list[str], ctx: Context) -> Resolved:
    n, unit = int(args[0] or 0), args[1]
    gran = args[2] if len(args) > 2 and args[2] else None  # "the days before": the month
    if ctx.event_value:
        shifted = shift_value(ctx.event_value, n, unit, gran or ("D" if unit == "D" else None))
        if shifted:
            return Resolved(shifted, ctx.event_ref_id)
    return Resolved(_UNKNOWN.get(gran or unit, "XXXX-XX-XX"))


def _shift_raw(args: list[str], ctx: Context) -> Resolved:
    """`shift:N:U:<raw>`: the inner raw value resolved, then moved N units ("the year-ago third quarter")."""
    n, unit, inner = int(float(args[0] or 0)), args[1], ":".join(args[2:])
    resolved = _resolve_core(inner, ctx)
    shifted = shift_value(resolved.value, n, unit, granularity(resolved.value))
    return Resolved(shifted, resolved.anchor) if shifted else resolved


def _week_of(args: list[str], ctx: Context) -> Resolved:
    """`week:<raw>`: the week that holds a day ("the week of March 6" -> `2000-W10`)."""
    resolved = _resolve_core(":".join(args), ctx)
    day = parse_day(resolved.value) if granularity(resolved.value) == "D" else None
    return Resolved(_render(day, "W"), resolved.anchor) if day else resolved


def _qyear(args: list[str], ctx: Context) -> Resolved:
    """`qyear:Y`: "the 1988 quarter": the quarter of the story (the last named) in year Y."""
    year = args[0]
    if ctx.quarter and granularity(ctx.quarter) == "Q":
        return Resolved(f"{year}-{ctx.quarter[5:]}", ctx.quarter_id)
    return Resolved(year)


_HANDLERS = {
    "rel": _rel,
    "weekday": _weekday,
    "season": _season,
    "dur": _duration,
    "month": _month,
    "time": _time,
    "daypart": _daypart,
    "holiday": _holiday,
    "event": _event,
    "qref": _qref,
    "spoken": _spoken,
    "shift": _shift_raw,
    "qyear": _qyear,
    "week": _week_of,
}
