"""ACLED-style CSV: one row per event mention, ACLED's column names and codes.

Columns follow ACLED's export (see its codebook): dates are ISO days,
``time_precision`` 1/2/3 (day/week/vaguer), ``geo_precision`` 1/2/3
(town/area/region), ``inter1``/``inter2`` actor-type codes and their
``interaction``, ``source`` the outlet (and the cited source when the outlet
reports through one), ``source_scale`` from ``knowledge/outlets.jsonl``,
``notes`` a one-sentence summary. Fields newsledger does not know (admin1-3,
region, the scale of an unlisted outlet) stay empty;
``tags`` carries the newsledger article and event ids. Text cells that could
run as a spreadsheet formula are neutralised (``export.cells``).
"""

from __future__ import annotations

import csv
import hashlib
import io
from functools import lru_cache
from typing import Any, BinaryIO

from newsledger.export.cells import safe_row
from newsledger.export.codes import (
    DISORDER,
    GEO_PRECISION,
    TIME_PRECISION,
    VAGUE_TIME,
    country,
    inter_code,
    interaction,
    long_date,
)
from newsledger.export.fatalities import fatalities
from newsledger.knowledge import load_records
from newsledger.ledger import EventFilter, Ledger

ID_SPACE = 10**8  # event numbers run below this
COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def notes(row: dict[str, Any]) -> str:
    """ACLED-style summary: 'On 6 January 2026, in Basra: <sentence> [status]'."""
    day = long_date(row.get("date_start") or row.get("published"))
    where = f", in {row['place_name']}" if row.get("place_name") else ""
    lead = f"On {day}{where}: " if day else (f"In {row['place_name']}: " if where else "")
    sentence = " ".join((row.get("sentence") or "").split())
    status = row.get("status") or "asserted"
    tail = "" if status == "asserted" else f" [{status}]"
    return f"{lead}{sentence}{tail}"


@lru_cache(maxsize=1)
def _scales() -> dict[str, str]:
    return {
        str(r["outlet"]).lower(): str(r["scale"])
        for r in load_records("outlets.jsonl")
        if r.get("outlet") and r.get("scale")
    }


def source_scale(outlet: str | None) -> str:
    """ACLED's source_scale of an outlet listed in knowledge/outlets.jsonl, else empty."""
    return _scales().get((outlet or "").lower(), "")


def _source(row: dict[str, Any]) -> str:
    names = [n for n in (row.get("outlet"), row.get("source_name")) if n]
    return "; ".join(dict.fromkeys(names))


def event_number(iso3: str, row: dict[str, Any]) -> str:
    """ACLED-style id (country code and a number), stable across exports of one mention."""
    digest = hashlib.sha1(f"{row['article_id']}/{row['event_id']}".encode()).hexdigest()
    return f"{iso3}{int(digest[:12], 16) % ID_SPACE}"


def acled_row(row: dict[str, Any]) -> dict[str, Any]:
    c = country(row.get("country"))
    inter1 = inter_code(row.get("actor_kind"), bool(row.get("actor_name")))
    inter2 = inter_code(row.get("recipient_kind"), bool(row.get("recipient_name")))
    day = row.get("date_start") or (row.get("published") or "")[:10]
    event_type = row.get("acled_event_type") or ""
    dead = fatalities(row)
    return {
        "event_id_cnty": event_number(c.get("iso3", "XXX"), row),
        "event_date": day,
        "year": day[:4],
        "time_precision": TIME_PRECISION.get(row.get("date_precision") or "", VAGUE_TIME),
        "disorder_type": DISORDER.get(event_type, ""),
        "event_type": event_type,
        "sub_event_type": row.get("acled_sub_event_type") or "",
        "actor1": row.get("actor_name") or "",
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": row.get("recipient_name") or "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction(inter1, inter2) if inter1 else "",
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": c.get("isonumeric", ""),
        "region": "",
        "country": c.get("name", ""),
        "admin1": "",
        "admin2": "",
        "admin3": "",
        "location": row.get("place_name") or "",
        "latitude": "" if row.get("lat") is None else round(row["lat"], 4),
        "longitude": "" if row.get("lon") is None else round(row["lon"], 4),
        "geo_precision": GEO_PRECISION.get(row.get("geo_precision") or "", "")
        if row.get("place_name")
        else "",
        "source": _source(row),
        "source_scale": source_scale(row.get("outlet")),
        "notes": notes(row),
        "fatalities": 0 if dead is None else dead,
        "tags": f"newsledger:{row['article_id']}/{row['event_id']}",
        "timestamp": "",
    }


def write(ledger: Ledger, flt: EventFilter, stream: BinaryIO) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    out = csv.DictWriter(text, fieldnames=COLUMNS)
    out.writeheader()
    count = 0
    for row in ledger.iter_events(flt):
        out.writerow(safe_row(acled_row(row)))
        count += 1
    text.flush()
    text.detach()
    return count
