"""The PolNeAR evaluator: brat reading, trimming, scoring, and a small real run."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.eval import EvalConfig, evaluator
from newsledger.eval.score_polnear import Scores, parse_ann, report, score_item, trim
from newsledger.extract.sourcing import encoder

TEXT = 'Officials said "the bridge is closed." Later, she added that it reopened.'
ANN = "\n".join(
    [
        "T1\tSource 0 9\tOfficials",
        "T2\tCue 10 14\tsaid",
        'T3\tContent 15 38\t"the bridge is closed."',
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "T5\tSource 46 49\tshe",
        "T6\tCue 50 55\tadded",
        "T7\tContent 56 60;61 72\tthat it reopened",
    ]
)


def test_parse_ann_joins_fragments() -> None:
    spans = parse_ann(ANN)
    assert spans["Source"] == {(0, 9), (46, 49)}
    assert (56, 72) in spans["Content"]


def test_trim_quotes_and_punctuation() -> None:
    assert TEXT[slice(*trim(TEXT, 15, 38))] == "the bridge is closed"


def test_exact_and_overlap_scores() -> None:
    gold = parse_ann(ANN)
    pred = {"Source": {(0, 9)}, "Cue": {(10, 14), (50, 55)}, "Content": {(16, 37), (61, 72)}}
    scores = Scores()
    score_item(TEXT, gold, pred, scores)
    out = report(scores, 1)
    assert out.prf["Source exact"] == pytest.approx((100.0, 50.0, 200 / 3))
    assert out.prf["Cue exact"][2] == pytest.approx(100.0)
    content_p, content_r, _ = out.prf["Content overlap"]
    assert content_p == pytest.approx(100.0)
    assert 50 < content_r < 100  # the second content is only partly covered
    assert out.prf["Content exact"][0] == pytest.approx(50.0)


def test_small_dev_run(datasets: Path) -> None:
    data = datasets / "polnear"
    if not data.exists():
        pytest.skip("polnear not found")
    out = evaluator("polnear")(EvalConfig(data=data, split="dev", limit=3))
    assert out.items == 3
    names = {m.name for m in out.metrics}
    accurate = encoder.available()
    for setting in ("rules", "rules + tagger", *(("accurate",) if accurate else ())):
        assert {f"{label} exact F1 ({setting})" for label in ("Source", "Cue", "Content")} <= names
        assert out.prf[f"Cue exact ({setting})"][2] > 20  # real extraction, not an empty run
    targeted = {m.name for m in out.metrics if m.target is not None}
    last = "(accurate)" if accurate else "(rules + tagger)"
    assert targeted and all(name.endswith(last) for name in targeted)
