"""The TimeBank evaluation: TimeML reading, value comparison, a short real run."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import dataset

from newsledger.eval import EvalConfig
from newsledger.eval.score_timebank import parse_tml, run, value_matches
from newsledger.models import Time

TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1999-03-05"
  functionInDocument="CREATION_TIME">03/05/1999</TIMEX3></DCT>
<TEXT>
Officials of Marrow &amp; Co <EVENT eid="e1">said</EVENT> <TIMEX3 tid="t1" type="DATE"
value="1999-03-04">Thursday</TIMEX3> that sales rose in <TIMEX3 tid="t2" type="DATE"
value="1998-Q4">the fourth quarter</TIMEX3>.
</TEXT>
</TimeML>
"""


def time(value: str | None, end_value: str | None = None, ref: str | None = None) -> Time:
    return Time(id="T1", start=0, end=1, text="x", value=value, end_value=end_value, ref=ref)  # type: ignore[arg-type]


def test_parse_tml_maps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "doc.tml"
    path.write_text(TML, encoding="utf-8")
    item = parse_tml(path)
    assert item.dct == "1999-03-05"
    assert "Marrow & Co" in item.text
    assert [(item.text[x.start : x.end], x.value) for x in item.timexes] == [
        ("Thursday", "1999-03-04"),
        ("the fourth quarter", "1998-Q4"),
    ]


def test_values_compare_at_gold_granularity() -> None:
    assert value_matches("1998-Q4", time("1998-10", "1998-12"))
    assert value_matches("1998-Q4", time("1998-11-02"))
    assert not value_matches("1998-11-02", time("1998-11"))
    assert value_matches("1998-W12", time("1998-03-16", "1998-03-22"))
    assert value_matches("197", time("1970", "1979"))
    assert value_matches("1989-QX", time("1989-07", "1989-09"))
    assert value_matches("PAST_REF", time(None, ref="past"))
    assert not value_matches("FUTURE_REF", time(None, ref="past"))


@pytest.mark.datasets
def test_run_on_a_few_documents() -> None:
    data = dataset("tempeval3/TimeBank")
    report = run(EvalConfig(data=data, limit=4))
    figures = {m.name: m.value for m in report.metrics}
    assert report.items == 4
    assert figures["gold DATE expressions"] > 0
    assert figures["DATE detection recall"] >= 70.0
    assert figures["DATE value accuracy (all gold DATEs)"] >= 60.0
