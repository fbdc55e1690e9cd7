"""Ledger commands: add, events, sources, search, show, export, incidents."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer
from rich.console import Console
from rich.table import Table

from newsledger.cli.common import (
    AccurateOption,
    DbOption,
    JobsOption,
    ModelOption,
    PathsArgument,
    PublishedOption,
    TaggerOption,
    app,
    err_console,
    extract_options,
    fail,
    published_day,
    report_error,
    stderr_is_terminal,
    with_progress,
)
from newsledger.errors import InputError, NewsledgerError

# Each command imports what it uses: a query loads SQLAlchemy, never spaCy and the
# extractors (only `add` analyses), and `newsledger --help` loads neither.
if TYPE_CHECKING:
    from newsledger.ingest import Document
    from newsledger.ledger import EventFilter, Incident, Ledger
from newsledger.limits import (  # plain Python, outside the ledger package: cheap
    BadQuery,
    check_count,
)


def _bounded(param: typer.CallbackParam, value: int) -> int:
    """A count within the ledger's bounds, else one clean line (not an integer overflow later)."""
    try:
        return check_count(param.opts[0], value)
    except BadQuery as exc:
        fail(str(exc))


LimitOption = Annotated[
    int, typer.Option("--limit", "-n", min=1, callback=_bounded, help="Show at most N rows.")
]
OffsetOption = Annotated[
    int, typer.Option("--offset", min=0, callback=_bounded, help="Skip the first N rows.")
]


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="table, json or jsonl.")]


def open_ledger(db: str | None) -> Ledger:
    from newsledger.corroborate import open_ledger as open_corroborated

    try:
        return open_corroborated(db)
    except NewsledgerError as exc:
        fail(str(exc))


# Filter options of `events` and `export` (the filter itself checks their values).
TypeOption = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")]
CountryOption = Annotated[str | None, typer.Option("--country", help="ISO country code, e.g. IQ.")]
SinceOption = Annotated[
    str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="On or after this day.")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", metavar="YYYY-MM-DD", help="On or before this day.")
]
OutletOption = Annotated[str | None, typer.Option("--outlet", help="Outlet name (exact).")]

# The filter's fields under the names of the options that set them (the rest: --field).
OPTION_OF = {"date_from": "--since", "date_to": "--until"}


def _filter(**fields: Any) -> EventFilter:
    """The ledger's filter, which checks every value (the web app's filters go through the
    same check); a bad one is one line naming the option."""
    from newsledger.ledger import EventFilter

    try:
        return EventFilter(**fields)
    except BadQuery as exc:
        if exc.field is None:
            fail(str(exc))
        fail(OPTION_OF.get(exc.field, f"--{exc.field}") + str(exc)[len(exc.field) :])


def _near(value: str | None) -> tuple[float, float, float] | None:
    """LAT,LON,KM as numbers; whether they lie on the globe is the filter's to say."""
    if value is None:
        return None
    try:
        lat, lon, km = (float(part) for part in value.split(","))
    except ValueError:
        fail(f"--near: '{value}' is not LAT,LON,KM (e.g. 30.5,47.8,25)")
    return lat, lon, km


# -- add -------------------------------------------------------------------------------


def _add_spark_output(folders: list[str], db: str | None) -> None:
    """Store the analyses of Spark runs' Parquet output, then group incidents."""
    from newsledger.spark.load import load

    ledger = open_ledger(db)
    added = skipped = errors = input_errors = 0
    try:
        for folder in folders:
            result = load(ledger, folder)
            added, skipped, input_errors = (
                added + result.added,
                skipped + result.skipped,
                input_errors + result.input_errors,
            )
            for error in result.errors:
                errors += 1
                report_error(str(error))
        if added:
            ledger.optimize()
            ledger.refresh_incidents()
    except NewsledgerError as exc:
        fail(str(exc))
    except OSError as exc:  # pyarrow's unreadable Parquet file
        fail(f"{' '.join(folders)}: cannot read the Parquet output ({exc})")
    finally:
        ledger.close()
    err_console.print(
        f"added {added}, already in the ledger {skipped}, errors {errors} "
        f"(the Spark run's errors table holds {input_errors})",
        highlight=False,
    )
    if errors:
        raise typer.Exit(2)


