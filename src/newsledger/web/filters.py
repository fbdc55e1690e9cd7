"""Event filters from query parameters, shared by the events page, map, timeline and API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Query

STATUSES = ("asserted", "reported", "unverified", "disputed", "denied", "hypothetical", "future", "negated")
# PLOVER's 16 event types, offered as suggestions in the filter form.
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


class BadFilter(ValueError):
    """A query parameter that cannot be turned into a filter."""


@dataclass(frozen=True)
class EventQuery:
    """The filters of issue 5, as typed values (all optional)."""

    type: str | None = None
    actor: str | None = None
    country: str | None = None
    place: str | None = None
    near_lat: float | None = None
    near_lon: float | None = None
    near_km: float | None = None
    date_from: str | None = None
    date_to: str | None = None
    status: str | None = None
    outlet: str | None = None

    def to_filter(self) -> Any:
        from newsledger.ledger import EventFilter

        near = None
        if self.near_lat is not None and self.near_lon is not None:
            near = (self.near_lat, self.near_lon, self.near_km if self.near_km is not None else 50.0)
        return EventFilter(type=self.type, actor=self.actor, country=self.country, place=self.place,
                           near=near, date_from=self.date_from, date_to=self.date_to,
                           status=self.status, outlet=self.outlet)

    def params(self) -> dict[str, str]:
        """The filters that are set, as query parameters (for links and the map's API call)."""
        return {k: str(v) for k, v in self.__dict__.items() if v is not None}

    def query_string(self, **extra: object) -> str:
        values = {**self.params(), **{k: str(v) for k, v in extra.items() if v is not None}}
        return urlencode(values)


def _clean(value: str | None, name: str = "filter") -> str | None:
    value = (value or "").strip()
    if "\x00" in value:  # SQLite's LIKE stops at a NUL: '%\x00%' would match every row
        raise BadFilter(f"{name}: contains a NUL byte")
    return value or None


def _iso_date(value: str | None, name: str) -> str | None:
    value = _clean(value, name)
    if value is None:
        return None
    padded = {4: value + "-01-01", 7: value + "-01"}.get(len(value), value)
    try:  # accept YYYY, YYYY-MM or YYYY-MM-DD, like the analysis format's dates
        date.fromisoformat(padded)
    except ValueError as exc:
        raise BadFilter(f"{name}: '{value}' is not a date (YYYY-MM-DD)") from exc
    return value


def _number(value: str | None, name: str, low: float, high: float) -> float | None:
    value = _clean(value, name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError as exc:
        raise BadFilter(f"{name}: '{value}' is not a number") from exc
    if not low <= number <= high:
        raise BadFilter(f"{name}: {number} is outside {low}..{high}")
    return number


def event_query(
    type: str | None = Query(None, description="PLOVER event type, e.g. ASSAULT"),
    actor: str | None = Query(None, description="actor name (substring)"),
    country: str | None = Query(None, description="ISO 3166 alpha-2 country code"),
    place: str | None = Query(None, description="place name"),
    near_lat: str | None = Query(None, description="latitude of the centre of a radius search"),
    near_lon: str | None = Query(None, description="longitude of the centre of a radius search"),
    near_km: str | None = Query(None, description="radius in km (default 50)"),
    date_from: str | None = Query(None, description="earliest date, YYYY-MM-DD"),
    date_to: str | None = Query(None, description="latest date, YYYY-MM-DD"),
    status: str | None = Query(None, description="event status, e.g. reported"),
    outlet: str | None = Query(None, description="outlet name"),
) -> EventQuery:
    """FastAPI dependency: the filter parameters, validated.

    Parameters arrive as strings so an empty form field means "no filter"
    instead of a validation error.
    """
    etype = _clean(type, "type")
    stat = _clean(status, "status")
    if stat is not None and stat not in STATUSES:
        raise BadFilter(f"status: '{stat}' is not one of {', '.join(STATUSES)}")
    cc = _clean(country, "country")
    return EventQuery(
        type=etype.upper() if etype else None, actor=_clean(actor, "actor"),
        country=cc.upper() if cc else None, place=_clean(place, "place"),
        near_lat=_number(near_lat, "near_lat", -90, 90), near_lon=_number(near_lon, "near_lon", -180, 180),
        near_km=_number(near_km, "near_km", 0, 20000),
        date_from=_iso_date(date_from, "date_from"), date_to=_iso_date(date_to, "date_to"),
        status=stat, outlet=_clean(outlet, "outlet"),
    )


# The filters as a FastAPI dependency, for route signatures.
EventParams = Annotated[EventQuery, Depends(event_query)]
