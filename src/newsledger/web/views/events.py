"""The events table with the ledger's filters."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from newsledger.web.filters import EVENT_TYPES, STATUSES, EventParams
from newsledger.web.templating import PAGE_SIZE, ledger_of, render

router = APIRouter(include_in_schema=False)


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, q: EventParams,
           page: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
    ledger = ledger_of(request)
    flt = q.to_filter()
    rows = ledger.events(flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    total = ledger.count_events(flt)
    return render(request, "events.html", rows=rows, total=total, q=q, page=page,
                  has_next=page * PAGE_SIZE < total, types=EVENT_TYPES, statuses=STATUSES)
