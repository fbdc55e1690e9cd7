"""Bulk adds into a PostgreSQL ledger with COPY, for large outputs (a Spark run's).

Each batch stores what `Ledger.add` stores for each article (the article row
with its MinHash and near-copy link, its events, sources and LSH bands), in one
transaction of four COPYs instead of a transaction per article, with one
query for the near-copy candidates of the whole batch. Articles
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
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from newsledger.errors import LedgerError
from newsledger.ledger import nearcopy
from newsledger.ledger.core import COPY_CANDIDATES, Ledger, _now
from newsledger.ledger.rows import article_row, event_row, source_rows
from newsledger.ledger.schema import ArticleRow, BandRow, EventRow, SourceRow
from newsledger.models import Analysis

BATCH = 500  # articles per transaction


Candidate = tuple[str, Any, str | None]  # (article id, signature, its original or None)


@dataclass
class Batch:
    """One batch's rows per table, in COPY column order."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    # band key -> (article id, signature, original) of the batch's articles, for near-copies inside
    # it
    seen: dict[tuple[int, str], list[Candidate]] = field(default_factory=dict)


@dataclass
class Stored:
    """Stored articles sharing an LSH band with the batch, fetched in one query."""

    by_key: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    rows: dict[str, tuple[Any, str | None, str]] = field(
        default_factory=dict
    )  # id: (signature, original, added_at)


def stored_candidates(conn: Any, keys: Iterable[tuple[int, str]]) -> Stored:
    """One query for the whole batch, instead of one per article (Ledger._copy_of)."""
    hashes = sorted({h for _, h in keys})
    found = Stored()
    if not hashes:
        return found
    rows = conn.execute(
        text(
            "SELECT b.band, b.hash, a.id, a.minhash, a.duplicate_of, a.added_at FROM minhash_bands "
            "b "
            "JOIN articles a ON a.id = b.article_id WHERE b.hash = ANY(:hashes)"
        ),
        {"hashes": hashes},
    )
    for band, value, article_id, minhash, original, added_at in rows:
        found.by_key.setdefault((band, value), []).append(article_id)
        if article_id not in found.rows and minhash:
            found.rows[article_id] = (nearcopy.from_bytes(minhash), original, added_at)
    return found


def _copy_stored(stored: Stored, keys: list[tuple[int, str]], signature: Any) -> str | None:
    """As Ledger._copy_of: the likeliest stored candidates first (most shared bands,
    then earliest added), COPY_CANDIDATES of them verified."""
    shared: dict[str, int] = {}
    for key in keys:
        for article_id in stored.by_key.get(key, []):
            shared[article_id] = shared.get(article_id, 0) + 1
    ranked = sorted(
        (i for i in shared if i in stored.rows), key=lambda i: (-shared[i], stored.rows[i][2], i)
    )[:COPY_CANDIDATES]
    for article_id in ranked:
        other, original, _ = stored.rows[article_id]
        if nearcopy.is_copy(signature, other):
            return original or article_id
    return None


def _copy_within(batch: Batch, keys: list[tuple[int, str]], signature: Any) -> str | None:
    for key in keys:
        for article_id, other, original in batch.seen.get(key, []):
            if nearcopy.is_copy(signature, other):
                return original or article_id
    return None


def _stage(stored: Stored, batch: Batch, analysis: Analysis, signature: Any) -> None:
    keys = nearcopy.bands(signature)
    row = article_row(analysis, _now())
    row["minhash"] = nearcopy.to_bytes(signature)
    row["duplicate_of"] = _copy_stored(stored, keys, signature) or _copy_within(
        batch, keys, signature
    )
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
        fresh = {a.article.id: a for a in analyses if a.article.id not in stored}
        signatures = {i: nearcopy.signature(a.article.text) for i, a in fresh.items()}
        candidates = stored_candidates(
            conn, (k for sig in signatures.values() for k in nearcopy.bands(sig))
        )
        batch = Batch()
        for article_id, analysis in fresh.items():
            _stage(candidates, batch, analysis, signatures[article_id])
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


def copy_analyses(
    ledger: Ledger, analyses: Iterable[Analysis], size: int = BATCH
) -> tuple[int, int]:
    """Store analyses in batches with COPY; (added, already stored)."""
    if ledger.dialect != "postgresql":
        raise LedgerError("the COPY bulk path needs a PostgreSQL ledger")
    added = skipped = 0
    for chunk in _batches(analyses, size):
        try:
            stored = _store_batch(ledger, chunk)
        except (
            IntegrityError,
            psycopg.IntegrityError,
        ):  # another writer stored one meanwhile: one by one
            stored = sum(ledger.add(a) for a in chunk)
        except SQLAlchemyError as exc:
            raise LedgerError(
                f"cannot store a batch of {len(chunk)} articles: {str(exc).splitlines()[0]}"
            ) from exc
        added += stored
        skipped += len(chunk) - stored
    return added, skipped
