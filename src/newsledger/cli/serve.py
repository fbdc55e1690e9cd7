"""`newsledger serve`: the web app over a ledger."""

from __future__ import annotations

from typing import Annotated

import typer

from newsledger.cli.common import DbOption, app, err_console, fail
from newsledger.errors import NewsledgerError
from newsledger.web.server import TOKEN_ENV, ServeOptions, check_ledger, resolve_token, run, url_of

# web.server loads FastAPI, uvicorn and the ledger only in `run`, so this import is cheap.


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind. Anything but loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Server processes.")] = 1,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar=TOKEN_ENV,
            show_envvar=True,
            help="Require this token on every request (header, or ?token= once, then a cookie).",
        ),
    ] = None,
) -> None:
    """Browse a ledger in the web app: articles, events, incidents, timeline, map, outlets; JSON
    under /api."""
    options = ServeOptions(
        db=db, host=host, port=port, token=token, workers=workers, log_level="warning"
    )
    try:
        checked = resolve_token(options)
        check_ledger(options.db)
        err_console.print(
            f"newsledger: serving on {url_of(options, checked)}  (Ctrl-C to stop)", highlight=False
        )
        run(options)
    except NewsledgerError as exc:
        fail(str(exc))
