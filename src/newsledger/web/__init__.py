"""The web app: `create_app(ledger, token=None)` returns a FastAPI application.

Server-rendered pages (article view, events, incidents, timeline, map, outlet
profiles) and a JSON API under /api; it reads the ledger only through its
query API.
"""

from newsledger.web.app import create_app

__all__ = ["create_app"]
