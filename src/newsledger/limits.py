"""Bounds on what one query may ask, shared by the library, the CLI and the web app.

A page's ``limit`` and ``offset`` end up as SQL integers: SQLite and PostgreSQL
take 64-bit ones, and Python's unbounded ints overflow them (a 500, or a
traceback on the command line). Filter text goes into LIKE patterns and bound
parameters: a NUL byte ends SQLite's pattern early (``%\\x00%`` matches every
row) and PostgreSQL refuses it outright. Each front end checks its input
against these bounds and turns a violation into its own clean error; the
Ledger checks again, so a library caller gets a ``BadQuery`` too.
"""

from __future__ import annotations

from newsledger.errors import LedgerError

MAX_ROWS = 1_000_000_000  # largest limit or offset anyone can mean; far below 2**63
API_MAX_LIMIT = 1000  # rows per page of the JSON API


class BadQuery(LedgerError, ValueError):
    """A limit, offset or filter value the ledger will not run."""


def check_count(name: str, value: int, low: int = 0, high: int = MAX_ROWS) -> int:
    """``value`` when it lies in ``low..high``; else a one-line BadQuery naming ``name``."""
    if not low <= value <= high:
        raise BadQuery(f"{name}: {value} is outside {low}..{high}")
    return value


def check_page(limit: int, offset: int = 0) -> None:
    check_count("limit", limit)
    check_count("offset", offset)


def check_text(name: str, value: str | None) -> str | None:
    """Filter text without NUL bytes (which no stored text contains)."""
    if value is not None and "\x00" in value:
        raise BadQuery(f"{name}: contains a NUL byte")
    return value


def storable(key: str) -> bool:
    """Whether a key could name a stored row: none holds a NUL, and PostgreSQL
    refuses one in a parameter, so a lookup by such a key is simply "not found"."""
    return "\x00" not in key
