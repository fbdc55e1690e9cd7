"""`make bench`: newsledger's throughput against bare spaCy on the same texts,
warm and as whole processes.

    python -m newsledger.bench.throughput --data ../shared/datasets/polnear/dev/text

Every row (bare spaCy and newsledger, one and two processes, and newsledger
with the opt-in sourcing tagger and in the accurate mode) is measured two ways, each in fresh
processes:

- cold: the whole process a user runs, timed from start to exit with the
  pipeline's load included: ``python -c 'spacy.load(); nlp.pipe(...)'`` for
  bare spaCy, ``newsledger analyze DIR --format jsonl`` for newsledger;
  peak memory is that process's (``ru_maxrss``, the largest process of the
  tree with --jobs 2);
- warm: a child that loads everything first (for newsledger, its knowledge
  and models on a first article too), prints that as start-up, then times the
  run alone; its peak adds its workers' (self + children).

This machine's timings wander from run to run (a slow spell can add a third),
so every measurement is repeated (`--rounds`, interleaved) and each ratio is
taken between the rows' fastest rounds (load on the machine only ever slows a
run down), with the round-by-round ratios printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

WARM_UP = "The ministry said on Monday that three people were killed in Mosul, according to police."
PUBLISHED = "2016-10-01"
BATCH = 16
# Bare spaCy as a whole process: load the default pipeline, parse every file.
BARE_SPACY = """
import sys
import spacy
from newsledger.nlp.pipeline import DEFAULT_MODEL
nlp = spacy.load(DEFAULT_MODEL)
texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
for _ in nlp.pipe(texts, batch_size={batch}, n_process=int(sys.argv[1])):
    pass
"""


@dataclass(frozen=True)
class Row:
    label: str
    mode: str  # "spacy" or "newsledger"
    jobs: int
    tagger: bool | None = (
        None  # newsledger's sourcing tagger (NEWSLEDGER_TAGGER); None: the default
    )
    accurate: bool | None = None  # the accurate mode (NEWSLEDGER_ACCURATE); None: the default


ROWS = (
    Row("bare spaCy", "spacy", 1),
    Row("newsledger", "newsledger", 1),
    Row("bare spaCy", "spacy", 2),
    Row("newsledger", "newsledger", 2),
    Row("newsledger --tagger", "newsledger", 1, tagger=True),
    Row("newsledger --accurate", "newsledger", 1, accurate=True),
)
RATIOS = (  # label, numerator row, denominator row, what it is held to
    ("newsledger/spaCy, jobs=1", 1, 0, " target >= 0.85"),
    ("newsledger/spaCy, jobs=2", 3, 2, ""),
    ("speed-up newsledger jobs=2 / jobs=1", 3, 1, " target >= 1.8"),
    (
        "newsledger --tagger/spaCy, jobs=1",
        4,
        0,
        " (the opt-in sourcing tagger; the default if >= 0.85)",
    ),
    ("newsledger --accurate/spaCy, jobs=1", 5, 0, " target >= 0.4 (issue 17)"),
)


# `--only MODE`: that mode's rows, each beside bare spaCy's with as many processes.
ONLY: dict[str, Callable[[Row], bool]] = {
    "default": lambda r: r.mode == "newsledger" and r.tagger is None and r.accurate is None,
    "tagger": lambda r: bool(r.tagger),
    "accurate": lambda r: bool(r.accurate),
}


def selected(only: str | None) -> list[int]:
    """Indexes in ROWS of the rows to run: all, or one mode's and their bare spaCy rows."""
    if only is None:
        return list(range(len(ROWS)))
    keep = {k for k, r in enumerate(ROWS) if ONLY[only](r)}
    jobs = {ROWS[k].jobs for k in keep}
    return [k for k, r in enumerate(ROWS) if k in keep or (r.mode == "spacy" and r.jobs in jobs)]


def texts_of(folder: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.suffix == ".txt")
    return files[:limit] if limit else files


def measure(
    mode: str, files: list[Path], jobs: int, warm_files: list[Path] | None = None
) -> dict[str, float]:
    """Run one warm measurement in this process (called in a child); `warm_files`,
    when given, are run through first, untimed, as a long run's earlier articles
    would be (`make bench-spark` gives both sides the same ones)."""
    from newsledger.api import analyze
    from newsledger.nlp import load_pipeline

    # What loads once per process (the spaCy pipeline; newsledger's knowledge
    # files, gazetteer and models) is measured apart, as start-up.
    start = time.perf_counter()
    nlp = bare_pipeline() if mode == "spacy" else load_pipeline()
    nlp("warm up the pipeline.")
    if mode != "spacy":
        analyze(WARM_UP, published=PUBLISHED)
    startup = time.perf_counter() - start
    if warm_files:
        _run(mode, warm_files, jobs)
    texts = [p.read_text(encoding="utf-8") for p in files]
    words = sum(len(t.split()) for t in texts)
    cpu = _cpu()
    start = time.perf_counter()
    _run(mode, files, jobs)
    seconds = time.perf_counter() - start
    cpu = _cpu() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_kb += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "articles": len(texts),
        "words": words,
        "seconds": seconds,
        "peak_mb": peak_kb / 1024,
        "startup": startup,
        "cpu": cpu,
    }


