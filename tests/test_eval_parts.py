"""Each shared set's tune and check parts, with the keys its eval really splits by:
disjoint, covering the set, and fixed (the same whatever the order, and the same
sizes as when the protocol was written: a changed salt or key would re-draw them)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from support import dataset

from newsledger.eval import score_articles, score_geowebnews, score_polnear, score_timebank
from newsledger.eval.split import split


def timebank_keys() -> list[str]:
    files = sorted(dataset("tempeval3/TimeBank").glob("*.tml"))
    return [score_timebank.document_key((score_timebank.parse_tml(f), None)) for f in files]  # type: ignore[arg-type]


def geowebnews_keys() -> list[str]:
    articles = score_geowebnews.read_gold(dataset("geowebnews"))
    return [score_geowebnews.article_key((a, None)) for a in articles]  # type: ignore[arg-type]


def articles_keys() -> list[str]:
    truth = json.loads(
        (dataset("article-extraction-benchmark") / "ground-truth.json").read_text(encoding="utf-8")
    )
    return [score_articles.page_key((page_id, "", "")) for page_id in sorted(truth)]


def polnear_keys() -> list[str]:
    items = score_polnear.load_items(dataset("polnear"), "dev")
    return [score_polnear.article_key((item, {})) for item in items]


# (split name, keys, check-part size when the protocol was fixed)
SETS: list[tuple[str, Callable[[], list[str]], int]] = [
    (score_timebank.DATASET, timebank_keys, 72),
    (score_geowebnews.DATASET, geowebnews_keys, 39),
    (score_articles.DATASET, articles_keys, 76),
    (score_polnear.DATASET, polnear_keys, 31),
]


@pytest.mark.datasets
@pytest.mark.parametrize("name, keys_of, check_size", SETS, ids=[s[0] for s in SETS])
def test_parts_are_fixed_and_disjoint(
    name: str, keys_of: Callable[[], list[str]], check_size: int
) -> None:
    keys = keys_of()
    assert len(set(keys)) == len(keys), "split keys must identify items"
    tune, check = split(name, keys, lambda k: k)
    assert not set(tune) & set(check)
    assert sorted(tune + check) == sorted(keys)
    tune_again, check_again = split(name, list(reversed(keys)), lambda k: k)
    assert set(check_again) == set(check) and set(tune_again) == set(tune)
    assert len(check) == check_size
