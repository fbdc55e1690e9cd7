"""Map of events: Natural Earth outlines drawn in the browser from vendored TopoJSON."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsledger.models import EVENT_STATUSES, EVENT_TYPES
from newsledger.web.filters import EventParams
from newsledger.web.templating import render

router = APIRouter(include_in_schema=False)
MAP_LIMIT = 1000


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, q: EventParams) -> HTMLResponse:
    api = "/api/events?" + q.query_string(limit=MAP_LIMIT)
    return render(request, "map.html", q=q, api=api, types=EVENT_TYPES, statuses=EVENT_STATUSES)
