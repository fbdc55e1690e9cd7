"""An Analysis flattened into the ledger's indexed rows (a pure projection)."""

from __future__ import annotations

import calendar
import json
from datetime import date, timedelta
from typing import Any

from newsledger.models import Analysis, Event, Place, Quantity, Source

Row = dict[str, Any]


def date_range(value: str | None, end: str | None = None) -> tuple[str | None, str | None]:
    """ISO day range covered by a date value: '2026-01' -> first..last day of the month."""
    start_day, end_day = _bounds(value)
    if end:
        end_day = _bounds(end)[1] or end_day
    return start_day, end_day


def _bounds(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    value = value.strip()[:10]
    try:
        if len(value) == 4:
            return f"{value}-01-01", f"{value}-12-31"
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            last = calendar.monthrange(year, month)[1]
            return f"{value}-01", f"{value}-{last:02d}"
        day = date.fromisoformat(value).isoformat()
        return day, day
    except ValueError:
        return None, None


def widen(
    start: str | None, end: str | None, precision: str | None
) -> tuple[str | None, str | None]:
    """A week-precision day widened to the week around it."""
    if start and end and start == end and precision == "week":
        day = date.fromisoformat(start)
        return (day - timedelta(days=3)).isoformat(), (day + timedelta(days=3)).isoformat()
    return start, end


def _place(analysis: Analysis, event: Event) -> Place | None:
    if not event.place:
        return None
    return next((p for p in analysis.places if p.id == event.place), None)


def _source(analysis: Analysis, event: Event) -> Source | None:
    if not event.attribution:
        return None
    attribution = next((a for a in analysis.attributions if a.id == event.attribution), None)
    if attribution is None or attribution.source is None:
        return None
    return next((s for s in analysis.sources if s.id == attribution.source), None)


def event_quantities(analysis: Analysis, event: Event) -> list[Quantity]:
    """The event's quantities, or else those inside its sentence (extractors may not link them)."""
    if event.quantities:
        wanted = set(event.quantities)
        return [q for q in analysis.quantities if q.id in wanted]
    s = event.sentence
    return [q for q in analysis.quantities if q.start >= s.start and q.end <= s.end]


def _where(analysis: Analysis, event: Event) -> Row:
    place, loc = _place(analysis, event), event.location
    name = (loc.name if loc else None) or (place.name if place else None)
    lat = loc.lat if loc and loc.lat is not None else (place.lat if place else None)
    lon = loc.lon if loc and loc.lon is not None else (place.lon if place else None)
    country = (loc.country if loc else None) or (place.country if place else None)
    precision = loc.precision if loc else ("point" if place and place.lat is not None else None)
    return {
        "place_name": name,
        "lat": lat,
        "lon": lon,
        "country": country,
        "geo_precision": precision,
    }


def _when(event: Event) -> Row:
    when = event.when
    if when is None:
        return {"date_start": None, "date_end": None, "date_precision": None, "when_text": None}
    start, end = widen(*date_range(when.start, when.end), when.precision)
    return {
        "date_start": start,
        "date_end": end,
        "date_precision": when.precision,
        "when_text": when.text,
    }


def event_row(analysis: Analysis, event: Event) -> Row:
    article = analysis.article
    source = _source(analysis, event)
    quantities = [
        {"id": q.id, "text": q.text, "value": q.value, "unit": q.unit, "approx": q.approx}
        for q in event_quantities(analysis, event)
    ]
    return {
        "article_id": article.id,
        "event_id": event.id,
        "type": event.type,
        "mode": event.mode,
        "acled_event_type": event.acled.event_type if event.acled else None,
        "acled_sub_event_type": event.acled.sub_event_type if event.acled else None,
        "cameo": event.cameo,
        "actor_name": event.actor.name if event.actor else None,
        "actor_kind": event.actor.kind if event.actor else None,
        "actor_country": event.actor.country if event.actor else None,
        "recipient_name": event.recipient.name if event.recipient else None,
        "recipient_kind": event.recipient.kind if event.recipient else None,
        "recipient_country": event.recipient.country if event.recipient else None,
        **_where(analysis, event),
        **_when(event),
        "status": event.status,
        "outlet": article.outlet,
        "published": article.published,
        "sentence": event.sentence.text,
        "trigger": event.trigger.text,
        "source_id": source.id if source else None,
        "source_name": source.name if source else None,
        "source_named": source.named if source else None,
        "quantities": json.dumps(quantities, ensure_ascii=False),
    }


def source_rows(analysis: Analysis) -> list[Row]:
    article = analysis.article
    counts: dict[str, int] = {}
    for attribution in analysis.attributions:
        if attribution.source:
            counts[attribution.source] = counts.get(attribution.source, 0) + 1
    return [
        {
            "article_id": article.id,
            "source_id": s.id,
            "name": s.name,
            "kind": s.kind,
            "named": s.named,
            "affiliation": s.affiliation,
            "anonymity_reason": s.anonymity_reason,
            "descriptors": json.dumps(s.descriptors, ensure_ascii=False),
            "mentions": len(s.mentions),
            "attributions": counts.get(s.id, 0),
            "outlet": article.outlet,
            "published": article.published,
        }
        for s in analysis.sources
    ]


def article_row(analysis: Analysis, added_at: str) -> Row:
    a = analysis.article
    return {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet,
        "author": a.author,
        "published": a.published,
        "language": a.language,
        "text": a.text,
        "analysis": json.dumps(analysis.to_dict(), ensure_ascii=False),
        "n_events": len(analysis.events),
        "n_sources": len(analysis.sources),
        "n_caveats": len(analysis.caveats),
        "added_at": added_at,
    }
