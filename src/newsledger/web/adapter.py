"""The only place the web app touches the ledger's query API.

Small conversions live here so the views stay independent of how the ledger
represents incidents (dataclass, pydantic model or dict) or numbers its ids.
"""

from __future__ import annotations

import dataclasses
from typing import Any

INCIDENT_FIELDS = ("id", "type", "first_reported", "outlets", "independent_sources",
                   "named_sources", "unnamed_sources", "status", "contradictions", "title")


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def incident_dict(incident: Any) -> dict[str, Any]:
    """An Incident as plain JSON-ready data; its events as {article_id, event_id} pairs."""
    if hasattr(incident, "to_dict"):
        out = dict(incident.to_dict())
    else:
        out = {name: _get(incident, name) for name in INCIDENT_FIELDS}
    out["events"] = [_event_ref(ref) for ref in _get(incident, "events", []) or []]
    out["outlets"] = list(out["outlets"] or [])
    out["contradictions"] = [_plain(c) for c in out["contradictions"] or []]
    return out


def _event_ref(ref: Any) -> dict[str, str]:
    if isinstance(ref, (tuple, list)):
        return {"article_id": str(ref[0]), "event_id": str(ref[1])}
    return {"article_id": str(_get(ref, "article_id")), "event_id": str(_get(ref, "event_id"))}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


def incident(ledger: Any, ident: str) -> Any | None:
    """Look an incident up by the id shown in links; None when unknown."""
    try:
        return ledger.incident(ident)
    except (TypeError, ValueError, LookupError):
        return None
