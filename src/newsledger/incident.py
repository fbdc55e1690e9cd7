"""What corroboration works on (Mention) and produces (Incident)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import cached_property
from typing import Any

# An undated event is taken to have happened within this many days before publication.
UNDATED_WINDOW_DAYS = 7
PRECISE_DATES = ("day", "week")


@dataclass(frozen=True)
class Quantity:
    text: str
    value: float
    unit: str | None
    approx: str


@dataclass(frozen=True)
class PlaceRef:
    """Where a mention may be: one located place of its article's events of that type."""

    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: str | None


@dataclass(frozen=True)
class Mention:
    """One event as one article reports it (a row of the ledger's events table)."""

    article_id: str
    event_id: str
    type: str
    copy_of: str  # the first article of its near-copy group (itself when original)
    outlet: str | None = None
    published: str | None = None
    actor: str | None = None
    actor_country: str | None = None
    recipient: str | None = None
    recipient_country: str | None = None
    place: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    start: date | None = None
    end: date | None = None
    precision: str | None = None
    dated: bool = False  # False when start/end come from the publication date
    status: str = "asserted"
    source_name: str | None = None
    source_named: str | None = None
    quantities: tuple[Quantity, ...] = ()
    sentence: str = ""
    # The places of all this article's mentions of the same type: extractors often
    # give one trigger a wrong place and its neighbour the right one.
    places: tuple[PlaceRef, ...] = ()
    # Actor names (token sets) so common among reports of this type that they identify nothing.
    generic: frozenset[frozenset[str]] = frozenset()

    @property
    def precise(self) -> bool:
        """Dated to the day or the week (not just a month, a year, or the publication)."""
        return self.dated and self.precision in PRECISE_DATES

    @cached_property
    def own_place(self) -> PlaceRef:
        return PlaceRef(self.place, self.country, self.lat, self.lon, self.geo_precision)

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.event_id)

    @classmethod
    def from_row(cls, row: dict[str, Any], copy_of: str | None = None) -> Mention:
        start, end, dated = _days(row)
        raw = row.get("quantities") or "[]"
        quantities = tuple(
            Quantity(
                text=q.get("text", ""),
                value=float(q["value"]),
                unit=q.get("unit"),
                approx=q.get("approx", "exact"),
            )
            for q in (json.loads(raw) if isinstance(raw, str) else raw)
        )
        return cls(
            article_id=row["article_id"],
            event_id=row["event_id"],
            type=row["type"],
            copy_of=copy_of or row.get("duplicate_of") or row["article_id"],
            outlet=row.get("outlet"),
            published=row.get("published"),
            actor=row.get("actor_name"),
            actor_country=row.get("actor_country"),
            recipient=row.get("recipient_name"),
            recipient_country=row.get("recipient_country"),
            place=row.get("place_name"),
            country=row.get("country"),
            lat=row.get("lat"),
            lon=row.get("lon"),
            geo_precision=row.get("geo_precision"),
            start=start,
            end=end,
            precision=row.get("date_precision"),
            dated=dated,
            status=row.get("status") or "asserted",
            source_name=row.get("source_name"),
            source_named=row.get("source_named"),
            quantities=quantities,
            sentence=row.get("sentence") or "",
        )


def _parse(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _days(row: dict[str, Any]) -> tuple[date | None, date | None, bool]:
    start, end = _parse(row.get("date_start")), _parse(row.get("date_end"))
    if start:
        return start, end or start, True
    published = _parse(row.get("published"))
    if published:
        return published - timedelta(days=UNDATED_WINDOW_DAYS), published, False
    return None, None, False


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def incident_title(incident: Incident) -> str:
    """Type, place, date and how many reports and outlets, joined by middle dots."""
    when = incident.date_start or (incident.first_reported or "")[:10]
    reports = _count(len(incident.articles), "report")
    if incident.outlets:
        reports += ", " + _count(len(incident.outlets), "outlet")
    parts = [incident.type, incident.place_name or incident.country, when or None, reports]
    return " · ".join(p for p in parts if p)


@dataclass
class Incident:
    """Event mentions from several articles judged to report one real occurrence."""

    id: str
    events: list[tuple[str, str]]  # (article_id, event_id)
    type: str
    first_reported: str | None
    outlets: list[str]
    independent_sources: int  # reports left after merging copies and same-outlet reports
    named_sources: int
    unnamed_sources: int  # unnamed and partially named
    status: str
    contradictions: list[dict[str, Any]] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    date_start: str | None = None
    date_end: str | None = None
    place_name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    actors: list[str] = field(default_factory=list)
    # A line a person can scan: "ASSAULT · Deir ez-Zor · 2026-03-04 · 3 reports, 2 outlets".
    title: str = ""

    def __post_init__(self) -> None:
        if not self.title:
            self.title = incident_title(self)

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: its deep copies dominate when thousands are stored.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["events"] = [list(pair) for pair in self.events]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Incident:
        values = dict(data)
        values["events"] = [tuple(pair) for pair in data["events"]]
        return cls(**values)
