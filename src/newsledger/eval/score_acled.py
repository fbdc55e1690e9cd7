"""`newsledger eval acled`: date, location and sub-event type of ACLED events from their notes.

Data: an ACLED CSV export (`dev.csv`: 31 columns). Each row's `notes` is
analysed with the date of its `timestamp` as the publication date. The first
event with an ACLED category is compared with the row:
- date: the event's `when.start` equals `event_date`;
- location: within 25 km of latitude/longitude, for rows with geo_precision 1;
- sub-event type: balanced accuracy (mean recall over the types present),
  since most rows are peaceful protests.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from newsledger.errors import EvalError
from newsledger.eval import EvalConfig, EvalReport, Metric, by_part, require
from newsledger.eval.eventsets import (
    analyses,
    balanced_accuracy,
    cross_validated,
    false_positives,
    first_acled,
    limited,
)
from newsledger.extract import Options
from newsledger.geodesy import distance_km
from newsledger.models import Analysis, Event

DEFAULT_DATA = Path("../shared/datasets/acled-sample")
KM = 25.0
TARGETS = {"date": 97.0, "location": 88.0, "sub": 85.0, "per_note": 1.3}


@dataclass(frozen=True)
class Row:
    id: str
    notes: str
    published: str | None
    event_date: str
    lat: float | None
    lon: float | None
    geo_precision: str
    sub_event_type: str


def data_file(config: EvalConfig) -> Path:
    path = require(config.data or DEFAULT_DATA, "acled")
    if path.is_dir():
        path = path / f"{config.split or 'dev'}.csv"
    return require(path, "acled")


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _published(timestamp: str | None) -> str | None:
    seconds = _float(timestamp)
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()


def read_rows(path: Path) -> list[Row]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [
                Row(
                    id=r.get("event_id_cnty", ""),
                    notes=r["notes"],
                    published=_published(r.get("timestamp")),
                    event_date=r["event_date"],
                    lat=_float(r.get("latitude")),
                    lon=_float(r.get("longitude")),
                    geo_precision=str(r.get("geo_precision", "")).split(".")[0],
                    sub_event_type=r["sub_event_type"],
                )
                for r in csv.DictReader(handle)
                if (r.get("notes") or "").strip()
            ]
    except (OSError, csv.Error, KeyError) as exc:
        raise EvalError(f"acled: cannot read {path}: {exc}") from exc


def located(event: Event | None, row: Row) -> bool:
    if event is None or event.location is None or row.lat is None or row.lon is None:
        return False
    loc = event.location
    if loc.lat is None or loc.lon is None:
        return False
    return distance_km(loc.lat, loc.lon, row.lat, row.lon) <= KM


def scores(pairs: list[tuple[Row, Analysis | None]]) -> list[Metric]:
    n = len(pairs) or 1
    dated = placed = precise = typed_events = typed_right = 0
    gold: list[str] = []
    predicted: list[str | None] = []
    for row, analysis in pairs:
        event = first_acled(analysis)
        dated += bool(event and event.when and event.when.start == row.event_date)
        if row.geo_precision == "1":
            precise += 1
            placed += located(event, row)
        gold.append(row.sub_event_type)
        predicted.append(event.acled.sub_event_type if event and event.acled else None)
        typed = [e for e in (analysis.events if analysis else []) if e.acled is not None]
        typed_events += len(typed)
        typed_right += any(
            e.acled is not None and e.acled.sub_event_type == row.sub_event_type for e in typed
        )
    return [
        Metric("Date equals event_date", 100 * dated / n, target=TARGETS["date"]),
        Metric(
            f"Location within {KM:g} km (geo_precision 1)",
            100 * placed / precise if precise else 0.0,
            target=TARGETS["location"],
        ),
        Metric(
            "Sub-event accuracy",
            100 * sum(g == p for g, p in zip(gold, predicted)) / n,
            target=TARGETS["sub"],
        ),
        Metric("Sub-event balanced accuracy", balanced_accuracy(gold, predicted)),
        Metric(
            "ACLED-typed events per note (one gold event each)",
            typed_events / n,
            unit="",
            target=TARGETS["per_note"],
        ),
        Metric(
            "ACLED-typed precision (right sub-event / ACLED-typed events)",
            100 * typed_right / typed_events if typed_events else 0.0,
        ),
    ]


def run(config: EvalConfig) -> EvalReport:
    rows = limited(read_rows(data_file(config)), config.limit)
    found = cross_validated("acled", config, [(r.id, r.notes, r.published) for r in rows])
    pairs = list(zip(rows, found))
    metrics = [
        replace(m, basis="cv+check") for m in by_part("acled", pairs, lambda p: p[0].id, scores)
    ]
    triples = ((f"acled:{r.id}", r.notes, r.published) for r in rows)
    rules = scores(
        list(zip(rows, analyses(triples, config, Options(event_model="rules", join_events=False))))
    )
    metrics += [
        replace(m, name=f"rules alone, every mention: {m.name}", target=None) for m in rules[-2:]
    ]
    wrong = [
        e
        for row, analysis in pairs
        for e in (analysis.events if analysis else [])
        if e.acled is not None and e.acled.sub_event_type != row.sub_event_type
    ]
    return EvalReport(
        dataset="acled",
        items=len(rows),
        metrics=metrics,
        notes=[
            f"{sum(r.geo_precision == '1' for r in rows)} rows with geo_precision 1",
            (
                "cv+check: events from an event model trained without the note (5 fixed folds); "
                "dates, "
                "places and sub-event types from rules, so the check part leads"
            ),
            "wrong ACLED-typed events by trigger: " + false_positives(wrong),
        ],
    )
