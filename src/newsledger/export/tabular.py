"""Parquet (event rows, typed columns) and JSONL (whole stored analyses)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsledger.ledger import EventFilter, Ledger
from newsledger.ledger.schema import EventRow
from newsledger.models import Analysis

BATCH = 5000


def _schema() -> Any:
    import pyarrow as pa

    fields = []
    for column in EventRow.__table__.columns:
        kind = pa.float64() if column.name in ("lat", "lon") else pa.string()
        fields.append(pa.field(column.name, kind))
    return pa.schema(fields)


def write_parquet(ledger: Ledger, flt: EventFilter, stream: BinaryIO) -> int:
    """Event rows as one Parquet file; quantities stay a JSON string column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    count = 0
    with pq.ParquetWriter(stream, schema) as out:
        batch: list[dict[str, Any]] = []
        for row in ledger.iter_events(flt):
            row = {**row, "quantities": json.dumps(row["quantities"], ensure_ascii=False)}
            batch.append(row)
            if len(batch) >= BATCH:
                out.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or not count:
            out.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _analyses(ledger: Ledger, flt: EventFilter) -> Iterator[Analysis]:
    if flt == EventFilter():
        yield from ledger.iter_analyses()
        return
    seen: set[str] = set()
    for row in ledger.iter_events(flt):
        if row["article_id"] not in seen:
            seen.add(row["article_id"])
            analysis = ledger.get_analysis(row["article_id"])
            if analysis is not None:
                yield analysis


def write_jsonl(ledger: Ledger, flt: EventFilter, stream: BinaryIO) -> int:
    """The stored analyses, one per line (of the articles with matching events, if filtered)."""
    count = 0
    for analysis in _analyses(ledger, flt):
        stream.write(json.dumps(analysis.to_dict(), ensure_ascii=False).encode() + b"\n")
        count += 1
    return count
