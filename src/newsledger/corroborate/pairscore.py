"""How likely two units (two articles' accounts of one kind of event) are one incident.

A logistic model over pair features, learned from ECB+ (`make train-incidents`,
`train/incidents.py`) and shipped as data in ``knowledge/incident_model.json``:
the feature names, their weights and the link threshold chosen by
cross-validation. Units whose date ranges lie further apart than the slack
never pair (that is the blocking's time window, not a learned judgement).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsledger.corroborate.compare import (
    ACTOR_WEIGHT,
    DATE_SLACK_DAYS,
    NEXT_DAY_MIN,
    PLACE_WEIGHT,
    SAME_DAY_WEIGHT,
    WORDING,
    Relation,
    _place_pair,
    _similar,
)
from newsledger.corroborate.units import Unit, signature_similarity
from newsledger.errors import KnowledgeError
from newsledger.incident import PlaceRef
from newsledger.knowledge import PACKAGE_DIR

MODEL_FILE = "incident_model.json"


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def day_gap(a: Unit, b: Unit) -> int | None:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return None
    return max((b.start - a.end).days, (a.start - b.end).days, 0)


def compatible(a: Unit, b: Unit) -> bool:
    """Could be one incident at all: same type, different articles, near enough in time."""
    if a.type != b.type or a.article_id == b.article_id:
        return False
    gap = day_gap(a, b)
    return gap is None or gap <= DATE_SLACK_DAYS


def _place_relation(a: Unit, b: Unit) -> Relation:
    """The best relation between the two units' towns (the extractor may pin an event on its
    dateline's city and the next report on the town itself); without towns on both sides, the
    relation of their own (first) places, else the best of their other places, a same-town
    match there counting only as WEAK."""
    if not a.places or not b.places:
        return Relation.UNKNOWN
    near_a, near_b = _located(a), _located(b)
    if near_a and near_b:
        return max(_place_pair(x, y) for x in near_a for y in near_b)
    own = _place_pair(a.places[0], b.places[0])
    if own is not Relation.UNKNOWN:
        return own
    pooled = max(_place_pair(x, y) for x in a.places for y in b.places)
    return Relation.WEAK if pooled is Relation.MATCH else pooled


def _actor_relation(a: Unit, b: Unit) -> Relation:
    """MATCH on a shared distinctive actor, WEAK on a shared generic one."""
    if any(_similar(x, y) for x in a.actors for y in b.actors):
        return Relation.MATCH
    every_a, every_b = a.actors + a.generic, b.actors + b.generic
    if any(_similar(x, y) for x in every_a for y in every_b):
        return Relation.WEAK
    if not every_a or not every_b:
        return Relation.UNKNOWN
    return Relation.CONFLICT


def _time_relation(a: Unit, b: Unit) -> Relation:
    gap = day_gap(a, b)
    if gap is None:
        return Relation.UNKNOWN
    if a.precise and b.precise:
        return Relation.MATCH if gap == 0 else Relation.WEAK
    return Relation.WEAK if a.dated and b.dated else Relation.UNKNOWN


def _wording(a: Unit, b: Unit) -> float:
    """The rules' evidence from shared content words of the two lede sentences."""
    if not a.sentence or not b.sentence:
        return 0.0
    overlap = len(a.sentence & b.sentence) / min(len(a.sentence), len(b.sentence))
    return next((weight for least, weight in WORDING if overlap >= least), 0.0)


def _onehot(prefix: str, relation: Relation) -> dict[str, float]:
    return {f"{prefix}_{relation.name.lower()}": 1.0}


