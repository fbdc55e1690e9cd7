"""Timeline of events: counts per day as SVG bars, then the events by date."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from newsledger.web.filters import EVENT_TYPES, STATUSES, EventQuery, event_query
from newsledger.web.templating import ledger_of, render

router = APIRouter(include_in_schema=False)
MAX_EVENTS = 2000
BAR_WIDTH = 14
CHART_HEIGHT = 120


def _bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One bar per date (day precision or coarser, as stored), scaled to the chart."""
    counts = Counter(r["date_start"][:10] for r in rows if r.get("date_start"))
    if not counts:
        return []
    top = max(counts.values())
    bars = []
    for index, (day, count) in enumerate(sorted(counts.items())):
        height = max(2, round(CHART_HEIGHT * count / top))
        bars.append({"x": index * (BAR_WIDTH + 2), "y": CHART_HEIGHT - height, "height": height,
                     "day": day, "count": count})
    return bars


def _groups(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row.get("date_start") or "undated")[:10], []).append(row)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "undated", kv[0]))


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, q: EventQuery = Depends(event_query)) -> HTMLResponse:
    rows = ledger_of(request).events(q.to_filter(), limit=MAX_EVENTS, offset=0)
    bars = _bars(rows)
    width = max(200, len(bars) * (BAR_WIDTH + 2))
    return render(request, "timeline.html", q=q, bars=bars, groups=_groups(rows), width=width,
                  height=CHART_HEIGHT, bar_width=BAR_WIDTH, truncated=len(rows) >= MAX_EVENTS,
                  types=EVENT_TYPES, statuses=STATUSES)
