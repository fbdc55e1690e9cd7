"""The Typer app and the options several commands share."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from newsledger.limits import BadQuery, check_day  # plain Python: cheap for --help

if TYPE_CHECKING:  # importing the extractors loads spaCy: only commands that analyse do
    from newsledger.extract.context import Options

app = typer.Typer(
    name="newsledger",
    help="Read news reports into a sourced, graded record of sources, claims, caveats and events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Messages, progress and errors go to stderr; stdout carries results only.
err_console = Console(stderr=True)

ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="spaCy pipeline to load (default: en_core_web_sm 3.8.0)."),
]
JobsOption = Annotated[
    int,
    typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes for the analysis."),
]
TaggerOption = Annotated[
    bool | None,
    typer.Option(
        "--tagger/--no-tagger",
        help="Correct and complete the sourcing rules with the learned span tagger: more "
        "attributions found, about 11 ms more per article (default: NEWSLEDGER_TAGGER=1 or off).",
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Ledger: SQLite path or postgresql:// URL (default NEWSLEDGER_DB or ./newsledger.db).",
    ),
]
PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, directories, or - for standard input.")
]
AccurateOption = Annotated[
    bool | None,
    typer.Option(
        "--accurate/--no-accurate",
        help="Tag sourcing spans with the fine-tuned encoder (the accurate mode): better "
        "attributions, slower; needs the accurate extra (default: NEWSLEDGER_ACCURATE=1 or off).",
    ),
]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="YYYY-MM-DD",
        help="Reference date for relative dates when an article carries none.",
    ),
]


def extract_options(
    actor_files: tuple[str, ...] = (), tagger: bool | None = None, accurate: bool | None = None
) -> Options:
    """Extractor settings from the command line; an unset --tagger or --accurate
    keeps the environment's."""
    from dataclasses import replace

    from newsledger.extract.context import Options

    options = Options(actor_files=actor_files)
    if tagger is not None:
        options = replace(options, span_tagger=tagger)
    if accurate is not None:
        options = replace(options, accurate=accurate)
    return options


def published_day(value: str | None) -> str | None:
    """--published, checked by the rule every date option follows (limits.check_day)."""
    try:
        return check_day("--published", value) or None
    except BadQuery as exc:
        fail(str(exc))


def report_error(message: str) -> None:
    """One line on stderr, in red when it is a terminal."""
    # Escaped: file names and reasons may hold "[...]", which Rich reads as markup.
    err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    report_error(message)
    raise typer.Exit(code)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


T = TypeVar("T")


def with_progress(items: Iterator[T], show: bool, verb: str, total: int = 0) -> Iterator[T]:
    """The items, with a progress bar on stderr while they come (`verb`: "analysing", "adding")."""
    if not show:
        yield from items
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn(verb),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(verb, total=total or None)
        for item in items:
            progress.advance(task)
            yield item
