"""Opening a ledger database: URLs, engines, SQLite pragmas, migrations.

SQLite runs in WAL mode with a long busy timeout. Writes go through a second
engine whose transactions start with ``BEGIN IMMEDIATE``: a writer takes the
lock before reading, so two ``add`` processes queue instead of failing with
"database is locked" half-way through an article. Readers never wait.

An existing SQLite file is looked at read-only before anything touches it: a
file that is neither empty nor a newsledger ledger (another program's
database, or not a database at all) is refused, so no tables are created in
it and it is not switched to WAL.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from newsledger.errors import LedgerError

DEFAULT_FILE = "newsledger.db"
HEAD = "0003"  # the newest migration's revision id
BUSY_TIMEOUT_MS = 60_000
PG_LOCK_KEY = 0x6E6C6564  # advisory lock serialising migrations on PostgreSQL
META_KEYS = ("articles_token", "incidents_token")
LEDGER_TABLES = frozenset({"alembic_version", "ledger_meta", "articles"})  # what marks a ledger


@dataclass(frozen=True)
class Engines:
    read: Engine
    write: Engine
    # An in-memory database is one connection shared by all threads: serialise its use.
    lock: AbstractContextManager[Any] = field(default_factory=nullcontext)

    @property
    def dialect(self) -> str:
        return self.read.dialect.name


def resolve_url(url: str | None) -> str:
    """None -> NEWSLEDGER_DB or ./newsledger.db; a plain path -> SQLite file."""
    url = url or os.environ.get("NEWSLEDGER_DB") or DEFAULT_FILE
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser().resolve()}"


def _km_functions(dbapi_connection: Any) -> None:
    # SQLite builds differ in math support; register what the distance filter needs.
    for name, fn in (
        ("radians", math.radians),
        ("sin", math.sin),
        ("cos", math.cos),
        ("asin", math.asin),
        ("sqrt", math.sqrt),
    ):
        dbapi_connection.create_function(
            name, 1, lambda x, f=fn: None if x is None else f(x), deterministic=True
        )


def _sqlite_engine(url: str, immediate: bool, memory: bool) -> Engine:
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    }
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not memory:
            _use_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        _km_functions(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _use_wal(cursor: Any) -> None:
    """Put the file in WAL mode. Switching a new file needs an exclusive lock, and SQLite
    answers "database is locked" at once, without the busy handler, while another process
    is creating the same file: so wait here, as the busy timeout would."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def sqlite_tables(path: Path) -> set[str]:
    """The tables of an SQLite file, read without changing it (a missing file has none)."""
    if not path.is_file() or path.stat().st_size == 0:
        return set()
    try:
        with sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.Error as exc:
        raise LedgerError(
            f"{path}: not an SQLite database ({exc}); newsledger leaves it alone"
        ) from exc
    return {str(name) for (name,) in rows if not str(name).startswith("sqlite_")}


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is neither empty nor a newsledger ledger, before any write."""
    tables = sqlite_tables(path)
    if tables and not LEDGER_TABLES <= tables:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise LedgerError(
            f"{path}: an SQLite database that is not a newsledger ledger "
            f"(tables: {shown}); newsledger leaves it alone, give another --db"
        )


def open_engines(url: str | None) -> Engines:
    """Engines for a URL, with the schema migrated to the newest revision."""
    resolved = resolve_url(url)
    try:
        if resolved.startswith("sqlite"):
            memory = resolved in ("sqlite://", "sqlite:///:memory:")
            if not memory and resolved.startswith("sqlite:///"):
                check_sqlite_file(Path(resolved[len("sqlite:///") :]))
            write = _sqlite_engine(resolved, immediate=not memory, memory=memory)
            read = write if memory else _sqlite_engine(resolved, immediate=False, memory=False)
        else:
            write = read = create_engine(resolved, pool_pre_ping=True)
        engines = Engines(
            read=read,
            write=write,
            lock=threading.RLock()
            if read is write and resolved.startswith("sqlite")
            else nullcontext(),
        )
        migrate(engines.write)
    except SQLAlchemyError as exc:
        raise LedgerError(
            f"cannot open ledger {redact(resolved)}: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}"
        ) from exc
    return engines


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        revision = _revision(conn)
        conn.rollback()
        return revision


def _revision(conn: Connection) -> str | None:
    """The schema's Alembic revision, read from Alembic's own table without
    importing Alembic: a ledger query should not pay for it when there is
    nothing to migrate."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return str(found[0]) if len(found) == 1 else None


def migrate(engine: Engine) -> None:
    """Apply the packaged Alembic migrations, once, under the write lock."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
        if _revision(conn) != HEAD:
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", "newsledger.ledger:migrations")
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        _ensure_meta(conn)


def _ensure_meta(conn: Connection) -> None:
    """Create the bookkeeping rows up front, so concurrent writers only ever update them."""
    present = set(conn.execute(text("SELECT key FROM ledger_meta")).scalars())
    for key in META_KEYS:
        if key not in present:
            conn.execute(text("INSERT INTO ledger_meta (key, value) VALUES (:k, '')"), {"k": key})