def features(a: Unit, b: Unit) -> dict[str, float]:
    """The pair's features by name (absent names are 0)."""
    found: dict[str, float] = {"bias": 1.0}
    found.update(_onehot("place", _place_relation(a, b)))
    found.update(_onehot("actor", _actor_relation(a, b)))
    found.update(_onehot("time", _time_relation(a, b)))
    found["trigger_jaccard"] = _jaccard(a.triggers, b.triggers)
    found["trigger_shared"] = float(bool(a.triggers & b.triggers))
    found["context_words"] = _jaccard(a.words, b.words)
    found["context_entities"] = _jaccard(a.entities, b.entities)
    shared = len(a.article_entities & b.article_entities)
    found["article_entities"] = _jaccard(a.article_entities, b.article_entities)
    found["article_entities_log"] = math.log1p(shared)
    found["salient_shared"] = float(len(set(a.salient) & set(b.salient)))
    found["article_words"] = signature_similarity(a.signature, b.signature)
    found["same_copy"] = float(a.copy_of == b.copy_of)
    found["numbers"] = _jaccard(a.numbers, b.numbers)
    found["months"] = _jaccard(a.months, b.months)
    years_a, years_b = {m[:4] for m in a.months}, {m[:4] for m in b.months}
    found["years_apart"] = float(bool(years_a and years_b and not years_a & years_b))
    return found


def _located(unit: Unit) -> list[PlaceRef]:
    # Towns only: a region's centre says nothing of where in it a town lies.
    return [p for p in unit.places if p.lat is not None and p.precision == "point"]


def _places_conflict(a: Unit, b: Unit) -> bool:
    """Every town or region of one unit is too far from every one of the other (an article
    names several places and the extractor may pin the event on the wrong one); with no town
    on one side, their own places' countries differ."""
    near_a, near_b = _located(a), _located(b)
    if near_a and near_b:
        return all(_place_pair(x, y) is Relation.CONFLICT for x in near_a for y in near_b)
    first_a, first_b = (
        (a.places[0].country if a.places else None),
        (b.places[0].country if b.places else None),
    )
    return bool(first_a and first_b and first_a != first_b)


def conflict(a: Unit, b: Unit) -> bool:
    """Certainly two incidents: not compatible, or their dated days or places rule it out."""
    if not compatible(a, b) or _places_conflict(a, b):
        return True
    gap = day_gap(a, b)
    return bool(gap and a.precise and b.precise and gap > DATE_SLACK_DAYS)


def evidence(a: Unit, b: Unit) -> float:
    """The rules' evidence (compare.py weights): a matching place or a shared actor is enough;
    dated a day apart, more than one kind is needed (the same town has another protest the next
    day)."""
    where, who, when = _place_relation(a, b), _actor_relation(a, b), _time_relation(a, b)
    score = (
        PLACE_WEIGHT.get(where.name.lower(), 0.0)
        + ACTOR_WEIGHT.get(who.name.lower(), 0.0)
        + (SAME_DAY_WEIGHT if when is Relation.MATCH else 0.0)
        + _wording(a, b)
    )
    gap = day_gap(a, b)
    return 0.0 if gap and a.precise and b.precise and score < NEXT_DAY_MIN else score


@dataclass(frozen=True)
class PairModel:
    weights: dict[str, float]
    threshold: float  # mean link probability at or above which a unit joins an incident

    def judge(self, a: Unit, b: Unit) -> tuple[float, float] | None:
        """(link probability, rule evidence), or None when the two cannot be one incident."""
        if conflict(a, b):
            return None
        gap = day_gap(a, b)
        if gap and a.precise and b.precise:  # a day apart: only the rules' stronger evidence links
            return 0.0, evidence(a, b)
        return self.probability(a, b), evidence(a, b)

    def probability(self, a: Unit, b: Unit) -> float:
        if not compatible(a, b):
            return 0.0
        z = sum(self.weights.get(name, 0.0) * value for name, value in features(a, b).items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, object]:
        return {"weights": dict(sorted(self.weights.items())), "threshold": self.threshold}


def from_vector(names: Sequence[str], values: Iterable[float], threshold: float) -> PairModel:
    return PairModel(
        weights={n: round(float(v), 6) for n, v in zip(names, values)},
        threshold=round(float(threshold), 4),
    )


@lru_cache(maxsize=1)
def load_model() -> PairModel:
    path = PACKAGE_DIR / MODEL_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return PairModel(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            threshold=float(data["threshold"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KnowledgeError(
            f"{path}: not a readable incident model ({exc}); rebuild it with `make train-incidents`"
        ) from exc
