"""`newsledger spark analyze`: the analysis as a Spark job, into Parquet.

Exit status: 0 when every input gave articles; 3 when the job completed and
wrote rows to `errors` (bad records: the rest is analysed and written);
2 when the job could not run (no Java, no pyspark, an output it cannot write).
"""

from __future__ import annotations

import time
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

ERRORS_WRITTEN = 3  # the job completed, and some inputs are rows of `errors`

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Run the analysis as an Apache Spark job (needs pyspark and Java).",
)
err_console = Console(stderr=True)


@app.callback()
def spark() -> None:
    """Run the analysis as an Apache Spark job (needs pyspark and Java)."""
    # A callback keeps `analyze` a subcommand when this app runs alone (spark-submit).


def fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


@app.command()
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, directories, or URIs Hadoop reads (file://, hdfs://, s3a://)."),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Folder (or URI) for the Parquet tables.")
    ],
    master: Annotated[
        str | None,
        typer.Option("--master", help="Spark master URL (default: spark-submit's, else local[*])."),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option(
            "--partitions", min=1, help="Tasks to split the inputs into (default: 4 per core)."
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published", metavar="YYYY-MM-DD", help="Reference date when an article carries none."
        ),
    ] = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            "--max-bytes",
            min=1,
            help="Refuse input files (WARC/JSONL: records) above this many bytes.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", help="spaCy pipeline to load on the executors (installed there too)."
        ),
    ] = None,
    tagger: Annotated[
        bool | None,
        typer.Option(
            "--tagger/--no-tagger",
            help="The learned sourcing span tagger, as for analyze "
            "(default: NEWSLEDGER_TAGGER=1 or off).",
        ),
    ] = None,
) -> None:
    """Analyse inputs on a Spark cluster into Parquet tables: articles, sources,
    attributions, caveats, events, places, errors."""
    from newsledger.api import AnalyzeOptions  # here, not at import: `newsledger --help` stays fast
    from newsledger.extract.context import Options
    from newsledger.ingest import IngestOptions
    from newsledger.spark.worker import JobOptions

    try:
        from newsledger.spark import job
    except ImportError as exc:
        raise fail(f"pyspark is not installed ({exc.name}); install newsledger[spark]") from None
    if published is not None:
        try:
            published = date.fromisoformat(published).isoformat()
        except ValueError:
            raise fail(f"--published: '{published}' is not a date in the form YYYY-MM-DD") from None
    extract = (
        Options() if tagger is None else Options(span_tagger=tagger)
    )  # shipped whole to executors
    options = JobOptions(
        analyze=AnalyzeOptions(published=published, model=model, extract=extract),
        ingest=IngestOptions.from_env(max_bytes),
    )
    start = time.perf_counter()
    ours = job.running() is None  # a session someone else started (a test, a notebook) stays up
    try:
        spark = job.session(master)
    except Exception as exc:
        raise fail(f"cannot start Spark: {str(exc).strip().splitlines()[0][:300]}") from None
    try:
        summary = job.run(spark, paths, output, options, partitions)
    except Exception as exc:
        raise fail(f"the Spark job failed: {str(exc).strip().splitlines()[0][:300]}") from None
    finally:
        if ours:
            spark.stop()
    err_console.print(
        f"{summary.records} records: {summary.articles} articles, {summary.duplicates} duplicate "
        f"texts, "
        f"{summary.errors} errors; Parquet under {output} ({time.perf_counter() - start:.1f} s)",
        highlight=False,
        soft_wrap=True,
    )
    if summary.errors:
        raise typer.Exit(ERRORS_WRITTEN)


def main() -> None:
    app(prog_name="newsledger spark")
