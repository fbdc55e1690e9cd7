"""`newsledger eval timebank`: DATE expressions of TempEval-3 TimeBank.

Each ``.tml`` file is TimeML: the document creation time (DCT, the TIMEX3 with
``functionInDocument="CREATION_TIME"``) gives the publication date, and the
``<TEXT>`` element, tags stripped (offsets mapped), is the article analysed.
Gold items are the TIMEX3 of ``type="DATE"`` inside the text.

- Detection recall: a gold DATE overlaps a predicted `Time`.
- Value accuracy: the overlapping prediction (largest overlap) has the gold
  value, compared at the gold's granularity: the predicted period must lie
  inside the gold period ("1998-02" is matched by a month or any day in it;
  "1998-Q3" by July..September or anything inside; "1998-W12" by that ISO
  week; "1998-W12-WE" by its weekend; "197" by the 1970s; "19" by the 20th
  century; "1998-SU" by June..August). Gold values with unspecified parts
  ("1989-QX", "1989-WXX") need the year and a prediction no wider than the
  unit. "PRESENT_REF", "PAST_REF" and "FUTURE_REF" need the prediction's
  ``ref`` to be present, past or future. The headline figure counts every gold
  DATE (undetected ones are wrong); a second figure counts detected ones only.
- Detection precision: predictions (with a value or ref) that overlap some
  gold TIMEX3 of any type (DATE, TIME, DURATION, SET).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from newsledger.eval import EvalConfig, EvalReport, Metric, by_part, require
from newsledger.eval.split import split
from newsledger.extract import timeres as tr
from newsledger.ingest import Document
from newsledger.models import Analysis, Time

DEFAULT_DATA = Path("../shared/datasets/tempeval3/TimeBank")
DATASET = "timebank"  # the split's name for this set (never change: it re-draws the split)
TARGET = 88.0  # issue 11: on the check part
TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Item:
    name: str
    text: str
    dct: str | None
    timexes: list[Timex] = field(default_factory=list)


def parse_tml(path: Path) -> Item:
    """The plain text of <TEXT> with its TIMEX3 offsets, and the DCT date."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    dct = None
    if dct_match:
        value = dict(ATTR.findall(dct_match.group(0))).get("value", "")
        dct = value[:10] if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
    source = body.group(1) if body else ""
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes = []
    position = 0
    for m in TAG.finditer(source):
        chunk = html.unescape(source[position : m.start()])
        parts.append(chunk)
        length += len(chunk)
        position = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if not m.group(1):
            open_timex = (length, dict(ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(parts)[start:length]
            timexes.append(
                Timex(start, length, attrs.get("type", ""), attrs.get("value", ""), text)
            )
            open_timex = None
    parts.append(html.unescape(source[position:]))
    return Item(path.stem, "".join(parts), dct, timexes)


def bounds(value: str, end: bool = False) -> date | None:
    """First (or last) day of an ISO day, month or year value."""
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        if len(value) == 7:
            p = tr.month(int(value[:4]), int(value[5:7]))
        else:
            p = tr.year(int(value[:4]))
    except ValueError:
        return None
    return p.end if end else p.start


def gold_period(value: str) -> tuple[date, date, int] | None:
    """The gold period and the widest prediction allowed (days) for X-parts."""
    m = re.fullmatch(r"(\d{4})(?:-(.*))?", value)
    if m:
        y, rest = int(m.group(1)), m.group(2) or ""
        whole = tr.year(y)
        if not rest:
            return whole.start, whole.end, 366
        if re.fullmatch(r"\d\d-\d\d", rest):
            d = tr.safe_date(y, int(rest[:2]), int(rest[3:]))
            return (d, d, 1) if d else None
        if re.fullmatch(r"\d\d", rest):
            p = tr.month(y, int(rest))
            return p.start, p.end, 31
        if re.fullmatch(r"Q\d", rest):
            p = tr.quarter(y, int(rest[1]))
            return p.start, p.end, 92
        if re.fullmatch(r"H\d", rest):
            p = tr.half(y, int(rest[1]))
            return p.start, p.end, 184
        if rest in SEASONS:
            p = tr.season(y, *SEASONS[rest])
            return p.start, p.end, 92
        w = re.fullmatch(r"W(\d\d)(-WE)?", rest)
        if w:
            monday = date.fromisocalendar(y, int(w.group(1)), 1)
            if w.group(2):
                return monday + timedelta(days=5), monday + timedelta(days=6), 2
            return monday, monday + timedelta(days=6), 7
        widest = {"QX": 92, "WXX": 7, "XX-XX": 1, "XX": 31, "WI": 92}.get(rest)
        return (whole.start, whole.end, widest) if widest else None
    m = re.fullmatch(r"(\d{3})(X?)", value)
    if m:
        p = tr.decade(int(m.group(1)) * 10)
        return p.start, p.end, 3660
    m = re.fullmatch(r"(\d\d)(XX)?", value)
    if m:
        start = int(m.group(1)) * 100
        return date(max(start, 1), 1, 1), date(start + 99, 12, 31), 36600
    return None


def value_matches(gold: str, t: Time) -> bool:
    if gold.endswith("_REF"):
        return t.ref is not None and gold.lower().startswith(t.ref)
    if not t.value:
        return False
    start, end = bounds(t.value), bounds(t.end_value or t.value, end=True)
    try:
        period = gold_period(gold)
    except ValueError:  # an impossible gold value ("1998-W54", "1998-13")
        return False
    if start is None or end is None or period is None:
        return False
    g_start, g_end, widest = period
    return g_start <= start and end <= g_end and (end - start).days < widest


def part_of_range(t: Time, timex: Timex) -> Time:
    """A gold date inside a predicted range ("Aug. 26 to Oct. 20") is scored on its end."""
    inside = (
        t.start <= timex.start
        and timex.end <= t.end
        and (t.start, t.end) != (timex.start, timex.end)
    )
    if not t.end_value or not inside or t.precision == "week":
        return t
    if timex.start == t.start:
        return t.model_copy(update={"end_value": None})
    if timex.end == t.end:
        return t.model_copy(update={"value": t.end_value, "end_value": None})
    return t


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


@dataclass
class Tally:
    gold: int = 0
    detected: int = 0
    correct: int = 0
    predicted: int = 0
    predicted_hit: int = 0
    errors: list[str] = field(default_factory=list)


def score(item: Item, analysis: Analysis, tally: Tally) -> None:
    times = [t for t in analysis.times if t.value or t.ref]
    for timex in item.timexes:
        if timex.type != "DATE":
            continue
        tally.gold += 1
        hits = [t for t in times if overlap(t.start, t.end, timex.start, timex.end)]
        if not hits:
            tally.errors.append(f"{item.name}\tmissed\t{timex.text!r}\t{timex.value}")
            continue
        tally.detected += 1
        best = part_of_range(
            max(hits, key=lambda t: overlap(t.start, t.end, timex.start, timex.end)), timex
        )
        if value_matches(timex.value, best):
            tally.correct += 1
        else:
            shown = best.ref or (
                f"{best.value}..{best.end_value}" if best.end_value else best.value
            )
            tally.errors.append(
                f"{item.name}\twrong\t{timex.text!r}\t{timex.value}\t{best.text!r}\t{shown}"
            )
    for t in times:
        tally.predicted += 1
        if any(overlap(t.start, t.end, x.start, x.end) for x in item.timexes):
            tally.predicted_hit += 1


def items(path: Path, limit: int | None) -> Iterator[Item]:
    files = sorted(path.glob("*.tml")) if path.is_dir() else [path]
    for file in files[:limit] if limit else files:
        yield parse_tml(file)


def analysed(config: EvalConfig) -> list[tuple[Item, Analysis]]:
    """Analyse the documents (DCT as the publication date): each with its analysis."""
    from newsledger.api import AnalyzeOptions, analyze_documents

    path = require(config.data or DEFAULT_DATA, "timebank")
    loaded = list(items(path, config.limit))
    docs = [Document(text=i.text, origin=i.name, published=i.dct) for i in loaded]
    options = AnalyzeOptions(model=config.model, jobs=max(1, config.jobs))
    return [
        (item, outcome)
        for item, outcome in zip(loaded, analyze_documents(docs, options))
        if isinstance(outcome, Analysis)
    ]


def tally_of(pairs: list[tuple[Item, Analysis]]) -> Tally:
    tally = Tally()
    for item, analysis in pairs:
        score(item, analysis, tally)
    return tally


def document_key(pair: tuple[Item, Analysis]) -> str:
    """The split key: the document's file name (its stem), stable across copies of the set."""
    return pair[0].name


def run(config: EvalConfig) -> EvalReport:
    pairs = analysed(config)
    tune, check = split(DATASET, pairs, document_key)
    out = report(len(pairs), tally_of(check))
    out.metrics = by_part(DATASET, pairs, document_key, lambda part: metrics(tally_of(part)))
    out.notes.insert(
        0, f"check part: {len(check)} documents, tune part: {len(tune)} (split by document name)"
    )
    return out


def pct(a: int, b: int) -> float:
    return 100.0 * a / b if b else 0.0


def metrics(tally: Tally) -> list[Metric]:
    return [
        Metric(
            "DATE value accuracy (all gold DATEs)", pct(tally.correct, tally.gold), target=TARGET
        ),
        Metric("DATE detection recall", pct(tally.detected, tally.gold)),
        Metric("DATE value accuracy (detected)", pct(tally.correct, tally.detected)),
        Metric("Time detection precision (any TIMEX3)", pct(tally.predicted_hit, tally.predicted)),
        Metric("gold DATE expressions", float(tally.gold), unit=""),
    ]


def report(n_items: int, tally: Tally) -> EvalReport:
    return EvalReport(
        dataset="timebank",
        items=n_items,
        metrics=metrics(tally),
        notes=[
            "DCT date used as the publication date; values compared at the gold's granularity",
            (
                "for orientation only (other set and measure): HeidelTime's TempEval-3 value F1 "
                "over all TIMEX3 types was 77.6"
            ),
            "list every miss and wrong value of the tune part: python -m "
            "newsledger.eval.score_timebank PATH",
        ],
    )


if __name__ == "__main__":  # pragma: no cover
    import sys

    # Only the tune part's errors: the check part is scored, never read while tuning.
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    tune_pairs, _ = split(DATASET, analysed(EvalConfig(data=data, jobs=2)), document_key)
    for line in tally_of(tune_pairs).errors:
        print(line)
