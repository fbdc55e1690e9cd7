"""The Ledger: many analyses in one database, queried by the CLI and the web app."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, TextClause, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from newsledger.errors import LedgerError
from newsledger.incident import Incident
from newsledger.ledger import queries
from newsledger.ledger.db import Engines, open_engines
from newsledger.ledger.queries import EventFilter
from newsledger.ledger.schema import (
    ArticleRow,
    BandRow,
    EventRow,
    IncidentEventRow,
    IncidentRow,
    MetaRow,
    SourceRow,
)
from newsledger.limits import check_choice, check_count, check_page, check_text, storable

if TYPE_CHECKING:  # queries never build an Analysis: pydantic loads when one is read or stored
    from newsledger.models import Analysis

T = TypeVar("T")
ALL_EVENTS = EventFilter()
RETRIES = 8
COPY_CANDIDATES = 8  # near-copy candidates verified per added article
SNIPPET_MARKS = ("«", "»")  # around matched words in search snippets
_WORDS = re.compile(r"\w+", re.UNICODE)

EVENT_COLUMNS = [c for c in EventRow.__table__.columns]
ARTICLE_COLUMNS = [
    ArticleRow.id,
    ArticleRow.title,
    ArticleRow.url,
    ArticleRow.outlet,
    ArticleRow.author,
    ArticleRow.published,
    ArticleRow.n_events,
    ArticleRow.n_sources,
    ArticleRow.n_caveats,
    ArticleRow.duplicate_of,
    ArticleRow.added_at,
]


@dataclass
class AddResult:
    added: int = 0
    skipped: int = 0  # already in the ledger

    @property
    def total(self) -> int:
        return self.added + self.skipped


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@lru_cache(maxsize=4)
def _copy_candidates_sql(n_keys: int) -> TextClause:
    """Articles sharing most LSH bands with a signature, likeliest copies first.

    Plain SQL built once: an OR of (band, hash) pairs uses the primary-key index on
    SQLite (a row-value IN does not), and skipping expression building per article
    halves the cost of an add.
    """
    pairs = " OR ".join(f"(band = :b{i} AND hash = :h{i})" for i in range(n_keys))
    return text(
        "SELECT a.id, a.minhash, a.duplicate_of FROM articles a JOIN ("
        f"SELECT article_id, count(*) AS n FROM minhash_bands WHERE {pairs} GROUP BY article_id"
        ") s ON s.article_id = a.id ORDER BY s.n DESC, a.added_at, a.id LIMIT :limit"
    )


def _source_choices(kind: str | None, named: str | None) -> tuple[str | None, str | None]:
    """The kind and naming filters of `Ledger.sources`, checked against the format's
    vocabularies (the CLI and the web app show the BadQuery) and lower-cased."""
    check_text("kind", kind)
    check_text("named", named)
    if not (kind or named):
        return kind, named
    from newsledger.models import NAMED, SOURCE_KINDS  # pydantic: only when one is asked

    check_choice("kind", kind, SOURCE_KINDS)
    check_choice("named", named, NAMED)
    return (kind.lower() if kind else None), (named.lower() if named else None)


def _share(counts: dict[str, int], key: str, total: int) -> float:
    return round(counts.get(key, 0) / total, 4) if total else 0.0


def _event_dict(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    data["quantities"] = json.loads(data.get("quantities") or "[]")
    return data


# Links the events of newly added articles into incidents, inside the ledger's write
# transaction (``force``: forget every grouping first). Corroboration sits above the
# ledger, so it hands its linker in: `newsledger.corroborate.open_ledger`.
IncidentLinker = Callable[[Connection, bool], None]


class Ledger:
    """A ledger database. ``Ledger()`` opens NEWSLEDGER_DB or ./newsledger.db.

    Storage and queries only. Incidents are kept up to date by the ``linker``
    corroboration gives (`newsledger.corroborate.open_ledger` opens a ledger with it);
    without one, the incident queries raise a LedgerError.
    """

    def __init__(self, url: str | None = None, *, linker: IncidentLinker | None = None) -> None:
        self._db: Engines = open_engines(url)
        self.url = url
        self._linker = linker

    @classmethod
    def memory(cls, *, linker: IncidentLinker | None = None) -> Ledger:
        return cls("sqlite://", linker=linker)

    @property
    def dialect(self) -> str:
        return self._db.dialect

    def close(self) -> None:
        self._db.read.dispose()
        self._db.write.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def add(self, analysis: Analysis) -> bool:
        """Store one analysis in its own transaction; False if the article is already in."""
        if self.has(analysis.article.id):
            return False
        # Here, not at import: MinHash brings numpy and scipy, which queries never need.
        from newsledger.ledger import nearcopy

        signature = nearcopy.signature(analysis.article.text)
        try:
            return self._retry(lambda: self._store(analysis, signature))
        except IntegrityError:
            return False  # another process stored it between our check and our insert
        except SQLAlchemyError as exc:
            raise LedgerError(
                f"cannot store article {analysis.article.id}: {str(exc).splitlines()[0]}"
            ) from exc

    def add_many(
        self, analyses: Iterable[Analysis], progress: Callable[[Analysis, bool], None] | None = None
    ) -> AddResult:
        result = AddResult()
        for analysis in analyses:
            stored = self.add(analysis)
            result.added += stored
            result.skipped += not stored
            if progress:
                progress(analysis, stored)
        if result.added:
            self.optimize()
        return result

    def optimize(self) -> None:
        """Refresh the query planner's statistics after bulk adds (SQLite's
        PRAGMA optimize runs ANALYZE only where it would help; PostgreSQL's
        autovacuum does this by itself)."""
        if self._db.write.dialect.name == "sqlite":
            with self._db.lock, self._db.write.begin() as conn:
                conn.exec_driver_sql("PRAGMA optimize")

    def _retry(self, work: Callable[[], T]) -> T:
        for attempt in range(RETRIES):
            try:
                return work()
            except OperationalError as exc:
                message = str(exc).lower()
                if attempt == RETRIES - 1 or not ("locked" in message or "busy" in message):
                    raise LedgerError(
                        f"cannot write to the ledger: {message.splitlines()[0]}"
                    ) from exc
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def has(self, article_id: str) -> bool:
        """Whether an article (by id, the hash of its text) is already stored."""
        if not storable(article_id):
            return False
        return bool(self._rows(select(ArticleRow.id).where(ArticleRow.id == article_id)))

    def _store(self, analysis: Analysis, signature: Any) -> bool:
        from newsledger.ledger import nearcopy
        from newsledger.ledger.rows import article_row, event_row, source_rows

        article_id = analysis.article.id
        with self._db.lock, self._db.write.begin() as conn:
            if conn.execute(select(ArticleRow.id).where(ArticleRow.id == article_id)).first():
                return False
            keys = nearcopy.bands(signature)
            row = article_row(analysis, _now())
            row["minhash"] = nearcopy.to_bytes(signature)
            row["duplicate_of"] = self._copy_of(conn, keys, signature)
            conn.execute(insert(ArticleRow), [row])
            if analysis.events:
                conn.execute(insert(EventRow), [event_row(analysis, e) for e in analysis.events])
            if analysis.sources:
                conn.execute(insert(SourceRow), source_rows(analysis))
            conn.execute(
                insert(BandRow), [{"band": b, "hash": h, "article_id": article_id} for b, h in keys]
            )
            self._index_text(conn, analysis)
            self._set_meta(conn, "articles_token", uuid.uuid4().hex)
        return True

    def _copy_of(self, conn: Connection, keys: list[tuple[int, str]], signature: Any) -> str | None:
        """The original of the earliest stored article this text is a near-copy of."""
        from newsledger.ledger import nearcopy

        params: dict[str, Any] = {"limit": COPY_CANDIDATES}
        for i, (band, value) in enumerate(keys):
            params[f"b{i}"], params[f"h{i}"] = band, value
        candidates = conn.execute(_copy_candidates_sql(len(keys)), params).all()
        for candidate in candidates:
            if candidate.minhash and nearcopy.is_copy(
                signature, nearcopy.from_bytes(candidate.minhash)
            ):
                return str(candidate.duplicate_of or candidate.id)
        return None

    def _index_text(self, conn: Connection, analysis: Analysis) -> None:
        if self.dialect == "sqlite":
            conn.execute(
                text("INSERT INTO articles_fts (article_id, title, body) VALUES (:i, :t, :b)"),
                {
                    "i": analysis.article.id,
                    "t": analysis.article.title or "",
                    "b": analysis.article.text,
                },
            )

    def _set_meta(self, conn: Connection, key: str, value: str) -> None:
        # The rows exist from opening (db._ensure_meta), so concurrent writers only
        # update; the insert is a fallback for a schema emptied behind our back.
        if (
            conn.execute(update(MetaRow).where(MetaRow.key == key).values(value=value)).rowcount
            == 0
        ):
            conn.execute(insert(MetaRow).values(key=key, value=value))

    def _get_meta(self, conn: Connection, key: str) -> str | None:
        value: str | None = conn.execute(select(MetaRow.value).where(MetaRow.key == key)).scalar()
        return value

    # -- reading -------------------------------------------------------------

    def _rows(self, query: Any, params: dict[str, Any] | None = None) -> list[Any]:
        try:
            with self._db.lock, self._db.read.connect() as conn:
                rows = list(conn.execute(query, params or {}).all())
                conn.rollback()
                return rows
        except SQLAlchemyError as exc:
            raise LedgerError(f"ledger query failed: {str(exc).splitlines()[0]}") from exc

    def get_analysis(self, article_id: str) -> Analysis | None:
        if not storable(article_id):
            return None
        from newsledger.models import Analysis

        rows = self._rows(select(ArticleRow.analysis).where(ArticleRow.id == article_id))
        return Analysis.model_validate_json(rows[0][0]) if rows else None

    def article(self, article_id: str) -> dict[str, Any] | None:
        if not storable(article_id):
            return None
        rows = self._rows(select(*ARTICLE_COLUMNS).where(ArticleRow.id == article_id))
        return dict(rows[0]._mapping) if rows else None

    def iter_analyses(self, batch: int = 200) -> Iterator[Analysis]:
        """Every stored analysis, in the order they were added."""
        from newsledger.models import Analysis

        offset = 0
        while True:
            rows = self._rows(
                select(ArticleRow.analysis)
                .order_by(ArticleRow.added_at, ArticleRow.id)
                .limit(batch)
                .offset(offset)
            )
            for row in rows:
                yield Analysis.model_validate_json(row[0])
            if len(rows) < batch:
                return
            offset += batch

    def articles(
        self, *, outlet: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        check_page(limit, offset)
        query = select(*ARTICLE_COLUMNS)
        outlet = check_text("outlet", outlet)
        if outlet:
            query = query.where(ArticleRow.outlet == outlet)
        query = query.order_by(ArticleRow.published.desc().nulls_last(), ArticleRow.id)
        return [dict(r._mapping) for r in self._rows(query.limit(limit).offset(offset))]

    def count_articles(self) -> int:
        return int(self._rows(select(func.count()).select_from(ArticleRow))[0][0])

    def events(
        self, flt: EventFilter = ALL_EVENTS, *, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        check_page(limit, offset)
        query = queries.apply(select(*EVENT_COLUMNS), flt).order_by(
            EventRow.date_start.desc().nulls_last(),
            EventRow.published.desc().nulls_last(),
            EventRow.article_id,
            EventRow.event_id,
        )
        return [_event_dict(r) for r in self._rows(query.limit(limit).offset(offset))]

    def iter_events(
        self, flt: EventFilter = ALL_EVENTS, batch: int = 1000
    ) -> Iterator[dict[str, Any]]:
        """Every event row matching the filter, in the table's order (for exports)."""
        offset = 0
        while True:
            rows = self.events(flt, limit=batch, offset=offset)
            yield from rows
            if len(rows) < batch:
                return
            offset += batch

    def count_events(self, flt: EventFilter = ALL_EVENTS) -> int:
        query = queries.apply(select(func.count()).select_from(EventRow), flt)
        return int(self._rows(query)[0][0])

    def sources(
        self,
        *,
        outlet: str | None = None,
        kind: str | None = None,
        named: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        check_page(limit, offset)
        kind, named = _source_choices(kind, named)
        query = select(*SourceRow.__table__.columns, ArticleRow.title).join(
            ArticleRow, ArticleRow.id == SourceRow.article_id
        )
        for column, value in (
            (SourceRow.outlet, outlet),
            (SourceRow.kind, kind),
            (SourceRow.named, named),
        ):
            if check_text(column.key, value):
                query = query.where(column == value)
        query = query.order_by(
            SourceRow.published.desc().nulls_last(), SourceRow.article_id, SourceRow.source_id
        )
        rows = [dict(r._mapping) for r in self._rows(query.limit(limit).offset(offset))]
        for row in rows:
            row["descriptors"] = json.loads(row["descriptors"] or "[]")
        return rows

    def search(self, text_query: str, *, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search; snippets mark matched words with « and »."""
        check_page(limit)
        words = _WORDS.findall(text_query)
        if not words:
            return []
        if self.dialect == "sqlite":
            match = " ".join('"' + w.replace('"', "") + '"' for w in words)
            sql = text(
                "SELECT a.id AS article_id, a.title, a.outlet, a.published, "
                "snippet(articles_fts, 2, '«', '»', '…', 16) AS snippet "
                "FROM articles_fts JOIN articles a ON a.id = articles_fts.article_id "
                "WHERE articles_fts MATCH :q ORDER BY rank LIMIT :n"
            )
            params: dict[str, Any] = {"q": match, "n": limit}
        else:
            doc = "to_tsvector('english', coalesce(a.title, '') || ' ' || a.text)"
            sql = text(
                "SELECT a.id AS article_id, a.title, a.outlet, a.published, "
                "ts_headline('english', a.text, q, 'StartSel=«, StopSel=», MaxWords=30, "
                "MinWords=10') AS snippet "
                f"FROM articles a, plainto_tsquery('english', :q) q WHERE {doc} @@ q "
                f"ORDER BY ts_rank({doc}, q) DESC, a.id LIMIT :n"
            )
            params = {"q": " ".join(words), "n": limit}
        return [dict(r._mapping) for r in self._rows(sql, params)]

    def outlet_profiles(self) -> list[dict[str, Any]]:
        per_outlet = self._rows(
            select(
                ArticleRow.outlet,
                func.count().label("articles"),
                func.sum(ArticleRow.n_caveats).label("caveats"),
            )
            .group_by(ArticleRow.outlet)
            .order_by(ArticleRow.outlet)
        )
        named = self._rows(
            select(SourceRow.outlet, SourceRow.named, func.count()).group_by(
                SourceRow.outlet, SourceRow.named
            )
        )
        counts: dict[Any, dict[str, int]] = {}
        for outlet, status, n in named:
            counts.setdefault(outlet, {})[status] = int(n)
        profiles = []
        for outlet, n_articles, caveats in per_outlet:
            c = counts.get(outlet, {})
            total = sum(c.values())
            profiles.append(
                {
                    "outlet": outlet,
                    "articles": int(n_articles),
                    "sources": total,
                    "share_named": _share(c, "named", total),
                    "share_partial": _share(c, "partial", total),
                    "share_unnamed": _share(c, "unnamed", total),
                    "caveats_per_article": round(int(caveats or 0) / n_articles, 3)
                    if n_articles
                    else 0.0,
                }
            )
        return profiles

    # -- incidents -----------------------------------------------------------

    def incidents(
        self, *, limit: int = 100, offset: int = 0, min_articles: int = 1
    ) -> list[Incident]:
        """Incidents, most independently reported first (recomputed when articles changed)."""
        check_page(limit, offset)
        check_count("min_articles", min_articles)
        self.refresh_incidents()
        query = (
            select(IncidentRow.data)
            .where(IncidentRow.n_articles >= min_articles)
            .order_by(
                IncidentRow.independent_sources.desc(),
                IncidentRow.n_articles.desc(),
                IncidentRow.first_reported,
                IncidentRow.id,
            )
            .limit(limit)
            .offset(offset)
        )
        return [Incident.from_dict(json.loads(r[0])) for r in self._rows(query)]

    def count_incidents(self) -> int:
        self.refresh_incidents()
        return int(self._rows(select(func.count()).select_from(IncidentRow))[0][0])

    def incident(self, incident_id: str) -> Incident | None:
        if not storable(incident_id):
            return None
        self.refresh_incidents()
        rows = self._rows(select(IncidentRow.data).where(IncidentRow.id == incident_id))
        return Incident.from_dict(json.loads(rows[0][0])) if rows else None

    def incident_of(self, article_id: str, event_id: str) -> str | None:
        """The id of the incident an event mention belongs to."""
        if not (storable(article_id) and storable(event_id)):
            return None
        self.refresh_incidents()
        rows = self._rows(
            select(IncidentEventRow.incident_id).where(
                IncidentEventRow.article_id == article_id, IncidentEventRow.event_id == event_id
            )
        )
        return str(rows[0][0]) if rows else None

    def refresh_incidents(self, force: bool = False) -> bool:
        """Link the events of articles added since the last refresh into incidents
        (``force``: forget every grouping and link all articles again)."""
        with self._db.lock, self._db.read.connect() as conn:
            token = self._get_meta(conn, "articles_token") or ""
            done = self._get_meta(conn, "incidents_token")
            conn.rollback()
        if done == token and not force:
            return False
        self._retry(lambda: self._link_incidents(token, force))
        return True

    def _link_incidents(self, token: str, force: bool) -> None:
        if self._linker is None:
            raise LedgerError(
                "this ledger was opened without corroboration, so it cannot link "
                "incidents: open it with newsledger.corroborate.open_ledger"
            )
        try:
            with self._db.lock, self._db.write.begin() as conn:
                self._linker(conn, force)
                self._set_meta(conn, "incidents_token", token)
        except IntegrityError:
            pass  # another process linked the same articles first; its incidents stand
