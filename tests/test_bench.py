"""The analysis bench's arithmetic (its timings are measured by `make bench`, not here)."""

from pathlib import Path

import pytest

from newsledger.bench import throughput as bench


def run(seconds: float, words: int = 1000) -> dict[str, float]:
    return {
        "words": words,
        "seconds": seconds,
        "articles": 10,
        "peak_mb": 1.0,
        "startup": 0.1,
        "cpu": seconds,
    }


def test_ratios_pair_rounds_and_the_headline_uses_each_rows_fastest() -> None:
    spacy = [run(10.0), run(20.0), run(11.0)]  # a slow spell in round 2
    ours = [run(12.5), run(13.0), run(14.0)]
    assert [round(r, 3) for r in bench.ratios(ours, spacy)] == [0.8, 1.538, 0.786]
    assert bench.fastest(ours) / bench.fastest(spacy) == pytest.approx(10.0 / 12.5)


def test_missing_texts_skip_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--data", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_summary_sets_each_row_beside_bare_spacy_with_as_many_processes() -> None:
    rows = (
        bench.Row("bare spaCy", "spacy", 1),
        bench.Row("newsledger", "newsledger", 1),
        bench.Row("bare spaCy", "spacy", 2),
        bench.Row("newsledger", "newsledger", 2),
    )
    warm = [[run(10.0)], [run(12.5)], [run(5.0)], [run(8.0)]]
    cold = [
        [{**run(11.0), "peak_mb": 100.0}],
        [{**run(13.75), "peak_mb": 110.0}],
        [{**run(6.0), "peak_mb": 100.0}],
        [{**run(12.0), "peak_mb": 150.0}],
    ]
    lines = bench.summary(rows, warm, cold)
    assert lines[2].split()[:3] == ["newsledger", "jobs=1", "13.8"]
    # speed 11/13.75 and 10/12.5, CPU the same, start-up, peak
    assert lines[2].endswith("0.80 / 0.80, 0.80 / 0.80, 1.00, 1.10 / 1.00")
    assert lines[4].endswith("0.50 / 0.62, 0.50 / 0.62, 1.00, 1.50 / 1.00")  # against spaCy jobs=2


def test_startup_bench_interleaves_rounds_and_checks_targets() -> None:
    from newsledger.bench import startup as bench_startup

    todo = bench_startup.commands(Path("one.txt"), Path("demo.db"))
    order: list[str] = []
    seconds = {"--help": 0.25, "events": 0.7, "-c": 1.5, "analyze": 1.95}

    def fake(argv: list[str]) -> dict[str, float]:
        key = next((k for k in ("--help", "events", "analyze") if k in argv), "-c")
        if "pass" in argv:
            key = "--help"
        order.append(key)
        return {
            "seconds": seconds[key],
            "cpu": seconds[key] / 2,
            "peak_mb": 100.0 if key != "analyze" else 130.0,
        }

    timings = bench_startup.measure(todo, 2, fake)
    assert order[: len(todo)] == order[len(todo) :]  # round 2 repeats round 1's order
    lines = bench_startup.verdicts(timings)
    assert lines[0].endswith("ok") and "target <= 0.30" in lines[0]
    assert lines[1].startswith("ledger query: 0.70 s") and lines[1].endswith("MISSED")
    assert "target <= 1.90 s (bare spaCy 1.50 s + 0.4) MISSED" in lines[2]
    assert lines[3].endswith("0.97 s against 0.75 s + 0.4 ok")
    assert lines[4].endswith("1.30 x bare spaCy's 100 MB")


def test_only_a_mode_runs_its_rows_beside_bare_spacy_with_as_many_processes() -> None:
    assert bench.selected(None) == list(range(len(bench.ROWS)))
    accurate = [bench.ROWS[k] for k in bench.selected("accurate")]
    assert [(r.mode, r.jobs, r.accurate) for r in accurate] == [
        ("spacy", 1, None),
        ("newsledger", 1, True),
    ]
    default = [bench.ROWS[k] for k in bench.selected("default")]
    assert {(r.mode, r.jobs) for r in default} == {
        ("spacy", 1),
        ("newsledger", 1),
        ("spacy", 2),
        ("newsledger", 2),
    }
    assert all(r.tagger is None and r.accurate is None for r in default)


def test_ratio_lines_keep_only_the_ratios_of_rows_run() -> None:
    chosen = bench.selected("accurate")
    warm = [[run(10.0)], [run(25.0)]]
    cold = [[run(11.0)], [run(27.5)]]
    lines = bench.ratio_lines(chosen, warm, cold)
    assert lines == [
        "whole process (cold) newsledger --accurate/spaCy, jobs=1: 0.40 target >= 0.4 (issue 17)",
        "warm newsledger --accurate/spaCy, jobs=1: 0.40 target >= 0.4 (issue 17)",
        "CPU time, whole process, newsledger --accurate/spaCy, jobs=1: 0.40 (round by round: 0.40)",
    ]
    every = bench.ratio_lines(
        bench.selected(None), [[run(10.0)]] * len(bench.ROWS), [[run(10.0)]] * len(bench.ROWS)
    )
    assert len(every) == 2 * len(bench.RATIOS) + 3 + 1  # cold and warm each, 3 CPU, peak
    assert every[-1].startswith("peak memory newsledger/spaCy")
