"""The incident bench runs end to end on a tiny ledger (its timings are not checked here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.bench import incidents as bench_incidents
from newsledger.bench.incidents import Generator


def test_generated_reports_are_reproducible_and_share_incidents() -> None:
    first = Generator(seed=3).article()
    again = Generator(seed=3).article()
    assert first == again and len(first.events) == bench_incidents.EVENTS_PER_ARTICLE
    assert all(
        first.article.text[e.trigger.start : e.trigger.end] == e.trigger.text for e in first.events
    )


def test_bench_prints_a_row_per_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench_incidents, "MEASURED", 3)
    assert bench_incidents.main(["--levels", "50,80", "--db", str(tmp_path / "b.db")]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[2:]]
    assert len(rows) == 2 and int(rows[0][0]) >= 50 and int(rows[1][0]) >= 80
