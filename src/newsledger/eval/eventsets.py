"""What the event evaluations share: analysing many short texts, first ACLED event, scores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsledger.api import AnalyzeOptions, analyze_documents
from newsledger.eval import EvalConfig
from newsledger.eval.split import FOLDS, fold_of
from newsledger.extract import Options
from newsledger.extract.events.classifier import shipped_acled_model
from newsledger.ingest import Document
from newsledger.models import Analysis, Event


def analyses(
    items: Iterable[tuple[str, str, str | None]], config: EvalConfig, extract: Options | None = None
) -> Iterator[Analysis | None]:
    """Analyse (origin, text, published) triples in order; None where an input was refused."""
    documents = (
        Document(text=text, origin=origin, published=published) for origin, text, published in items
    )
    options = AnalyzeOptions(
        model=config.model, jobs=max(1, config.jobs), batch_size=32, extract=extract or Options()
    )
    for outcome in analyze_documents(documents, options):
        yield outcome if isinstance(outcome, Analysis) else None


def first_acled(analysis: Analysis | None) -> Event | None:
    """The first event (text order) that has an ACLED category."""
    if analysis is None:
        return None
    return next((e for e in analysis.events if e.acled is not None), None)


def weighted_f1(gold: list[str], predicted: list[str | None]) -> float:
    """Per-class F1 averaged with the gold class frequencies as weights (as scikit-learn's)."""
    support = Counter(gold)
    total = 0.0
    for label, count in support.items():
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        n_pred = sum(1 for p in predicted if p == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / count
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total += f1 * count
    return 100 * total / len(gold) if gold else 0.0


def balanced_accuracy(gold: list[str], predicted: list[str | None]) -> float:
    """Mean recall over the gold classes present."""
    support = Counter(gold)
    if not support:
        return 0.0
    recalls = [
        sum(1 for g, p in zip(gold, predicted) if g == label and p == label) / count
        for label, count in support.items()
    ]
    return 100 * sum(recalls) / len(recalls)


def limited(items: list, limit: int | None) -> list:  # type: ignore[type-arg]
    return items[:limit] if limit else items


def cross_validated(
    dataset: str, config: EvalConfig, items: list[tuple[str, str, str | None]]
) -> list[Analysis | None]:
    """Analyses of (key, text, published) items, each by an event model trained without it.

    The models of fold k (eval/split.py: fixed-seed folds by key; the event model and
    the ACLED sub-event model) learn from the
    other shared event sets whole and from this set's other folds, as
    `make train-events` does from everything; the item is then analysed with it.
    """
    from newsledger.train import events as training  # scikit-learn: only when scoring

    root = config.data.parent if config.data is not None and config.data.is_file() else config.data
    texts = training.gold_texts(root.parent if root is not None else Path("../shared/datasets"))
    candidates = training.candidates_of(texts, config.model)
    examples = training.examples_of(texts, candidates)
    subs = training.acled_examples_of(texts, candidates)
    analysed: list[Analysis | None] = [None] * len(items)
    for fold in range(FOLDS):
        held = [n for n, (key, _, _) in enumerate(items) if fold_of(dataset, key) == fold]
        if not held:
            continue
        train = [e for e in examples if e.dataset != dataset or fold_of(dataset, e.key) != fold]
        train_subs = [e for e in subs if e.dataset != dataset or fold_of(dataset, e.key) != fold]
        # the sub-event model is learned per fold only where one ships (train.events decides)
        acled = training.fit(train_subs, c=training.ACLED_C) if shipped_acled_model() else "rules"
        extract = Options(event_model=training.fit(train), acled_model=acled)
        triples = ((f"{dataset}:{items[n][0]}", items[n][1], items[n][2]) for n in held)
        for n, analysis in zip(held, analyses(triples, config, extract)):
            analysed[n] = analysis
    return analysed


def false_positives(wrong: list[Event], top: int = 12) -> str:
    """The commonest wrongly typed or extra events by trigger, for the next person to fix."""
    counts = Counter(f"{e.type}:{e.trigger.text.lower()}" for e in wrong)
    return ", ".join(f"{name} {n}" for name, n in counts.most_common(top)) or "none"
