"""Timeline of events: counts per day as SVG bars, then the events by date."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsledger.models import EVENT_STATUSES, EVENT_TYPES
from newsledger.web.adapter import ledger_of
from newsledger.web.filters import EventParams
from newsledger.web.templating import render

router = APIRouter(include_in_schema=False)
MAX_EVENTS = 2000  # counted in the chart
MAX_LISTED = 300  # listed below it
BAR_WIDTH = 14
CHART_HEIGHT = 120
MAX_DAILY_SPAN = 366  # days; longer spans are drawn per month


def _bucket(day: date, monthly: bool) -> int:
    return day.year * 12 + day.month - 1 if monthly else day.toordinal()


def _label(key: int, monthly: bool) -> str:
    return f"{key // 12:04d}-{key % 12 + 1:02d}" if monthly else date.fromordinal(key).isoformat()


def _bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bars on a true time axis: one slot per day, or per month when the span exceeds a year."""
    days = []
    for row in rows:
        try:
            days.append(date.fromisoformat((row.get("date_start") or "")[:10]))
        except ValueError:
            continue
    if not days:
        return []
    monthly = (max(days) - min(days)).days > MAX_DAILY_SPAN
    counts = Counter(_bucket(d, monthly) for d in days)
    first, top = min(counts), max(counts.values())
    bars = []
    for key, count in sorted(counts.items()):
        height = max(2, round(CHART_HEIGHT * count / top))
        bars.append(
            {
                "x": (key - first) * (BAR_WIDTH + 2),
                "y": CHART_HEIGHT - height,
                "height": height,
                "day": _label(key, monthly),
                "count": count,
            }
        )
    return bars


def _groups(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row.get("date_start") or "undated")[:10], []).append(row)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "undated", kv[0]))


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, q: EventParams) -> HTMLResponse:
    rows = ledger_of(request).events(q.to_filter(), limit=MAX_EVENTS, offset=0)
    bars = _bars(rows)
    width = max(200, bars[-1]["x"] + BAR_WIDTH) if bars else 200
    return render(
        request,
        "timeline.html",
        q=q,
        bars=bars,
        groups=_groups(rows[:MAX_LISTED]),
        width=width,
        height=CHART_HEIGHT,
        bar_width=BAR_WIDTH,
        truncated=len(rows) >= MAX_EVENTS,
        listed=min(len(rows), MAX_LISTED),
        counted=len(rows),
        types=EVENT_TYPES,
        statuses=EVENT_STATUSES,
    )
