"""Build the gazetteer index from a GeoNames dump (``allCountries.zip``,
``cities500.zip``, a country file, or the ``.txt`` inside any of them).

The dump is the tab-separated ``geoname`` table (19 columns), streamed row by
row (roads, undersea features and vegetation are left out). With
``alternateNamesV2`` (zip or txt) the index also gets the names of that file,
except links, codes and historic names. A dump without countries (a cities
file) gets the countries and continents of the embedded default.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from newsledger.errors import DumpError
from newsledger.geo.index import PlaceRow, default_index_path, write_index
from newsledger.geo.names import is_latin

COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"}
AIRPORT_CODES = {"AIRP", "AIRF", "AIRH", "AIRB"}
SKIPPED_CLASSES = {"R", "U", "V"}  # roads and railways, undersea features, vegetation
SKIPPED_NAME_KINDS = {"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "tcid", "fr_1793"}
CLASS_FEATURES = {
    "H": "water",
    "T": "landform",
    "L": "area",
    "S": "facility",
    "V": "area",
    "U": "water",
    "R": "facility",
}


def feature_of(feature_class: str, code: str) -> str:
    """Our feature name for a GeoNames class and code."""
    if feature_class == "A":
        if code in COUNTRY_CODES:
            return "country"
        return "region" if code == "ADM1" else "district"
    if feature_class == "P":
        return "city"
    if code == "CONT":
        return "continent"
    if code in AIRPORT_CODES:
        return "airport"
    return CLASS_FEATURES.get(feature_class, "other")


@contextmanager
def open_table(path: Path, prefer: str = "") -> Iterator[TextIO]:
    """The text table in a zip (the member named like the zip, else the first .txt) or a .txt."""
    try:
        if path.suffix.lower() != ".zip":
            with path.open(encoding="utf-8", newline="") as handle:
                yield handle
            return
        with zipfile.ZipFile(path) as archive:
            members = [
                m for m in archive.namelist() if m.endswith(".txt") and "readme" not in m.lower()
            ]
            if not members:
                raise DumpError(f"{path}: no .txt table inside the zip")
            wanted = [m for m in members if Path(m).stem == (prefer or path.stem)]
            with archive.open((wanted or members)[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", newline="")
    except (OSError, zipfile.BadZipFile) as exc:
        raise DumpError(f"{path}: cannot read GeoNames dump ({exc})") from exc


def _rows(handle: TextIO) -> Iterator[list[str]]:
    csv.field_size_limit(sys.maxsize)
    for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row and not row[0].startswith("#"):
            yield row


def parse_geonames(handle: TextIO, names: dict[int, list[str]] | None = None) -> Iterator[PlaceRow]:
    """PlaceRows of a geoname table; `names` adds alternate names by geonameid."""
    for number, row in enumerate(_rows(handle), 1):
        if len(row) < 15:
            raise DumpError(f"line {number}: expected 19 tab-separated columns, found {len(row)}")
        if row[6] in SKIPPED_CLASSES:
            continue
        gid = int(row[0])
        others = [n for n in row[3].split(",") if n] + [row[2]] + (names or {}).get(gid, [])
        yield PlaceRow(
            gid,
            row[1],
            float(row[4]),
            float(row[5]),
            row[8] or None,
            feature_of(row[6], row[7]),
            int(row[14] or 0),
            admin1=row[10] or None,
            capital=row[7] == "PPLC",
            names=others,
        )


def read_alternate_names(path: Path) -> dict[int, list[str]]:
    """geonameid -> names from alternateNamesV2 (or the older alternateNames)."""
    names: dict[int, list[str]] = {}
    with open_table(path, prefer="alternateNamesV2") as handle:
        for row in _rows(handle):
            if len(row) < 4 or row[2] in SKIPPED_NAME_KINDS:
                continue
            if (len(row) > 7 and row[7] == "1") or (not row[3].isascii() and not is_latin(row[3])):
                continue  # historic, or in a script the index does not keep
            names.setdefault(int(row[1]), []).append(row[3])
    return names


def import_geonames(
    path: Path, alternate_names: Path | None = None, out: Path | None = None
) -> tuple[Path, int]:
    """Build an index from a GeoNames dump; returns (index path, places written)."""
    from newsledger.geo.build import _countryinfo, demonym_pairs

    target = out or default_index_path()
    names = read_alternate_names(alternate_names) if alternate_names else None
    with open_table(path) as handle:
        rows = _with_default_countries(parse_geonames(handle, names))
        count = write_index(rows, demonym_pairs(_countryinfo()), target, {"source": str(path)})
    return target, count


def _with_default_countries(rows: Iterator[PlaceRow]) -> Iterator[PlaceRow]:
    """The dump's rows (streamed: allCountries does not fit in memory as objects), then
    the default countries and continents when the dump had none."""
    from newsledger.geo.build import default_rows

    countries = False
    for row in rows:
        countries = countries or row.feature == "country"
        yield row
    if not countries:
        defaults, _ = default_rows(cities=False)
        yield from (r for r in defaults if r.feature in ("country", "continent"))
