"""Print ACLED location misses: gold vs the event location and the article's places (debug only)."""

from __future__ import annotations

import sys
from pathlib import Path

from newsledger.eval import EvalConfig
from newsledger.eval.eventsets import analyses, first_acled
from newsledger.eval.score_acled import located, read_rows
from newsledger.geodesy import distance_km


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/acled-sample/dev.csv")
    rows = [r for r in read_rows(path) if r.geo_precision == "1"]
    config = EvalConfig(data=path)
    hits = 0
    for row, a in zip(rows, analyses(((r.id, r.notes, r.published) for r in rows), config)):
        event = first_acled(a)
        if located(event, row):
            hits += 1
            continue
        print(f"--- {row.id} gold=({row.lat},{row.lon})")
        print("   ", row.notes[:300].replace("\n", " "))
        loc = event.location if event else None
        print("    event:", loc and (loc.name, loc.country, loc.lat, loc.lon))
        for p in (a.places if a else []):
            d = distance_km(p.lat, p.lon, row.lat, row.lon) if p.lat is not None else None
            print(f"    place {p.text!r} -> {p.name} {p.country} {p.feature} d={d and round(d)}")
    print(f"hits {hits}/{len(rows)}")


if __name__ == "__main__":
    main()
