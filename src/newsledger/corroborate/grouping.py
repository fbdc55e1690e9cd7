"""Grouping event mentions from different articles into incidents.

Greedy, time-ordered clustering within each event type: a mention joins the
incident it has the most evidence for, provided it conflicts with no member
(complete linkage against conflicts, so a chain of loose matches cannot pull
two different attacks together) and has real evidence (a matching place or
actor, not just the type and a date) with at least one member.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Optional

from newsledger.corroborate.compare import evidence
from newsledger.corroborate.model import Incident, Mention
from newsledger.corroborate.rollup import build_incident

MIN_EVIDENCE = 1.0  # a place match or an actor match
WINDOW_DAYS = 14  # incidents whose last mention ended longer ago are closed


@dataclass
class _Cluster:
    members: list[Mention] = field(default_factory=list)
    last: Optional[date] = None

    def score(self, mention: Mention) -> Optional[float]:
        best = 0.0
        for member in self.members:
            if member.article_id == mention.article_id:
                continue  # one article naming an event twice is no corroboration
            value = evidence(member, mention)
            if value is None:
                return None
            best = max(best, value)
        return best if best >= MIN_EVIDENCE else None


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


def group_rows(rows: Iterable[dict[str, Any]]) -> list[Incident]:
    """Incidents from ledger event rows (with their article's ``duplicate_of``)."""
    return group_mentions(Mention.from_row(row) for row in rows)
