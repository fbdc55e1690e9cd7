"""Incidents kept up to date as articles arrive: the ledger's side of `corroborate.linking`.

`refresh` links the units of every article added since the last refresh, in the
order they were added, each against the candidates the blocking index
(``incident_keys``) returns, then rebuilds only the incidents that changed.
Everything runs in one write transaction, so readers see the old incidents or
the new ones, never half.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from newsledger.corroborate.linking import MAX_MEMBERS, link
from newsledger.corroborate.pairscore import PairModel, load_model
from newsledger.corroborate.rollup import build_incident
from newsledger.corroborate.units import Unit, build_units
from newsledger.incident import Incident, Mention
from newsledger.ledger.schema import (
    ArticleRow,
    EventRow,
    IncidentEventRow,
    IncidentKeyRow,
    IncidentRow,
    IncidentUnitRow,
    MetaRow,
)
from newsledger.models import Analysis

MAX_CANDIDATES = 60  # units sharing the most keys with a new unit are compared, at most this many
SLACK_DAYS = 1
# Units dated over at most this many days are indexed by their first day, so a candidate
# search reads one short index range per key; wider or undated units are indexed undated.
MAX_SPAN_DAYS = 31
LINKED_UNTIL = "incidents_linked_until"  # added_at of the latest article linked
# Articles stored by another process may carry a slightly earlier added_at than the latest
# linked one: look back this far (the NOT EXISTS test skips those already linked).
CLOCK_MARGIN_S = 120


def _days(unit: Unit) -> tuple[int | None, int | None]:
    if unit.start is None or unit.end is None or (unit.end - unit.start).days > MAX_SPAN_DAYS:
        return None, None
    return unit.start.toordinal(), unit.end.toordinal()


class SqlStore:
    """The blocking index and unit assignments in the ledger's tables (one transaction)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.touched: set[str] = set()
        self._units: dict[tuple[str, str], tuple[Unit, str]] = {}

    def _load(self, keys: Iterable[tuple[str, str]]) -> list[tuple[Unit, str]]:
        wanted = [k for k in keys if k not in self._units]
        for article_id in sorted({a for a, _ in wanted}):
            for row in self.conn.execute(
                select(IncidentUnitRow.data, IncidentUnitRow.incident_id).where(
                    IncidentUnitRow.article_id == article_id
                )
            ):
                unit = Unit.from_json(row.data)
                self._units[unit.key] = (unit, row.incident_id)
        return [self._units[k] for k in keys if k in self._units]

    def candidates(self, unit: Unit) -> list[tuple[Unit, str]]:
        keys = [k[:200] for k in unit.block_keys()]
        if not keys:
            return []
        lo, hi = _days(unit)
        base = select(IncidentKeyRow.article_id, IncidentKeyRow.type).where(
            IncidentKeyRow.key.in_(keys)
        )
        if lo is not None and hi is not None:
            # Two index range reads instead of one OR: units dated near this one, and undated ones.
            dated = base.where(
                IncidentKeyRow.day_lo.between(lo - MAX_SPAN_DAYS - SLACK_DAYS, hi + SLACK_DAYS),
                IncidentKeyRow.day_hi >= lo - SLACK_DAYS,
            )
            queries = [dated, base.where(IncidentKeyRow.day_lo.is_(None))]
        else:
            queries = [base]
        shared = Counter((r.article_id, r.type) for q in queries for r in self.conn.execute(q))
        best = sorted(shared, key=lambda k: (-shared[k], k))[:MAX_CANDIDATES]
        return self._load(best)

    def members(self, incident_id: str) -> list[Unit]:
        rows = self.conn.execute(
            select(IncidentUnitRow.article_id, IncidentUnitRow.type)
            .where(IncidentUnitRow.incident_id == incident_id)
            .order_by(IncidentUnitRow.seq.desc())
            .limit(MAX_MEMBERS)
        ).all()
        return [u for u, _ in self._load([(r.article_id, r.type) for r in reversed(rows)])]

    def assign(self, unit: Unit, incident_id: str) -> None:
        # The member's rank within its incident (from the incident's index; a ledger-wide
        # maximum would read every unit at each refresh).
        last = self.conn.execute(
            select(func.max(IncidentUnitRow.seq)).where(IncidentUnitRow.incident_id == incident_id)
        ).scalar()
        self.conn.execute(
            insert(IncidentUnitRow),
            [
                {
                    "article_id": unit.article_id,
                    "type": unit.type,
                    "incident_id": incident_id,
                    "seq": int(last or 0) + 1,
                    "data": unit.to_json(),
                }
            ],
        )
        lo, hi = _days(unit)
        keys = sorted({k[:200] for k in unit.block_keys()})
        if keys:
            self.conn.execute(
                insert(IncidentKeyRow),
                [
                    {
                        "key": k,
                        "article_id": unit.article_id,
                        "type": unit.type,
                        "day_lo": lo,
                        "day_hi": hi,
                    }
                    for k in keys
                ],
            )
        self._units[unit.key] = (unit, incident_id)
        self.touched.add(incident_id)


