"""PLOVER JSONL: one event record per line with the PLOVER gold standard's fields.

Fields: id, date, source/target (lists of {actorText, code, sector}), event,
eventText, mode, text, eventLoc ({name, "country code", lat, lon}), dead,
language, publication, coder, version, dateCoded, comment (the event status).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, BinaryIO

from newsledger.export.codes import PLOVER_SECTOR, country
from newsledger.export.fatalities import fatalities
from newsledger.ledger import EventFilter, Ledger

CODER = "newsledger"


def _actor(name: str | None, code: str | None, kind: str | None) -> list[dict[str, str]]:
    if not name:
        return []
    actor = {"actorText": name, "code": country(code).get("iso3", "")}
    sector = PLOVER_SECTOR.get((kind or "").lower())
    if sector:
        actor["sector"] = sector
    return [actor]


def plover_record(row: dict[str, Any], today: str) -> dict[str, Any]:
    from newsledger.version import __version__

    record: dict[str, Any] = {
        "id": f"{row['article_id']}-{row['event_id']}",
        "date": row.get("date_start") or (row.get("published") or "")[:10] or None,
        "source": _actor(row.get("actor_name"), row.get("actor_country"), row.get("actor_kind")),
        "target": _actor(
            row.get("recipient_name"), row.get("recipient_country"), row.get("recipient_kind")
        ),
        "event": row["type"],
        "eventText": row.get("trigger") or "",
        "mode": row.get("mode") or "",
        "text": " ".join((row.get("sentence") or "").split()),
        "language": "en",
        "publication": row.get("outlet") or "",
        "coder": CODER,
        "version": __version__,
        "dateCoded": today,
        "comment": row.get("status") or "asserted",
    }
    if row.get("place_name"):
        loc: dict[str, Any] = {"name": row["place_name"]}
        if row.get("country"):
            loc["country code"] = row["country"]
        if row.get("lat") is not None:
            loc.update(lat=row["lat"], lon=row["lon"])
        record["eventLoc"] = loc
    dead = fatalities(row)
    if dead is not None:
        record["dead"] = dead
    return record


def write(ledger: Ledger, flt: EventFilter, stream: BinaryIO) -> int:
    today = date.today().isoformat()
    count = 0
    for row in ledger.iter_events(flt):
        stream.write(json.dumps(plover_record(row, today), ensure_ascii=False).encode() + b"\n")
        count += 1
    return count