@lru_cache(maxsize=1)
def bare_pipeline() -> Language:
    """spaCy's pipeline as spaCy loads it, as the cold row's script does: not through
    newsledger's loader, whose sentence cap and set-indexed lemmas (`nlp/lemmas.py`)
    are newsledger's own work."""
    import spacy

    from newsledger.nlp.pipeline import DEFAULT_MODEL

    return spacy.load(DEFAULT_MODEL)


def _run(mode: str, files: list[Path], jobs: int) -> None:
    """Parse (bare spaCy) or analyse (newsledger) `files`, discarding the results."""
    from newsledger.api import AnalyzeOptions, analyze_documents
    from newsledger.ingest import read_inputs

    # newsledger's rows differ only in NEWSLEDGER_TAGGER/_ACCURATE (see run_warm)
    if mode == "spacy":
        texts = [p.read_text(encoding="utf-8") for p in files]
        for _ in bare_pipeline().pipe(texts, batch_size=BATCH, n_process=jobs):
            pass
        return
    options = AnalyzeOptions(published=PUBLISHED, jobs=jobs)
    for _ in analyze_documents(read_inputs([str(p) for p in files]), options):
        pass


def _cpu() -> float:
    """CPU seconds of this process and its reaped workers: on a machine shared
    with other work, the figure that load disturbs least."""
    own, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def run_process(command: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall seconds, CPU seconds (user + system, its reaped workers included) and
    peak MB of one process run to its end; its output is discarded. The peak is
    `ru_maxrss` as wait4 reports it: the largest process of its tree."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child never blocks
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-500:]
            raise RuntimeError(f"{' '.join(command[:4])}... failed ({child.returncode}): {tail}")
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
    }


def newsledger_command() -> list[str]:
    """The installed console script, as users run it."""
    script = Path(sys.executable).with_name("newsledger")
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from newsledger.cli import main; main()"]
    )


def env_of(row: Row) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("NEWSLEDGER_TAGGER", "NEWSLEDGER_ACCURATE")
    }
    if row.tagger is not None:
        env["NEWSLEDGER_TAGGER"] = "1" if row.tagger else "0"
    if row.accurate is not None:
        env["NEWSLEDGER_ACCURATE"] = "1" if row.accurate else "0"
    return env


def run_cold(row: Row, files: list[Path]) -> dict[str, float]:
    if row.mode == "spacy":
        command = [
            sys.executable,
            "-c",
            BARE_SPACY.format(batch=BATCH),
            str(row.jobs),
            *map(str, files),
        ]
    else:
        command = [
            *newsledger_command(),
            "analyze",
            *map(str, files),
            "--format",
            "jsonl",
            "--published",
            PUBLISHED,
            "--jobs",
            str(row.jobs),
        ]
    return run_process(command, env_of(row))


def run_warm(
    row: Row, folder: Path, limit: int | None, warm_up: list[Path] | None = None
) -> dict[str, float]:
    command = [
        sys.executable,
        "-m",
        "newsledger.bench.throughput",
        "--child",
        row.mode,
        "--data",
        str(folder),
        "--jobs",
        str(row.jobs),
    ]
    if limit:
        command += ["--limit", str(limit)]
    for path in warm_up or ():
        command += ["--warm-up", str(path)]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, env=env_of(row)
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def fastest(runs: list[dict[str, float]]) -> float:
    """Words/s of the fastest round: other load on the machine only ever slows a
    run down, so the best round is the truest (as `timeit` takes the minimum)."""
    return max(r["words"] / r["seconds"] for r in runs)


def ratios(top: list[dict[str, float]], bottom: list[dict[str, float]]) -> list[float]:
    """Words/s of one row over another's, round by round."""
    return [(a["words"] / a["seconds"]) / (b["words"] / b["seconds"]) for a, b in zip(top, bottom)]


def ratio_line(
    label: str, top: list[dict[str, float]], bottom: list[dict[str, float]], note: str
) -> str:
    values = ratios(top, bottom)
    spread = f" (round by round: {' '.join(f'{v:.2f}' for v in values)})" if len(values) > 1 else ""
    return f"{label}: {fastest(top) / fastest(bottom):.2f}{spread}{note}"


