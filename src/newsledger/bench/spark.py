"""`make bench-spark`: the Spark job beside `newsledger analyze` on the same texts.

    python -m newsledger.bench.spark --data ../shared/datasets/polnear/dev/text

Runs, interleaved round by round, each in a fresh process: `newsledger analyze`
with --jobs 1 and 2 (newsledger.bench's measurement), then the Spark job with
--master local[1] and local[2] into a scratch folder. Throughput is timed warm
on both sides; start-up is printed apart: for Spark the JVM's (the session),
the executors' (one warm-up task per core loads the pipeline and knowledge in
each Python worker, which Spark then reuses), and a first job over two texts
(the JVM compiles the job's query plans and warms its JIT once per session). A Spark run's time is
the
whole job: reading, analysis, and writing the seven Parquet tables.

Memory: the JVM's peak resident set (in local mode the driver is the executor)
and each Python worker's, whose sum is what one executor of that size needs.
Ratios are taken between the rows' fastest rounds, as `make bench` does.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsledger.bench import throughput as bench

RUNS = (("analyze", 1), ("analyze", 2), ("spark", 1), ("spark", 2))
RATIOS = (
    ("speed-up Spark local[2] / local[1]", ("spark", 2), ("spark", 1), " target >= 1.7"),
    ("Spark local[2] / analyze --jobs 2", ("spark", 2), ("analyze", 2), " target >= 0.85"),
    ("Spark local[1] / analyze --jobs 1", ("spark", 1), ("analyze", 1), ""),
    ("speed-up analyze --jobs 2 / --jobs 1", ("analyze", 2), ("analyze", 1), ""),
)
WARM_UP_TEXTS = 2  # a first job over this many texts, timed as start-up (the JVM's JIT and plans)
WARM_UP_ARTICLES = 40  # with --warm-up-data: that many other articles, on both sides
PUBLISHED = "2016-10-01"  # as newsledger.bench: PolNeAR's articles are from the 2016 campaign


def peak_mb(pid: int) -> float:
    """A live process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def jvm_pid(spark: object) -> int:
    """The driver JVM's process id (py4j's gateway launched it)."""
    pid: int = spark.sparkContext._gateway.proc.pid  # type: ignore[attr-defined]
    return pid


def measure_spark(
    files: list[Path], cores: int, warm_files: list[Path] | None = None
) -> dict[str, float]:
    """One Spark run in this process (called in a child), after a first job over
    `warm_files` (or the first two of `files`)."""
    from newsledger.api import AnalyzeOptions
    from newsledger.spark import job
    from newsledger.spark.worker import JobOptions, warm_up

    start = time.perf_counter()
    spark = job.session(
        f"local[{cores}]",
        {
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.shuffle.partitions": str(cores * 2),
        },
    )
    jvm_startup = time.perf_counter() - start
    options = JobOptions(analyze=AnalyzeOptions(published=PUBLISHED))
    start = time.perf_counter()

    def warm(_: int) -> None:
        warm_up(options.analyze)

    spark.sparkContext.parallelize(range(cores), cores).foreach(warm)
    pipeline_startup = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()  # a first job: the JVM compiles the job's plans and hot code
        first = warm_files or files[:WARM_UP_TEXTS]
        job.run(spark, [str(p) for p in first], f"{scratch}/warm", options)
        jit_startup = time.perf_counter() - start
        start = time.perf_counter()
        summary = job.run(spark, [str(p) for p in files], f"{scratch}/out", options)
        seconds = time.perf_counter() - start
    jvm_mb = peak_mb(jvm_pid(spark))
    spark.stop()
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    return {
        "articles": summary.articles + summary.duplicates,
        "errors": summary.errors,
        "records": summary.records,
        "words": words,
        "seconds": seconds,
        "startup": jvm_startup + pipeline_startup + jit_startup,
        "jvm_startup": jvm_startup,
        "jit_startup": jit_startup,
        "pipeline_startup": pipeline_startup,
        "jvm_mb": jvm_mb,
        "worker_mb": max((w.peak_rss_mb for w in summary.workers), default=0.0),
        "workers": len({w.pid for w in summary.workers}),
    }


def run_child(
    mode: str, folder: Path, limit: int | None, jobs: int, warm_up: list[Path]
) -> dict[str, float]:
    if mode == "analyze":
        return bench.run_warm(
            bench.Row(f"newsledger --jobs {jobs}", "newsledger", jobs, tagger=False),
            folder,
            limit,
            warm_up,
        )
    command = [
        sys.executable,
        "-m",
        "newsledger.bench.spark",
        "--child",
        str(jobs),
        "--data",
        str(folder),
    ]
    if limit:
        command += ["--limit", str(limit)]
    for path in warm_up:
        command += ["--warm-up", str(path)]
    env = {**os.environ, "NEWSLEDGER_TAGGER": "0"}
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def describe(mode: str, jobs: int, r: dict[str, float]) -> str:
    name = f"analyze --jobs {jobs}" if mode == "analyze" else f"spark local[{jobs}]"
    line = (
        f"{name:>18}: {r['articles'] / r['seconds']:6.2f} articles/s  {r['articles']:.0f} articles "
        f"in {r['seconds']:.1f} s; start-up {r['startup']:.1f} s"
    )
    if mode == "spark":
        line += (
            f" (JVM {r['jvm_startup']:.1f} s, pipeline {r['pipeline_startup']:.1f} s, warm-up job "
            f"{r['jit_startup']:.1f} s); peak JVM "
            f"{r['jvm_mb']:.0f} MB, Python worker {r['worker_mb']:.0f} MB x {r['workers']:.0f}; "
            f"records {r['records']:.0f} = articles + errors {r['errors']:.0f}"
        )
    else:
        line += f"; peak {r['peak_mb']:.0f} MB (all processes)"
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="folder of .txt articles")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="run every measurement this many times, interleaved; ratios use each row's fastest",
    )
    parser.add_argument(
        "--warm-up-data",
        type=Path,
        help="folder of other .txt articles that both sides run through first, untimed, as a "
        "long run's earlier articles would be (the JVM compiles its hot code over the first jobs)",
    )
    parser.add_argument("--warm-up-limit", type=int, default=WARM_UP_ARTICLES)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--warm-up", type=Path, action="append", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"bench-spark: skipped, no texts at {args.data}")
        return 0
    if args.child:
        files = bench.texts_of(args.data, args.limit)
        print(json.dumps(measure_spark(files, args.child, args.warm_up)))
        return 0
    warm_up = (
        bench.texts_of(args.warm_up_data, args.warm_up_limit)
        if args.warm_up_data and args.warm_up_data.is_dir()
        else []
    )
    if warm_up:
        print(
            f"Both sides first run {len(warm_up)} other articles from {args.warm_up_data}, untimed."
        )
    print("Indicative figures: this machine's 2 cores are shared, so timings wander between runs.")
    runs: dict[tuple[str, int], list[dict[str, float]]] = {}
    for round_no in range(1, args.rounds + 1):  # interleaved, so a slow spell hits every row
        for mode, jobs in RUNS:
            r = run_child(mode, args.data, args.limit, jobs, warm_up)
            runs.setdefault((mode, jobs), []).append(r)
            print(f"round {round_no} {describe(mode, jobs, r)}", flush=True)
    for label, top, bottom, note in RATIOS:
        values = bench.ratios(runs[top], runs[bottom])
        spread = (
            f" (round by round: {' '.join(f'{v:.2f}' for v in values)})" if len(values) > 1 else ""
        )
        print(
            f"{label}: {bench.fastest(runs[top]) / bench.fastest(runs[bottom]):.2f}{spread}{note}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