def _unseen(
    items: Iterable[Document | InputError], ledger: Ledger, skipped: list[int]
) -> Iterator[Document | InputError]:
    """Drop documents already stored, before the costly analysis (this is what resumes)."""
    from newsledger.ingest import Document
    from newsledger.ingest.document import article_id

    for item in items:
        if isinstance(item, Document) and ledger.has(article_id(item.text)):
            skipped[0] += 1
            continue
        yield item


@app.command()
def add(
    paths: PathsArgument,
    db: DbOption = None,
    published: PublishedOption = None,
    model: ModelOption = None,
    jobs: JobsOption = 1,
    tagger: TaggerOption = None,
    accurate: AccurateOption = None,
) -> None:
    """Analyse articles and store them in the ledger (already stored ones are skipped).
    A folder written by `newsledger spark analyze` is loaded as it is, not analysed again."""
    from newsledger.spark.load import is_output

    outputs = [p for p in paths if is_output(p)]
    if outputs and len(outputs) < len(paths):
        fail(f"{outputs[0]}: a Spark output folder; add it on its own, not with other inputs")
    if outputs:
        _add_spark_output(paths, db)
        return
    from newsledger.api import AnalyzeOptions, analyze_documents
    from newsledger.ingest import IngestOptions, read_inputs
    from newsledger.ingest.dispatch import expand

    ledger = open_ledger(db)
    options = AnalyzeOptions(
        published=published_day(published),
        model=model,
        jobs=jobs,
        extract=extract_options(tagger=tagger, accurate=accurate),
    )
    skipped, added, errors = [0], 0, 0
    files = sum(1 for _ in expand(paths)) if paths != ["-"] else 0
    try:
        fresh = _unseen(read_inputs(paths, IngestOptions.from_env()), ledger, skipped)
        for outcome in with_progress(
            analyze_documents(fresh, options), stderr_is_terminal(), "adding", files
        ):
            if isinstance(outcome, InputError):
                errors += 1
                report_error(str(outcome))
            elif ledger.add(outcome):
                added += 1
            else:
                skipped[0] += 1
        if added:
            ledger.refresh_incidents()  # group now, so the first incidents page is fast
    except KeyboardInterrupt:
        err_console.print(
            f"interrupted: {added} added and kept; run the same command again to resume"
        )
        raise typer.Exit(130) from None
    except NewsledgerError as exc:
        fail(str(exc))
    finally:
        ledger.close()
    err_console.print(
        f"added {added}, already in the ledger {skipped[0]}, errors {errors}", highlight=False
    )
    if errors:
        raise typer.Exit(2)


# -- listing ---------------------------------------------------------------------------


def _print_rows(
    rows: list[dict[str, Any]], fmt: ListFormat, columns: list[tuple[str, str]], title: str
) -> None:
    if fmt is ListFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is ListFormat.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(*(header for header, _ in columns), title=title)
    for row in rows:
        table.add_row(
            *(_cell(row.get(key)) for _, key in columns),
        )
    Console(width=max(120, Console().width)).print(table)


def _cell(value: Any, width: int = 60) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


EVENT_COLUMNS = [
    ("date", "date_start"),
    ("type", "type"),
    ("actor", "actor_name"),
    ("recipient", "recipient_name"),
    ("place", "place_name"),
    ("cc", "country"),
    ("status", "status"),
    ("outlet", "outlet"),
    ("article", "article_id"),
    ("event", "event_id"),
    ("trigger", "trigger"),
]


