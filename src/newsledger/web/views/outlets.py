"""Per-outlet sourcing profile: share of named, partial and unnamed sources; caveats per article."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsledger.web.adapter import ledger_of
from newsledger.web.templating import render

router = APIRouter(include_in_schema=False)
BAR = 300  # px width of a 100% bar


@router.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request) -> HTMLResponse:
    rows = [{**row, "bars": _bars(row)} for row in ledger_of(request).outlet_profiles()]
    return render(request, "outlets.html", rows=rows, bar=BAR)


def _bars(row: dict[str, Any]) -> list[tuple[str, int, int]]:
    """Stacked bar pieces (kind, x, width), computed here so the template has no arithmetic."""
    pieces, x = [], 0
    for kind in ("named", "partial", "unnamed"):
        width = round(BAR * float(row.get(f"share_{kind}") or 0))
        pieces.append((kind, x, width))
        x += width
    return pieces
