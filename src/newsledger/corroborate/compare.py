"""Pairwise judgements between two event mentions: time, place, actors.

Each returns a Relation: MATCH (positive evidence they are one incident), WEAK
(consistent, some evidence), UNKNOWN (nothing to compare), or CONFLICT.
"""

from __future__ import annotations

import math
import re
from enum import IntEnum
from functools import lru_cache
from typing import Optional

from newsledger.corroborate.model import Mention

# How far apart two places may be and still be one incident, by the coarser precision.
RADIUS_KM = {"point": 35.0, "region": 150.0, "country": 800.0}
DEFAULT_RADIUS_KM = 35.0
# Two dated mentions this many days apart may still report one incident (the
# difference is then a contradiction); undated ones use their publication window.
DATE_SLACK_DAYS = 1
_STOP = frozenset({"the", "a", "an", "of", "and", "al", "el"})
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


class Relation(IntEnum):
    CONFLICT = -1
    UNKNOWN = 0
    WEAK = 1
    MATCH = 2


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def day_gap(a: Mention, b: Mention) -> Optional[int]:
    """Days between two mentions' date ranges (0 when they overlap), None if undated."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return None
    if a.end < b.start:
        return (b.start - a.end).days
    if b.end < a.start:
        return (a.start - b.end).days
    return 0


def time_relation(a: Mention, b: Mention) -> Relation:
    gap = day_gap(a, b)
    if gap is None:
        return Relation.UNKNOWN
    if gap > DATE_SLACK_DAYS:
        return Relation.CONFLICT
    return Relation.WEAK if gap or not (a.dated and b.dated) else Relation.MATCH


def radius(a: Mention, b: Mention) -> float:
    return max(RADIUS_KM.get(a.geo_precision or "", DEFAULT_RADIUS_KM),
               RADIUS_KM.get(b.geo_precision or "", DEFAULT_RADIUS_KM))


@lru_cache(maxsize=65536)
def tokens(name: Optional[str]) -> frozenset[str]:
    if not name:
        return frozenset()
    return frozenset(t for t in _TOKEN.findall(name.lower()) if t not in _STOP and len(t) > 1)


def place_relation(a: Mention, b: Mention) -> Relation:
    coarse = "country" in (a.geo_precision, b.geo_precision)
    if None not in (a.lat, a.lon, b.lat, b.lon):
        near = haversine_km(a.lat, a.lon, b.lat, b.lon) <= radius(a, b)  # type: ignore[arg-type]
        if not near:
            return Relation.CONFLICT
        return Relation.WEAK if coarse else Relation.MATCH
    if a.place and b.place and tokens(a.place) == tokens(b.place) and tokens(a.place):
        return Relation.WEAK if coarse else Relation.MATCH
    if a.country and b.country:
        return Relation.WEAK if a.country == b.country else Relation.CONFLICT
    return Relation.UNKNOWN


def _similar(x: frozenset[str], y: frozenset[str]) -> bool:
    # "police" and "Iraqi police" are one actor; "Iraqi police" and "Iraqi army" are not.
    return bool(x and y) and (x <= y or y <= x or len(x & y) / len(x | y) >= 0.5)


def actor_relation(a: Mention, b: Mention) -> Relation:
    names_a = [tokens(n) for n in (a.actor, a.recipient) if n]
    names_b = [tokens(n) for n in (b.actor, b.recipient) if n]
    if any(_similar(x, y) for x in names_a for y in names_b):
        return Relation.MATCH
    if not names_a or not names_b:
        return Relation.UNKNOWN
    countries_a = {c for c in (a.actor_country, a.recipient_country) if c}
    countries_b = {c for c in (b.actor_country, b.recipient_country) if c}
    if countries_a and countries_b and not countries_a & countries_b:
        return Relation.CONFLICT
    return Relation.UNKNOWN


def evidence(a: Mention, b: Mention) -> Optional[float]:
    """How strongly two mentions look like one incident; None when they cannot be."""
    if a.type != b.type:
        return None
    relations = (time_relation(a, b), place_relation(a, b), actor_relation(a, b))
    if Relation.CONFLICT in relations:
        return None
    when, where, who = relations
    score = {Relation.MATCH: 1.0, Relation.WEAK: 0.4}.get(where, 0.0) \
        + {Relation.MATCH: 1.0}.get(who, 0.0) + (0.3 if when is Relation.MATCH else 0.0)
    return score
