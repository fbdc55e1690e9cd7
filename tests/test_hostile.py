"""Hostile input, as issue 14 found it: huge numbers, NUL bytes, non-ASCII tokens,
damaged UTF-8, foreign SQLite files and unhandled errors in the web app.

Every ledger here is built from invented analyses (no spaCy), so these run fast.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ledger_support import zubair_file
from typer.testing import CliRunner, Result

from newsledger.cli import app as cli_app
from newsledger.corroborate import open_ledger
from newsledger.errors import LedgerError
from newsledger.ingest.decode import decode_bytes
from newsledger.ledger import EventFilter, Ledger
from newsledger.limits import BadQuery

pytest.importorskip("fastapi")
import web_support
from web_support import Client

from newsledger.web import create_app

HUGE = "99999999999999999999"
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options")
runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(cli_app, list(args))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return zubair_file(tmp_path_factory, "hostile")


@pytest.fixture(scope="module")
def ledger() -> Iterator[Ledger]:
    yield from web_support.fixture_ledger()


def assert_secured(response: Any) -> None:
    for header in SECURITY_HEADERS:
        assert header in response.headers, (response.status_code, header)


# -- item 3: huge limits and offsets ------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--offset", HUGE],
        ["events", "--limit", HUGE],
        ["search", "checkpoint", "--limit", HUGE],
        ["sources", "--limit", HUGE],
        ["sources", "--offset", HUGE],
        ["incidents", "--limit", HUGE],
        ["incidents", "--min-articles", HUGE],
    ],
)
def test_cli_huge_counts_are_one_line_errors(db: str, args: list[str]) -> None:
    result = invoke(*args, "--db", db)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and HUGE in lines[0] and "Traceback" not in result.output, result.stderr


@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/api/sources"])
@pytest.mark.parametrize("name", ["offset", "limit"])
def test_api_huge_counts_are_422_json_with_headers(ledger: Ledger, path: str, name: str) -> None:
    r = Client(create_app(ledger)).get(path, params={name: HUGE})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/json")
    assert r.json()["detail"]
    assert_secured(r)


def test_ledger_refuses_counts_beyond_sql_integers(ledger: Ledger) -> None:
    for call in (
        lambda: ledger.events(offset=int(HUGE)),
        lambda: ledger.articles(limit=int(HUGE)),
        lambda: ledger.sources(offset=int(HUGE)),
        lambda: ledger.search("convoy", limit=int(HUGE)),
        lambda: ledger.incidents(offset=int(HUGE)),
    ):
        with pytest.raises(BadQuery, match=HUGE):
            call()


# -- item 3: security headers on every response, 500s included ------------------------------


class BrokenLedger:
    """A ledger whose queries fail with an error the app does not expect."""

    def __getattr__(self, name: str) -> Any:
        def fail(*_: Any, **__: Any) -> Any:
            raise RuntimeError("disk on fire")

        return fail


def _get_raw(app: Any, path: str) -> Any:
    import httpx

    async def go() -> Any:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path)

    return asyncio.run(go())


@pytest.mark.parametrize("path", ["/api/events", "/events", "/api/articles"])
def test_500_carries_security_headers_and_json_under_api(path: str) -> None:
    r = _get_raw(create_app(BrokenLedger()), path)
    assert r.status_code == 500
    assert_secured(r)
    if path.startswith("/api/"):
        assert r.json()["detail"]
    assert "disk on fire" not in r.text  # no internals to the client


# -- item 4: non-ASCII tokens ---------------------------------------------------------------

TOKEN = "pässwörd-€-123"


def test_utf8_token_by_query_cookie_and_headers(ledger: Ledger) -> None:
    c = Client(create_app(ledger, token=TOKEN), base_url="http://192.0.2.7:8000")
    assert c.get("/api/events").status_code == 401
    r = c.get("/events", params={"type": "ASSAULT", "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/events?type=ASSAULT"
    assert_secured(r)
    assert c.get("/events?type=ASSAULT").status_code == 200  # the cookie carries it
    fresh = Client(create_app(ledger, token=TOKEN), base_url="http://192.0.2.7:8000")
    bearer = ("Bearer " + TOKEN).encode("utf-8")
    assert fresh.get("/api/events", headers={"Authorization": bearer}).status_code == 200
    assert (
        fresh.get("/api/events", headers={"X-Newsledger-Token": TOKEN.encode()}).status_code == 200
    )
    assert (
        fresh.get("/api/events", headers={"Authorization": b"Bearer p\xe4sswa\xf6rd"}).status_code
        == 401
    )
    assert fresh.get("/api/events", params={"token": TOKEN[:-1]}).status_code == 401


# -- item 5: damaged UTF-8 -------------------------------------------------------------------


def test_one_bad_byte_keeps_the_file_utf8(caplog: pytest.LogCaptureFixture) -> None:
    text = "The minister’s spokesman, José Ñúñez, said “nothing” happened.\n" * 20
    data = text.encode("utf-8")
    damaged = data[:100] + b"\xff" + data[100:]
    with caplog.at_level(logging.WARNING, logger="newsledger"):
        decoded = decode_bytes(damaged, "report.txt")
    assert "’" in decoded and "José Ñúñez" in decoded and "â€" not in decoded and "Ã" not in decoded
    assert decoded == damaged.decode("utf-8", errors="replace")
    assert decoded.count("\ufffd") == 1
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "report.txt" in warnings[0] and "byte 100" in warnings[0]


def test_cp1252_files_still_read_as_cp1252(caplog: pytest.LogCaptureFixture) -> None:
    data = "The minister’s spokesman, José Muñoz, said “nothing” happened.".encode("cp1252")
    assert (
        decode_bytes(data, "legacy.txt")
        == "The minister’s spokesman, José Muñoz, said “nothing” happened."
    )
    assert not caplog.records


# -- item 6: NUL bytes in filters ---------------------------------------------------------------


@pytest.mark.parametrize("param", ["actor", "place", "outlet", "type", "country"])
def test_api_refuses_nul_in_filters(ledger: Ledger, param: str) -> None:
    c = Client(create_app(ledger))
    assert c.get("/api/events").json()["count"] > 0
    r = c.get("/api/events", params={param: "\x00"})
    assert r.status_code == 400 and "NUL" in r.json()["detail"]
    assert_secured(r)


def test_api_refuses_nul_in_list_filters(ledger: Ledger) -> None:
    c = Client(create_app(ledger))
    for path, param in (
        ("/api/articles", "outlet"),
        ("/api/sources", "kind"),
        ("/events", "actor"),
    ):
        r = c.get(path, params={param: "a\x00"})
        assert r.status_code == 400, path
        assert_secured(r)


def test_ledger_and_cli_refuse_nul_in_filters(db: str) -> None:
    with pytest.raises(BadQuery, match="NUL"):
        EventFilter(actor="\x00")
    for args in (
        ["events", "--actor", "\x00"],
        ["events", "--place", "x\x00"],
        ["export", "-f", "jsonl", "--outlet", "\x00"],
        ["sources", "--outlet", "\x00"],
    ):
        result = invoke(*args, "--db", db)
        assert result.exit_code == 2 and "NUL" in result.stderr, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1


# -- item 7: foreign SQLite files -----------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_add_refuses_a_foreign_sqlite_file(tmp_path: Path) -> None:
    foreign = tmp_path / "accounts.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers (name) VALUES ('Ada')")
    conn.close()
    before = _digest(foreign)
    article = tmp_path / "a.txt"
    article.write_text("Gunmen attacked a checkpoint in Zubair on Sunday, police said.\n")
    result = invoke("add", str(article), "--db", str(foreign))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "accounts.db" in lines[0] and "not a newsledger ledger" in lines[0]
    assert _digest(foreign) == before
    assert not (tmp_path / "accounts.db-wal").exists()
    with sqlite3.connect(foreign) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ] == ["customers"]
    conn.close()


def test_ledger_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"these are my notes, not a database\n" * 200)
    before = _digest(notes)
    with pytest.raises(LedgerError, match=r"notes\.db"):
        open_ledger(str(notes))
    assert _digest(notes) == before


def test_empty_files_and_ledgers_still_open(tmp_path: Path, db: str) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with open_ledger(str(empty)) as ledger:
        assert ledger.count_articles() == 0
    with open_ledger(db) as ledger:
        assert ledger.count_articles() == 4


def test_serve_with_a_utf8_token_end_to_end(db: str) -> None:
    """`newsledger serve --token 'pässwörd-€-123'` on a real port: ?token=, the cookie and
    Bearer."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "NEWSLEDGER_TOKEN"}
    command = str(Path(sys.executable).with_name("newsledger"))  # the installed entry point
    server = subprocess.Popen(
        [command, "serve", "--db", db, "--port", str(port), "--token", TOKEN],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/outlets", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, (
                    server.stderr.read() if server.stderr else ""
                )
                time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=10, follow_redirects=True) as browser:
            assert browser.get("/events").status_code == 401
            first = browser.get(
                "/events", params={"token": TOKEN}
            )  # follows the redirect with the cookie
            assert (
                first.status_code == 200 and first.history and first.history[0].status_code == 303
            )
            assert browser.get("/api/events").status_code == 200  # the cookie alone
        bearer = {b"Authorization": ("Bearer " + TOKEN).encode("utf-8")}
        assert httpx.get(base + "/api/events", headers=bearer, timeout=10).status_code == 200
        assert (
            httpx.get(
                base + "/api/events", params={"token": "pässwörd-€-124"}, timeout=10
            ).status_code
            == 401
        )
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_cli_huge_jobs_is_a_usage_error_not_a_huge_pool(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Police said three people were killed.\n")
    result = invoke("analyze", str(article), "--jobs", HUGE)
    assert result.exit_code == 2 and "--jobs" in result.output and "Traceback" not in result.output
