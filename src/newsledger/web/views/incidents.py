"""Incidents: the list, and one incident's reports side by side."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from newsledger.models import Analysis, Event
from newsledger.web import adapter
from newsledger.web.adapter import ledger_of
from newsledger.web.templating import render

router = APIRouter(include_in_schema=False)
MAX_REPORTS = 50  # columns on one page


@router.get("/incidents", response_class=HTMLResponse)
def incidents(request: Request) -> HTMLResponse:
    rows = [adapter.incident_dict(i) for i in ledger_of(request).incidents(limit=500)]
    return render(request, "incidents.html", rows=rows)


def _report(analysis: Analysis | None, article_id: str, event_id: str) -> dict[str, Any]:
    """One column of the side-by-side view: the article and its mention of the event."""
    if analysis is None:
        return {"article_id": article_id, "event_id": event_id, "missing": True}
    event: Event | None = next((e for e in analysis.events if e.id == event_id), None)
    quantities = {q.id: q for q in analysis.quantities}
    return {
        "article_id": article_id,
        "event_id": event_id,
        "missing": False,
        "article": analysis.article,
        "event": event,
        "quantities": [
            quantities[q] for q in (event.quantities if event else []) if q in quantities
        ],
        "sources": len(analysis.sources),
        "caveats": analysis.caveats,
    }


def _contradiction_refs(contradictions: list[dict[str, Any]]) -> set[str]:
    """Article ids named anywhere in the contradictions (to mark their columns)."""
    refs: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            refs.add(value)

    walk(contradictions)
    return refs


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident(request: Request, incident_id: str) -> HTMLResponse:
    ledger = ledger_of(request)
    found = adapter.incident(ledger, incident_id)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id}")
    inc = adapter.incident_dict(found)
    cache: dict[str, Analysis | None] = {}
    reports = []
    for ref in inc["events"][:MAX_REPORTS]:
        aid = ref["article_id"]
        if aid not in cache:
            cache[aid] = ledger.get_analysis(aid)
        reports.append(_report(cache[aid], aid, ref["event_id"]))
    marked = _contradiction_refs(inc["contradictions"])
    return render(
        request,
        "incident.html",
        inc=inc,
        reports=reports,
        marked=marked,
        contested=_contested(inc["contradictions"]),
    )


def _contested(contradictions: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(article_id, quantity text) pairs that disagree, to mark inside the columns."""
    pairs = set()
    for c in contradictions:
        for r in c.get("reports") or [] if isinstance(c, dict) else []:
            if isinstance(r, dict) and r.get("text"):
                pairs.add((str(r.get("article_id")), str(r["text"])))
    return pairs


@router.get("/articles/{article_id}/events/{event_id}/incident")
def incident_of(request: Request, article_id: str, event_id: str) -> RedirectResponse:
    """From one report's event to the incident grouping it with the other reports.

    A link, not part of the article view: grouping may need recomputing after new
    articles arrive, which only the reader who asks for it should wait for.
    """
    found = ledger_of(request).incident_of(article_id, event_id)
    if found is None:
        raise HTTPException(404, f"event {event_id} of article {article_id} is in no incident")
    return RedirectResponse(f"/incidents/{quote(str(found), safe='')}", status_code=303)
