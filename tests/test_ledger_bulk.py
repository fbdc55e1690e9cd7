"""The PostgreSQL COPY path (ledger.bulk) stores what Ledger.add stores."""

from __future__ import annotations

import os
from typing import Any

import pytest
from ledger_support import PG_ENV, analysis, reset_postgres, zubair_reports
from sqlalchemy import text

from newsledger.corroborate import open_ledger
from newsledger.errors import LedgerError
from newsledger.ledger import Ledger, bulk
from newsledger.ledger.bulk import copy_analyses

pytestmark = pytest.mark.skipif(
    not os.environ.get(PG_ENV), reason=f"{PG_ENV} not set (run .ci/postgres.sh)"
)
TABLES = {  # table: columns compared (added_at differs by design)
    "articles": "id, title, outlet, published, text, analysis, n_events, n_sources, n_caveats, "
    "minhash, duplicate_of",
    "events": "*",
    "sources": "*",
    "minhash_bands": "*",
}


def dump(ledger: Ledger) -> dict[str, list[Any]]:
    with ledger._db.write.connect() as conn:  # the raw tables, compared
        return {
            t: sorted(map(tuple, conn.execute(text(f"SELECT {cols} FROM {t}")).all()), key=repr)
            for t, cols in TABLES.items()
        }


def reports() -> list[Any]:
    """The invented reports, plus a wire copy of the first (same text, one word changed)."""
    found = zubair_reports()
    first = found[0].article.text
    copy = first.replace("Police closed the road.", "Police closed the main road.")
    return [*found, analysis(copy, outlet="Copy Agency", published="2026-03-02")]


def test_copy_stores_what_add_stores() -> None:
    url = os.environ[PG_ENV]
    reset_postgres(url)
    with open_ledger(url) as ledger:
        for item in reports():
            ledger.add(item)
        one_by_one = dump(ledger)
    reset_postgres(url)
    with open_ledger(url) as ledger:
        assert copy_analyses(ledger, reports(), size=3) == (
            5,
            0,
        )  # the copy and its original in different batches
        assert dump(ledger) == one_by_one
        copied = {r[0]: r[10] for r in dump(ledger)["articles"]}
        assert copied[reports()[4].article.id] == reports()[0].article.id  # the wire copy is linked
        assert copy_analyses(ledger, reports()) == (0, 5)  # idempotent
        ledger.refresh_incidents()
        assert ledger.incidents(limit=100)


def test_copy_inside_one_batch_links_near_copies_and_falls_back_on_a_race(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = os.environ[PG_ENV]
    reset_postgres(url)
    with open_ledger(url) as ledger:
        assert copy_analyses(ledger, reports(), size=100) == (5, 0)
        copied = {r[0]: r[10] for r in dump(ledger)["articles"]}
        assert copied[reports()[4].article.id] == reports()[0].article.id
    reset_postgres(url)
    with open_ledger(url) as ledger, open_ledger(url) as other:
        items = reports()
        stage = bulk._stage

        def racing(stored: Any, batch: Any, item: Any, signature: Any) -> None:
            if item is items[1]:
                other.add(items[3])  # another writer, between the batch's check and its COPY
            stage(stored, batch, item, signature)

        monkeypatch.setattr(bulk, "_stage", racing)
        assert copy_analyses(ledger, items, size=100) == (4, 1)  # one by one after the collision
        assert ledger.count_articles() == 5


def test_copy_needs_postgresql(tmp_path: Any) -> None:
    with open_ledger(str(tmp_path / "l.db")) as ledger, pytest.raises(LedgerError):
        copy_analyses(ledger, [])
