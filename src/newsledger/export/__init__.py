"""Exports of the ledger: ACLED CSV, PLOVER JSONL, GeoJSON, Parquet, analysis JSONL.

Every exporter is ``write(ledger, flt, stream) -> int``: it writes to a binary
stream and returns how many records it wrote. Event-based formats write one
record per event mention matching the filter.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import BinaryIO

from newsledger.errors import LedgerError
from newsledger.ledger import EventFilter, Ledger

Writer = Callable[[Ledger, EventFilter, BinaryIO], int]

FORMATS: dict[str, str] = {
    "acled-csv": "newsledger.export.acled",
    "plover-jsonl": "newsledger.export.plover",
    "geojson": "newsledger.export.geojson",
    "parquet": "newsledger.export.tabular:write_parquet",
    "jsonl": "newsledger.export.tabular:write_jsonl",
}
BINARY = frozenset({"parquet"})  # formats that must not go to a terminal


def writer(fmt: str) -> Writer:
    if fmt not in FORMATS:
        raise LedgerError(f"unknown export format '{fmt}': choose one of {', '.join(FORMATS)}")
    module_name, _, attribute = FORMATS[fmt].partition(":")
    function: Writer = getattr(importlib.import_module(module_name), attribute or "write")
    return function


def export(ledger: Ledger, fmt: str, stream: BinaryIO, flt: EventFilter | None = None) -> int:
    """Write the ledger (or the events matching ``flt``) in ``fmt``; returns the record count."""
    return writer(fmt)(ledger, flt or EventFilter(), stream)


__all__ = ["BINARY", "FORMATS", "export", "writer"]
