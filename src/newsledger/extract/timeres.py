"""Calendar arithmetic for time expressions: periods, shifts and their format fields.

A resolved expression is a `Period`: first and last day plus a granularity
(day, week, weekend, month, quarter, half, season, year, decade, century).
`fields(period)` turns it into the format's ``value`` / ``end_value`` /
``precision``: a single day, month or year is just ``value``; anything wider
than its precision (a week, a quarter, a decade, a range) also gets
``end_value``, e.g. a quarter is ``value="1989-07", end_value="1989-09",
precision="month"`` and a week is its Monday..Sunday with ``precision="week"``.

Everything here is pure: no spaCy, no knowledge files.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

GRAINS = (
    "day",
    "weekend",
    "week",
    "month",
    "quarter",
    "season",
    "half",
    "year",
    "decade",
    "century",
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    grain: str  # one of GRAINS
    range: bool = False  # an explicit range or duration ("from .. to ..", "for a week")


def day(d: date) -> Period:
    return Period(d, d, "day")


def month(year: int, mon: int) -> Period:
    last = calendar.monthrange(year, mon)[1]
    return Period(date(year, mon, 1), date(year, mon, last), "month")


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year")


def quarter(y: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(date(y, first, 1), month(y, first + 2).end, "quarter")


def half(y: int, h: int) -> Period:
    return Period(date(y, 6 * (h - 1) + 1, 1), month(y, 6 * h).end, "half")


def season(y: int, first: int, last: int) -> Period:
    """Months first..last of year y; last > 12 runs into the next year (winter)."""
    end_year, end_mon = (y + 1, last - 12) if last > 12 else (y, last)
    return Period(date(y, first, 1), month(end_year, end_mon).end, "season")


def week_of(d: date) -> Period:
    monday = d - timedelta(days=d.weekday())
    return Period(monday, monday + timedelta(days=6), "week")


def weekend_of(d: date) -> Period:
    saturday = d - timedelta(days=d.weekday()) + timedelta(days=5)
    return Period(saturday, saturday + timedelta(days=1), "weekend")


def decade(start_year: int) -> Period:
    return Period(date(start_year, 1, 1), date(start_year + 9, 12, 31), "decade")


def century(number: int) -> Period:
    """The n-th century as its conventional years (the 20th century = 1900..1999)."""
    first = 100 * (number - 1)
    return Period(date(max(first, 1), 1, 1), date(first + 99, 12, 31), "century")


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def containing(d: date, grain: str) -> Period:
    """The period of the given grain that contains day d."""
    if grain == "day":
        return day(d)
    if grain == "week":
        return week_of(d)
    if grain == "weekend":
        return weekend_of(d)
    if grain == "month":
        return month(d.year, d.month)
    if grain == "quarter":
        return quarter(d.year, (d.month - 1) // 3 + 1)
    if grain == "half":
        return half(d.year, 1 if d.month <= 6 else 2)
    if grain == "decade":
        return decade(d.year - d.year % 10)
    if grain == "century":
        return century(d.year // 100 + 1)
    return year(d.year)


def shift(p: Period, n: int, unit: str) -> Period:
    """Period p moved by n units (day, week, month, quarter, year, decade), same grain."""
    if unit == "day":
        d = p.start + timedelta(days=n)
    elif unit in ("week", "weekend"):
        d = p.start + timedelta(weeks=n)
    elif unit in ("month", "quarter", "half", "season"):
        factor = {"month": 1, "quarter": 3, "half": 6, "season": 12}[unit]
        d = add_months(p.start, n * factor)
    elif unit in ("decade", "century"):
        d = add_months(p.start, n * 12 * (10 if unit == "decade" else 100))
    else:
        d = add_months(p.start, n * 12)
    if p.grain == "season":
        return season(d.year, d.month, d.month + (p.end.month - p.start.month) % 12)
    return containing(d, p.grain) if not p.range else replace(p, start=d, end=d + (p.end - p.start))


def distance_cost(first: date, last: date, anchor: date, tense: str | None) -> int:
    """How far a period lies from the anchor, weighted by the tense.

    Distances on the side the tense argues against count four times ("said
    ... Dec. 15" in November is still December ahead); without a tense,
    future distances count twice (news reports the past more often).
    """
    if first <= anchor <= last:
        return 0
    delta = (first - anchor).days if first > anchor else (last - anchor).days
    if tense == "future":
        return delta if delta >= 0 else 4 * -delta
    if tense == "past":
        return -delta if delta <= 0 else 4 * delta
    return -delta if delta <= 0 else 2 * delta


def nearest_year(mon: int, dom: int | None, anchor: date, tense: str | None) -> int:
    """The year that puts month/day nearest the anchor (see `distance_cost`)."""
    best_year, best_cost = anchor.year, None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        first = safe_date(y, mon, dom or 1)
        last = safe_date(y, mon, dom or calendar.monthrange(y, mon)[1])
        if first is None or last is None:
            continue
        cost = distance_cost(first, last, anchor, tense)
        if best_cost is None or cost < best_cost:
            best_year, best_cost = y, cost
    return best_year


def weekday_near(anchor: date, weekday: int, tense: str | None, shift_n: int = 0) -> date:
    """Weekday nearest the anchor: on/before it, or on/after it for the future.

    ``shift_n`` -1 ("last Monday") takes the one strictly before the anchor,
    +1 ("next Monday") the one strictly after.
    """
    if shift_n < 0:
        back = (anchor.weekday() - weekday) % 7 or 7
        return anchor - timedelta(days=back)
    if shift_n > 0:
        ahead = (weekday - anchor.weekday()) % 7 or 7
        return anchor + timedelta(days=ahead)
    if tense == "future":
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def latest_quarter(anchor: date, q: int, tense: str | None) -> Period:
    """Quarter q of the year that puts it nearest the anchor (see `distance_cost`)."""
    options = [quarter(y, q) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    return min(options, key=lambda p: distance_cost(p.start, p.end, anchor, tense))


def ym(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def fields(p: Period) -> tuple[str, str | None, str]:
    """(value, end_value, precision) of the format for a period."""
    if p.grain == "day" and p.start == p.end:
        return p.start.isoformat(), None, "day"
    if p.grain in ("day", "weekend"):
        return p.start.isoformat(), p.end.isoformat(), "day"
    if p.grain == "week" and not p.range:
        return p.start.isoformat(), p.end.isoformat(), "week"
    if p.grain == "week":
        return p.start.isoformat(), p.end.isoformat(), "day"
    if p.grain == "month" and p.start.month == p.end.month and p.start.year == p.end.year:
        return ym(p.start), None, "month"
    if p.grain in ("month", "quarter", "half", "season"):
        return ym(p.start), ym(p.end), "month"
    if p.start.year == p.end.year:
        return f"{p.start.year:04d}", None, "year"
    return f"{p.start.year:04d}", f"{p.end.year:04d}", "year"


def span(first: Period, last: Period) -> Period:
    """The range from the start of one period to the end of another."""
    finer = first.grain if GRAINS.index(first.grain) <= GRAINS.index(last.grain) else last.grain
    return Period(
        first.start, last.end if last.end >= first.start else first.end, finer, range=True
    )


def duration_back(anchor: date, n: int, unit: str) -> Period:
    """A duration that ends at the anchor ("for more than a week" in a perfect-tense clause)."""
    days = {"day": n, "week": 7 * n, "fortnight": 14 * n}.get(unit)
    if days is not None:
        start = anchor - timedelta(days=days)
        grain = "day"
    else:
        months = {"month": n, "quarter": 3 * n, "year": 12 * n, "decade": 120 * n}.get(unit, 12 * n)
        start = add_months(anchor, -months)
        grain = "month" if unit in ("month", "quarter") else "year"
    if grain == "day":
        return Period(start, anchor, "day", range=True)
    return Period(start, anchor, grain, range=True)
