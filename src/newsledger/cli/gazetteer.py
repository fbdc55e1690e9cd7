"""`newsledger gazetteer ...`: build, import and query the place index.

Mounted by the main CLI as a sub-app (``newsledger.cli.gazetteer:app``). It lives
with the other commands, not in `geo/`: importing anything under `newsledger.geo`
runs that package's imports, which `newsledger --help` should not pay for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsledger.errors import NewsledgerError

app = typer.Typer(
    help="Build, import and query the gazetteer (GeoNames place index).",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Index file to write (default: NEWSLEDGER_GEO_INDEX or the user cache)."
    ),
]


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


@app.command("build")
def build_command(out: OutOption = None) -> None:
    """Rebuild the embedded default index from the packaged GeoNames data, and the knowledge
    cache."""
    from newsledger.extract import build_caches
    from newsledger.geo.build import build_default_index
    from newsledger.knowledge.cache import cache_dir

    try:
        path = build_default_index(out)
        if out is None:  # the index analyses use: build what they derive from it, and the rest
            build_caches()  # so the first analysis loads the knowledge instead of building it
    except (NewsledgerError, OSError) as exc:
        raise _fail(exc) from exc
    err.print(
        f"gazetteer written to {path}" + ("" if out else f"; knowledge cache in {cache_dir()}")
    )


@app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="GeoNames dump: allCountries.zip, cities500.zip or a .txt table.")
    ],
    alternate_names: Annotated[
        Path | None,
        typer.Option("--alternate-names", help="alternateNamesV2.zip (or .txt) to add names from."),
    ] = None,
    out: OutOption = None,
) -> None:
    """Build the index from a full GeoNames dump instead of the packaged data."""
    from newsledger.geo.dump import import_geonames

    try:
        path, count = import_geonames(file, alternate_names, out)
    except (NewsledgerError, OSError, ValueError) as exc:
        raise _fail(exc) from exc
    err.print(f"{count} places written to {path}")


@app.command("lookup")
def lookup_command(
    name: Annotated[str, typer.Argument(help="A place name, e.g. Basra.")],
    index: Annotated[Path | None, typer.Option("--index", help="Index file to query.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most N candidates.")
    ] = 10,
) -> None:
    """Print the candidates a name may denote, best prior first, as JSON lines."""
    from newsledger.geo.gazetteer import open_gazetteer
    from newsledger.geo.resolve import Query, candidates_for, prior

    try:
        gazetteer = open_gazetteer(str(index) if index else None)
        found = sorted(candidates_for(gazetteer, Query(name)), key=prior, reverse=True)
    except NewsledgerError as exc:
        raise _fail(exc) from exc
    if not found:
        raise _fail(NewsledgerError(f"no place named {name!r} in the gazetteer"))
    for candidate in found[:limit]:
        typer.echo(
            json.dumps(
                {**candidate.__dict__, "score": round(prior(candidate), 2)}, ensure_ascii=False
            )
        )


if __name__ == "__main__":  # pragma: no cover
    app()
