"""Grouping event mentions from different articles into incidents.

Greedy, time-ordered clustering within each event type: a mention joins the
incident it has the most evidence for, provided it conflicts with no member
(complete linkage against conflicts, so a chain of loose matches cannot pull
two different attacks together) and has real evidence (a matching place or
actor, not just the type and a date) with at least one member.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from newsledger.corroborate.compare import SAME_ARTICLE, evidence, tokens
from newsledger.corroborate.model import Incident, Mention, PlaceRef
from newsledger.corroborate.rollup import build_incident

MIN_EVIDENCE = 1.0  # a place match or an actor match
WINDOW_DAYS = 14  # incidents whose last mention ended longer ago are closed
# An actor named in more articles of a type than this (and this share of them)
# is generic ("protesters", "police"): matching it is weak evidence.
GENERIC_MIN_ARTICLES = 3
GENERIC_SHARE = 0.2


@dataclass
class _Cluster:
    members: list[Mention] = field(default_factory=list)
    last: date | None = None

    def score(self, mention: Mention) -> float | None:
        """Mean, over the other articles in the incident, of the best evidence with each.

        Any conflict with a member rules the mention out; a mention whose own
        article is already in the incident joins it (its sibling trigger).
        """
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


def _cluster_type(mentions: list[Mention]) -> list[list[Mention]]:
    open_clusters: list[_Cluster] = []
    closed: list[_Cluster] = []
    for mention in mentions:
        if mention.start is not None:
            horizon = mention.start - timedelta(days=WINDOW_DAYS)
            still = [c for c in open_clusters if c.last is None or c.last >= horizon]
            closed.extend(c for c in open_clusters if not (c.last is None or c.last >= horizon))
            open_clusters = still
        scored = [(s, i) for i, c in enumerate(open_clusters)
                  if (s := c.score(mention)) is not None]
        if scored:
            target = open_clusters[max(scored)[1]]
        else:
            target = _Cluster()
            open_clusters.append(target)
        target.members.append(mention)
        if mention.end is not None and (target.last is None or mention.end > target.last):
            target.last = mention.end
    return [c.members for c in closed + open_clusters]


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
            m = replace(m, start=min(d.start for d in dated if d.start),
                        end=max(d.end for d in dated if d.end), dated=True,
                        precision=dated[0].precision)
        pooled.append(m)
    return pooled


def group_rows(rows: Iterable[dict[str, Any]]) -> list[Incident]:
    """Incidents from ledger event rows (with their article's ``duplicate_of``)."""
    return group_mentions(pool_siblings([Mention.from_row(row) for row in rows]))