@app.command()
def events(
    db: DbOption = None,
    type_: TypeOption = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Actor or recipient name contains TEXT.")
    ] = None,
    country: CountryOption = None,
    near: Annotated[
        str | None, typer.Option("--near", metavar="LAT,LON,KM", help="Within KM of a point.")
    ] = None,
    place: Annotated[str | None, typer.Option("--place", help="Place name contains TEXT.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="asserted, reported, unverified, disputed, denied, ..."),
    ] = None,
    outlet: OutletOption = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = ListFormat.table,
) -> None:
    """List stored events, filtered by type, actor, place, radius, dates, status or outlet."""
    flt = _filter(
        type=type_,
        actor=actor,
        country=country,
        place=place,
        near=_near(near),
        date_from=since,
        date_to=until,
        status=status,
        outlet=outlet,
    )
    with open_ledger(db) as ledger:
        try:
            rows, total = ledger.events(flt, limit=limit, offset=offset), ledger.count_events(flt)
        except NewsledgerError as exc:
            fail(str(exc))
    _print_rows(
        rows,
        fmt,
        EVENT_COLUMNS,
        f"{total} events" + (f" (showing {len(rows)})" if total > len(rows) else ""),
    )


@app.command()
def sources(
    db: DbOption = None,
    outlet: OutletOption = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="person, organization, document, ...")
    ] = None,
    named: Annotated[str | None, typer.Option("--named", help="named, partial or unnamed.")] = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = ListFormat.table,
) -> None:
    """List the sources cited across stored articles."""
    with open_ledger(db) as ledger:
        try:
            rows = ledger.sources(outlet=outlet, kind=kind, named=named, limit=limit, offset=offset)
        except NewsledgerError as exc:
            fail(str(exc))
    columns = [
        ("name", "name"),
        ("kind", "kind"),
        ("named", "named"),
        ("affiliation", "affiliation"),
        ("outlet", "outlet"),
        ("published", "published"),
        ("article", "article_id"),
        ("attributions", "attributions"),
    ]
    _print_rows(rows, fmt, columns, f"{len(rows)} sources")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find in titles and texts.")],
    db: DbOption = None,
    limit: LimitOption = 50,
    fmt: FormatOption = ListFormat.table,
) -> None:
    """Full-text search over stored articles."""
    with open_ledger(db) as ledger:
        try:
            rows = ledger.search(text, limit=limit)
        except NewsledgerError as exc:
            fail(str(exc))
    columns = [
        ("article", "article_id"),
        ("title", "title"),
        ("outlet", "outlet"),
        ("published", "published"),
        ("snippet", "snippet"),
    ]
    _print_rows(rows, fmt, columns, f"{len(rows)} articles")


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def show(
    item_id: Annotated[
        str, typer.Argument(metavar="ID", help="An article id, or an incident id (I...).")
    ],
    db: DbOption = None,
    fmt: Annotated[
        ShowFormat | None,
        typer.Option("--format", "-f", help="text (default on a terminal) or json."),
    ] = None,
) -> None:
    """Show one stored article's analysis, or one incident."""
    chosen = fmt or (ShowFormat.text if sys.stdout.isatty() else ShowFormat.json)
    with open_ledger(db) as ledger:
        analysis = ledger.get_analysis(item_id)
        found = ledger.incident(item_id) if analysis is None else None
    if analysis is None and found is None:
        fail(f"{item_id}: no such article or incident in the ledger")
    if found is not None:
        if chosen is ShowFormat.json:
            sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            print_incident(found, Console())
        return
    assert analysis is not None
    if chosen is ShowFormat.json:
        sys.stdout.write(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from newsledger.render import text as text_render

        text_render.print_report(analysis, sys.stdout)


# -- incidents -------------------------------------------------------------------------


def _contradiction_line(c: dict[str, Any]) -> str:
    if c["kind"] == "quantity":
        values = ", ".join(
            f"{r['text'] or r['value']} ({r['outlet'] or r['article_id']})" for r in c["reports"]
        )
        return f"{c['unit']}: {values}"
    values = ", ".join(
        f"{r['start']}..{r['end']} ({r['outlet'] or r['article_id']})" for r in c["reports"]
    )
    return f"date: {values}"


def print_incident(incident: Incident, console: Console) -> None:
    console.print(f"[bold]{incident.title}[/bold]", highlight=False)
    console.print(
        f"[bold]{incident.id}[/bold] {incident.type} at {incident.place_name or '?'} "
        f"{incident.date_start or ''}..{incident.date_end or ''}",
        highlight=False,
    )
    console.print(
        f"first reported {incident.first_reported}; outlets: {', '.join(incident.outlets)}; "
        f"independent reports {incident.independent_sources}; sources named "
        f"{incident.named_sources}, unnamed {incident.unnamed_sources}; status {incident.status}",
        highlight=False,
    )
    for c in incident.contradictions:
        console.print(f"  [red]contradiction[/red] {_contradiction_line(c)}", highlight=False)
    for article, event in incident.events:
        console.print(f"  {article} {event}", highlight=False)


@app.command()
def incidents(
    db: DbOption = None,
    limit: LimitOption = 50,
    min_articles: Annotated[
        int,
        typer.Option(
            "--min-articles",
            min=1,
            callback=_bounded,
            help="Only incidents reported in N+ articles.",
        ),
    ] = 2,
    fmt: FormatOption = ListFormat.table,
) -> None:
    """Incidents: event mentions grouped across articles, with independence and contradictions."""
    with open_ledger(db) as ledger:
        try:
            found = ledger.incidents(limit=limit, min_articles=min_articles)
        except NewsledgerError as exc:
            fail(str(exc))
    rows = [i.to_dict() for i in found]
    if fmt is not ListFormat.table:
        _print_rows(rows, fmt, [], "")
        return
    table = Table(
        "incident",
        "title",
        "type",
        "first report",
        "dates",
        "place",
        "outlets",
        "reports",
        "indep.",
        "named/unnamed",
        "status",
        "contradictions",
        title=f"{len(rows)} incidents",
    )
    for i in found:
        dates = f"{i.date_start or ''}..{i.date_end or ''}" if i.date_start else ""
        table.add_row(
            i.id,
            i.title,
            i.type,
            i.first_reported or "",
            dates,
            i.place_name or "",
            _cell(", ".join(i.outlets), 40),
            str(len(i.articles)),
            str(i.independent_sources),
            f"{i.named_sources}/{i.unnamed_sources}",
            i.status,
            _cell("; ".join(_contradiction_line(c) for c in i.contradictions), 60),
        )
    Console(width=max(140, Console().width)).print(table)


# -- export ----------------------------------------------------------------------------


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    plover_jsonl = "plover-jsonl"
    geojson = "geojson"
    parquet = "parquet"
    jsonl = "jsonl"


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="acled-csv, plover-jsonl, geojson, parquet or jsonl."),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
    db: DbOption = None,
    type_: TypeOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: OutletOption = None,
) -> None:
    """Export events (ACLED CSV, PLOVER JSONL, GeoJSON, Parquet) or whole analyses (JSONL)."""
    from newsledger.export import BINARY
    from newsledger.export import export as run_export

    if output is None and fmt.value in BINARY and sys.stdout.isatty():
        fail(f"--format {fmt.value} is binary: give -o FILE or redirect standard output")
    flt = _filter(type=type_, country=country, date_from=since, date_to=until, outlet=outlet)
    with open_ledger(db) as ledger:
        try:
            with ExitStack() as stack:
                stream: BinaryIO = (
                    stack.enter_context(output.open("wb")) if output else sys.stdout.buffer
                )
                count = run_export(ledger, fmt.value, stream, flt)
                stream.flush()
        except NewsledgerError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{output}: cannot write ({exc.strerror})")
    err_console.print(
        f"exported {count} records as {fmt.value}" + (f" to {output}" if output else ""),
        highlight=False,
    )
