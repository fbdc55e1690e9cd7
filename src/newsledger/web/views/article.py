"""Articles: the list (with full-text search) and the article view."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from newsledger.web import panels
from newsledger.web.adapter import ledger_of
from newsledger.web.placelist import place_summaries
from newsledger.web.templating import PAGE_SIZE, render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/articles", status_code=307)


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request,
    outlet: str | None = None,
    q: str | None = Query(None, max_length=500),
    page: int = Query(1, ge=1, le=100_000),
) -> HTMLResponse:
    ledger = ledger_of(request)
    outlet = outlet or None
    query = (q or "").strip()
    if query:
        rows, hits = [], ledger.search(query, limit=PAGE_SIZE)
    else:
        rows, hits = (
            ledger.articles(outlet=outlet, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE),
            [],
        )
    return render(
        request,
        "articles.html",
        rows=rows[:PAGE_SIZE],
        hits=hits,
        q=query,
        outlet=outlet,
        page=page,
        has_next=len(rows) > PAGE_SIZE,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> HTMLResponse:
    analysis = ledger_of(request).get_analysis(article_id)
    if analysis is None:
        raise HTTPException(404, f"no article {article_id}")
    return render(
        request,
        "article.html",
        a=analysis,
        segments=panels.highlighted(analysis),
        panels=panels.panels(analysis),
        sources={s.id: s for s in analysis.sources},
        places={p.id: p for p in analysis.places},
        place_list=place_summaries(analysis),
    )
