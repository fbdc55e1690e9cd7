"""Resolve one matched time expression to a `Period` (or a vague past/present/future).

One function per pattern of `timepatterns.py`, all with the same signature:
``(match, state) -> Resolved``. `State` carries what resolution needs from
the rest of the article: the anchor (publication date, or None for absolute
dates only), whether the governing verb is future, the last resolved time in
the paragraph (for "the next day", "two days later") and the last reporting
period mentioned (for "the quarter", "a year earlier" in results stories).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from newsledger.extract import timeres as tr
from newsledger.extract.timepatterns import lexicon, normal, word_numbers
from newsledger.extract.timeres import Period


@dataclass
class State:
    anchor: date | None
    tense: str | None = None  # "past" | "future" | None, of the governing verb
    ref: Period | None = None  # last resolved time in this paragraph
    last: Period | None = None  # last resolved time anywhere before
    period: Period | None = None  # last reporting period (quarter, half) mentioned

    @property
    def future(self) -> bool:
        return self.tense == "future"


@dataclass(frozen=True)
class Resolved:
    period: Period | None = None
    ref: str | None = None  # past | present | future for vague expressions
    drop: bool = False  # not a time after all (e.g. "the period" with nothing to refer to)


NONE = Resolved()
DROP = Resolved(drop=True)


def base(state: State) -> date | None:
    """The date relative words count from: the anchor, else the last resolved day."""
    if state.anchor:
        return state.anchor
    return state.ref.start if state.ref else None


def month_no(m: re.Match[str]) -> int:
    return int(lexicon().value("month", m.group("mon")))


def group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def full_year(text: str, near: int | None = None) -> int:
    """A four-digit year; two digits take the century that puts it nearest `near`."""
    y = int(text)
    if len(text) > 2:
        return y
    pivot = near or 2000
    candidates = [c * 100 + y for c in (pivot // 100 - 1, pivot // 100, pivot // 100 + 1)]
    return min(candidates, key=lambda c: (abs(c - pivot), -c))


def count(text: str | None) -> int | None:
    if text is None:
        return None
    key = normal(text)
    return int(key) if key.isdigit() else word_numbers().get(key)


def unit_of(text: str) -> str:
    unit = normal(text)
    return unit.removesuffix("s")


def r_iso(m: re.Match[str], state: State) -> Resolved:
    d = tr.safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return Resolved(tr.day(d)) if d else DROP


def r_slash(m: re.Match[str], state: State) -> Resolved:
    mon, dom = int(m.group("m")), int(m.group("d"))
    if mon > 12:
        mon, dom = dom, mon
    d = tr.safe_date(full_year(m.group("y"), state.anchor.year if state.anchor else None), mon, dom)
    return Resolved(tr.day(d)) if d else DROP


def year_for(mon: int, dom: int | None, m: re.Match[str], state: State) -> int | None:
    """The year written, else the one nearest the anchor (matching the weekday if given)."""
    if group(m, "y"):
        return int(m.group("y"))
    b = base(state)
    if b is None:
        return None
    wd = group(m, "wd")
    if wd and dom:
        weekday = int(lexicon().value("weekday", wd))
        fits = [
            y
            for y in (b.year, b.year - 1, b.year + 1)
            if (d := tr.safe_date(y, mon, dom)) and d.weekday() == weekday
        ]
        if fits:
            return min(fits, key=lambda y: abs((date(y, mon, min(dom, 28)) - b).days))
    return tr.nearest_year(mon, dom, b, state.tense)


def r_date(m: re.Match[str], state: State) -> Resolved:
    mon, dom = month_no(m), int(m.group("d"))
    y = year_for(mon, dom, m, state)
    if y is None:
        return NONE
    d = tr.safe_date(y, mon, dom)
    return Resolved(tr.day(d)) if d else DROP


def r_mdy_range(m: re.Match[str], state: State) -> Resolved:
    mon, d1, d2 = month_no(m), int(m.group("d")), int(m.group("d2"))
    y = year_for(mon, d1, m, state)
    first, last = (tr.safe_date(y, mon, d1), tr.safe_date(y, mon, d2)) if y else (None, None)
    if not first or not last or last < first:
        return DROP if y else NONE
    return Resolved(Period(first, last, "day", range=True))


def r_month_year(m: re.Match[str], state: State) -> Resolved:
    return Resolved(tr.month(int(m.group("y")), month_no(m)))


def r_month_rel(m: re.Match[str], state: State) -> Resolved:
    b = base(state)
    if b is None:
        return NONE
    return Resolved(tr.month(b.year + int(lexicon().value("shift", m.group("shift"))), month_no(m)))


def r_month(m: re.Match[str], state: State) -> Resolved:
    b = base(state)
    if b is None:
        return NONE
    mon = month_no(m)
    return Resolved(tr.month(tr.nearest_year(mon, None, b, state.tense), mon))


def r_quarter(m: re.Match[str], state: State) -> Resolved:
    q = int(lexicon().value("quarter_ordinal", m.group("q")))
    written = group(m, "qy") or group(m, "y")
    if group(m, "ya") and (b := base(state)) is not None:
        return Resolved(tr.shift(tr.latest_quarter(b, q, None), -1, "year"))
    b = base(state)
    if written:
        p = tr.quarter(int(written), q)
    elif b is None:
        return NONE
    elif group(m, "qshift"):
        p = tr.quarter(b.year + int(lexicon().value("shift", m.group("qshift"))), q)
    else:
        p = tr.latest_quarter(b, q, state.tense)
    state.period = p
    return Resolved(p)


def r_half(m: re.Match[str], state: State) -> Resolved:
    h = 1 if m.group("h").lower() == "first" else 2  # second, last
    b = base(state)
    if group(m, "y"):
        y = int(m.group("y"))
    elif b is None:
        return NONE
    else:
        y = b.year + (int(lexicon().value("shift", m.group("hshift"))) if group(m, "hshift") else 0)
    p = tr.half(y, h)
    state.period = p
    return Resolved(p)


def shifted_month(mon: int, s: int, b: date) -> Period:
    if s < 0:
        return tr.month(b.year if mon <= b.month else b.year - 1, mon)
    if s > 0:
        return tr.month(b.year if mon > b.month else b.year + 1, mon)
    return tr.month(b.year, mon)


def shifted_season(word: str, s: int, b: date) -> Period:
    first, last = lexicon().words("season")[normal(word)]["months"]
    this = tr.season(b.year, first, last)
    if s < 0:
        return this if this.end < b else tr.season(b.year - 1, first, last)
    if s > 0:
        return this if this.start > b else tr.season(b.year + 1, first, last)
    return this


def r_shifted(m: re.Match[str], state: State) -> Resolved:
    b = base(state)
    shift = lexicon().words("shift").get(normal(m.group("shift")), {})
    if shift.get("anaphoric") and state.ref is not None:
        b = state.ref.start  # "the following Tuesday": after the date just mentioned
    if b is None:
        return NONE
    s = int(lexicon().value("shift", m.group("shift")))
    if group(m, "mon"):
        return Resolved(shifted_month(month_no(m), s, b))
    if group(m, "wd"):
        wd = int(lexicon().value("weekday", m.group("wd")))
        return Resolved(tr.day(tr.weekday_near(b, wd, "future" if s > 0 else state.tense, s)))
    if group(m, "season"):
        return Resolved(shifted_season(m.group("season"), s, b))
    unit = normal(m.group("unit"))
    p = tr.shift(tr.containing(b, unit), s, unit)
    if unit == "weekend" and s == 0 and not state.future and p.start > b:
        p = tr.shift(p, -1, "week")
    if unit == "quarter":
        state.period = p
    return Resolved(p)


def r_ago(m: re.Match[str], state: State) -> Resolved:
    word = normal(m.group("num"))
    direction = normal(m.group("dir"))
    if lexicon().words("count").get(word, {}).get("vague"):  # "a few weeks later": date unknown
        return Resolved(ref={"ago": "past", "from now": "future", "hence": "future"}.get(direction))
    n, unit = count(word) or 1, unit_of(m.group("unit"))
    sign = -1 if direction in ("ago", "earlier") else 1
    relative = direction in ("earlier", "later")
    if relative and state.ref is not None:
        return Resolved(tr.shift(state.ref, sign * n, unit))
    if unit == "year" and n == 1 and state.period is not None:
        return Resolved(tr.shift(state.period, sign, "year"))  # "a year ago" in results stories
    if relative:  # "two years later" than a date in an earlier paragraph, or none
        return Resolved(tr.shift(state.last, sign * n, unit)) if state.last else NONE
    if state.anchor is None:
        return NONE
    if unit == "decade":  # "a decade ago" is about a year, not a whole decade
        return Resolved(tr.shift(tr.year(state.anchor.year), sign * n * 10, "year"))
    return Resolved(tr.shift(tr.containing(state.anchor, unit), sign * n, unit))


def r_anaphoric(m: re.Match[str], state: State) -> Resolved:
    record = lexicon().words("anaphoric")[normal(m.group("ana"))]
    unit, offset = str(record["unit"]), int(record["offset"])
    if unit == "quarter" and state.period is not None:
        return Resolved(state.period)
    if unit in ("year", "quarter") and state.period is not None:
        return Resolved(tr.shift(tr.containing(state.period.start, unit), offset, unit))
    ref = state.ref or state.last
    if ref is None or tr.GRAINS.index(ref.grain) > tr.GRAINS.index(
        unit if unit in tr.GRAINS else "day"
    ):
        ref = tr.day(state.anchor) if state.anchor else ref  # too coarse to count days from
    if ref is None:
        return NONE
    p = tr.shift(tr.containing(ref.start, unit), offset, unit)
    if unit == "weekend" and not state.future and state.anchor and p.start > state.anchor:
        p = tr.shift(p, -1, "week")
    return Resolved(p)


def r_period_ref(m: re.Match[str], state: State) -> Resolved:
    record = lexicon().words("period_ref")[normal(m.group("pref"))]
    offset = int(record.get("offset", 0))
    words = normal(m.group("pref"))
    period = state.period
    unfinished = period is not None and state.anchor is not None and period.end >= state.anchor
    if period is None or ("latest" in words and unfinished):
        # "the latest quarter" is the last one reported: the one before the anchor's
        if ("quarter" not in words and "latest" not in words) or state.anchor is None:
            return DROP
        period = tr.shift(tr.containing(state.anchor, "quarter"), -1, "quarter")
    return Resolved(tr.shift(period, offset, "year"))


def r_relday(m: re.Match[str], state: State) -> Resolved:
    if state.anchor is None:
        return NONE
    offset = int(lexicon().words("relative_day")[normal(m.group("rel"))]["offset"])
    return Resolved(tr.day(state.anchor + timedelta(days=offset)))


def r_weekday(m: re.Match[str], state: State) -> Resolved:
    b = base(state)
    if b is None:
        return NONE
    wd = int(lexicon().value("weekday", m.group("wd")))
    return Resolved(tr.day(tr.weekday_near(b, wd, state.tense)))


def r_season_bare(m: re.Match[str], state: State) -> Resolved:
    b = base(state)
    if b is None:
        return NONE
    first, last = lexicon().words("season")[normal(m.group("season"))]["months"]
    candidates = [tr.season(y, first, last) for y in (b.year - 1, b.year, b.year + 1)]
    if state.future:
        pool = [p for p in candidates if p.end >= b]
    else:
        pool = [p for p in candidates if p.start <= b] or candidates
    return Resolved(min(pool, key=lambda p: abs((p.start - b).days)))


def r_year_end(m: re.Match[str], state: State) -> Resolved:
    b = base(state)
    if b is None:
        return NONE
    return Resolved(tr.day(date(tr.nearest_year(12, 31, b, state.tense), 12, 31)))


def r_year_period(m: re.Match[str], state: State) -> Resolved:
    """ "the 1988 period": the reporting period under discussion, in that year."""
    y = int(m.group("y"))
    if state.period is not None and state.period.grain in ("quarter", "half"):
        return Resolved(tr.shift(state.period, y - state.period.start.year, "year"))
    return Resolved(tr.year(y))


def r_season(m: re.Match[str], state: State) -> Resolved:
    first, last = lexicon().words("season")[normal(m.group("season"))]["months"]
    return Resolved(tr.season(int(m.group("y")), first, last))


def r_decade(m: re.Match[str], state: State) -> Resolved:
    if group(m, "dec"):
        return Resolved(tr.decade(int(m.group("dec"))))
    b = base(state)
    return Resolved(tr.decade(full_year(m.group("dec2"), b.year if b else None)))


def r_century(m: re.Match[str], state: State) -> Resolved:
    n = int(m.group("cent"))
    return Resolved(tr.century(n)) if 0 < n <= 22 else DROP


def r_year_range(m: re.Match[str], state: State) -> Resolved:
    y1 = int(m.group("y"))
    raw = m.group("y2")
    y2 = int(raw) if len(raw) == 4 else (y1 // 100) * 100 + int(raw)
    if not y1 < y2 <= y1 + 100:
        return DROP
    return Resolved(tr.span(tr.year(y1), tr.year(y2)))


def r_year(m: re.Match[str], state: State) -> Resolved:
    return Resolved(tr.year(int(m.group("y"))))


def r_duration(m: re.Match[str], state: State) -> Resolved:
    unit = unit_of(m.group("unit"))
    n = count(group(m, "num"))
    plural = m.group("unit").lower().endswith("s")
    lead = m.group(0).split()[0].lower()
    approx = normal(group(m, "approx") or "")
    if n is None and plural:
        return Resolved(ref="future" if state.future else "past")  # "for years"
    if state.anchor is None:
        return NONE
    if unit == "hour":  # "in the past 24 hours": the days it covers, up to the anchor
        if approx not in ("past", "last"):
            return NONE
        unit, n = "day", max(1, -(-(n or 1) // 24))
    if n is None and not approx:
        return Resolved(tr.containing(state.anchor, unit))  # "for the year"
    n = n or 1
    if lead == "in" and approx not in ("past", "last"):
        if not state.future:
            return NONE
        return Resolved(tr.shift(tr.containing(state.anchor, unit), n, unit))
    p = tr.duration_back(state.anchor, n, unit)
    if state.future:
        p = Period(state.anchor, state.anchor + (p.end - p.start), p.grain, range=True)
    return Resolved(p)


def r_vague(m: re.Match[str], state: State) -> Resolved:
    ref = str(lexicon().words("vague")[normal(m.group("vague"))]["ref"])
    if ref == "present" and state.anchor:
        return Resolved(tr.day(state.anchor), ref=ref)
    return Resolved(ref=ref)


def r_holiday(m: re.Match[str], state: State) -> Resolved:
    record = lexicon().words("holiday")[normal(m.group("hol"))]
    mon, dom = int(record["month"]), int(record["day"])
    y = year_for(mon, dom, m, state)
    return Resolved(tr.day(date(y, mon, dom))) if y else NONE


def r_spoken_year(m: re.Match[str], state: State) -> Resolved:
    """ "nineteen ninety-six", "the year two thousand" (broadcast transcripts)."""
    lx = lexicon()
    if group(m, "mil"):
        small = group(m, "small")
        extra = lx.value("spoken_digit", small) or lx.value("spoken_tens", small) if small else 0
        return Resolved(tr.year(2000 + int(extra or 0)))
    century = 1900 if normal(m.group("cent")) == "nineteen" else 2000
    tens = int(lx.value("spoken_tens", m.group("tens")))
    units = int(lx.value("spoken_digit", m.group("unit"))) if group(m, "unit") else 0
    if tens < 20 and units:
        return DROP
    return Resolved(tr.year(century + tens + units))


HANDLERS: dict[str, Callable[[re.Match[str], State], Resolved]] = {
    "iso": r_iso,
    "slash": r_slash,
    "mdy_range": r_mdy_range,
    "dmy_range": r_mdy_range,
    "mdy": r_date,
    "dmy": r_date,
    "month_year": r_month_year,
    "month_rel": r_month_rel,
    "quarter": r_quarter,
    "half": r_half,
    "shifted": r_shifted,
    "ago": r_ago,
    "anaphoric": r_anaphoric,
    "period_ref": r_period_ref,
    "relday": r_relday,
    "weekday": r_weekday,
    "season": r_season,
    "decade": r_decade,
    "century": r_century,
    "year_range": r_year_range,
    "year": r_year,
    "month": r_month,
    "duration": r_duration,
    "vague": r_vague,
    "season_bare": r_season_bare,
    "year_end": r_year_end,
    "year_period": r_year_period,
    "holiday": r_holiday,
    "spoken_year": r_spoken_year,
}

# Rules whose result is a date written in full (with its year, it fixes the years: see pubdate.py).
ABSOLUTE = {"iso", "slash", "mdy", "dmy"}
