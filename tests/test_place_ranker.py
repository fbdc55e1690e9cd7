"""The learned place ranker: its features, its use in resolution, its gate and its training."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from newsledger.errors import KnowledgeError
from newsledger.geo import ranker
from newsledger.geo.gazetteer import Candidate
from newsledger.geo.resolve import ArticleContext, _choose
from newsledger.train.places import Example, right_share, train

PARIS_FR = Candidate(1, "Paris", 48.85, 2.35, "FR", "city", 2_100_000, "11", capital=True)
PARIS_TX = Candidate(2, "Paris", 33.66, -95.55, "US", "city", 25_000, "TX")
DALLAS = Candidate(3, "Dallas", 32.78, -96.80, "US", "city", 1_300_000, "TX")


def context_near_dallas() -> ArticleContext:
    return ArticleContext(
        countries=Counter({"US": 2}),
        regions=Counter(),
        anchors=[(1, DALLAS.lat or 0.0, DALLAS.lon or 0.0)],
    )


def test_features_follow_the_declared_order() -> None:
    context = context_near_dallas()
    pool = [PARIS_FR, PARIS_TX]
    texas = dict(zip(ranker.FEATURES, context.features(0, PARIS_TX, None, pool)))
    france = dict(zip(ranker.FEATURES, context.features(0, PARIS_FR, None, pool)))
    assert len(texas) == len(ranker.FEATURES)
    assert texas["near_point"] == 1.0 and france["near_point"] == 0.0
    assert texas["article_country"] == 1.0 and france["article_country"] == 0.0
    assert (
        france["capital"] == 1.0
        and france["population_share"] == 1.0
        and france["top_prior"] == 1.0
    )
    assert (
        texas["class=city"] == 1.0
        and texas["nearest_point_km_log"] < france["nearest_point_km_log"]
    )


def test_the_weights_decide_when_given() -> None:
    context = context_near_dallas()
    names = list(ranker.FEATURES)
    by_population = np.zeros(len(names))
    by_population[names.index("log_population")] = 1.0
    by_neighbourhood = np.zeros(len(names))
    by_neighbourhood[names.index("near_point")] = 1.0
    assert _choose([[PARIS_FR, PARIS_TX]], context, weights=by_population) == [PARIS_FR]
    assert _choose([[PARIS_FR, PARIS_TX]], context, weights=by_neighbourhood) == [PARIS_TX]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_ranker_that_did_not_beat_the_rules_stays_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    (tmp_path / ranker.MODEL_FILE).write_text(
        json.dumps({"enabled": enabled, "weights": {"capital": 2}})
    )
    monkeypatch.setattr(ranker, "PACKAGE_DIR", tmp_path)
    ranker.weights.cache_clear()
    try:
        loaded = ranker.weights()
        if enabled:
            assert (
                loaded is not None
                and loaded[ranker.FEATURES.index("capital")] == 2.0
                and loaded.sum() == 2.0
            )
        else:
            assert loaded is None
        (tmp_path / ranker.MODEL_FILE).write_text("[1, 2]")
        ranker.weights.cache_clear()
        with pytest.raises(KnowledgeError, match="place ranker"):
            ranker.weights()
    finally:
        ranker.weights.cache_clear()


def test_training_learns_what_the_rules_miss() -> None:
    near = ranker.FEATURES.index("near_point")
    population = ranker.FEATURES.index("log_population")

    def example(n: int) -> Example:
        x = np.zeros((2, len(ranker.FEATURES)))
        x[0, population], x[1, population] = 0.9, 0.4  # the rules take the bigger town...
        x[1, near] = 1.0  # ...but the one near the article's other places is right
        return Example(f"a{n}", x, np.array([0.0, 1.0]), rule=0)

    data = [example(n) for n in range(20)]
    weights = train(data, 0.01, np.ones(len(ranker.FEATURES)))
    assert right_share(data, None) == 0.0 and right_share(data, weights) == 100.0
    assert np.array_equal(train(data, 0.01, np.ones(len(ranker.FEATURES))), weights)
