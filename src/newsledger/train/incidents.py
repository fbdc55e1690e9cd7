"""`make train-incidents`: learn the incident pair model from ECB+ (shared topics).

    python -m newsledger.train.incidents ../shared/datasets/ecbplus [--cache FILE]

Every shared document is analysed with the real pipeline and cut into units
(`corroborate/units.py`). A training pair is two units of one type from
different documents that the blocking index would compare (they share a key
and are near in time), labelled positive when both documents tell of the same
gold incident. The model is an L2-regularised logistic regression fitted with
L-BFGS (deterministic); the link threshold is the one that maximises the
report-pair F1 of the clustering, measured by cross-validation over topics
(`eval.split.folds`, fixed seed). The result is written to
``knowledge/incident_model.json``. `--cache` keeps the analyses in a JSONL file
between runs (they take minutes; the model seconds).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from newsledger.corroborate.linking import MemoryStore, cluster_units
from newsledger.corroborate.pairscore import (
    MODEL_FILE,
    PairModel,
    compatible,
    features,
    from_vector,
)
from newsledger.corroborate.units import Unit, build_units
from newsledger.eval.coref import document_pairs
from newsledger.eval.read_ecbplus import GoldDoc, read_corpus
from newsledger.eval.split import folds
from newsledger.knowledge import PACKAGE_DIR
from newsledger.ledger import nearcopy
from newsledger.ledger.rows import event_row
from newsledger.models import Analysis

DATASET = "ecbplus"
L2 = 1.0
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(3, 17))  # 0.15 .. 0.80


class CachedScorer:
    """A pair model whose features are computed once per pair (clustering at many thresholds
    compares the same pairs again and again)."""

    def __init__(
        self,
        model: PairModel,
        cache: dict[tuple[tuple[str, str], tuple[str, str]], tuple[float, float] | None],
    ) -> None:
        self.model, self.threshold, self.cache = model, model.threshold, cache

    def judge(self, a: Unit, b: Unit) -> tuple[float, float] | None:
        key = (a.key, b.key)
        if key not in self.cache:
            self.cache[key] = self.model.judge(a, b)
        return self.cache[key]


@dataclass(frozen=True)
class Corpus:
    docs: list[GoldDoc]
    analyses: list[Analysis]
    units: list[list[Unit]]  # per document, in corpus order

    def topics(self) -> list[str]:
        return sorted({d.topic for d in self.docs}, key=int)

    def select(self, topics: set[str]) -> Corpus:
        keep = [i for i, d in enumerate(self.docs) if d.topic in topics]
        return Corpus(
            [self.docs[i] for i in keep],
            [self.analyses[i] for i in keep],
            [self.units[i] for i in keep],
        )


def build_corpus(docs: list[GoldDoc], analyses: list[Analysis]) -> Corpus:
    copies = nearcopy.copy_groups((a.article.id, a.article.text) for a in analyses)
    units = [
        build_units(a, [event_row(a, e) for e in a.events], copies.get(a.article.id))
        for a in analyses
    ]
    return Corpus(docs, analyses, units)


def analyse(docs: Sequence[GoldDoc], cache: Path | None = None, jobs: int = 1) -> list[Analysis]:
    """The real pipeline's analysis of each document (read from `cache` when it holds them all)."""
    from newsledger.api import AnalyzeOptions, analyze_documents
    from newsledger.ingest import Document

    if cache and cache.exists():
        stored = {r["name"]: r["analysis"] for r in map(json.loads, cache.read_text().splitlines())}
        if all(d.name in stored for d in docs):
            return [Analysis.model_validate(stored[d.name]) for d in docs]
    documents = [Document(text=d.text, origin=d.name) for d in docs]
    analyses = [
        a
        for a in analyze_documents(documents, AnalyzeOptions(jobs=jobs))
        if isinstance(a, Analysis)
    ]
    if len(analyses) != len(docs):
        raise SystemExit("some ECB+ documents could not be analysed")
    if cache:
        cache.write_text(
            "".join(
                json.dumps({"name": d.name, "analysis": a.to_dict()}) + "\n"
                for d, a in zip(docs, analyses)
            )
        )
    return analyses


def training_pairs(corpus: Corpus) -> tuple[list[dict[str, float]], list[int]]:
    """Features and labels of the pairs the blocking index would put side by side."""
    incident = {u.key: doc.incident for doc, units in zip(corpus.docs, corpus.units) for u in units}
    store = MemoryStore()
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for units in corpus.units:
        for unit in units:
            for other, _ in store.candidates(unit):
                if compatible(unit, other):
                    rows.append(features(unit, other))
                    labels.append(int(incident[unit.key] == incident[other.key]))
            store.assign(unit, unit.article_id)
    return rows, labels


