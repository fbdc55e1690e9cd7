"""When an article that carries no date was published: on or after every day it reports.

Dates written with their year ("Monday, Jan. 5, 2026") establish the years.
Dates written without one ("Sunday evening, Jan. 11", "Jan. 7") take the
year, of the latest written date or the one before or after it, that fits
their weekday when one is named and otherwise lies nearest that date. Days
in future clauses ("will meet on Jan. 20") say nothing about when the report
was written and are skipped, and so are year-less days more than a month
after the latest written date: quoted speech hides its tense ("November 8,
we'd better be careful"), and a report rarely runs a month past its dates. A bare weekday ("on
Wednesday") is skipped too:
it is some day of the week before publication, and reports do not tell a
week in order ("By Friday ... the army had retaken two villages. They lost
contact on Wednesday."), so counting it would only guess the date later.

The article is dated on the latest of these days: the earliest date it can
have been written. (Inferred, so `published_source` is "inferred".)
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from newsledger.extract import timeres as tr
from newsledger.extract.timepatterns import lexicon
from newsledger.extract.timerules import ABSOLUTE, HANDLERS, State
from newsledger.extract.times import candidates, plausible, tense

YEARLESS = {"mdy", "dmy", "mdy_range", "dmy_range"}
AHEAD_DAYS = 31  # a year-less day further after the latest written date is not counted


def year_near(mon: int, dom: int, weekday: int | None, latest: date) -> date | None:
    """The day mon/dom in the year nearest `latest` (one that fits the weekday, if named)."""
    days = [
        d
        for y in (latest.year - 1, latest.year, latest.year + 1)
        if (d := tr.safe_date(y, mon, dom)) is not None
    ]
    fitting = [d for d in days if weekday is None or d.weekday() == weekday]
    pool = fitting or days
    return min(pool, key=lambda d: abs((d - latest).days)) if pool else None


def weekday_of(m: re.Match[str]) -> int | None:
    wd = m.groupdict().get("wd")
    return int(lexicon().value("weekday", wd)) if wd else None


def yearless_day(m: re.Match[str], latest: date) -> date | None:
    """The last day a date without a year names ("Jan. 11", "Jan. 3-5")."""
    mon = int(lexicon().value("month", m.group("mon")))
    dom = int(m.groupdict().get("d2") or m.group("d"))
    return year_near(mon, dom, weekday_of(m), latest)


def written_day(m: re.Match[str], rule: str) -> date | None:
    """A full date written with its year, or None."""
    result = HANDLERS[rule](m, State(anchor=None))
    period = result.period
    return period.end if period is not None and period.grain == "day" else None


def infer_publication_date(doc: Doc) -> str | None:
    """The latest day the text reports (see the module doc), as ISO, or None without a written
    year."""
    text = doc.text
    found = [c for c in candidates(text) if plausible(c, doc, text)]
    written = {
        c.start: d
        for c in found
        if c.rule in ABSOLUTE | YEARLESS
        and c.match.groupdict().get("y")
        and (d := written_day(c.match, c.rule))
    }
    if not written:
        return None
    latest = max(written.values())
    days = list(written.values())
    for c in found:
        if c.rule not in YEARLESS or c.match.groupdict().get("y"):
            continue
        if tense(doc.char_span(c.start, c.end, alignment_mode="expand")) == "future":
            continue
        day = yearless_day(c.match, latest)
        if day is not None and (day - latest).days <= AHEAD_DAYS:
            days.append(day)
    return max(days).isoformat()
