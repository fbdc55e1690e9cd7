"""`newsledger eval NAME --data PATH`: score the extractors against gold data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from newsledger.cli.common import JobsOption, ModelOption, app, err_console, fail
from newsledger.errors import DataMissing, NewsledgerError
from newsledger.eval import EVALUATORS, EvalConfig, EvalReport, Metric, evaluator


def _meets(metric: Metric) -> bool:
    """Targets are floors, except for figures that must stay low (a 'per' rate or 'at most')."""
    assert metric.target is not None
    if metric.name.startswith("≤") or " per " in metric.name:
        return metric.value <= metric.target
    return metric.value >= metric.target


def render_report(report: EvalReport, console: Console) -> None:
    console.print(f"[bold]{report.dataset}[/bold]: {report.items} items scored")
    if report.prf:
        table = Table("spans", "P", "R", "F1")
        for name, (p, r, f) in report.prf.items():
            table.add_row(name, f"{p:.1f}", f"{r:.1f}", f"{f:.1f}")
        console.print(table)
    if report.metrics:
        table = Table("metric", "check / CV", "basis", "tune part", "target", "published")
        for m in report.metrics:
            target = "" if m.target is None else f"{m.target:g}{m.unit}"
            mark = "" if m.target is None else (" ✓" if _meets(m) else " ✗")
            tune = "" if m.tune is None else f"{m.tune:.1f}{m.unit}"
            table.add_row(
                m.name, f"{m.value:.1f}{m.unit}{mark}", m.basis, tune, target, m.published or ""
            )
        console.print(table)
        console.print(
            "check: items no rule was tuned on; cv: cross-validated (each item "
            "predicted by a model trained without it); tune: the part rules were tuned on",
            highlight=False,
        )
    for note in report.notes:
        console.print(f"note: {note}", highlight=False)


@app.command("eval")
def evaluate(
    name: Annotated[str, typer.Argument(help=f"Data set: {', '.join(EVALUATORS)}.")],
    data: Annotated[Path | None, typer.Option("--data", help="Path of the data set.")] = None,
    split: Annotated[str | None, typer.Option("--split", help="Split to score, e.g. dev.")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Score only the first N items.")
    ] = None,
    model: ModelOption = None,
    jobs: JobsOption = 1,
) -> None:
    """Score an extractor against a public gold data set and print the figures."""
    try:
        run = evaluator(name)
        report = run(EvalConfig(data=data, split=split, limit=limit, model=model, jobs=jobs))
    except DataMissing as exc:
        err_console.print(f"skipped: {exc}", highlight=False, markup=False)
        raise typer.Exit(0) from None
    except NewsledgerError as exc:
        fail(str(exc))
    render_report(report, Console(width=120))
