"""Sources cited across the ledger: who, how identified, why anonymous, in which article."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from newsledger.models import NAMED, SOURCE_KINDS
from newsledger.web.adapter import ledger_of
from newsledger.web.filters import given
from newsledger.web.templating import PAGE_SIZE, render

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources(
    request: Request,
    outlet: str | None = None,
    kind: str | None = None,
    named: str | None = None,
    page: int = Query(1, ge=1, le=100_000),
) -> HTMLResponse:
    # The ledger checks kind and named against the format's vocabularies (a BadQuery: 400).
    chosen = {"outlet": given(outlet), "kind": given(kind), "named": given(named)}
    rows = ledger_of(request).sources(**chosen, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return render(
        request,
        "sources.html",
        rows=rows[:PAGE_SIZE],
        chosen=chosen,
        page=page,
        has_next=len(rows) > PAGE_SIZE,
        kinds=SOURCE_KINDS,
        named_values=NAMED,
    )
