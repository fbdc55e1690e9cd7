"""The web app's one door to the ledger.

`WebLedger` is all of the ledger the app may call: views get it from `ledger_of`,
so mypy holds every view to this list (a `newsledger.ledger.Ledger` satisfies it,
as does a test's stand-in). Incidents become plain JSON-ready data here, so the
templates and the API never depend on how the ledger represents them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from fastapi import Request

if TYPE_CHECKING:
    from newsledger.ledger import EventFilter, Incident
    from newsledger.models import Analysis


class WebLedger(Protocol):
    """The ledger's read-only query API, as the web app uses it."""

    def get_analysis(self, article_id: str) -> Analysis | None: ...

    def articles(
        self, *, outlet: str | None = ..., limit: int = ..., offset: int = ...
    ) -> list[dict[str, Any]]: ...

    def search(self, text_query: str, *, limit: int = ...) -> list[dict[str, Any]]: ...

    def events(
        self, flt: EventFilter = ..., *, limit: int = ..., offset: int = ...
    ) -> list[dict[str, Any]]: ...

    def count_events(self, flt: EventFilter = ...) -> int: ...

    def sources(
        self,
        *,
        outlet: str | None = ...,
        kind: str | None = ...,
        named: str | None = ...,
        limit: int = ...,
        offset: int = ...,
    ) -> list[dict[str, Any]]: ...

    def outlet_profiles(self) -> list[dict[str, Any]]: ...

    def incidents(
        self, *, limit: int = ..., offset: int = ..., min_articles: int = ...
    ) -> list[Incident]: ...

    def incident(self, incident_id: str) -> Incident | None: ...

    def incident_of(self, article_id: str, event_id: str) -> str | None: ...


def ledger_of(request: Request) -> WebLedger:
    """The ledger the app was created with."""
    ledger: WebLedger = request.app.state.ledger
    return ledger


def incident_dict(incident: Incident) -> dict[str, Any]:
    """An Incident as plain JSON-ready data; its events as {article_id, event_id} pairs."""
    out = incident.to_dict()
    out["events"] = [{"article_id": str(a), "event_id": str(e)} for a, e in incident.events]
    out["outlets"] = list(incident.outlets)
    out["contradictions"] = list(incident.contradictions)
    return out


def incident(ledger: WebLedger, ident: str) -> Incident | None:
    """Look an incident up by the id shown in links; None when unknown."""
    try:
        return ledger.incident(ident)
    except (TypeError, ValueError, LookupError):
        return None
