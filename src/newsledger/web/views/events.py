"""The events table with the ledger's filters."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from newsledger.models import EVENT_STATUSES, EVENT_TYPES
from newsledger.web.adapter import ledger_of
from newsledger.web.filters import EventParams
from newsledger.web.templating import PAGE_SIZE, render

router = APIRouter(include_in_schema=False)


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request, q: EventParams, page: int = Query(1, ge=1, le=100_000)
) -> HTMLResponse:
    ledger = ledger_of(request)
    flt = q.to_filter()
    offset = (page - 1) * PAGE_SIZE
    rows = ledger.events(flt, limit=PAGE_SIZE + 1, offset=offset)
    has_next = len(rows) > PAGE_SIZE
    # A short last page tells the total without a second query over the matches.
    total = ledger.count_events(flt) if has_next or (not rows and page > 1) else offset + len(rows)
    return render(
        request,
        "events.html",
        rows=rows[:PAGE_SIZE],
        total=total,
        q=q,
        page=page,
        has_next=has_next,
        types=EVENT_TYPES,
        statuses=EVENT_STATUSES,
    )
