"""The event evaluations: scoring helpers, and a few gold items through the real pipeline."""

from __future__ import annotations

import pytest
from support import dataset

from newsledger.eval import EvalConfig
from newsledger.eval.eventsets import balanced_accuracy, weighted_f1


def test_weighted_f1_matches_definition() -> None:
    gold = ["a", "a", "b", "c"]
    predicted = ["a", "b", "b", None]
    # a: P 1, R .5, F .667 (w 2); b: P .5, R 1, F .667 (w 1); c: F 0 (w 1)
    assert weighted_f1(gold, predicted) == pytest.approx(100 * (2 * 2 / 3 + 2 / 3) / 4)
    assert weighted_f1(["a"], ["a"]) == 100.0


def test_balanced_accuracy_is_mean_recall() -> None:
    assert balanced_accuracy(["a", "a", "a", "b"], ["a", "a", "a", "a"]) == pytest.approx(50.0)


@pytest.mark.datasets
@pytest.mark.slow  # cross-validation trains five event models on every shared event set
def test_case2021_runs_on_a_few_snippets(nlp: object) -> None:
    from newsledger.eval import score_case2021 as case2021

    report = case2021.run(EvalConfig(data=dataset("case2021-task2"), limit=8))
    assert report.items == 8
    f1 = report.metrics[0]
    assert f1.name == "Sub-event weighted F1" and 0 <= f1.value <= 100


@pytest.mark.datasets
@pytest.mark.slow  # cross-validation trains five event models on every shared event set
def test_plover_runs_on_a_few_sentences(nlp: object) -> None:
    from newsledger.eval import score_plover as plover

    report = plover.run(EvalConfig(data=dataset("plover-gsr"), limit=10))
    assert report.items == 10
    assert report.metrics[0].value > 0  # the lexicon finds some of the first ten
    precision = report.metrics[1]
    assert precision.name.startswith("Type precision") and precision.basis == "cv"
    assert 0 < precision.value <= 100


@pytest.mark.datasets
@pytest.mark.slow  # cross-validation trains five event models on every shared event set
def test_acled_runs_on_a_few_rows(nlp: object) -> None:
    from newsledger.eval import score_acled as acled

    report = acled.run(EvalConfig(data=dataset("acled-sample"), limit=6))
    assert report.items == 6
    names = [m.name for m in report.metrics]
    assert names[0] == "Date equals event_date" and "balanced" in names[3]
    per_note = next(m for m in report.metrics if m.name.startswith("ACLED-typed events per note"))
    assert per_note.basis == "cv+check" and per_note.value >= 0
