"""The gazetteer index: one SQLite file of places and their name keys.

Tables: ``places`` (one row per GeoNames entry, or a negative id for an entry
that has none), ``names`` (name key -> place, ``main`` = 1 for the place's own
name), ``demonyms`` (adjective key -> ISO2 country), ``name_stats`` (per name key:
the largest place of that own name, of any name, and whether a non-town has
it: what the text matcher loads) and ``meta``. Written once
by a builder (`geo.build`), then opened read-only for look-ups.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsledger.geo.names import name_key
from newsledger.knowledge.cache import cache_dir

SCHEMA_VERSION = "2"
SCHEMA = """
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL, lon REAL,
    country TEXT, admin1 TEXT, feature TEXT NOT NULL, population INTEGER NOT NULL,
    capital INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (key TEXT NOT NULL, geonameid INTEGER NOT NULL, main INTEGER NOT NULL);
CREATE TABLE demonyms (key TEXT PRIMARY KEY, country TEXT NOT NULL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX places_lat ON places(lat);
CREATE INDEX places_country ON places(country, feature);
CREATE TABLE name_stats AS
    SELECT n.key AS key,
           MAX(CASE WHEN n.main = 1 THEN p.population ELSE -1 END) AS main_pop,
           MAX(p.population) AS any_pop,
           MAX(p.feature != 'city') AS noncity_any,
           MAX(n.main = 1 AND p.feature != 'city') AS noncity_main
    FROM names n JOIN places p USING (geonameid) GROUP BY n.key;
"""


@dataclass
class PlaceRow:
    """One place as the builders hand it to `write_index`."""

    geonameid: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    feature: str
    population: int = 0
    admin1: str | None = None
    capital: bool = False
    names: list[str] = field(default_factory=list)  # other names, any script


def default_index_path() -> Path:
    """Where the embedded default index lives: the user cache directory
    (``NEWSLEDGER_CACHE``, else ``$XDG_CACHE_HOME/newsledger``), unless
    ``NEWSLEDGER_GEO_INDEX`` names the file."""
    if os.environ.get("NEWSLEDGER_GEO_INDEX"):
        return Path(os.environ["NEWSLEDGER_GEO_INDEX"])
    return cache_dir() / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


def _name_rows(row: PlaceRow) -> Iterable[tuple[str, int, int]]:
    """Distinct Latin-script keys of one place; the own name first."""
    seen: set[str] = set()
    for index, name in enumerate([row.name, *row.names]):
        key = name_key(name)
        if not key or key in seen or not key.isascii() or len(key) < 2:
            continue
        seen.add(key)
        yield key, row.geonameid, 1 if index == 0 else 0


def write_index(
    rows: Iterable[PlaceRow],
    demonyms: Iterable[tuple[str, str]],
    out: Path,
    meta: dict[str, str] | None = None,
) -> int:
    """Write a fresh index to `out` atomically (a temp file renamed over it)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name, suffix=".tmp", dir=out.parent)
    os.close(fd)
    count = 0
    try:
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        for row in rows:
            db.execute(
                "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    row.geonameid,
                    row.name,
                    row.lat,
                    row.lon,
                    row.country,
                    row.admin1,
                    row.feature,
                    row.population,
                    int(row.capital),
                ),
            )
            db.executemany("INSERT INTO names VALUES (?,?,?)", _name_rows(row))
            count += 1
        db.executemany(
            "INSERT OR REPLACE INTO demonyms VALUES (?,?)",
            ((name_key(k), c) for k, c in demonyms if name_key(k)),
        )
        info = {"schema": SCHEMA_VERSION, "places": str(count), **(meta or {})}
        db.executemany("INSERT INTO meta VALUES (?,?)", info.items())
        db.executescript(INDEXES)
        db.commit()
        db.execute("VACUUM")
        db.close()
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is shared data
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return count


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection usable from any thread of this process."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
