"""The evaluation protocol's split: fixed, disjoint, and independent of order."""

from __future__ import annotations

from newsledger.eval import Metric, by_part
from newsledger.eval.split import CHECK_SHARE, fold_of, folds, part_of, split


def test_parts_never_overlap_and_cover_everything() -> None:
    keys = [f"item-{n}" for n in range(2000)]
    tune, check = split("someset", keys, key=lambda k: k)
    assert not set(tune) & set(check)
    assert sorted(tune + check) == sorted(keys)
    assert abs(len(check) / len(keys) - CHECK_SHARE) < 0.05


def test_part_depends_only_on_the_key() -> None:
    keys = [f"doc{n}.txt" for n in range(300)]
    forward = {k: part_of("set", k) for k in keys}
    tune, check = split("set", list(reversed(keys)), key=lambda k: k)
    assert all(forward[k] == "check" for k in check)
    assert all(forward[k] == "tune" for k in tune)


def test_sets_are_split_independently() -> None:
    keys = [str(n) for n in range(500)]
    assert [part_of("a", k) for k in keys] != [part_of("b", k) for k in keys]


def test_folds_partition_the_items() -> None:
    keys = [f"s{n}" for n in range(500)]
    held = folds("set", keys, 5)
    assert sorted(i for fold in held for i in fold) == list(range(500))
    assert all(60 <= len(fold) <= 140 for fold in held)
    assert all(fold_of("set", keys[i], 5) == n for n, fold in enumerate(held) for i in fold)


def test_by_part_leads_with_the_check_figure() -> None:
    items = list(range(400))

    def score(part: list[int]) -> list[Metric]:
        return [Metric("share of odd items", 100 * sum(i % 2 for i in part) / len(part))]

    (metric,) = by_part("numbers", items, str, score)
    _, check = split("numbers", items, str)
    assert metric.basis == "check"
    assert metric.value == 100 * sum(i % 2 for i in check) / len(check)
    assert metric.tune is not None and metric.tune != metric.value
