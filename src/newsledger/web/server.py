"""Running the web app with uvicorn: the checks `newsledger serve` and the benchmark share.

    python -m newsledger.web.server --db ledger.db --port 8000
"""

from __future__ import annotations

import argparse
import ipaddress
import os
from dataclasses import dataclass

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
            f"binding {options.host} exposes the ledger to the network: give a token with --token or "
            f"{TOKEN_ENV} (e.g. python -c 'import secrets; print(secrets.token_urlsafe())')")
    return token


def allowed_hosts(options: ServeOptions, token: str | None) -> list[str] | None:
    # With a token any Host is fine (the token guards); without one, loopback names only.
    return None if token else ["127.0.0.1", "localhost", "[::1]", "::1", options.host]


def url_of(options: ServeOptions, token: str | None) -> str:
    host = f"[{options.host}]" if ":" in options.host else options.host
    return f"http://{host}:{options.port}/" + (f"?token={token}" if token else "")


def run(options: ServeOptions) -> None:
    """Open the ledger and serve until interrupted."""
    import uvicorn

    from newsledger.ledger import Ledger
    from newsledger.web import create_app

    token = resolve_token(options)
    ledger = Ledger(options.db)
    app = create_app(ledger, token=token, allowed_hosts=allowed_hosts(options, token))
    try:
        uvicorn.run(app, host=options.host, port=options.port, log_level=options.log_level,
                    access_log=False, server_header=False)
    finally:
        ledger.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--token")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    run(ServeOptions(db=args.db, host=args.host, port=args.port, token=args.token, log_level=args.log_level))


if __name__ == "__main__":  # pragma: no cover
    main()
