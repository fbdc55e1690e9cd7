"""Filters over the events table, built as parameterised SQLAlchemy expressions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_

from newsledger.geodesy import EARTH_KM
from newsledger.ledger.schema import EventRow
from newsledger.limits import check_choice, check_day, check_near, check_text


@dataclass(frozen=True)
class EventFilter:
    """What `Ledger.events` selects; every field is optional and they combine with AND."""

    type: str | None = None  # PLOVER type, e.g. "ASSAULT" (case-insensitive)
    actor: str | None = None  # substring of the actor's or recipient's name
    country: str | None = None  # ISO 3166 alpha-2 code of the event's place
    place: str | None = None  # substring of the place name
    near: tuple[float, float, float] | None = None  # (lat, lon, km)
    date_from: str | None = None  # ISO day; events whose dates overlap [from, to]
    date_to: str | None = None
    status: str | None = None  # event status, e.g. "reported"
    outlet: str | None = None  # exact outlet name
    article: str | None = None  # one article's events

    def __post_init__(self) -> None:
        """The one check of filter values: the CLI and the web app build an EventFilter
        and show its BadQuery, so a bad value gets the same answer everywhere."""
        for name in (
            "type",
            "actor",
            "country",
            "place",
            "date_from",
            "date_to",
            "status",
            "outlet",
            "article",
        ):
            check_text(name, getattr(self, name))
        check_day("date_from", self.date_from)
        check_day("date_to", self.date_to)
        check_near("near", self.near)
        if self.status:
            from newsledger.models import EVENT_STATUSES  # pydantic: only when a status is asked

            check_choice("status", self.status, EVENT_STATUSES)


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def distance_km(lat: Any, lon: Any, lat0: float, lon0: float) -> Any:
    """`geodesy.distance_km` as a SQL expression, run by the database (SQLite gets the math
    functions registered)."""
    dlat = func.radians(lat - literal(lat0)) / 2
    dlon = func.radians(lon - literal(lon0)) / 2
    a = func.sin(dlat) * func.sin(dlat) + func.cos(func.radians(lat)) * math.cos(
        math.radians(lat0)
    ) * func.sin(dlon) * func.sin(dlon)
    return 2 * EARTH_KM * func.asin(func.sqrt(a))


def _near(near: tuple[float, float, float]) -> ColumnElement[bool]:
    lat0, lon0, km = near
    dlat = km / 111.0
    dlon = km / max(1e-6, 111.0 * math.cos(math.radians(min(89.0, abs(lat0)))))
    box = and_(
        EventRow.lat.between(lat0 - dlat, lat0 + dlat),
        EventRow.lon.between(lon0 - dlon, lon0 + dlon),
    )
    return and_(box, distance_km(EventRow.lat, EventRow.lon, lat0, lon0) <= km)


def conditions(flt: EventFilter) -> list[ColumnElement[bool]]:
    e = EventRow
    where: list[ColumnElement[bool]] = []
    if flt.type:
        where.append(e.type == flt.type.upper())
    if flt.actor:
        pattern = _like(flt.actor)
        where.append(
            or_(
                func.lower(e.actor_name).like(pattern, escape="\\"),
                func.lower(e.recipient_name).like(pattern, escape="\\"),
            )
        )
    if flt.country:
        where.append(e.country == flt.country.upper())
    if flt.place:
        where.append(func.lower(e.place_name).like(_like(flt.place), escape="\\"))
    if flt.near:
        where.append(_near(flt.near))
    if flt.date_from:
        where.append(func.coalesce(e.date_end, e.date_start) >= flt.date_from)
    if flt.date_to:
        where.append(e.date_start <= flt.date_to)
    if flt.status:
        where.append(e.status == flt.status.lower())
    if flt.outlet:
        where.append(e.outlet == flt.outlet)
    if flt.article:
        where.append(e.article_id == flt.article)
    return where


def apply(query: Select[Any], flt: EventFilter) -> Select[Any]:
    where = conditions(flt)
    return query.where(and_(*where)) if where else query
