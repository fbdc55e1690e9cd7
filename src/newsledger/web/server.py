"""Running the web app with uvicorn: the checks `newsledger serve` and the benchmark share.

python -m newsledger.web.server --db ledger.db --port 8000
"""

from __future__ import annotations

import argparse
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsledger.errors import ServeError

TOKEN_ENV = "NEWSLEDGER_TOKEN"


@dataclass(frozen=True)
class ServeOptions:
    db: str | None = None  # ledger URL; None -> NEWSLEDGER_DB or ./newsledger.db
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    workers: int = 1
    log_level: str = "warning"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_token(options: ServeOptions) -> str | None:
    """The token to enforce; refuses a non-loopback address without one."""
    token = options.token or os.environ.get(TOKEN_ENV) or None
    if token is not None and len(token) < 8:
        raise ServeError("the token must be at least 8 characters long")
    if token is None and not is_loopback(options.host):
        raise ServeError(
            f"binding {options.host} exposes the ledger to the network: give a token with --token "
            f"or "
            f"{TOKEN_ENV} (e.g. python -c 'import secrets; print(secrets.token_urlsafe())')"
        )
    return token


def allowed_hosts(options: ServeOptions, token: str | None) -> list[str] | None:
    # With a token any Host is fine (the token guards); without one, loopback names only.
    return None if token else ["127.0.0.1", "localhost", "[::1]", "::1", options.host]


def check_ledger(db: str | None) -> None:
    """A file ledger must exist: serving would otherwise create an empty one from a typo."""
    url = db or os.environ.get("NEWSLEDGER_DB") or "newsledger.db"
    if "://" in url:
        return
    if not Path(url).expanduser().is_file():
        raise ServeError(f"no ledger at {url}: create one with `newsledger add PATH... --db {url}`")


def url_of(options: ServeOptions, token: str | None) -> str:
    host = f"[{options.host}]" if ":" in options.host else options.host
    # Percent-encoded: a token may hold any Unicode, and the URL must survive a copy.
    return f"http://{host}:{options.port}/" + (f"?token={quote(token, safe='')}" if token else "")


def run(options: ServeOptions) -> None:
    """Open the ledger and serve until interrupted.

    With several workers, uvicorn starts one process each; they rebuild the
    app from the environment (`app_from_env`) since an app object cannot be
    handed to another process.
    """
    import uvicorn

    from newsledger.corroborate import open_ledger
    from newsledger.web import create_app

    token = resolve_token(options)
    check_ledger(options.db)
    hosts = allowed_hosts(options, token)
    common: dict[str, Any] = {
        "host": options.host,
        "port": options.port,
        "log_level": options.log_level,
        "access_log": False,
        "server_header": False,
    }
    if options.workers > 1:
        open_ledger(
            options.db
        ).close()  # open (and migrate) once, so errors show here, not in each worker
        os.environ.update(
            {
                WORKER_DB: options.db or "",
                WORKER_TOKEN: token or "",
                WORKER_HOSTS: ",".join(hosts or []),
            }
        )
        uvicorn.run(
            "newsledger.web.server:app_from_env", factory=True, workers=options.workers, **common
        )
        return
    ledger = open_ledger(options.db)
    try:
        uvicorn.run(create_app(ledger, token=token, allowed_hosts=hosts), **common)
    finally:
        ledger.close()


WORKER_DB, WORKER_TOKEN, WORKER_HOSTS = (
    "_NEWSLEDGER_SERVE_DB",
    "_NEWSLEDGER_SERVE_TOKEN",
    "_NEWSLEDGER_SERVE_HOSTS",
)


def app_from_env() -> Any:
    """The app for one worker process, configured by `run` through the environment."""
    from newsledger.corroborate import open_ledger
    from newsledger.web import create_app

    hosts = [h for h in os.environ.get(WORKER_HOSTS, "").split(",") if h]
    return create_app(
        open_ledger(os.environ.get(WORKER_DB) or None),
        token=os.environ.get(WORKER_TOKEN) or None,
        allowed_hosts=hosts or None,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--token")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    run(
        ServeOptions(
            db=args.db,
            host=args.host,
            port=args.port,
            token=args.token,
            workers=args.workers,
            log_level=args.log_level,
        )
    )


if __name__ == "__main__":  # pragma: no cover
    main()
