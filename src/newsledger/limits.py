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

from datetime import date

from newsledger.errors import LedgerError

MAX_ROWS = 1_000_000_000  # largest limit or offset anyone can mean; far below 2**63
API_MAX_LIMIT = 1000  # rows per page of the JSON API
MAX_RADIUS_KM = 20_000  # about half the Earth's circumference: a larger radius holds it all


class BadQuery(LedgerError, ValueError):
    """A limit, offset or filter value the ledger will not run.

    The message reads "field: problem"; `field` names the value so a front end can
    say it in its own words (the CLI's ``--since`` for ``date_from``).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _bad(name: str, problem: str) -> BadQuery:
    return BadQuery(f"{name}: {problem}", field=name)


def check_count(name: str, value: int, low: int = 0, high: int = MAX_ROWS) -> int:
    """``value`` when it lies in ``low..high``; else a one-line BadQuery naming ``name``."""
    if not low <= value <= high:
        raise _bad(name, f"{value} is outside {low}..{high}")
    return value


def check_page(limit: int, offset: int = 0) -> None:
    check_count("limit", limit)
    check_count("offset", offset)


def check_text(name: str, value: str | None) -> str | None:
    """Filter text without NUL bytes (which no stored text contains)."""
    if value is not None and "\x00" in value:
        raise _bad(name, "contains a NUL byte")
    return value


def check_day(name: str, value: str | None) -> str | None:
    """A calendar day written YYYY-MM-DD, the one form the CLI, the web app and the
    ledger take (a bare year or month would compare wrongly against stored days);
    "" means no date, as in a filter."""
    if value and not _is_day(value):
        raise _bad(name, f"'{value}' is not a date (YYYY-MM-DD)")
    return value


def _is_day(value: str) -> bool:
    # Written back the same: Python 3.11 also reads 20260301 and 2026-W10-1.
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def check_near(
    name: str, near: tuple[float, float, float] | None
) -> tuple[float, float, float] | None:
    """A (latitude, longitude, radius in km) on the globe (NaN is outside every range)."""
    if near is None:
        return None
    lat, lon, km = near
    if not -90 <= lat <= 90:
        raise _bad(name, f"latitude {lat:g} is outside -90..90")
    if not -180 <= lon <= 180:
        raise _bad(name, f"longitude {lon:g} is outside -180..180")
    if not 0 < km <= MAX_RADIUS_KM:
        raise _bad(name, f"radius {km:g} km is not above 0 and at most {MAX_RADIUS_KM}")
    return near


def check_choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    """One of ``allowed``, in any case ("" means no choice, as in a filter)."""
    if value and value.lower() not in allowed:
        raise _bad(name, f"'{value}' is not one of {', '.join(allowed)}")
    return value


def storable(key: str) -> bool:
    """Whether a key could name a stored row: none holds a NUL, and PostgreSQL
    refuses one in a parameter, so a lookup by such a key is simply "not found"."""
    return "\x00" not in key
