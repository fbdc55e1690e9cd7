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
import math
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from newsledger.errors import EvalError
from newsledger.eval import EvalConfig, EvalReport, Metric, require
from newsledger.eval.eventsets import analyses, balanced_accuracy, first_acled, limited
from newsledger.models import Event

DEFAULT_DATA = Path("../shared/datasets/acled-sample")
KM = 25.0
TARGETS = {"date": 95.0, "location": 85.0, "sub": 70.0}


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
                Row(id=r.get("event_id_cnty", ""), notes=r["notes"], published=_published(r.get("timestamp")),
                    event_date=r["event_date"], lat=_float(r.get("latitude")), lon=_float(r.get("longitude")),
                    geo_precision=str(r.get("geo_precision", "")).split(".")[0],
                    sub_event_type=r["sub_event_type"])
                for r in csv.DictReader(handle) if (r.get("notes") or "").strip()
            ]
    except (OSError, csv.Error, KeyError) as exc:
        raise EvalError(f"acled: cannot read {path}: {exc}") from exc


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def located(event: Event | None, row: Row) -> bool:
    if event is None or event.location is None or row.lat is None or row.lon is None:
        return False
    loc = event.location
    if loc.lat is None or loc.lon is None:
        return False
    return km_between(loc.lat, loc.lon, row.lat, row.lon) <= KM


def run(config: EvalConfig) -> EvalReport:
    rows = limited(read_rows(data_file(config)), config.limit)
    triples = ((f"acled:{r.id}", r.notes, r.published) for r in rows)
    dated = placed = precise = 0
    gold: list[str] = []
    predicted: list[str | None] = []
    for row, analysis in zip(rows, analyses(triples, config)):
        event = first_acled(analysis)
        dated += bool(event and event.when and event.when.start == row.event_date)
        if row.geo_precision == "1":
            precise += 1
            placed += located(event, row)
        gold.append(row.sub_event_type)
        predicted.append(event.acled.sub_event_type if event and event.acled else None)
    n = len(rows)
    return EvalReport(
        dataset="acled", items=n,
        metrics=[
            Metric("Date equals event_date", 100 * dated / n if n else 0.0, target=TARGETS["date"]),
            Metric(f"Location within {KM:g} km (geo_precision 1)", 100 * placed / precise if precise else 0.0,
                   target=TARGETS["location"]),
            Metric("Sub-event balanced accuracy", balanced_accuracy(gold, predicted), target=TARGETS["sub"]),
            Metric("Sub-event accuracy", 100 * sum(g == p for g, p in zip(gold, predicted)) / n if n else 0.0),
        ],
        notes=[f"{precise} rows with geo_precision 1"],
    )
