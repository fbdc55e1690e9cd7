"""Coreference scores: pairwise, MUC, B³, CEAF-e and their CoNLL mean.

The definitions are those of the reference scorer (Pradhan et al. 2014,
"Scoring Coreference Partitions of Predicted Mentions: A Reference
Implementation"), which ECB+ papers report:

- MUC (Vilain et al. 1995): links. Recall = Σ_k (|k| − |p(k)|) / Σ_k (|k| − 1), where
  p(k) are the pieces the response cuts key cluster k into (a mention the response
  lacks is a piece of its own); precision swaps key and response.
- B³ (Bagga & Baldwin 1998): per mention. Recall = Σ_k Σ_r |k∩r|² / |k| / Σ_k |k|.
- CEAF-e (Luo 2005): entities aligned one to one by φ4(k, r) = 2|k∩r| / (|k| + |r|),
  maximised with the Hungarian algorithm; recall = Σφ4 / |K|, precision = Σφ4 / |R|.
- CoNLL F1: the mean of the three F1s.

Clusters are sets of hashable mention keys; singletons count (as in ECB+ work).
All figures are percentages.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import combinations
from typing import Protocol

import numpy as np
from scipy.optimize import linear_sum_assignment

Cluster = frozenset[Hashable]
PRF = tuple[float, float, float]


class TopicDoc(Protocol):
    """A gold document: its topic and the incident it tells of."""

    @property
    def topic(self) -> str: ...
    @property
    def incident(self) -> str: ...


def document_pairs(docs: Sequence[TopicDoc], found: Sequence[set[str]]) -> tuple[int, int, int]:
    """(hits, predicted, gold) pairs of documents within a topic: predicted when they
    share a found incident (``found[i]``: document i's), gold when they tell of one."""
    hits = predicted = gold = 0
    for i, j in combinations(range(len(docs)), 2):
        if docs[i].topic != docs[j].topic:
            continue
        same = docs[i].incident == docs[j].incident
        linked = bool(found[i] & found[j])
        hits, predicted, gold = hits + (same and linked), predicted + linked, gold + same
    return hits, predicted, gold


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> PRF:
    p = 100 * p_num / p_den if p_den else 0.0
    r = 100 * r_num / r_den if r_den else 0.0
    return p, r, _f1(p, r)


def clusters(labels: dict[Hashable, Hashable]) -> list[Cluster]:
    """Mention -> cluster label, as a list of clusters."""
    groups: dict[Hashable, set[Hashable]] = {}
    for mention, label in labels.items():
        groups.setdefault(label, set()).add(mention)
    return [frozenset(g) for g in groups.values()]


def _index(partition: Sequence[Cluster]) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(partition) for m in c}


def _muc_recall(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float]:
    where = _index(response)
    num = den = 0.0
    for k in key:
        pieces = {where.get(m, ("alone", m)) for m in k}
        num += len(k) - len(pieces)
        den += len(k) - 1
    return num, den


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    r_num, r_den = _muc_recall(key, response)
    p_num, p_den = _muc_recall(response, key)
    return _prf(p_num, p_den, r_num, r_den)


def _b3_recall(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float]:
    where = _index(response)
    num = 0.0
    for k in key:
        overlaps: dict[int, int] = {}
        for m in k:
            if m in where:
                overlaps[where[m]] = overlaps.get(where[m], 0) + 1
        num += sum(n * n for n in overlaps.values()) / len(k)
    return num, float(sum(len(k) for k in key))


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    r_num, r_den = _b3_recall(key, response)
    p_num, p_den = _b3_recall(response, key)
    return _prf(p_num, p_den, r_num, r_den)


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    if not key or not response:
        return 0.0, 0.0, 0.0
    scores = np.zeros((len(key), len(response)))
    where = _index(response)
    for i, k in enumerate(key):
        for m in k:
            if m in where:
                scores[i, where[m]] += 1
    sizes_k = np.array([len(k) for k in key], dtype=float)[:, None]
    sizes_r = np.array([len(r) for r in response], dtype=float)[None, :]
    phi = 2 * scores / (sizes_k + sizes_r)
    rows, cols = linear_sum_assignment(phi, maximize=True)
    similarity = float(phi[rows, cols].sum())
    return _prf(similarity, len(response), similarity, len(key))


def conll(key: Sequence[Cluster], response: Sequence[Cluster]) -> float:
    return (muc(key, response)[2] + b_cubed(key, response)[2] + ceaf_e(key, response)[2]) / 3


def _pairs(
    partition: Iterable[Cluster], keep: Callable[[Hashable, Hashable], bool]
) -> set[frozenset[Hashable]]:
    return {
        frozenset(p) for c in partition for p in combinations(sorted(c, key=repr), 2) if keep(*p)
    }


def pairwise(
    key: Sequence[Cluster],
    response: Sequence[Cluster],
    keep: Callable[[Hashable, Hashable], bool] = lambda a, b: True,
) -> PRF:
    """Precision/recall/F1 of the mention pairs put in one cluster (those `keep` accepts)."""
    gold, found = _pairs(key, keep), _pairs(response, keep)
    hits = len(gold & found)
    return _prf(hits, len(found), hits, len(gold))
