"""Pairwise judgements between two event mentions: time, place, actors, wording.

Each returns a Relation: MATCH (positive evidence they are one incident), WEAK
(consistent, some evidence), UNKNOWN (nothing to compare), or CONFLICT.
"""

from __future__ import annotations

import calendar
import re
from enum import IntEnum
from functools import lru_cache

from newsledger.geodesy import distance_km
from newsledger.incident import Mention, PlaceRef

# How far apart two places may be and still be one incident, by the coarser precision.
RADIUS_KM = {"point": 35.0, "region": 150.0, "country": 800.0}
DEFAULT_RADIUS_KM = 35.0
KM_PER_DEGREE = 111.19  # of latitude
CLOSE_SHARE = 1 / 3  # within this share of the radius two places count as the same town
# Two dated mentions this many days apart may still report one incident (the
# difference is then a contradiction); undated ones use their publication window.
DATE_SLACK_DAYS = 1
# Evidence weights: a place or an actor match alone is enough to group.
PLACE_WEIGHT = {"match": 1.0, "weak": 0.4}
ACTOR_WEIGHT = {"match": 1.0, "weak": 0.3}
SAME_DAY_WEIGHT = 0.3
WORDING = ((0.5, 1.0), (0.3, 0.5))  # (overlap of content words, weight), best first
SAME_ARTICLE = 1.0  # one article's mentions of a type join unless they conflict
# Dated mentions a day apart need more than one kind of evidence: the same town
# often has another protest or attack the next day.
NEXT_DAY_MIN = 1.5
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


class Relation(IntEnum):
    CONFLICT = -1
    UNKNOWN = 0
    WEAK = 1
    MATCH = 2


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    # Day and month names say nothing the dates do not already say.
    calendar_words = {w.lower() for w in (*calendar.day_name, *calendar.month_name) if w}
    return frozenset(STOP_WORDS) | calendar_words | {"al", "el", "said", "says", "told"}


def day_gap(a: Mention, b: Mention) -> int | None:
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
    precise = a.dated and b.dated and a.precise and b.precise
    return Relation.MATCH if precise and not gap else Relation.WEAK


@lru_cache(maxsize=65536)
def tokens(name: str | None) -> frozenset[str]:
    """Content words of a name or sentence, lower-cased and stemmed."""
    if not name:
        return frozenset()
    stop = _stop_words()
    return frozenset(stem(t) for t in _TOKEN.findall(name.lower()) if len(t) > 1 and t not in stop)


def stem(word: str) -> str:
    """A crude English stem, enough to match attack/attacked/attacks, kill/killing."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _place_pair(a: PlaceRef, b: PlaceRef) -> Relation:
    coarse = "country" in (a.precision, b.precision)
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        limit = max(
            RADIUS_KM.get(a.precision or "", DEFAULT_RADIUS_KM),
            RADIUS_KM.get(b.precision or "", DEFAULT_RADIUS_KM),
        )
        if abs(a.lat - b.lat) * KM_PER_DEGREE > limit:
            return Relation.CONFLICT  # cheap: latitude alone is too far apart
        distance = distance_km(a.lat, a.lon, b.lat, b.lon)
        if distance > limit:
            return Relation.CONFLICT
        # Same town: a match; the next town within the radius: only consistent.
        return Relation.WEAK if coarse or distance > limit * CLOSE_SHARE else Relation.MATCH
    if a.name and b.name and tokens(a.name) and tokens(a.name) == tokens(b.name):
        return Relation.WEAK if coarse else Relation.MATCH
    if a.country and b.country:
        return Relation.WEAK if a.country == b.country else Relation.CONFLICT
    return Relation.UNKNOWN


def place_relation(a: Mention, b: Mention) -> Relation:
    """The relation of the two mentions' own places; when those conflict or are unknown,
    the best relation of their articles' sibling places (a same-town match counts as WEAK)."""
    own = _place_pair(a.own_place, b.own_place)
    if own > Relation.UNKNOWN or not (a.places and b.places):
        return own
    pooled = max(_place_pair(x, y) for x in a.places for y in b.places)
    if pooled is Relation.MATCH:  # a country-level or next-town sibling rescues nothing
        return Relation.WEAK
    # An unplaced mention is taken to be where its article's other mentions are.
    return Relation.CONFLICT if pooled is Relation.CONFLICT else own


def _similar(x: frozenset[str], y: frozenset[str]) -> bool:
    # "police" and "Iraqi police" are one actor; "Iraqi police" and "Iraqi army" are not.
    return bool(x and y) and (x <= y or y <= x or len(x & y) / len(x | y) >= 0.5)


def actor_relation(a: Mention, b: Mention) -> Relation:
    """MATCH on a shared distinctive actor, WEAK on a shared generic one ("protesters")."""
    names_a = [tokens(n) for n in (a.actor, a.recipient) if n]
    names_b = [tokens(n) for n in (b.actor, b.recipient) if n]
    shared = [(x, y) for x in names_a for y in names_b if _similar(x, y)]
    generic = a.generic | b.generic
    if any(x not in generic and y not in generic for x, y in shared):
        return Relation.MATCH
    if shared:
        return Relation.WEAK
    if not names_a or not names_b:
        return Relation.UNKNOWN
    countries_a = {c for c in (a.actor_country, a.recipient_country) if c}
    countries_b = {c for c in (b.actor_country, b.recipient_country) if c}
    if countries_a and countries_b and not countries_a & countries_b:
        return Relation.CONFLICT
    return Relation.UNKNOWN


def wording(a: Mention, b: Mention) -> float:
    """Evidence from shared content words of the two sentences (overlap coefficient)."""
    x, y = tokens(a.sentence), tokens(b.sentence)
    if not x or not y:
        return 0.0
    overlap = len(x & y) / min(len(x), len(y))
    return next((weight for least, weight in WORDING if overlap >= least), 0.0)


def evidence(a: Mention, b: Mention) -> float | None:
    """How strongly two mentions look like one incident; None when they cannot be."""
    if a.type != b.type:
        return None
    when = time_relation(a, b)
    if when is Relation.CONFLICT:
        return None
    where = place_relation(a, b)
    if where is Relation.CONFLICT:
        return None
    who = actor_relation(a, b)
    if who is Relation.CONFLICT:
        return None
    if a.article_id == b.article_id:
        return SAME_ARTICLE
    score = (
        PLACE_WEIGHT.get(where.name.lower(), 0.0)
        + ACTOR_WEIGHT.get(who.name.lower(), 0.0)
        + (SAME_DAY_WEIGHT if when is Relation.MATCH else 0.0)
        + wording(a, b)
    )
    gap = day_gap(a, b)
    if gap and a.dated and b.dated and score < NEXT_DAY_MIN:
        return 0.0
    return score
