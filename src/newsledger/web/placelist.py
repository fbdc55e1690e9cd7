"""The article view's place list: each place once, with how often it is mentioned and its events.

An analysis holds one Place per mention ("Iraq" thirty times in a long report);
the reader wants each place once. Mentions are merged by gazetteer id, else by
resolved name and country; an event belongs to a place when it points at one of
its mentions or its location carries the place's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsledger.models import Analysis, Place


@dataclass
class PlaceSummary:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    mentions: int = 0
    events: list[tuple[str, str]] = field(default_factory=list)  # (event id, type)


def _key(p: Place) -> tuple[object, ...]:
    return ("g", p.geonameid) if p.geonameid is not None else ("n", p.name.lower(), p.country)


def place_summaries(analysis: Analysis) -> list[PlaceSummary]:
    """Each distinct place of the article, most mentioned first (ties in text order)."""
    found: dict[tuple[object, ...], PlaceSummary] = {}
    of_mention: dict[str, tuple[object, ...]] = {}
    for place in sorted(analysis.places, key=lambda p: p.start):
        key = _key(place)
        summary = found.setdefault(
            key, PlaceSummary(place.name, place.country, place.lat, place.lon)
        )
        summary.mentions += 1
        of_mention[place.id] = key
    by_name = {(s.name.lower(), s.country): k for k, s in found.items()}
    for event in analysis.events:
        home = of_mention.get(event.place or "")
        if home is None and event.location is not None:
            home = by_name.get((event.location.name.lower(), event.location.country))
        if home is not None:
            found[home].events.append((event.id, event.type))
    ranked = list(enumerate(found.values()))  # dicts keep text order
    return [s for _, s in sorted(ranked, key=lambda pair: (-pair[1].mentions, pair[0]))]
