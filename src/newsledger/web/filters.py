"""Event filters from query parameters, shared by the events page, map, timeline and API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query

if TYPE_CHECKING:
    from newsledger.ledger import EventFilter


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

    def to_filter(self) -> EventFilter:
        """The ledger's filter, which checks the values (a BadQuery: the app answers 400)."""
        from newsledger.ledger import EventFilter

        near = None
        if self.near_lat is not None and self.near_lon is not None:
            near = (
                self.near_lat,
                self.near_lon,
                self.near_km if self.near_km is not None else 50.0,
            )
        return EventFilter(
            type=self.type,
            actor=self.actor,
            country=self.country,
            place=self.place,
            near=near,
            date_from=self.date_from,
            date_to=self.date_to,
            status=self.status,
            outlet=self.outlet,
        )

    def params(self) -> dict[str, str]:
        """The filters that are set, as query parameters (for links and the map's API call)."""
        return {k: str(v) for k, v in self.__dict__.items() if v is not None}

    def query_string(self, **extra: object) -> str:
        values = {**self.params(), **{k: str(v) for k, v in extra.items() if v is not None}}
        return urlencode(values)


def given(value: str | None) -> str | None:
    """A query parameter's text; a blank form field means "not given"."""
    return (value or "").strip() or None


def _number(value: str | None, name: str) -> float | None:
    """The number a parameter spells; whether it is in range is the filter's to say."""
    value = given(value)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise BadFilter(f"{name}: '{value}' is not a number") from exc


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
    """FastAPI dependency: the filter parameters, validated by the ledger's EventFilter
    (the CLI's filters go through the same check).

    Parameters arrive as strings so an empty form field means "no filter"
    instead of a validation error.
    """
    etype, cc, stat = given(type), given(country), given(status)
    query = EventQuery(
        type=etype.upper() if etype else None,
        actor=given(actor),
        country=cc.upper() if cc else None,
        place=given(place),
        near_lat=_number(near_lat, "near_lat"),
        near_lon=_number(near_lon, "near_lon"),
        near_km=_number(near_km, "near_km"),
        date_from=given(date_from),
        date_to=given(date_to),
        status=stat.lower() if stat else None,
        outlet=given(outlet),
    )
    query.to_filter()
    return query


# The filters as a FastAPI dependency, for route signatures.
EventParams = Annotated[EventQuery, Depends(event_query)]
