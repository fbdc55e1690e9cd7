"""The coreference scores on the worked example of the reference scorer's paper
(Pradhan et al. 2014, figure 1), checked by hand."""

from __future__ import annotations

import pytest

from newsledger.eval.coref import b_cubed, ceaf_e, clusters, conll, muc, pairwise

KEY = [frozenset("abc"), frozenset("defg")]
RESPONSE = [frozenset("ab"), frozenset("cd"), frozenset("fghi")]


def test_muc_counts_links() -> None:
    # key: abc cut in 2 pieces, defg in 3 (e alone) -> (1 + 1) / (2 + 3); precision the same way
    assert muc(KEY, RESPONSE) == pytest.approx((40.0, 40.0, 40.0))


def test_b_cubed_per_mention() -> None:
    p, r, f = b_cubed(KEY, RESPONSE)
    assert p == pytest.approx(100 * 4 / 8)
    assert r == pytest.approx(100 * (5 / 3 + 5 / 4) / 7)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_ceaf_e_takes_the_best_alignment() -> None:
    # abc~ab (0.8) with defg~fghi (0.5) beats abc~ab with defg~cd (0.33)
    p, r, _ = ceaf_e(KEY, RESPONSE)
    assert r == pytest.approx(100 * 1.3 / 2)
    assert p == pytest.approx(100 * 1.3 / 3)


def test_conll_is_the_mean_of_three() -> None:
    expected = (muc(KEY, RESPONSE)[2] + b_cubed(KEY, RESPONSE)[2] + ceaf_e(KEY, RESPONSE)[2]) / 3
    assert conll(KEY, RESPONSE) == pytest.approx(expected)
    assert conll(KEY, KEY) == pytest.approx(100.0)


def test_pairwise_and_a_pair_filter() -> None:
    # gold pairs: 3 + 6 = 9; found: ab, cd and 6 in fghi; right: ab, fg
    assert pairwise(KEY, RESPONSE)[:2] == pytest.approx((25.0, 100 * 2 / 9))
    no_a = pairwise(KEY, RESPONSE, keep=lambda x, y: "a" not in (x, y))
    assert no_a[:2] == pytest.approx((100 * 1 / 7, 100 * 1 / 7))


def test_all_singletons_have_no_links() -> None:
    singles = [frozenset(m) for m in "abc"]
    assert muc(singles, singles) == (0.0, 0.0, 0.0)
    assert b_cubed(singles, singles) == pytest.approx((100.0, 100.0, 100.0))


def test_clusters_from_labels() -> None:
    assert sorted(sorted(map(str, c)) for c in clusters({"a": 1, "b": 1, "c": 2})) == [
        ["a", "b"],
        ["c"],
    ]
