"""`newsledger eval NAME --data PATH`: score extractors against public gold data.

Each data set has one module here, ``score_<name>.py``, with
``run(config: EvalConfig) -> EvalReport``. The registry maps the command's NAME
to that module, imported on use. (The ``score_`` prefix keeps code apart from
the data sets' own file names, which must never enter the repository.)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from newsledger.errors import DataMissing, EvalError
from newsledger.eval.split import split

T = TypeVar("T")

EVALUATORS: dict[str, str] = {
    "polnear": "newsledger.eval.score_polnear",
    "case2021": "newsledger.eval.score_case2021",
    "plover": "newsledger.eval.score_plover",
    "acled": "newsledger.eval.score_acled",
    "geowebnews": "newsledger.eval.score_geowebnews",
    "timebank": "newsledger.eval.score_timebank",
    "incidents": "newsledger.eval.score_incidents",
    "articles": "newsledger.eval.score_articles",
    "ecbplus": "newsledger.eval.score_ecbplus",
}


@dataclass(frozen=True)
class EvalConfig:
    data: Path | None  # the data set's folder or file; None = the evaluator's default
    split: str | None = None  # e.g. "dev"
    limit: int | None = None  # score only the first N items (quick checks)
    model: str | None = None  # spaCy pipeline
    jobs: int = 1


@dataclass(frozen=True)
class Metric:
    name: str  # e.g. "Source exact F1"
    value: float  # a percentage 0..100, or a plain figure
    target: float | None = None  # the target, if any
    published: str | None = None  # the best published figure, for comparison
    unit: str = "%"
    # The protocol (eval/split.py): `value` is the figure that predicts unseen reports,
    # measured on the check part ("check") or by cross-validation ("cv"); `tune` is the
    # same figure on the part rules were tuned on. "all" marks a set too small to split.
    basis: str = "all"
    tune: float | None = None


@dataclass
class EvalReport:
    dataset: str
    items: int  # how many items (articles, sentences, rows) were scored
    metrics: list[Metric] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Rows of precision/recall/F1 tables: name -> (P, R, F1)
    prf: dict[str, tuple[float, float, float]] = field(default_factory=dict)


def evaluator(name: str) -> Callable[[EvalConfig], EvalReport]:
    if name not in EVALUATORS:
        raise EvalError(
            f"unknown evaluation '{name}': choose one of {', '.join(sorted(EVALUATORS))}"
        )
    module = importlib.import_module(EVALUATORS[name])
    run: Callable[[EvalConfig], EvalReport] = module.run
    return run


def require(path: Path | None, what: str) -> Path:
    """The data path, or DataMissing saying it is absent (the command skips, exit 0)."""
    if path is None or not path.exists():
        raise DataMissing(f"{what}: data not found at {path} (pass --data PATH)")
    return path


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 as percentages."""
    p = 100 * tp / n_pred if n_pred else 0.0
    r = 100 * tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def by_part(
    dataset: str,
    items: Iterable[T],
    key: Callable[[T], str],
    score: Callable[[list[T]], list[Metric]],
) -> list[Metric]:
    """The metrics `score` computes, on the check part, with the tune part's figure beside."""
    tune, check = split(dataset, items, key)
    checked, tuned = score(check), score(tune)
    return [replace(c, basis="check", tune=t.value) for c, t in zip(checked, tuned)]