def fit(rows: list[dict[str, float]], labels: list[int], names: list[str]) -> np.ndarray:
    """L2-regularised logistic regression (the bias unpenalised), by L-BFGS from zeros."""
    x = np.array([[r.get(n, 0.0) for n in names] for r in rows], dtype=float)
    y = np.array(labels, dtype=float)
    penalty = np.array([0.0 if n == "bias" else L2 for n in names])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        value = float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * np.sum(penalty * w * w))
        return value, x.T @ (p - y) + penalty * w

    result = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B")
    return np.asarray(result.x)


def feature_names(rows: list[dict[str, float]]) -> list[str]:
    return sorted({n for r in rows for n in r})


def train(corpus: Corpus, threshold: float) -> PairModel:
    rows, labels = training_pairs(corpus)
    names = feature_names(rows)
    return from_vector(names, fit(rows, labels, names), threshold)


def doc_incidents(corpus: Corpus, assigned: dict[tuple[str, str], str]) -> list[set[str]]:
    """The predicted incidents of each document's units."""
    return [{assigned[u.key] for u in units if u.key in assigned} for units in corpus.units]


def report_pairs(corpus: Corpus, assigned: dict[tuple[str, str], str]) -> tuple[int, int, int]:
    """(hits, predicted, gold) document pairs within a topic sharing an incident."""
    return document_pairs(corpus.docs, doc_incidents(corpus, assigned))


def _f1(hits: int, predicted: int, gold: int) -> float:
    return 2 * hits / (predicted + gold) if predicted + gold else 0.0


def choose_threshold(corpus: Corpus, fold_ids: list[int], k: int) -> float:
    """The threshold with the best pooled report-pair F1 over inner folds of `corpus`."""
    topics = corpus.topics()
    totals = {t: [0, 0, 0] for t in THRESHOLDS}
    for inner in range(k):
        held = {t for t, f in zip(topics, fold_ids) if f == inner}
        if not held or len(held) == len(topics):
            continue
        model = train(corpus.select(set(topics) - held), 0.5)
        test = corpus.select(held)
        ordered = [u for units in test.units for u in units]
        cache: dict[tuple[tuple[str, str], tuple[str, str]], tuple[float, float] | None] = {}
        for threshold in THRESHOLDS:
            assigned = cluster_units(
                ordered, CachedScorer(PairModel(model.weights, threshold), cache)
            )
            for n, value in enumerate(report_pairs(test, assigned)):
                totals[threshold][n] += value
    return max(THRESHOLDS, key=lambda t: (_f1(*totals[t]), -abs(t - 0.5)))


def cross_validate(corpus: Corpus) -> tuple[dict[tuple[str, str], str], list[float]]:
    """Each topic's units clustered by a model (and threshold) learned without that topic.

    Returns the unit -> incident assignment (incident ids prefixed by the fold) and
    the thresholds chosen in each fold."""
    topics = corpus.topics()
    held_out = folds(DATASET, topics)
    fold_of = {topics[i]: f for f, indices in enumerate(held_out) for i in indices}
    assigned: dict[tuple[str, str], str] = {}
    chosen = []
    for f in range(len(held_out)):
        test_topics = {t for t in topics if fold_of[t] == f}
        if not test_topics:
            continue
        train_topics = [t for t in topics if fold_of[t] != f]
        tune = corpus.select(set(train_topics))
        threshold = choose_threshold(tune, [fold_of[t] for t in train_topics], len(held_out))
        chosen.append(threshold)
        model = train(tune, threshold)
        test = corpus.select(test_topics)
        found = cluster_units([u for units in test.units for u in units], model)
        assigned.update({key: f"{f}:{iid}" for key, iid in found.items()})
    return assigned, chosen


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(
            "usage: python -m newsledger.train.incidents ECBPLUS_DIR [--cache FILE]",
            file=sys.stderr,
        )
        return 2
    folder = Path(argv[0])
    if not folder.exists():
        print(f"{folder}: ECB+ not found", file=sys.stderr)
        return 2
    cache = Path(argv[argv.index("--cache") + 1]) if "--cache" in argv else None
    docs = list(read_corpus(folder))
    corpus = build_corpus(docs, analyse(docs, cache))
    topics = corpus.topics()
    held_out = folds(DATASET, topics)
    fold_ids = [next(f for f, ix in enumerate(held_out) if i in ix) for i in range(len(topics))]
    threshold = choose_threshold(corpus, fold_ids, len(held_out))
    model = train(corpus, threshold)
    path = PACKAGE_DIR / MODEL_FILE
    path.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    rows, labels = training_pairs(corpus)
    print(
        f"{len(docs)} documents, {len(rows)} pairs ({sum(labels)} positive); "
        f"threshold {threshold}; written to {path}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
