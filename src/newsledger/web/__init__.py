"""The web app: `create_app(ledger, token=None)` returns a FastAPI application.

Server-rendered pages (article view, events, incidents, timeline, map, outlet
profiles) and a JSON API under /api; it reads the ledger only through its
query API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["create_app"]

if TYPE_CHECKING:
    from newsledger.web.app import create_app


def __getattr__(name: str) -> Any:
    """`create_app` loads FastAPI on first use: `newsledger serve`'s option parsing
    imports `web.server` through this package and must stay cheap."""
    if name != "create_app":
        raise AttributeError(f"module 'newsledger.web' has no attribute {name!r}")
    from newsledger.web.app import create_app

    return create_app
