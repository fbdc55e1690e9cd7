"""Grouping event mentions from different articles into incidents.

Greedy, time-ordered clustering within each event type: a mention joins the
incident it has the most evidence for, provided it conflicts with no member
(complete linkage against conflicts, so a chain of loose matches cannot pull
two different attacks together) and has real evidence (a matching place or
actor, not just the type and a date) with at least one member.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from newsledger.corroborate.compare import DATE_SLACK_DAYS, SAME_ARTICLE, evidence, tokens
from newsledger.corroborate.rollup import build_incident
from newsledger.incident import Incident, Mention, PlaceRef

MIN_EVIDENCE = 1.0  # a place match or an actor match
# An incident whose dates ended more than the allowed slack before the next
# mention (mentions come in date order) can take no more mentions: close it.
WINDOW_DAYS = DATE_SLACK_DAYS + 1
# An actor named in more articles of a type than this (and this share of them)
# is generic ("protesters", "police"): matching it is weak evidence.
GENERIC_MIN_ARTICLES = 3
# Grid for blocking: cells of this many degrees, searched this many cells around,
# cover the largest point/region radius (150 km) with room to spare.
CELL_DEGREES = 1.0
CELL_REACH = 2
GENERIC_SHARE = 0.2


@dataclass
class _Cluster:
    members: list[Mention] = field(default_factory=list)
    first: date | None = None  # earliest start and latest end of the dated members
    last: date | None = None

    def add(self, mention: Mention) -> None:
        self.members.append(mention)
        if mention.start is not None and (self.first is None or mention.start < self.first):
            self.first = mention.start
        if mention.end is not None and (self.last is None or mention.end > self.last):
            self.last = mention.end

    def excludes(self, mention: Mention) -> bool:
        """Cheap certain rejections before scoring every member: too far in time from all
        dated members, or in conflict with the first member."""
        if mention.start and mention.end and self.first and self.last:
            gap = max((mention.start - self.last).days, (self.first - mention.end).days, 0)
            if gap > DATE_SLACK_DAYS:
                return True
        return evidence(self.members[0], mention) is None

    def score(self, mention: Mention) -> float | None:
        """Mean, over the other articles in the incident, of the best evidence with each.

        Any conflict with a member rules the mention out; a mention whose own
        article is already in the incident joins it (its sibling trigger).
        """
        if self.excludes(mention):
            return None
        best: dict[str, float] = {}
        for member in self.members:
            value = evidence(member, mention)
            if value is None:
                return None
            best[member.article_id] = max(best.get(member.article_id, 0.0), value)
        if mention.article_id in best:
            return SAME_ARTICLE
        mean = sum(best.values()) / len(best) if best else 0.0
        return mean if mean >= MIN_EVIDENCE else None


def _order(m: Mention) -> tuple[date, str, str]:
    return (m.start or date.max, m.article_id, m.event_id)


def cluster(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """Mentions grouped into incidents (each a list of mentions)."""
    by_type: dict[str, list[Mention]] = {}
    for m in mentions:
        by_type.setdefault(m.type, []).append(m)
    groups: list[list[Mention]] = []
    for same_type in by_type.values():
        groups.extend(_cluster_type(sorted(same_type, key=_order)))
    return groups


def _cells(mention: Mention) -> list[tuple[int, int]] | None:
    """Grid cells of all the mention's places, or None when one of them is not a
    located point or region (such mentions and incidents are compared with all)."""
    places = mention.places or (mention.own_place,)
    cells = []
    for p in places:
        if p.lat is None or p.lon is None or p.precision not in ("point", "region"):
            return None
        cells.append((math.floor(p.lat / CELL_DEGREES), math.floor(p.lon / CELL_DEGREES)))
    return cells


class _OpenIncidents:
    """Incidents that may still take mentions, indexed by the grid cells of their first
    mention: a mention is scored only against incidents that could be near it."""

    def __init__(self) -> None:
        self.all: list[_Cluster] = []
        self.closed: list[_Cluster] = []
        self.loose: list[_Cluster] = []  # first mention without a located point or region
        self.grid: dict[tuple[int, int], list[_Cluster]] = {}

    def close_before(self, day: date) -> None:
        done = [c for c in self.all if c.last is not None and c.last < day]
        if not done:
            return
        gone = {id(c) for c in done}
        self.closed.extend(done)
        self.all = [c for c in self.all if id(c) not in gone]
        self.loose = [c for c in self.loose if id(c) not in gone]
        self.grid = {
            k: kept for k, v in self.grid.items() if (kept := [c for c in v if id(c) not in gone])
        }

    def candidates(self, mention: Mention) -> list[_Cluster]:
        cells = _cells(mention)
        if cells is None:
            return self.all
        found: dict[int, _Cluster] = {id(c): c for c in self.loose}
        for lat, lon in cells:
            for dlat in range(-CELL_REACH, CELL_REACH + 1):
                for dlon in range(-CELL_REACH, CELL_REACH + 1):
                    found.update((id(c), c) for c in self.grid.get((lat + dlat, lon + dlon), ()))
        return list(found.values())

    def open(self, mention: Mention) -> _Cluster:
        cluster = _Cluster()
        self.all.append(cluster)
        cells = _cells(mention)
        if cells is None:
            self.loose.append(cluster)
        for cell in set(cells or ()):
            self.grid.setdefault(cell, []).append(cluster)
        return cluster


def _cluster_type(mentions: list[Mention]) -> list[list[Mention]]:
    incidents = _OpenIncidents()
    for mention in mentions:
        if mention.start is not None:
            incidents.close_before(mention.start - timedelta(days=WINDOW_DAYS))
        scored = [
            (s, i, c)
            for i, c in enumerate(incidents.candidates(mention))
            if (s := c.score(mention)) is not None
        ]
        target = max(scored, key=lambda t: (t[0], t[1]))[2] if scored else incidents.open(mention)
        target.add(mention)
    return [c.members for c in incidents.closed + incidents.all]


def incident_id(members: list[Mention]) -> str:
    first = min(m.key for m in members)
    return "I" + hashlib.sha1("/".join(first).encode()).hexdigest()[:11]


def group_mentions(mentions: Iterable[Mention]) -> list[Incident]:
    return [build_incident(incident_id(members), members) for members in cluster(mentions)]


def generic_actors(mentions: list[Mention]) -> dict[str, frozenset[frozenset[str]]]:
    """Per event type, the actor names (as token sets) too common to identify an incident."""
    articles: dict[str, set[str]] = {}
    named: dict[tuple[str, frozenset[str]], set[str]] = {}
    for m in mentions:
        articles.setdefault(m.type, set()).add(m.article_id)
        for name in (m.actor, m.recipient):
            if name:
                named.setdefault((m.type, tokens(name)), set()).add(m.article_id)
    found: dict[str, set[frozenset[str]]] = {}
    for (type_, name_tokens), where in named.items():
        if len(where) > max(GENERIC_MIN_ARTICLES, GENERIC_SHARE * len(articles[type_])):
            found.setdefault(type_, set()).add(name_tokens)
    return {t: frozenset(names) for t, names in found.items()}


def pool_siblings(mentions: list[Mention]) -> list[Mention]:
    """Share what one article says about an event type among its mentions of that type.

    Each mention gets the places of its siblings (extractors often give one
    trigger a wrong place and its neighbour the right one), and a mention dated
    vaguely ("this year") or not at all takes its siblings' day-precise dates
    instead of the publication window.
    """
    places: dict[tuple[str, str], dict[PlaceRef, None]] = {}
    dates: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        key = (m.article_id, m.type)
        if m.place or m.country or m.lat is not None:
            places.setdefault(key, {})[m.own_place] = None
        if m.precise:
            dates.setdefault(key, []).append(m)
    generic = generic_actors(mentions)
    pooled = []
    for m in mentions:
        key = (m.article_id, m.type)
        m = replace(m, places=tuple(places.get(key, {})), generic=generic.get(m.type, frozenset()))
        dated = dates.get(key)
        if not m.precise and dated:
            m = replace(
                m,
                start=min(d.start for d in dated if d.start),
                end=max(d.end for d in dated if d.end),
                dated=True,
                precision=dated[0].precision,
            )
        pooled.append(m)
    return pooled


def group_rows(rows: Iterable[dict[str, Any]]) -> list[Incident]:
    """Incidents from ledger event rows (with their article's ``duplicate_of``)."""
    return group_mentions(pool_siblings([Mention.from_row(row) for row in rows]))
