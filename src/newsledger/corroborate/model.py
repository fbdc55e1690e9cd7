"""What corroboration works on (Mention) and produces (Incident)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Optional

# An undated event is taken to have happened within this many days before publication.
UNDATED_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Quantity:
    text: str
    value: float
    unit: Optional[str]
    approx: str


@dataclass(frozen=True)
class Mention:
    """One event as one article reports it (a row of the ledger's events table)."""

    article_id: str
    event_id: str
    type: str
    copy_of: str  # the first article of its near-copy group (itself when original)
    outlet: Optional[str] = None
    published: Optional[str] = None
    actor: Optional[str] = None
    actor_country: Optional[str] = None
    recipient: Optional[str] = None
    recipient_country: Optional[str] = None
    place: Optional[str] = None
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geo_precision: Optional[str] = None
    start: Optional[date] = None
    end: Optional[date] = None
    precision: Optional[str] = None
    dated: bool = False  # False when start/end come from the publication date
    status: str = "asserted"
    source_name: Optional[str] = None
    source_named: Optional[str] = None
    quantities: tuple[Quantity, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.event_id)

    @classmethod
    def from_row(cls, row: dict[str, Any], copy_of: Optional[str] = None) -> "Mention":
        start, end, dated = _days(row)
        raw = row.get("quantities") or "[]"
        quantities = tuple(
            Quantity(text=q.get("text", ""), value=float(q["value"]), unit=q.get("unit"),
                     approx=q.get("approx", "exact"))
            for q in (json.loads(raw) if isinstance(raw, str) else raw))
        return cls(
            article_id=row["article_id"], event_id=row["event_id"], type=row["type"],
            copy_of=copy_of or row.get("duplicate_of") or row["article_id"],
            outlet=row.get("outlet"), published=row.get("published"),
            actor=row.get("actor_name"), actor_country=row.get("actor_country"),
            recipient=row.get("recipient_name"), recipient_country=row.get("recipient_country"),
            place=row.get("place_name"), country=row.get("country"),
            lat=row.get("lat"), lon=row.get("lon"), geo_precision=row.get("geo_precision"),
            start=start, end=end, precision=row.get("date_precision"), dated=dated,
            status=row.get("status") or "asserted", source_name=row.get("source_name"),
            source_named=row.get("source_named"), quantities=quantities)


def _parse(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _days(row: dict[str, Any]) -> tuple[Optional[date], Optional[date], bool]:
    start, end = _parse(row.get("date_start")), _parse(row.get("date_end"))
    if start:
        return start, end or start, True
    published = _parse(row.get("published"))
    if published:
        return published - timedelta(days=UNDATED_WINDOW_DAYS), published, False
    return None, None, False


@dataclass
class Incident:
    """Event mentions from several articles judged to report one real occurrence."""

    id: str
    events: list[tuple[str, str]]  # (article_id, event_id)
    type: str
    first_reported: Optional[str]
    outlets: list[str]
    independent_sources: int  # reports left after merging copies and same-outlet reports
    named_sources: int
    unnamed_sources: int  # unnamed and partially named
    status: str
    contradictions: list[dict[str, Any]] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    date_start: Optional[str] = None
    date_end: Optional[str] = None
    place_name: Optional[str] = None
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    actors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["events"] = [list(pair) for pair in self.events]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Incident":
        values = dict(data)
        values["events"] = [tuple(pair) for pair in data["events"]]
        return cls(**values)
