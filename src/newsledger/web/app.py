"""The FastAPI application factory: pages, JSON API, static files, security."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger.errors import LedgerError
from newsledger.limits import BadQuery
from newsledger.web import api
from newsledger.web.adapter import WebLedger
from newsledger.web.filters import BadFilter
from newsledger.web.security import SecurityMiddleware
from newsledger.web.templating import STATIC, render
from newsledger.web.views import article, events, incidents, mapview, outlets, sources, timeline

VIEW_MODULES = (article, events, incidents, timeline, mapview, outlets, sources)


def create_app(
    ledger: WebLedger, token: str | None = None, *, allowed_hosts: Sequence[str] | None = None
) -> FastAPI:
    """A web app over `ledger` (a newsledger.ledger.Ledger, or anything with the query API
    that `adapter.WebLedger` lists).

    With `token`, every request must present it (see web.security); without one
    the app answers only to loopback host names unless `allowed_hosts` says otherwise.
    """
    app = FastAPI(
        title="newsledger",
        version="1",
        description="Read-only JSON API over a newsledger ledger: "
        "articles, events, sources, incidents.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,  # Swagger UI needs a CDN
    )
    app.state.ledger = ledger
    app.include_router(api.router)
    for module in VIEW_MODULES:
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _add_error_handlers(app)
    app.add_middleware(SecurityMiddleware, token=token, allowed_hosts=allowed_hosts)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BadFilter)
    @app.exception_handler(BadQuery)
    async def bad_filter(request: Request, exc: Exception) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return render(request, "error.html", status_code=400, message=str(exc))

    @app.exception_handler(LedgerError)
    async def ledger_down(request: Request, exc: LedgerError) -> Response:
        # The database went away (a restart, a dropped connection): 503, and the pool
        # reconnects on the next request. The details stay in the server's log.
        logging.getLogger("newsledger").warning("%s %s: %s", request.method, request.url.path, exc)
        message = (
            "the ledger database could not answer (unavailable or restarting); try again shortly"
        )
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=503)
        return render(request, "error.html", status_code=503, message=message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request) or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        message = exc.detail if isinstance(exc.detail, str) else "error"
        response: HTMLResponse = render(
            request, "error.html", status_code=exc.status_code, message=message
        )
        return response
