"""`make bench-adversarial`: hostile articles at 1x, 2x and 4x their size.

    python -m newsledger.bench.adversarial [--kb 25] [--only NAME] [--budget 10]

Each pathological input of issue 14 (a long run of numbers, of "according to",
of "Jan.", a paragraph without punctuation, adjacent quote characters, ...) is
analysed through the library entry point (`analyze_documents`, as `analyze`
and `add` run it, after the text reader's cleaning) at 1x, 2x and 4x the base
size (default 10/20/40 KB) in paragraphs of 5 KB each made of the pathology,
then at 100 KB, in such paragraphs and as one paragraph, which must be
analysed or refused within 10 s. It prints the seconds
per article, the outcome (analysed, or refused by the article budget of
`extract/budget.py`) and the time ratio per doubling: linear work shows about 2. Each case runs in
a fresh process with
the pipeline loaded and warmed first, so start-up is not counted; a process
that runs past 3x `--budget` per run is stopped and its rest reported as hangs.

This is a benchmark, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Callable

KB = 1000


def _repeat(head: str, unit: str, tail: str) -> Callable[[int], str]:
    def build(size: int) -> str:
        return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail

    return build


def _no_punctuation(size: int) -> str:
    words = [
        "militia",
        "fighters",
        "attacked",
        "the",
        "village",
        "near",
        "the",
        "border",
        "and",
        "police",
        "officials",
        "said",
        "government",
        "forces",
        "moved",
        "north",
        "while",
        "residents",
        "fled",
        "the",
        "town",
    ]
    out: list[str] = []
    length = 0
    while length < size:
        word = words[len(out) % len(words)]
        out.append(word)
        length += len(word) + 1
    return "Residents said " + " ".join(out)


# Name -> text of about `size` characters. The first five are issue 14's findings.
CASES: dict[str, Callable[[int], str]] = {
    "numbers": _repeat("Police said ", "1 ", "people were killed."),
    "according-to": _repeat("", "according to ", "officials."),
    "jan-dates": _repeat("Officials said ", "Jan. ", "was quiet."),
    "no-punctuation": _no_punctuation,
    "quote-chars": _repeat("The minister said ", '"', " and left."),
    "curly-quotes": _repeat("The minister said ", "\u201c\u201d", " and left."),
    "said-run": _repeat("", "officials said ", "nothing."),
    "killed-run": _repeat("Gunmen ", "killed ", "people."),
    "places-run": _repeat("Fighting spread to ", "Basra and ", "Mosul."),
    "short-lines": _repeat("", "Police said.\n", ""),
    "quoted-speakers": _repeat(
        "", "\u201cWe saw nothing,\u201d said Ali Hassan, a local official. ", ""
    ),
    "caveat-run": _repeat("", "The claim could not be independently verified. ", ""),
    "dense-reports": _repeat(
        "",
        "Gunmen killed 3 people in Basra on Jan. 5, police said, according to "
        "officials who \u201ccould not confirm\u201d it. ",
        "",
    ),
}


def child(name: str, runs: list[tuple[int, int]]) -> None:
    """Analyse one case at each (size, paragraph) in this process, printing a JSON line per run."""
    from newsledger.api import AnalyzeOptions, analyze, analyze_documents
    from newsledger.errors import InputError
    from newsledger.ingest.text import document_from_text
    from newsledger.nlp import load_pipeline

    load_pipeline()
    analyze("Police said on Monday that three people were killed in Mosul.", published="2026-01-05")
    for size, paragraph in runs:
        raw = shaped(name, size, paragraph)
        start = time.perf_counter()
        document = document_from_text(
            raw, f"{name}-{size}"
        )  # the text reader's cleaning, as `analyze` runs it
        outcome = next(analyze_documents([document], AnalyzeOptions(published="2026-01-05")))
        seconds = time.perf_counter() - start
        result: dict[str, object] = {"seconds": seconds, "chars": len(raw), "outcome": "analysed"}
        if isinstance(outcome, InputError):
            result["outcome"] = f"refused: {outcome.reason}"
        print(json.dumps(result), flush=True)


def shaped(name: str, size: int, paragraph: int) -> str:
    """The case's text of about `size` characters, in paragraphs of `paragraph` (0: one
    paragraph)."""
    if not paragraph or paragraph >= size:
        return CASES[name](size)
    parts = [CASES[name](paragraph) for _ in range(max(1, size // paragraph))]
    return "\n\n".join(parts)


def run_case(name: str, runs: list[tuple[int, int]], budget: float) -> list[dict[str, object]]:
    """The case's runs in one fresh process (the pipeline loaded once, outside the timings);
    a run past 3x the budget stops the process, and it and the runs after it count as hangs."""
    spec = ",".join(f"{size}:{paragraph}" for size, paragraph in runs)
    timeout = 60 + 3 * budget * len(runs)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "newsledger.bench.adversarial", "--child", name, spec],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        out, failure = (
            done.stdout,
            (done.stderr.strip().splitlines() or ["?"])[-1] if done.returncode else "",
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        failure = f"HANG (stopped after {timeout:.0f} s)"
    results: list[dict[str, object]] = [
        json.loads(line) for line in out.splitlines() if line.startswith("{")
    ]
    while len(results) < len(runs):
        results.append(
            {"seconds": float("nan"), "chars": runs[len(results)][0], "outcome": failure or "CRASH"}
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kb", type=float, default=10.0, help="base size in KB for the ratios")
    parser.add_argument(
        "--full-kb", type=float, default=100.0, help="size that must finish within --budget"
    )
    parser.add_argument(
        "--only", action="append", choices=sorted(CASES), help="run only these cases"
    )
    parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds allowed for a --full-kb input"
    )
    parser.add_argument(
        "--paragraph",
        type=float,
        default=5.0,
        help="KB per paragraph for the 1x/2x/4x runs (each case also runs as one paragraph)",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(
            args.child[0],
            [(int(a), int(b)) for a, b in (p.split(":") for p in args.child[1].split(","))],
        )
        return 0
    base, paragraph, full = int(args.kb * KB), int(args.paragraph * KB), int(args.full_kb * KB)
    over = 0
    print(
        f"1x/2x/4x = {base // KB}/{2 * base // KB}/{4 * base // KB} KB in paragraphs of "
        f"{paragraph // KB} KB; "
        f"then {full // KB} KB in such paragraphs and as one paragraph. Seconds per article, warm."
    )
    print(
        f"{'input':<15} {'1x':>5} {'2x':>5} {'4x':>5} {'2x/1x':>5} {'4x/2x':>5} | "
        f"{full // KB} KB paragraphs: s, outcome{'':<18} | one paragraph: s, outcome"
    )
    for name in args.only or list(CASES):
        results = run_case(
            name,
            [
                (base, paragraph),
                (2 * base, paragraph),
                (4 * base, paragraph),
                (full, paragraph),
                (full, 0),
            ],
            args.budget,
        )
        runs, big = results[:3], results[3:]
        secs = [float(str(r["seconds"])) for r in runs]
        ratios = [f"{b / a:5.2f}" if a > 0.05 else "  n/a" for a, b in itertools.pairwise(secs)]
        big_secs = [float(str(r["seconds"])) for r in big]
        flag = "" if max(big_secs) <= args.budget else f"  OVER {args.budget:.0f} s"
        over += bool(flag)
        print(
            f"{name:<15} {secs[0]:5.2f} {secs[1]:5.2f} {secs[2]:5.2f} {ratios[0]} {ratios[1]} | "
            f"{big_secs[0]:5.2f} {str(big[0]['outcome'])[:36]:<36} | {big_secs[1]:5.2f} "
            f"{str(big[1]['outcome'])[:40]}{flag}",
            flush=True,
        )
    print(f"{over} input(s) of {full // KB} KB over the {args.budget:.0f} s budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
