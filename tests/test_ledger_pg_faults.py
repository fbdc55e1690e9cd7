"""Faults on PostgreSQL (issue 14), as tests/test_ledger_concurrency.py does for SQLite:

- the server stopped hard (``pg_ctl -m immediate``: no checkpoint, crash recovery
  on restart) in the middle of an `add`: the writer stops with a clean error,
  nothing is half-stored, and after a restart the same `add` completes;
- the server drops the web app's connections while it serves: the next request
  succeeds.

They need the throwaway server `.ci/postgres.sh` starts (NEWSLEDGER_TEST_PG and
NEWSLEDGER_TEST_PG_DIR, which lets the test stop and restart it) and skip cleanly
without it.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from ledger_support import PG_ENV, reset_postgres
from test_ledger_concurrency import spawn_url, write_analyses

from newsledger.corroborate import open_ledger
from newsledger.errors import LedgerError

PG_DIR_ENV = "NEWSLEDGER_TEST_PG_DIR"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (os.environ.get(PG_ENV) and os.environ.get(PG_DIR_ENV)),
        reason=f"{PG_ENV} / {PG_DIR_ENV} not set (run .ci/postgres.sh)",
    ),
]


def _pg_ctl(*args: str) -> subprocess.CompletedProcess[str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")) or [
        shutil.which("pg_ctl") or "pg_ctl"
    ]
    data = str(Path(os.environ[PG_DIR_ENV]) / "data")
    command = [found[-1], "-D", data, *args]
    if os.getuid() == 0:  # the data directory belongs to postgres (see .ci/postgres.sh)
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def crash_server() -> None:
    done = _pg_ctl("-m", "immediate", "-w", "stop")
    assert done.returncode == 0, done.stderr


def start_server() -> None:
    """Start the server again with the options .ci/postgres.sh gave it."""
    if _pg_ctl("status").returncode == 0:
        return
    folder = os.environ[PG_DIR_ENV]
    port = urlsplit(os.environ[PG_ENV]).port
    done = _pg_ctl(
        "-l",
        f"{folder}/server.log",
        "-w",
        "-t",
        "60",
        "-o",
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
        "start",
    )
    assert done.returncode == 0, done.stderr + done.stdout


@pytest.fixture()
def pg_url() -> Iterator[str]:
    url = os.environ[PG_ENV]
    start_server()
    reset_postgres(url)
    try:
        yield url
    finally:
        start_server()  # whatever happened, later tests get their server back


def check_whole(url: str) -> int:
    """Every stored article has all its rows; returns how many there are."""
    with open_ledger(url) as ledger:
        for row in ledger.articles(limit=10_000):
            events = ledger.events(ledger_filter(row["id"]), limit=10_000)
            assert len(events) == row["n_events"], row["id"]
            sources = [s for s in ledger.sources(limit=10_000) if s["article_id"] == row["id"]]
            assert len(sources) == row["n_sources"], row["id"]
        return ledger.count_articles()


def ledger_filter(article_id: str):  # type: ignore[no-untyped-def]
    from newsledger.ledger import EventFilter

    return EventFilter(article=article_id)


def test_server_killed_mid_add_then_restarted_and_the_rerun_completes(
    pg_url: str, tmp_path: Path
) -> None:
    data = tmp_path / "a.jsonl"
    write_analyses(data, 200)
    process = spawn_url(pg_url, data, "forward")
    stored, deadline = 0, time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and stored < 15:
        time.sleep(0.2)
        try:
            with open_ledger(pg_url) as ledger:
                stored = ledger.count_articles()
        except LedgerError:  # the schema may not be migrated yet
            stored = 0
    assert process.poll() is None, "the add finished before the server could be stopped"
    crash_server()
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("add did not stop after the server died")
    assert process.returncode != 0
    assert "LedgerError" in err or "cannot" in err, err[-500:]
    start_server()
    kept = check_whole(pg_url)
    assert 15 <= kept < 200
    again = spawn_url(pg_url, data, "forward")
    out, err = again.communicate(timeout=240)
    assert again.returncode == 0, err
    assert [int(x) for x in out.split()] == [200 - kept, kept]
    assert check_whole(pg_url) == 200


def test_dropped_connections_while_serving_the_next_request_succeeds(pg_url: str) -> None:
    pytest.importorskip("fastapi")
    import web_support
    from sqlalchemy import create_engine, text
    from web_support import Client

    from newsledger.ledger.db import resolve_url
    from newsledger.web import create_app

    with open_ledger(pg_url) as ledger:
        ledger.add_many(web_support.all_fixtures())
        client = Client(create_app(ledger))
        before = client.get("/api/events").json()["count"]
        assert before > 0
        killer = create_engine(resolve_url(pg_url))
        with killer.begin() as conn:
            dropped = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
        killer.dispose()
        assert dropped and dropped >= 1  # the app's pooled connection was among them
        for path in ("/api/events", "/events", "/api/articles"):
            response = client.get(path)
            assert response.status_code == 200, (path, response.text[:200])
        assert client.get("/api/events").json()["count"] == before


def test_server_down_is_a_clean_error_and_back_up_serves_again(pg_url: str) -> None:
    pytest.importorskip("fastapi")
    import web_support
    from web_support import Client

    from newsledger.web import create_app

    with open_ledger(pg_url) as ledger:
        ledger.add_many(web_support.all_fixtures())
        client = Client(create_app(ledger))
        assert client.get("/api/events").status_code == 200
        crash_server()
        try:
            down = client.get("/api/events")
            assert down.status_code == 503 and "detail" in down.json()
            assert "content-security-policy" in down.headers
        finally:
            start_server()
        assert client.get("/api/events").status_code == 200
