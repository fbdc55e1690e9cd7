"""The JSON API under /api (its OpenAPI schema is /api/openapi.json)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from newsledger.limits import API_MAX_LIMIT, MAX_ROWS
from newsledger.models import NAMED
from newsledger.web import adapter
from newsledger.web.adapter import ledger_of
from newsledger.web.filters import EventParams

router = APIRouter(prefix="/api", tags=["api"])
MAX_LIMIT = API_MAX_LIMIT


class EventRow(BaseModel):
    """One event mention, as stored in the ledger."""

    model_config = ConfigDict(extra="allow")
    article_id: str
    event_id: str
    type: str | None = None
    mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor_name: str | None = None
    recipient_name: str | None = None
    country: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    status: str | None = None
    outlet: str | None = None
    published: str | None = None
    sentence: str | None = None
    trigger: str | None = None
    source_name: str | None = None


class EventPage(BaseModel):
    count: int
    limit: int
    offset: int
    events: list[EventRow]


class EventRef(BaseModel):
    article_id: str
    event_id: str


class IncidentOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: Any
    events: list[EventRef]
    type: str | None = None
    first_reported: str | None = None
    outlets: list[str] = []
    independent_sources: int | None = None
    named_sources: int | None = None
    unnamed_sources: int | None = None
    status: str | None = None
    contradictions: list[dict[str, Any]] = []
    title: str | None = None  # "ASSAULT · Deir ez-Zor · 2026-03-04 · 3 reports, 2 outlets"


class SearchHit(BaseModel):
    model_config = ConfigDict(extra="allow")
    article_id: str
    title: str | None = None
    outlet: str | None = None
    snippet: str | None = None


class OutletProfile(BaseModel):
    model_config = ConfigDict(extra="allow")
    outlet: str | None = None
    articles: int = 0
    sources: int = 0
    share_named: float = 0.0
    share_partial: float = 0.0
    share_unnamed: float = 0.0
    caveats_per_article: float = 0.0


Limit = Query(50, ge=1, le=MAX_LIMIT)
Offset = Query(0, ge=0, le=MAX_ROWS)


@router.get("/articles", summary="Articles in the ledger, newest first")
def list_articles(
    request: Request, outlet: str | None = None, limit: int = Limit, offset: int = Offset
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ledger_of(request).articles(
        outlet=outlet, limit=limit, offset=offset
    )
    return rows


@router.get(
    "/articles/{article_id}",
    summary="One article's full analysis (newsledger/analysis@1)",
    response_model=dict[str, Any],
)
def get_article(request: Request, article_id: str) -> Response:
    analysis = ledger_of(request).get_analysis(article_id)
    if analysis is None:
        raise HTTPException(404, f"no article {article_id}")
    return Response(analysis.model_dump_json(), media_type="application/json")


@router.get("/events", response_model=EventPage, summary="Event mentions matching the filters")
def list_events(
    request: Request,
    q: EventParams,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Offset,
) -> Response:
    ledger = ledger_of(request)
    flt = q.to_filter()
    page = {
        "count": ledger.count_events(flt),
        "limit": limit,
        "offset": offset,
        "events": ledger.events(flt, limit=limit, offset=offset),
    }
    return json_response(page)


def json_response(value: Any) -> Response:
    """JSON without re-validating rows the ledger already typed (the schema stays documented)."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(body, media_type="application/json")


@router.get("/sources", summary="Sources cited, with how they are identified")
def list_sources(
    request: Request,
    outlet: str | None = None,
    kind: str | None = None,
    named: str | None = Query(None, pattern=f"^({'|'.join(NAMED)})$"),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Offset,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ledger_of(request).sources(
        outlet=outlet, kind=kind, named=named, limit=limit, offset=offset
    )
    return rows


@router.get("/search", response_model=list[SearchHit], summary="Full-text search over articles")
def search(
    request: Request, q: str = Query(..., min_length=1, max_length=500), limit: int = Limit
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ledger_of(request).search(q, limit=limit)
    return rows


@router.get(
    "/incidents",
    response_model=list[IncidentOut],
    summary="Incidents: event mentions grouped across reports",
)
def list_incidents(
    request: Request, limit: int = Query(100, ge=1, le=MAX_LIMIT)
) -> list[dict[str, Any]]:
    return [adapter.incident_dict(i) for i in ledger_of(request).incidents(limit=limit)]


@router.get("/incidents/{incident_id}", response_model=IncidentOut, summary="One incident")
def get_incident(request: Request, incident_id: str) -> dict[str, Any]:
    found = adapter.incident(ledger_of(request), incident_id)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return adapter.incident_dict(found)


@router.get("/outlets", response_model=list[OutletProfile], summary="Sourcing profile per outlet")
def list_outlets(request: Request) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ledger_of(request).outlet_profiles()
    return rows
