"""An incident's summary: who reported it, how independently, and where reports disagree."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from newsledger.incident import Incident, Mention, Quantity
from newsledger.knowledge import load_records

# Relative margin an "about N" figure allows either side (at least one unit).
ABOUT_MARGIN = 0.2
# Status roll-up: how much an incident's mentions commit to it happening.
_FIRM = ("asserted", "reported", "unverified")
# A role cue counts when it is this many characters before or after the figure.
ROLE_BEFORE = 12
ROLE_AFTER = 45
PEOPLE_ROLES = ("dead", "injured", "arrested", "missing", "crowd")


def independent_reports(members: list[Mention]) -> int:
    """Reports left after merging near-copies and reports by one outlet."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for m in members:
        root = find("a:" + m.copy_of)
        parent[find("a:" + m.article_id)] = root
        if m.outlet:
            parent[find("o:" + m.outlet.lower())] = find(root)
    return len({find("a:" + m.article_id) for m in members})


def source_counts(members: list[Mention]) -> tuple[int, int]:
    """(named, unnamed or partial) distinct sources behind the mentions, copies merged."""
    seen: dict[tuple[str, str], str] = {}
    for m in members:
        if m.source_name:
            seen[(m.copy_of, m.source_name.lower())] = m.source_named or "unnamed"
    named = sum(1 for v in seen.values() if v == "named")
    return named, len(seen) - named


def rollup_status(statuses: list[str]) -> str:
    present = set(statuses)
    firm = [s for s in _FIRM if s in present]
    if "denied" in present or "disputed" in present:
        return (
            "disputed"
            if firm or {"denied", "disputed"} <= present
            else next(s for s in ("denied", "disputed") if s in present)
        )
    if firm:
        return firm[0]
    return Counter(statuses).most_common(1)[0][0] if statuses else "asserted"


def interval(q: Quantity) -> tuple[float, float]:
    v = q.value
    if q.approx == "more_than":
        return v, math.inf
    if q.approx == "less_than":
        return 0.0, v
    if q.approx == "about":
        margin = max(1.0, abs(v) * ABOUT_MARGIN)
        return v - margin, v + margin
    return v, v


def _unit(unit: str | None) -> str | None:
    if not unit:
        return None
    unit = unit.lower().strip()
    return unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit


def _report(m: Mention, **extra: Any) -> dict[str, Any]:
    return {"article_id": m.article_id, "event_id": m.event_id, "outlet": m.outlet, **extra}


def _disagree(values: list[tuple[Mention, tuple[float, float]]]) -> bool:
    """Some two reports from different copy groups whose ranges do not overlap."""
    for i, (ma, (lo_a, hi_a)) in enumerate(values):
        for mb, (lo_b, hi_b) in values[i + 1 :]:
            if ma.copy_of != mb.copy_of and (hi_a < lo_b or hi_b < lo_a):
                return True
    return False


@lru_cache(maxsize=1)
def _roles() -> tuple[tuple[re.Pattern[str], str], ...]:
    records = load_records("quantity_roles.jsonl")
    return tuple(
        (re.compile(r"\b" + re.escape(str(r["cue"]).lower()) + r"\b"), str(r["role"]))
        for r in records
        if r.get("cue") and r.get("role")
    )


@lru_cache(maxsize=1)
def _people_units() -> frozenset[str]:
    return frozenset(
        str(r["unit"]).lower() for r in load_records("fatalities.jsonl") if r.get("unit")
    )


def role(q: Quantity, sentence: str) -> str | None:
    """What a figure counts (dead, injured, ...), from a cue just around it in its sentence."""
    lowered = sentence.lower()
    at = lowered.find(q.text.lower())
    if at < 0:
        return None
    window = lowered[max(0, at - ROLE_BEFORE) : at + len(q.text) + ROLE_AFTER]
    return next((name for cue, name in _roles() if cue.search(window)), None)


