"""GeoJSON: a FeatureCollection of located event mentions (points at lon, lat)."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from newsledger.ledger import EventFilter, Ledger


def feature(row: dict[str, Any]) -> dict[str, Any]:
    properties = {k: v for k, v in row.items() if k not in ("lat", "lon")}
    return {
        "type": "Feature",
        "id": f"{row['article_id']}/{row['event_id']}",
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": properties,
    }


def write(ledger: Ledger, flt: EventFilter, stream: BinaryIO) -> int:
    """Stream the collection feature by feature; unlocated mentions are left out."""
    stream.write(b'{"type": "FeatureCollection", "features": [')
    count = 0
    for row in ledger.iter_events(flt):
        if row.get("lat") is None or row.get("lon") is None:
            continue
        stream.write(
            (b",\n" if count else b"\n") + json.dumps(feature(row), ensure_ascii=False).encode()
        )
        count += 1
    stream.write(b"\n]}\n")
    return count
