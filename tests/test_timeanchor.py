"""The learned choice of week or year for weekdays, months and year-less dates."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from newsledger.errors import KnowledgeError
from newsledger.extract import timeanchor as ta
from newsledger.extract import timeres as tr
from newsledger.extract.timepatterns import rules
from newsledger.extract.timerules import State
from newsledger.train.dates import Example, pick, train

WEDNESDAY = date(2026, 1, 14)
SURROUNDINGS = ta.Surroundings(tense=None, verb_tag="VBZ", before="on", paragraph=1)


def match(rule: str, text: str) -> re.Match[str]:
    pattern = dict(rules())[rule]
    found = pattern.search(text.lower())
    assert found is not None
    return found


def test_candidates_count_from_the_anchor_and_the_paragraphs_date() -> None:
    state = State(anchor=WEDNESDAY, ref=tr.day(date(2025, 12, 1)))
    kinds = {
        o.kind: o.period.start
        for o in ta.options("weekday", match("weekday", "Monday"), state, None)
    }
    assert kinds["dct:past"] == date(2026, 1, 12) and kinds["dct:future"] == date(2026, 1, 19)
    assert kinds["ref:past"] == date(2025, 12, 1) and kinds["ref:future"] == date(2025, 12, 1)
    months = {
        o.kind: o.period.start for o in ta.options("month", match("month", "December"), state, None)
    }
    assert months["dct:past"] == date(2025, 12, 1) and months["dct:future"] == date(2026, 12, 1)
    assert months["ref:same"] == date(2025, 12, 1)


def test_the_rules_choice_is_marked_or_added() -> None:
    state = State(anchor=WEDNESDAY)
    ruled = tr.day(date(2026, 1, 12))
    found = ta.options("weekday", match("weekday", "Monday"), state, ruled)
    assert [o.kind for o in found if o.rule] == ["dct:past"]
    odd = tr.day(date(2020, 1, 6))
    assert ta.options("weekday", match("weekday", "Monday"), state, odd)[-1] == ta.Option(
        "rule", odd, True
    )


def test_choose_follows_the_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    state, ruled = State(anchor=WEDNESDAY), tr.day(date(2026, 1, 12))
    monday = match("weekday", "Monday")
    monkeypatch.setattr(ta, "weights", lambda: {"bias&dct:future": 2.0, "rule": 1.0})
    assert ta.choose("weekday", monday, state, SURROUNDINGS, ruled) == tr.day(date(2026, 1, 19))
    monkeypatch.setattr(ta, "weights", lambda: {"bias&dct:future": 0.5, "rule": 1.0})
    assert ta.choose("weekday", monday, state, SURROUNDINGS, ruled) == ruled
    monkeypatch.setattr(ta, "weights", lambda: None)
    assert ta.choose("weekday", monday, state, SURROUNDINGS, ruled) == ruled
    written = match("mdy", "Jan. 5, 2026")  # a date with its year is not the model's to choose
    assert ta.choose("mdy", written, state, SURROUNDINGS, ruled) == ruled


@pytest.mark.parametrize("enabled, expected", [(True, {"rule": 1.0}), (False, None)])
def test_a_model_that_did_not_beat_the_rules_stays_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool, expected: object
) -> None:
    (tmp_path / ta.MODEL_FILE).write_text(json.dumps({"enabled": enabled, "weights": {"rule": 1}}))
    monkeypatch.setattr(ta, "PACKAGE_DIR", tmp_path)
    ta.weights.cache_clear()
    try:
        assert ta.weights() == expected
        (tmp_path / ta.MODEL_FILE).write_text("{not json")
        ta.weights.cache_clear()
        with pytest.raises(KnowledgeError, match="date anchoring model"):
            ta.weights()
    finally:
        ta.weights.cache_clear()


def test_training_learns_a_direction_the_rules_miss() -> None:
    def example(n: int, tense: str) -> Example:
        # the rules always take the past; the gold is future under a future verb
        right = [tense != "future", tense == "future"]
        names = [
            {f"tense={tense}&dct:past": 1.0, "bias&dct:past": 1.0, "rule": 1.0},
            {f"tense={tense}&dct:future": 1.0, "bias&dct:future": 1.0, "rule": 0.0},
        ]
        return Example(f"doc{n}", names, right, rule=0)

    data = [example(n, "future" if n % 3 == 0 else "past") for n in range(30)]
    weights = train(data, 0.01)
    assert all(ex.right[pick(ex, weights)] for ex in data)
    assert train(data, 0.01) == weights  # deterministic