def _linked_until(conn: Connection) -> str:
    return str(
        conn.execute(select(MetaRow.value).where(MetaRow.key == LINKED_UNTIL)).scalar() or ""
    )


def _new_articles(conn: Connection) -> list[Any]:
    """Articles not linked yet, read from the added_at index from a little before the last
    linked one (never the whole table: that scan grew with the ledger)."""
    until = _linked_until(conn)
    since = until
    if until:
        since = (datetime.fromisoformat(until) - timedelta(seconds=CLOCK_MARGIN_S)).isoformat(
            timespec="microseconds"
        )
    linked = select(IncidentUnitRow.article_id).where(IncidentUnitRow.article_id == ArticleRow.id)
    return list(
        conn.execute(
            select(ArticleRow.id, ArticleRow.analysis, ArticleRow.duplicate_of, ArticleRow.added_at)
            .where(ArticleRow.added_at >= since, ArticleRow.n_events > 0, ~linked.exists())
            .order_by(ArticleRow.added_at, ArticleRow.id)
        ).all()
    )


def _mark_linked(conn: Connection, articles: list[Any]) -> None:
    if not articles:
        return
    latest = max(str(a.added_at) for a in articles)
    if latest <= _linked_until(conn):
        return
    if (
        conn.execute(
            update(MetaRow).where(MetaRow.key == LINKED_UNTIL).values(value=latest)
        ).rowcount
        == 0
    ):
        conn.execute(insert(MetaRow).values(key=LINKED_UNTIL, value=latest))


def _event_rows(conn: Connection, article_id: str) -> list[dict[str, Any]]:
    return [
        dict(r._mapping)
        for r in conn.execute(
            select(*EventRow.__table__.columns)
            .where(EventRow.article_id == article_id)
            .order_by(EventRow.event_id)
        )
    ]


def _rebuild(conn: Connection, incident_ids: set[str]) -> None:
    """Recompute the roll-up (sources, contradictions, title) of the incidents that changed."""
    ids = sorted(incident_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        # Units first, then their articles' events by primary key: joined on (article, type)
        # SQLite read the events through the type index, every event of the type each time.
        units = {
            (r.article_id, r.type): r.incident_id
            for r in conn.execute(
                select(
                    IncidentUnitRow.article_id, IncidentUnitRow.type, IncidentUnitRow.incident_id
                ).where(IncidentUnitRow.incident_id.in_(chunk))
            )
        }
        rows = conn.execute(
            select(*EventRow.__table__.columns, ArticleRow.duplicate_of)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .where(EventRow.article_id.in_(sorted({a for a, _ in units})))
        ).all()
        members: dict[str, list[Mention]] = {}
        for row in rows:
            data = dict(row._mapping)
            incident = units.get((data["article_id"], data["type"]))
            if incident is not None:
                members.setdefault(incident, []).append(Mention.from_row(data))
        conn.execute(delete(IncidentEventRow).where(IncidentEventRow.incident_id.in_(chunk)))
        conn.execute(delete(IncidentRow).where(IncidentRow.id.in_(chunk)))
        found = [build_incident(iid, ms) for iid, ms in sorted(members.items())]
        _insert(conn, found)


def _insert(conn: Connection, found: list[Incident]) -> None:
    if not found:
        return
    conn.execute(
        insert(IncidentRow),
        [
            {
                "id": i.id,
                "type": i.type,
                "first_reported": i.first_reported,
                "n_articles": len(i.articles),
                "independent_sources": i.independent_sources,
                "data": json.dumps(i.to_dict(), ensure_ascii=False),
            }
            for i in found
        ],
    )
    conn.execute(
        insert(IncidentEventRow),
        [{"incident_id": i.id, "article_id": a, "event_id": e} for i in found for a, e in i.events],
    )


def reset(conn: Connection) -> None:
    """Forget every grouping (the next refresh links all articles again, e.g. after retraining)."""
    for table in (IncidentKeyRow, IncidentUnitRow, IncidentEventRow, IncidentRow):
        conn.execute(delete(table))
    conn.execute(delete(MetaRow).where(MetaRow.key == LINKED_UNTIL))


def refresh(conn: Connection, model: PairModel | None = None) -> int:
    """Link the units of articles not linked yet; returns how many articles were linked."""
    model = model or load_model()
    store = SqlStore(conn)
    articles = _new_articles(conn)
    for article in articles:
        analysis = Analysis.model_validate_json(article.analysis)
        rows = _event_rows(conn, article.id)
        for unit in build_units(analysis, rows, article.duplicate_of or article.id):
            link(unit, store, model)
    _rebuild(conn, store.touched)
    _mark_linked(conn, articles)
    return len(articles)


def link_stored(conn: Connection, force: bool) -> None:
    """The ledger's incident linker (`Ledger(linker=...)`): link what was added since
    the last time, or everything again when ``force``."""
    if force:
        reset(conn)
    refresh(conn)
