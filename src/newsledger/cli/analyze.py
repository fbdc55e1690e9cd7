"""`newsledger analyze PATH...`: the analysis format for every article read."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from newsledger.cli.common import (
    AccurateOption,
    JobsOption,
    ModelOption,
    PathsArgument,
    PublishedOption,
    TaggerOption,
    app,
    extract_options,
    fail,
    published_day,
    report_error,
    stderr_is_terminal,
    with_progress,
)
from newsledger.errors import NewsledgerError

if TYPE_CHECKING:  # the analysis modules load in the command, not at `newsledger --help`
    from newsledger.api import Outcome
    from newsledger.models import Analysis

# Progress shows only for runs longer than this many input files.
PROGRESS_MIN_FILES = 3


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"


def write_outputs(outcomes: Iterator[Outcome], fmt: OutputFormat, out: IO[str]) -> int:
    """Render analyses as they come; report errors in place. Returns the error count."""
    from newsledger.errors import InputError
    from newsledger.render import html as html_render
    from newsledger.render import text as text_render

    errors = 0
    collected: list[Analysis] = []
    for outcome in outcomes:
        if isinstance(outcome, InputError):
            errors += 1
            report_error(str(outcome))
            continue
        if fmt is OutputFormat.jsonl:
            out.write(json.dumps(outcome.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
        elif fmt is OutputFormat.text:
            text_render.print_report(outcome, out)
        else:
            collected.append(outcome)
    if fmt is OutputFormat.json and (collected or not errors):
        value = collected[0].to_dict() if len(collected) == 1 else [a.to_dict() for a in collected]
        out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.html and collected:
        out.write(html_render.render_page(collected))
    return errors


@app.command()
def analyze(
    paths: PathsArgument,
    published: PublishedOption = None,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text (default on a terminal), json (default otherwise), jsonl or html.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
    model: ModelOption = None,
    jobs: JobsOption = 1,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            "--max-bytes",
            min=1,
            help="Refuse input files larger than this many bytes before reading them "
            "(default 50 MB, or NEWSLEDGER_MAX_BYTES); "
            "WARC and JSONL are limited per record or line. "
            "NEWSLEDGER_MAX_CHARS (default 1,000,000) limits one article's text.",
        ),
    ] = None,
    actors: Annotated[
        list[Path] | None,
        typer.Option(
            "--actors", help="Extra actor dictionary file(s) (JSONL), merged with the built-in one."
        ),
    ] = None,
    tagger: TaggerOption = None,
    accurate: AccurateOption = None,
) -> None:
    """Analyse news reports: sources, attributions, caveats, events, places, times, quantities."""
    from newsledger.api import AnalyzeOptions, analyze_documents
    from newsledger.ingest import IngestOptions, read_inputs
    from newsledger.ingest.dispatch import expand

    chosen = fmt or (
        OutputFormat.text if output is None and sys.stdout.isatty() else OutputFormat.json
    )
    ingest = IngestOptions.from_env(max_bytes)
    options = AnalyzeOptions(
        published=published_day(published),
        model=model,
        jobs=jobs,
        extract=extract_options(
            actor_files=tuple(str(p) for p in actors or ()), tagger=tagger, accurate=accurate
        ),
    )
    show = stderr_is_terminal() and sum(1 for _ in expand(paths)) > PROGRESS_MIN_FILES
    try:
        with ExitStack() as stack:
            out: IO[str] = (
                stack.enter_context(output.open("w", encoding="utf-8")) if output else sys.stdout
            )
            outcomes = analyze_documents(read_inputs(paths, ingest), options)
            errors = write_outputs(with_progress(outcomes, show, "analysing"), chosen, out)
    except NewsledgerError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror})")
    if errors:
        raise typer.Exit(2)