def comparable(q: Quantity, sentence: str) -> str | None:
    """The key under which figures of different reports are compared, or None.

    People counted in one role (dead, injured, ...) are compared whatever noun
    the outlet chose ("three policemen" against "at least five people");
    other figures only with the same unit and role.
    """
    unit = _unit(q.unit)
    if not unit:
        return None
    kind = role(q, sentence)
    if kind in PEOPLE_ROLES and (q.unit or "").lower() in _people_units():
        return kind
    return f"{unit}/{kind}" if kind else unit


def quantity_contradictions(members: list[Mention]) -> list[dict[str, Any]]:
    by_key: dict[str, dict[tuple[str, str], tuple[Mention, Quantity]]] = {}
    for m in members:
        for q in m.quantities:
            key = comparable(q, m.sentence)
            if key:  # one entry per article and figure, however many triggers share it
                by_key.setdefault(key, {}).setdefault((m.article_id, q.text), (m, q))
    found = []
    for key, unique in sorted(by_key.items()):
        pairs = list(unique.values())
        if _disagree([(m, interval(q)) for m, q in pairs]):
            found.append(
                {
                    "kind": "quantity",
                    "unit": key,
                    "reports": [
                        _report(m, text=q.text, value=q.value, approx=q.approx) for m, q in pairs
                    ],
                }
            )
    return found


def date_contradictions(members: list[Mention]) -> list[dict[str, Any]]:
    unique = {(m.article_id, m.start, m.end): m for m in members if m.dated and m.start and m.end}
    dated = list(unique.values())
    ranges = [(m, (m.start.toordinal(), m.end.toordinal())) for m in dated]  # type: ignore[union-attr]
    if not _disagree([(m, (float(a), float(b))) for m, (a, b) in ranges]):
        return []
    return [
        {
            "kind": "date",
            "reports": [
                _report(
                    m,
                    start=m.start.isoformat(),  # type: ignore[union-attr]
                    end=m.end.isoformat(),  # type: ignore[union-attr]
                    precision=m.precision,
                )
                for m in dated
            ],
        }
    ]


def _place(members: list[Mention]) -> tuple[str | None, str | None, float | None, float | None]:
    # The most precise located mention speaks for the incident's place.
    rank = {"point": 0, "region": 1, "country": 2}
    located = sorted(
        (m for m in members if m.lat is not None),
        key=lambda m: rank.get(m.geo_precision or "point", 0),
    )
    best = located[0] if located else next((m for m in members if m.place or m.country), None)
    if best is None:
        return None, None, None, None
    return best.place, best.country, best.lat, best.lon


def main_type(members: list[Mention]) -> str:
    """The type most of the incident's reports give it (reports of one incident may type it
    differently: "clashes" for one outlet, "attack" for another); ties go to the first reported."""
    votes = Counter(t for _, t in {(m.article_id, m.type) for m in members})
    first = {t: i for i, t in reversed(list(enumerate(m.type for m in members)))}
    return min(votes, key=lambda t: (-votes[t], first[t]))


def build_incident(incident_id: str, members: list[Mention]) -> Incident:
    members = sorted(members, key=lambda m: (m.published or "", m.article_id, m.event_id))
    named, unnamed = source_counts(members)
    starts = [m.start for m in members if m.dated and m.start]
    ends = [m.end for m in members if m.dated and m.end]
    place, country, lat, lon = _place(members)
    published = [m.published for m in members if m.published]
    return Incident(
        id=incident_id,
        events=[m.key for m in members],
        type=main_type(members),
        first_reported=min(published) if published else None,
        outlets=sorted({m.outlet for m in members if m.outlet}),
        independent_sources=independent_reports(members),
        named_sources=named,
        unnamed_sources=unnamed,
        status=rollup_status([m.status for m in members]),
        contradictions=quantity_contradictions(members) + date_contradictions(members),
        articles=sorted({m.article_id for m in members}),
        date_start=min(starts).isoformat() if starts else None,
        date_end=max(ends).isoformat() if ends else None,
        place_name=place,
        country=country,
        lat=lat,
        lon=lon,
        actors=sorted({n for m in members for n in (m.actor, m.recipient) if n}),
    )
