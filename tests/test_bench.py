"""The analysis bench's arithmetic (its timings are measured by `make bench`, not here)."""

from pathlib import Path

import pytest

from newsledger import bench


def run(seconds: float, words: int = 1000) -> dict[str, float]:
    return {"words": words, "seconds": seconds, "articles": 10, "peak_mb": 1.0, "startup": 0.1}


def test_ratios_pair_rounds_and_the_headline_uses_each_rows_fastest() -> None:
    spacy = [run(10.0), run(20.0), run(11.0)]  # a slow spell in round 2
    ours = [run(12.5), run(13.0), run(14.0)]
    assert [round(r, 3) for r in bench.ratios(ours, spacy)] == [0.8, 1.538, 0.786]
    assert bench.fastest(ours) / bench.fastest(spacy) == pytest.approx(10.0 / 12.5)


def test_missing_texts_skip_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--data", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out
