"""Places on the map: a GeoNames gazetteer index and toponym resolution.

- `lookup(name)`: every candidate place a name may denote.
- `resolve(names)`: one place per name, chosen together (article context).
- `demonym_place("Iraqi")`: the country an adjective denotes (events use it to
  place an actor's country; `extract.places` also lists such adjectives as
  places with precision "country").
- `nearest(lat, lon)` / `containing(lat, lon)`: the town near a point, and the
  first-level region and country it lies in.
- `build_default_index()` (run by ``make setup``; otherwise on first use) and
  `import_geonames(dump, alternate_names, out)` write the index file.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsledger.geo.build import build_default_index
from newsledger.geo.dump import import_geonames
from newsledger.geo.gazetteer import (
    Candidate,
    Gazetteer,
    default_gazetteer,
    open_gazetteer,
)
from newsledger.geo.index import default_index_path
from newsledger.geo.resolve import Query
from newsledger.geodesy import distance_km

__all__ = [
    "Candidate",
    "Gazetteer",
    "Query",
    "build_default_index",
    "containing",
    "default_gazetteer",
    "default_index_path",
    "demonym_place",
    "distance_km",
    "import_geonames",
    "lookup",
    "nearest",
    "open_gazetteer",
    "resolve",
]


def lookup(name: str) -> tuple[Candidate, ...]:
    return default_gazetteer().lookup(name)


def resolve(names: Sequence[str]) -> list[Candidate | None]:
    from newsledger.geo.resolve import resolve as resolve_queries

    return resolve_queries(default_gazetteer(), [Query(n) for n in names])


def demonym_place(word: str) -> Candidate | None:
    return default_gazetteer().demonym_place(word)


def nearest(lat: float, lon: float, radius_km: float = 50.0) -> Candidate | None:
    return default_gazetteer().nearest(lat, lon, radius_km)


def containing(lat: float, lon: float) -> tuple[Candidate | None, Candidate | None]:
    return default_gazetteer().containing(lat, lon)
