"""Bulk adds into a PostgreSQL ledger with COPY, for large outputs (a Spark run's).

Each batch stores what `Ledger.add` stores for each article (the article row
with its MinHash and near-copy link, its events, sources and LSH bands), in one
transaction of four COPYs instead of a transaction per article. Articles
already stored (by content hash) are skipped, as in every add. A near-copy's
original is looked up among stored articles first, then among the batch's
earlier articles. If another writer stores one of the batch's articles
meanwhile, the COPY fails on the key and the batch goes article by article
through `Ledger.add` instead, so nothing is lost or stored twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import psycopg
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from newsledger.corroborate import nearcopy
from newsledger.errors import LedgerError
from newsledger.ledger.core import Ledger, _now
from newsledger.ledger.rows import article_row, event_row, source_rows
from newsledger.ledger.schema import ArticleRow, BandRow, EventRow, SourceRow
from newsledger.models import Analysis

BATCH = 500  # articles per transaction


@dataclass
class Batch:
    """One batch's rows per table, in COPY column order."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    # band key -> (article id, signature, original) of the batch's articles, for near-copies inside it
    seen: dict[tuple[int, str], list[tuple[str, Any, str | None]]] = field(default_factory=dict)


def _copy_within(batch: Batch, keys: list[tuple[int, str]], signature: Any) -> str | None:
    for key in keys:
        for article_id, other, original in batch.seen.get(key, []):
            if nearcopy.is_copy(signature, other):
                return original or article_id
    return None


def _stage(ledger: Ledger, conn: Any, batch: Batch, analysis: Analysis) -> None:
    signature = nearcopy.signature(analysis.article.text)
    keys = nearcopy.bands(signature)
    row = article_row(analysis, _now())
    row["minhash"] = nearcopy.to_bytes(signature)
    row["duplicate_of"] = ledger._copy_of(conn, keys, signature) or _copy_within(batch, keys, signature)
    batch.articles.append(row)
    batch.events.extend(event_row(analysis, e) for e in analysis.events)
    batch.sources.extend(source_rows(analysis))
    batch.bands.extend({"band": b, "hash": h, "article_id": row["id"]} for b, h in keys)
    for key in keys:
        batch.seen.setdefault(key, []).append((row["id"], signature, row["duplicate_of"]))


def _copy(cursor: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = [c.name for c in table.__table__.columns if c.name in rows[0]]
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table.__tablename__} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(tuple(row[c] for c in columns))


def _store_batch(ledger: Ledger, analyses: list[Analysis]) -> int:
    """COPY the batch's new articles in one transaction; how many were stored."""
    db = ledger._db  # the bulk path is part of the ledger package
    with db.lock, db.write.begin() as conn:
        ids = [a.article.id for a in analyses]
        stored = set(conn.execute(select(ArticleRow.id).where(ArticleRow.id.in_(ids))).scalars())
        batch, fresh = Batch(), {}
        for analysis in analyses:
            if analysis.article.id not in stored and analysis.article.id not in fresh:
                fresh[analysis.article.id] = analysis
                _stage(ledger, conn, batch, analysis)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        _copy(cursor, ArticleRow, batch.articles)
        _copy(cursor, EventRow, batch.events)
        _copy(cursor, SourceRow, batch.sources)
        _copy(cursor, BandRow, batch.bands)
        if fresh:
            ledger._set_meta(conn, "articles_token", uuid.uuid4().hex)
    return len(fresh)


def _batches(analyses: Iterable[Analysis], size: int) -> Iterator[list[Analysis]]:
    items = iter(analyses)
    while chunk := list(islice(items, size)):
        yield chunk


def copy_analyses(ledger: Ledger, analyses: Iterable[Analysis], size: int = BATCH) -> tuple[int, int]:
    """Store analyses in batches with COPY; (added, already stored)."""
    if ledger.dialect != "postgresql":
        raise LedgerError("the COPY bulk path needs a PostgreSQL ledger")
    added = skipped = 0
    for chunk in _batches(analyses, size):
        try:
            stored = _store_batch(ledger, chunk)
        except (IntegrityError, psycopg.IntegrityError):  # another writer stored one meanwhile: one by one
            stored = sum(ledger.add(a) for a in chunk)
        except SQLAlchemyError as exc:
            raise LedgerError(f"cannot store a batch of {len(chunk)} articles: "
                              f"{str(exc).splitlines()[0]}") from exc
        added += stored
        skipped += len(chunk) - stored
    return added, skipped
