"""Online average-link clustering of units into incidents, over a blocking index.

Units arrive in the order their articles were added. Each is compared only with
the incidents of the candidates the store's blocking index returns (units
sharing a key: a salient entity, a place cell, an actor, within the time
window), and joins the incident whose members it links to with the highest
mean probability, when that mean reaches the model's threshold; otherwise it
opens an incident of its own. The mean over all members (average link) keeps a
chain of loose matches from pulling two incidents together. The store is the
ledger's tables in use and a dictionary in training and cross-validation, so
both run this one function.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol

from newsledger.corroborate.compare import DATE_SLACK_DAYS
from newsledger.corroborate.pairscore import compatible, day_gap
from newsledger.corroborate.units import Unit

MAX_MEMBERS = 40  # an incident is judged on its latest members at most
CONFLICT_SHARE = 0.5  # a unit ruled out by this share of an incident's members cannot join it
MIN_EVIDENCE = 1.0  # the rules' evidence that links on its own: a matching place or a shared actor


class Scorer(Protocol):
    @property
    def threshold(self) -> float: ...

    def judge(self, a: Unit, b: Unit) -> tuple[float, float] | None: ...


class UnitStore(Protocol):
    def candidates(self, unit: Unit) -> list[tuple[Unit, str]]:
        """Stored units sharing a blocking key with `unit`, near it in time, with their incident."""
        ...

    def members(self, incident_id: str) -> list[Unit]: ...

    def assign(self, unit: Unit, incident_id: str) -> None: ...


def new_incident_id(unit: Unit) -> str:
    return "I" + hashlib.sha1(f"{unit.article_id}/{unit.type}".encode()).hexdigest()[:11]


def incident_score(unit: Unit, members: list[Unit], model: Scorer) -> float | None:
    """Mean link probability to the incident's members, or None when the unit cannot join:
    it conflicts with at least CONFLICT_SHARE of the members (a place or a date that rules
    them out; one member's misplaced event does not veto), or neither the learned mean
    reaches the threshold nor the rules' mean evidence reaches MIN_EVIDENCE."""
    judged = [model.judge(unit, member) for member in members]
    if not judged or sum(j is None for j in judged) >= CONFLICT_SHARE * len(judged):
        return None
    scored = [j or (0.0, 0.0) for j in judged]
    probability = sum(p for p, _ in scored) / len(scored)
    evidence = sum(e for _, e in scored) / len(scored)
    if probability >= model.threshold or evidence >= MIN_EVIDENCE:
        return probability + evidence
    return None


def best_incident(unit: Unit, store: UnitStore, model: Scorer) -> str | None:
    """The incident the unit joins (None: it opens its own)."""
    incidents = sorted({iid for other, iid in store.candidates(unit) if compatible(unit, other)})
    best: tuple[str | None, float] = (None, 0.0)
    for iid in incidents:
        members = [m for m in store.members(iid)[-MAX_MEMBERS:] if m.article_id != unit.article_id]
        score = incident_score(unit, members, model)
        if score is not None and score > best[1]:
            best = (iid, score)
    return best[0]


def link(unit: Unit, store: UnitStore, model: Scorer) -> str:
    """Put one unit in an incident (an existing one, or its own) and return the incident's id."""
    incident = best_incident(unit, store, model) or new_incident_id(unit)
    store.assign(unit, incident)
    return incident


class MemoryStore:
    """A blocking index in memory: what training and cross-validation cluster with."""

    def __init__(self) -> None:
        self.index: dict[str, list[Unit]] = {}
        self.incident: dict[tuple[str, str], str] = {}
        self.groups: dict[str, list[Unit]] = {}

    def candidates(self, unit: Unit) -> list[tuple[Unit, str]]:
        seen: dict[tuple[str, str], Unit] = {}
        for key in unit.block_keys():
            for other in self.index.get(key, ()):
                seen.setdefault(other.key, other)
        return [
            (u, self.incident[u.key])
            for u in seen.values()
            if (gap := day_gap(unit, u)) is None or gap <= DATE_SLACK_DAYS
        ]

    def members(self, incident_id: str) -> list[Unit]:
        return self.groups.get(incident_id, [])

    def assign(self, unit: Unit, incident_id: str) -> None:
        self.incident[unit.key] = incident_id
        self.groups.setdefault(incident_id, []).append(unit)
        for key in unit.block_keys():
            self.index.setdefault(key, []).append(unit)


def cluster_units(units: Iterable[Unit], model: Scorer) -> dict[tuple[str, str], str]:
    """(article id, type) -> incident id for units taken in the given order."""
    store = MemoryStore()
    for unit in units:
        link(unit, store, model)
    return store.incident
