"""The ledger on SQLite (memory and file) and PostgreSQL: storing, idempotence, queries."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from ledger_support import BASRA, ZUBAIR, analysis, backends, event, open_backend, zubair_reports
from sqlalchemy import inspect, text

from newsledger.corroborate import open_ledger
from newsledger.errors import LedgerError
from newsledger.ledger import EventFilter, Ledger
from newsledger.ledger.db import HEAD, current_revision, resolve_url


@pytest.fixture(params=backends())
def ledger(request: pytest.FixtureRequest, tmp_path) -> Iterator[Ledger]:  # type: ignore[no-untyped-def]
    yield from open_backend(request.param, tmp_path)


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    assert ledger.add_many(zubair_reports()).added == 4
    return ledger


@pytest.fixture(scope="module", params=backends())
def shared(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Ledger]:  # type: ignore[no-untyped-def]
    """A filled ledger for tests that only read."""
    for ledger in open_backend(request.param, tmp_path_factory.mktemp("ledger")):
        ledger.add_many(zubair_reports())
        yield ledger


def test_migrations_create_the_schema_at_head(ledger: Ledger) -> None:
    assert current_revision(ledger._db.read) == HEAD
    tables = set(inspect(ledger._db.read).get_table_names())
    assert {
        "articles",
        "events",
        "sources",
        "incidents",
        "incident_events",
        "minhash_bands",
        "ledger_meta",
        "alembic_version",
    } <= tables


def test_migrations_create_every_index_the_models_declare(ledger: Ledger) -> None:
    from newsledger.ledger.schema import Base

    inspector = inspect(ledger._db.read)
    for table in Base.metadata.sorted_tables:
        if table.name not in inspector.get_table_names():
            continue
        found = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table.name)}
        for index in table.indexes:
            assert tuple(c.name for c in index.columns) in found, (table.name, index.name)


def test_add_is_idempotent(ledger: Ledger) -> None:
    reports = zubair_reports()
    assert ledger.add(reports[0]) is True
    assert ledger.add(reports[0]) is False
    result = ledger.add_many(reports)
    assert (result.added, result.skipped) == (3, 1)
    assert ledger.count_articles() == 4
    assert ledger.count_events() == 4


def test_stored_analysis_is_returned_exactly(shared: Ledger) -> None:
    original = zubair_reports()[0]
    assert shared.get_analysis(original.article.id) == original
    assert shared.get_analysis("no-such-id") is None
    assert shared.has(original.article.id) and not shared.has("no-such-id")
    assert [a.article.id for a in shared.iter_analyses()] == [
        a.article.id for a in zubair_reports()
    ]


def test_event_rows_carry_the_columns_the_web_app_reads(shared: Ledger) -> None:
    rows = shared.events(EventFilter(outlet="Tigris Wire"))
    assert len(rows) == 1
    row = rows[0]
    for column in (
        "article_id",
        "event_id",
        "type",
        "mode",
        "acled_event_type",
        "acled_sub_event_type",
        "actor_name",
        "recipient_name",
        "country",
        "place_name",
        "lat",
        "lon",
        "date_start",
        "date_end",
        "date_precision",
        "status",
        "outlet",
        "published",
        "sentence",
        "trigger",
        "source_name",
    ):
        assert column in row
    assert row["source_name"] == "officials" and row["source_named"] == "unnamed"
    assert row["sentence"].startswith("Gunmen attacked") and row["trigger"] == "attacked"
    assert row["quantities"] == [
        {"id": "Q1", "text": "three policemen", "value": 3, "unit": "policeman", "approx": "exact"}
    ]


@pytest.mark.parametrize(
    "flt, outlets",
    [
        (
            EventFilter(type="assault"),
            {"Tigris Wire", "Basra Daily Times", "Northern Star Iraq", "Euphrates Post"},
        ),
        (EventFilter(type="PROTEST"), set()),
        (EventFilter(actor="GUNMEN"), {"Tigris Wire", "Basra Daily Times", "Euphrates Post"}),
        (EventFilter(actor="soldier"), {"Northern Star Iraq"}),
        (
            EventFilter(country="iq"),
            {"Tigris Wire", "Basra Daily Times", "Northern Star Iraq", "Euphrates Post"},
        ),
        (EventFilter(place="mosul"), {"Northern Star Iraq"}),
        (
            EventFilter(near=(30.40, 47.70, 10)),
            {"Tigris Wire", "Basra Daily Times", "Euphrates Post"},
        ),
        (EventFilter(near=(36.3, 43.1, 50)), {"Northern Star Iraq"}),
        (EventFilter(near=(33.3, 44.4, 100)), set()),
        (
            EventFilter(date_from="2026-03-01", date_to="2026-03-01"),
            {"Tigris Wire", "Basra Daily Times", "Northern Star Iraq", "Euphrates Post"},
        ),
        (EventFilter(date_from="2026-03-02"), set()),
        (EventFilter(status="reported"), {"Tigris Wire", "Basra Daily Times", "Euphrates Post"}),
        (EventFilter(outlet="Basra Daily Times"), {"Basra Daily Times"}),
        (
            EventFilter(
                actor="gunmen", near=(30.40, 47.70, 10), status="reported", outlet="Tigris Wire"
            ),
            {"Tigris Wire"},
        ),
        (EventFilter(actor="50%_off"), set()),  # LIKE wildcards are literal
    ],
)
def test_event_filters(shared: Ledger, flt: EventFilter, outlets: set[str]) -> None:
    rows = shared.events(flt)
    assert {r["outlet"] for r in rows} == outlets
    assert shared.count_events(flt) == len(rows)


@pytest.mark.parametrize(
    "a, b",
    [((30.40, 47.70), (30.51, 47.81)), ((36.34, 43.12), (-34.6, -58.4)), ((0.0, 0.0), (0.0, 1.0))],
)
def test_the_radius_filter_measures_as_the_gazetteer(
    shared: Ledger, a: tuple[float, float], b: tuple[float, float]
) -> None:
    """The SQL haversine and `geodesy.distance_km` are one formula with one Earth radius."""
    from sqlalchemy import literal, select

    from newsledger.geodesy import distance_km
    from newsledger.ledger.queries import distance_km as sql_distance_km

    query = select(sql_distance_km(literal(a[0]), literal(a[1]), *b))
    assert shared._rows(query)[0][0] == pytest.approx(distance_km(*a, *b), rel=1e-9)


def test_events_page_with_limit_and_offset(shared: Ledger) -> None:
    everything = shared.events(EventFilter())
    page = shared.events(EventFilter(), limit=2, offset=1)
    assert page == everything[1:3]
    assert [r["event_id"] for r in shared.iter_events(EventFilter(), batch=1)] == [
        r["event_id"] for r in everything
    ]


def test_sources_and_outlet_profiles(shared: Ledger) -> None:
    named = shared.sources(named="named")
    assert [s["name"] for s in named] == ["Ali Mahdi"]
    assert named[0]["title"] is None and named[0]["attributions"] == 1
    assert {s["name"] for s in shared.sources(outlet="Tigris Wire")} == {"officials"}
    profiles = {p["outlet"]: p for p in shared.outlet_profiles()}
    assert profiles["Basra Daily Times"]["share_named"] == 1.0
    assert profiles["Tigris Wire"]["share_unnamed"] == 1.0
    assert profiles["Tigris Wire"]["caveats_per_article"] == 1.0
    assert profiles["Northern Star Iraq"]["sources"] == 0


def test_full_text_search(shared: Ledger) -> None:
    hits = shared.search("roadside bomb")
    assert [h["outlet"] for h in hits] == ["Northern Star Iraq"]
    assert "«" in hits[0]["snippet"] and "»" in hits[0]["snippet"]
    assert {h["outlet"] for h in shared.search("checkpoint")} == {
        "Tigris Wire",
        "Basra Daily Times",
        "Euphrates Post",
    }
    assert shared.search("") == [] and shared.search('"; DROP TABLE articles; --') == []
    assert shared.count_articles() == 4


def test_articles_listing(shared: Ledger) -> None:
    rows = shared.articles()
    assert len(rows) == 4 and rows[0]["published"] == "2026-03-02"
    assert [r["outlet"] for r in shared.articles(outlet="Tigris Wire")] == ["Tigris Wire"]
    assert shared.article(rows[0]["id"])["n_events"] == 1  # type: ignore[index]


def test_incidents_are_grouped_and_refreshed(filled: Ledger) -> None:
    found = filled.incidents()
    zubair = next(i for i in found if i.place_name == "Zubair")
    assert len(zubair.articles) == 3 and zubair.independent_sources == 3
    assert zubair.named_sources == 1 and zubair.unnamed_sources == 2
    assert any(c["kind"] == "quantity" for c in zubair.contradictions)
    assert filled.incident(zubair.id) == zubair
    assert filled.incident_of(zubair.events[0][0], zubair.events[0][1]) == zubair.id
    assert filled.incidents(min_articles=2) == [zubair]
    text_ = "Militants attacked a police post in Zubair on Sunday, killing police officers."
    filled.add(
        analysis(
            text_,
            outlet="Crescent Radio",
            published="2026-03-02",
            events=(
                event(
                    text_, "attacked", place=ZUBAIR, day="2026-03-01", recipient="police officers"
                ),
            ),
        )
    )
    again = filled.incident(zubair.id)
    assert again is not None and "Crescent Radio" in again.outlets


def test_wire_copies_are_marked_as_duplicates(ledger: Ledger) -> None:
    body = (
        "Gunmen attacked a police checkpoint in Basra on Sunday, killing three policemen and "
        "wounding two others, security officials said on condition of anonymity. The attackers "
        "fled in two cars towards the desert, and police closed the main road to the port."
    )
    first = analysis(
        body,
        outlet="Tigris Wire",
        published="2026-03-01",
        events=(event(body, "attacked", place=BASRA, day="2026-03-01"),),
    )
    copy_text = "BASRA (Tigris Wire) - " + body + " No group has claimed the attack."
    copy = analysis(
        copy_text,
        outlet="Gulf Morning Herald",
        published="2026-03-02",
        events=(event(copy_text, "attacked", place=BASRA, day="2026-03-01"),),
    )
    other = analysis(
        "Protesters in Basra demanded jobs on Sunday outside the oil company offices, "
        "organisers said, and promised to return every week until they are heard.",
        outlet="Crescent Radio",
        published="2026-03-01",
    )
    ledger.add_many([first, copy, other])
    assert ledger.article(copy.article.id)["duplicate_of"] == first.article.id  # type: ignore[index]
    assert ledger.article(other.article.id)["duplicate_of"] is None  # type: ignore[index]
    incident = next(i for i in ledger.incidents() if len(i.articles) == 2)
    assert incident.independent_sources == 1  # a wire copy is no independent confirmation


def test_file_ledger_uses_wal_and_survives_reopening(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "l.db"
    with open_ledger(str(path)) as ledger:
        ledger.add_many(zubair_reports())
        with ledger._db.read.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    with open_ledger(str(path)) as again:
        assert again.count_articles() == 4
        assert again.add(zubair_reports()[0]) is False


def test_default_url_comes_from_the_environment(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSLEDGER_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.delenv("NEWSLEDGER_DB")
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'newsledger.db'}"
    assert resolve_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"


def test_unreachable_database_is_a_ledger_error() -> None:
    with pytest.raises(LedgerError) as caught:
        open_ledger("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(caught.value)


def test_public_api() -> None:
    import newsledger.ledger as module

    assert sorted(module.__all__) == [
        "AddResult",
        "EventFilter",
        "Incident",
        "Ledger",
        "SNIPPET_MARKS",
    ]
    assert json.loads(json.dumps(EventFilter().__dict__)) == {
        k: None for k in EventFilter().__dict__
    }


def test_memory_ledger_can_be_shared_by_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    ledger = open_ledger("sqlite://")
    reports = zubair_reports()

    def work(i: int) -> int:
        ledger.add(reports[i % len(reports)])
        return len(ledger.events(EventFilter())) + ledger.count_events(EventFilter(type="ASSAULT"))

    with ThreadPoolExecutor(8) as pool:
        assert all(n > 0 for n in pool.map(work, range(64)))
    assert ledger.count_articles() == 4


def test_migrations_downgrade_and_upgrade_again(ledger: Ledger) -> None:
    from alembic import command
    from alembic.config import Config

    ledger.add_many(zubair_reports()[:1])
    config = Config()
    config.set_main_option("script_location", "newsledger.ledger:migrations")
    with ledger._db.lock, ledger._db.write.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        assert "articles" not in inspect(conn).get_table_names()
        command.upgrade(config, "head")
    assert current_revision(ledger._db.read) == HEAD and ledger.count_articles() == 0


def test_unwritable_path_is_a_one_line_ledger_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError) as caught:
        open_ledger(str(tmp_path / "missing" / "dir" / "l.db"))
    assert "cannot open ledger" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "value, end, precision, expected",
    [
        ("2026-03-01", None, "day", ("2026-03-01", "2026-03-01")),
        ("2026-02", None, "month", ("2026-02-01", "2026-02-28")),
        ("2024", None, "year", ("2024-01-01", "2024-12-31")),
        ("2026-03-01", "2026-03-04", "day", ("2026-03-01", "2026-03-04")),
        ("2026-03-10", None, "week", ("2026-03-07", "2026-03-13")),
        ("next spring", None, "unknown", (None, None)),
    ],
)
def test_event_dates_become_day_ranges(
    value: str, end: str | None, precision: str, expected: tuple[str | None, str | None]
) -> None:
    from newsledger.ledger.rows import date_range, widen

    assert widen(*date_range(value, end), precision) == expected
