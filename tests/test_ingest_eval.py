"""The article-extraction evaluator: its scoring, and a few benchmark pages."""

from __future__ import annotations

from collections import Counter

import pytest
from support import dataset

from newsledger.eval import EVALUATORS, EvalConfig, evaluator
from newsledger.eval.score_articles import Tally, shingles


def test_shingles_are_runs_of_four_word_tokens() -> None:
    assert shingles("Troops withdrew from Gao, officials said.", 4) == Counter(
        {
            ("Troops", "withdrew", "from", "Gao"): 1,
            ("withdrew", "from", "Gao", "officials"): 1,
            ("from", "Gao", "officials", "said"): 1,
        }
    )
    assert shingles("Two words", 4) == Counter({("Two", "words"): 1})
    assert shingles("", 4) == Counter()


def test_each_page_weighs_the_same_whatever_its_length() -> None:
    tally = Tally()
    gold = "a b c d e f g h"
    tally.add(shingles(gold, 4), shingles(gold, 4))  # perfect
    long_gold = " ".join(f"w{i}" for i in range(400))
    long_wrong = " ".join(f"v{i}" for i in range(400))
    tally.add(shingles(long_gold, 4), shingles(long_wrong, 4))  # 80 times longer, all wrong
    precision, recall, f1 = tally.scores()
    # per page: (1, 0, 0) and (0, 0.5, 0.5) -> P = R = 1 / 1.5
    assert (
        precision == pytest.approx(200 / 3)
        and recall == pytest.approx(200 / 3)
        and f1 == pytest.approx(200 / 3)
    )


def test_registered() -> None:
    assert EVALUATORS["articles"] == "newsledger.eval.score_articles"


@pytest.mark.datasets
def test_benchmark_pages_extract_close_to_the_published_figure() -> None:
    root = dataset("article-extraction-benchmark")
    report = evaluator("articles")(EvalConfig(data=root, limit=12))
    assert report.items == 12
    f1 = report.prf["body (4-gram shingles)"][2]
    assert f1 > 90.0, report.prf