def summary(
    rows: tuple[Row, ...], warm: list[list[dict[str, float]]], cold: list[list[dict[str, float]]]
) -> list[str]:
    """One line per row: cold beside warm, start-up, peak memory, each with its
    ratio to bare spaCy's matching row (the same number of processes)."""
    lines = [
        (
            f"{'row':<30} {'cold s':>7} {'warm s':>7} {'CPU s':>11} {'start-up s':>10} "
            f"{'peak MB':>9}   "
            "ratio to bare spaCy: speed cold / warm, CPU cold / warm, start-up, peak cold / warm"
        )
    ]
    for k, row in enumerate(rows):
        base = next(i for i, r in enumerate(rows) if r.mode == "spacy" and r.jobs == row.jobs)
        cold_s, warm_s = min(r["seconds"] for r in cold[k]), min(r["seconds"] for r in warm[k])
        start = median(r["startup"] for r in warm[k])
        peak_c, peak_w = (
            median(r["peak_mb"] for r in cold[k]),
            median(r["peak_mb"] for r in warm[k]),
        )
        cpu_c, cpu_w = min(r["cpu"] for r in cold[k]), min(r["cpu"] for r in warm[k])
        line = (
            f"{row.label + f' jobs={row.jobs}':<30} {cold_s:7.1f} {warm_s:7.1f} "
            f"{cpu_c:5.1f}/{cpu_w:<5.1f} "
            f"{start:10.2f} {peak_c:4.0f}/{peak_w:<4.0f}"
        )
        if k != base:
            b_start = median(r["startup"] for r in warm[base])
            b_peak_c = median(r["peak_mb"] for r in cold[base])
            b_peak_w = median(r["peak_mb"] for r in warm[base])
            line += (
                f"   {min(r['seconds'] for r in cold[base]) / cold_s:.2f} / "
                f"{min(r['seconds'] for r in warm[base]) / warm_s:.2f}, "
                f"{min(r['cpu'] for r in cold[base]) / cpu_c:.2f} / "
                f"{min(r['cpu'] for r in warm[base]) / cpu_w:.2f}, {start / b_start:.2f}, "
                f"{peak_c / b_peak_c:.2f} / {peak_w / b_peak_w:.2f}"
            )
        lines.append(line)
    return lines


def with_words(runs: list[dict[str, float]], words: float) -> list[dict[str, float]]:
    return [{**r, "words": words} for r in runs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="folder of .txt articles")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="run every measurement this many times, interleaved; ratios use each row's fastest",
    )
    parser.add_argument(
        "--only",
        choices=sorted(ONLY),
        help="run only this mode's rows and bare spaCy's beside them (e.g. accurate)",
    )
    parser.add_argument("--child", choices=("spacy", "newsledger"), help=argparse.SUPPRESS)
    parser.add_argument("--warm-up", type=Path, action="append", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"bench: skipped, no texts at {args.data}")
        return 0
    files = texts_of(args.data, args.limit)
    if args.child:
        print(json.dumps(measure(args.child, files, args.jobs, args.warm_up)))
        return 0
    chosen = selected(args.only)
    rows = tuple(ROWS[k] for k in chosen)
    warm: list[list[dict[str, float]]] = [[] for _ in rows]
    cold: list[list[dict[str, float]]] = [[] for _ in rows]
    for round_no in range(1, args.rounds + 1):  # interleaved, so a slow spell hits every row
        for k, row in enumerate(rows):
            w = run_warm(row, args.data, args.limit)
            c = run_cold(row, files)
            warm[k].append(w)
            cold[k].append({**c, "words": w["words"]})
            print(
                f"round {round_no} {row.label + f' jobs={row.jobs}':<30} warm "
                f"{w['words'] / w['seconds']:6.0f} "
                f"words/s ({w['seconds']:.1f} s, start-up {w['startup']:.2f} s, peak "
                f"{w['peak_mb']:.0f} MB); "
                f"cold {c['seconds']:.1f} s (CPU {c['cpu']:.1f} s), peak {c['peak_mb']:.0f} MB  "
                f"({w['articles']:.0f} articles, {w['words']:.0f} words)",
                flush=True,
            )
    print()
    print("\n".join(summary(rows, warm, cold)))
    print()
    print("\n".join(ratio_lines(chosen, warm, cold)))
    return 0


def ratio_lines(
    chosen: list[int], warm: list[list[dict[str, float]]], cold: list[list[dict[str, float]]]
) -> list[str]:
    """The ratio lines of RATIOS whose two rows were run (`chosen`: their indexes in
    ROWS, in the order of `warm` and `cold`)."""
    at = {k: n for n, k in enumerate(chosen)}
    ran = [
        (label, at[top], at[bottom], note)
        for label, top, bottom, note in RATIOS
        if top in at and bottom in at
    ]
    out = []
    for label, top, bottom, note in ran:
        out.append(ratio_line(f"whole process (cold) {label}", cold[top], cold[bottom], note))
        out.append(ratio_line(f"warm {label}", warm[top], warm[bottom], note))
    for label, top, bottom, _ in ran:  # one process: CPU is comparable
        if ROWS[chosen[top]].jobs != 1 or ROWS[chosen[bottom]].jobs != 1:
            continue
        cpu = [b["cpu"] / a["cpu"] for a, b in zip(cold[top], cold[bottom])]
        out.append(
            f"CPU time, whole process, {label}: "
            f"{min(r['cpu'] for r in cold[bottom]) / min(r['cpu'] for r in cold[top]):.2f}"
            f" (round by round: {' '.join(f'{v:.2f}' for v in cpu)})"
        )
    if 0 in at and 1 in at:
        base, ours = cold[at[0]], cold[at[1]]
        peak = median(r["peak_mb"] for r in ours) / median(r["peak_mb"] for r in base)
        out.append(f"peak memory newsledger/spaCy, whole process, jobs=1: {peak:.2f} target <= 1.2")
    return out


if __name__ == "__main__":
    sys.exit(main())
