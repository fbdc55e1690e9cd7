"""`make bench-startup`: how long a command takes from start to exit.

    python -m newsledger.bench.startup --db demo.db

Times whole processes, as a user waits for them: `newsledger --help`, a ledger
query (`events`) on the demo ledger (`make demo` builds it), and `analyze` of a
one-sentence file beside bare spaCy loading its pipeline and parsing that
sentence. Every command runs `--rounds` times (default 5), interleaved so a
slow spell hits every row; the median is reported with the fastest and
slowest, and peak memory (``ru_maxrss``) beside it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from newsledger.bench.throughput import newsledger_command, run_process

SENTENCE = "Police said two people were killed in Basra on Monday, according to a local official.\n"
BARE_SPACY = """
import sys
import spacy
from newsledger.nlp.pipeline import DEFAULT_MODEL
nlp = spacy.load(DEFAULT_MODEL)
nlp(open(sys.argv[1], encoding="utf-8").read())
"""
HELP_TARGET, QUERY_TARGET, ANALYZE_MARGIN = 0.3, 0.6, 0.4  # seconds (issue 13)


@dataclass(frozen=True)
class Command:
    label: str
    argv: list[str]


@dataclass
class Timing:
    seconds: list[float]
    peaks: list[float]
    cpu: list[float]

    @property
    def median(self) -> float:
        return median(self.seconds)

    def line(self, label: str) -> str:
        return (
            f"{label:<36} {self.median:6.2f} s  (fastest {min(self.seconds):.2f}, slowest "
            f"{max(self.seconds):.2f}; CPU {median(self.cpu):.2f} s)  peak "
            f"{median(self.peaks):4.0f} MB"
        )


def commands(sentence: Path, db: Path | None) -> list[Command]:
    cli = newsledger_command()
    found = [
        Command("python -c pass (the interpreter)", [sys.executable, "-c", "pass"]),
        Command("newsledger --help", [*cli, "--help"]),
        Command(
            "bare spaCy: load + parse 1 sentence", [sys.executable, "-c", BARE_SPACY, str(sentence)]
        ),
        Command(
            "newsledger analyze 1 sentence", [*cli, "analyze", str(sentence), "--format", "json"]
        ),
    ]
    if db is not None:
        found.insert(
            2, Command("newsledger events --db (query)", [*cli, "events", "--db", str(db)])
        )
    return found


def verdicts(timings: dict[str, Timing]) -> list[str]:
    """The targets, each with the measured median."""

    def check(name: str, value: float, target: float, what: str) -> str:
        verdict = "ok" if value <= target else "MISSED"
        return f"{name}: {value:.2f} s, target <= {target:.2f} s{what} {verdict}"

    out = [check("--help", timings["newsledger --help"].median, HELP_TARGET, "")]
    if "newsledger events --db (query)" in timings:
        out.append(
            check(
                "ledger query", timings["newsledger events --db (query)"].median, QUERY_TARGET, ""
            )
        )
    bare = timings["bare spaCy: load + parse 1 sentence"].median
    out.append(
        check(
            "analyze of one sentence",
            timings["newsledger analyze 1 sentence"].median,
            bare + ANALYZE_MARGIN,
            f" (bare spaCy {bare:.2f} s + {ANALYZE_MARGIN})",
        )
    )
    cpu, cpu_bare = (
        median(timings[k].cpu)
        for k in ("newsledger analyze 1 sentence", "bare spaCy: load + parse 1 sentence")
    )
    out.append(
        f"  in CPU time (less disturbed by other load): {cpu:.2f} s against {cpu_bare:.2f} s + "
        f"{ANALYZE_MARGIN} {'ok' if cpu <= cpu_bare + ANALYZE_MARGIN else 'MISSED'}"
    )
    ours, theirs = (
        median(timings[k].peaks)
        for k in ("newsledger analyze 1 sentence", "bare spaCy: load + parse 1 sentence")
    )
    out.append(
        f"peak memory of that analyze: {ours:.0f} MB, {ours / theirs:.2f} x bare spaCy's "
        f"{theirs:.0f} MB"
    )
    return out


def measure(
    todo: list[Command], rounds: int, run: Callable[[list[str]], dict[str, float]] = run_process
) -> dict[str, Timing]:
    timings = {c.label: Timing([], [], []) for c in todo}
    for _ in range(rounds):  # interleaved
        for command in todo:
            result = run(command.argv)
            timings[command.label].seconds.append(result["seconds"])
            timings[command.label].peaks.append(result["peak_mb"])
            timings[command.label].cpu.append(result["cpu"])
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", type=Path, default=Path("demo.db"), help="a ledger to query (make demo)"
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    db = args.db if args.db.is_file() else None
    if db is None:
        print(
            f"bench-startup: no ledger at {args.db} (make demo builds demo.db); the query row is "
            f"left out"
        )
    with tempfile.TemporaryDirectory() as folder:
        sentence = Path(folder) / "one-sentence.txt"
        sentence.write_text(SENTENCE, encoding="utf-8")
        todo = commands(sentence, db)
        run_process(
            [*newsledger_command(), "analyze", str(sentence)]
        )  # builds the knowledge cache if absent
        timings = measure(todo, args.rounds)
    print(f"medians of {args.rounds} runs, each a whole process:")
    for command in todo:
        print(timings[command.label].line(command.label))
    print("\n".join(verdicts(timings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
