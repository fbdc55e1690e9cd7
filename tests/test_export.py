"""Exports: ACLED CSV codes and columns, PLOVER fields, GeoJSON, Parquet, analysis JSONL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from ledger_support import zubair_reports
from support import dataset

from newsledger.corroborate import open_ledger
from newsledger.errors import LedgerError
from newsledger.export import FORMATS, export
from newsledger.export.acled import COLUMNS
from newsledger.export.codes import interaction
from newsledger.ledger import EventFilter, Ledger
from newsledger.models import EVENT_TYPES, Analysis

PLOVER_TYPES = set(EVENT_TYPES)  # PLOVER v2's 16 types, as the format defines them


@pytest.fixture(scope="module")
def ledger() -> Iterator[Ledger]:
    ledger = open_ledger("sqlite://")
    ledger.add_many(zubair_reports())
    yield ledger
    ledger.close()


def run(ledger: Ledger, fmt: str, flt: EventFilter | None = None) -> tuple[bytes, int]:
    stream = io.BytesIO()
    count = export(ledger, fmt, stream, flt)
    return stream.getvalue(), count


def acled_rows(ledger: Ledger, flt: EventFilter | None = None) -> list[dict[str, str]]:
    data, _ = run(ledger, "acled-csv", flt)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_acled_columns_are_acled_s(ledger: Ledger) -> None:
    data, count = run(ledger, "acled-csv")
    header = data.decode().splitlines()[0].split(",")
    assert header == COLUMNS and count == 4


@pytest.mark.datasets
def test_acled_columns_match_the_sample_export() -> None:
    sample = dataset("acled-sample") / "dev.csv"
    with sample.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == COLUMNS


def test_acled_codes(ledger: Ledger) -> None:
    row = acled_rows(ledger, EventFilter(outlet="Tigris Wire"))[0]
    assert row["event_date"] == "2026-03-01" and row["year"] == "2026"
    assert row["time_precision"] == "1" and row["geo_precision"] == "1"
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("3", "1", "13")
    assert row["civilian_targeting"] == ""
    assert (row["iso"], row["country"]) == ("368", "Iraq")
    assert row["event_id_cnty"].startswith("IRQ") and row["event_id_cnty"][3:].isdigit()
    again = acled_rows(ledger, EventFilter(outlet="Tigris Wire"))[0]
    assert again["event_id_cnty"] == row["event_id_cnty"]  # stable across exports
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert row["disorder_type"] == "Political violence"
    assert row["fatalities"] == "3"
    assert row["source"] == "Tigris Wire; officials"
    assert row["notes"].startswith("On 1 March 2026, in Zubair: Gunmen attacked") and row[
        "notes"
    ].endswith("[reported]")
    assert (row["latitude"], row["longitude"], row["location"]) == ("30.3892", "47.7018", "Zubair")


def test_acled_codes_are_within_the_codebook(ledger: Ledger) -> None:
    for row in acled_rows(ledger):
        assert row["time_precision"] in {"1", "2", "3"}
        assert row["geo_precision"] in {"1", "2", "3", ""}
        assert row["inter1"] in {str(i) for i in range(9)} and row["inter2"] in {
            str(i) for i in range(9)
        }
    assert interaction(7, 1) == 17 and interaction(6, 0) == 60


def test_plover_fields(ledger: Ledger) -> None:
    data, count = run(ledger, "plover-jsonl")
    records = [json.loads(line) for line in data.decode().splitlines()]
    assert count == len(records) == 4
    first = next(r for r in records if r["publication"] == "Tigris Wire")
    assert first["event"] in PLOVER_TYPES and first["eventText"] == "attacked"
    assert first["source"] == [{"actorText": "gunmen", "code": "IRQ", "sector": "REB"}]
    assert first["target"][0]["actorText"] == "police" and first["target"][0]["sector"] == "GOV"
    assert first["eventLoc"] == {
        "name": "Zubair",
        "country code": "IQ",
        "lat": 30.3892,
        "lon": 47.7018,
    }
    assert first["dead"] == 3 and first["date"] == "2026-03-01" and first["language"] == "en"


@pytest.mark.datasets
def test_plover_fields_are_the_gold_standard_s() -> None:
    gold = json.loads((dataset("plover-gsr") / "dev.json").read_text(encoding="utf-8"))
    known = {key for record in gold for key in record}
    ledger = open_ledger("sqlite://")
    ledger.add_many(zubair_reports())
    data, _ = run(ledger, "plover-jsonl")
    for line in data.decode().splitlines():
        assert set(json.loads(line)) <= known


def test_geojson(ledger: Ledger) -> None:
    data, count = run(ledger, "geojson")
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection" and count == len(collection["features"]) == 4
    feature = collection["features"][0]
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert 40 < lon < 50 and 30 < lat < 37
    assert "lat" not in feature["properties"] and feature["properties"]["type"] == "ASSAULT"


def test_parquet(ledger: Ledger) -> None:
    import pyarrow.parquet as pq

    data, count = run(ledger, "parquet")
    table = pq.read_table(io.BytesIO(data))
    assert table.num_rows == count == 4
    assert {"article_id", "type", "lat", "lon", "date_start", "quantities"} <= set(
        table.column_names
    )
    assert str(table.schema.field("lat").type) == "double"
    empty, none = run(ledger, "parquet", EventFilter(type="PROTEST"))
    assert none == 0 and pq.read_table(io.BytesIO(empty)).num_rows == 0


def test_jsonl_is_the_stored_analyses(ledger: Ledger) -> None:
    data, count = run(ledger, "jsonl")
    analyses = [Analysis.model_validate_json(line) for line in data.decode().splitlines()]
    assert analyses == zubair_reports() and count == 4
    _, filtered = run(ledger, "jsonl", EventFilter(place="Mosul"))
    assert filtered == 1


def test_unknown_format_is_an_error(ledger: Ledger) -> None:
    with pytest.raises(LedgerError):
        run(ledger, "xlsx")
    assert set(FORMATS) == {"acled-csv", "plover-jsonl", "geojson", "parquet", "jsonl"}


def test_source_scale_comes_from_the_outlets_knowledge(  # type: ignore[no-untyped-def]
    ledger: Ledger, tmp_path, monkeypatch
) -> None:
    from newsledger.export import acled
    from newsledger.knowledge import load_records

    (tmp_path / "outlets.jsonl").write_text('{"outlet": "Tigris Wire", "scale": "International"}\n')
    monkeypatch.setenv("NEWSLEDGER_KNOWLEDGE", str(tmp_path))
    load_records.cache_clear()
    acled._scales.cache_clear()
    try:
        rows = {r["source"].split(";")[0]: r["source_scale"] for r in acled_rows(ledger)}
        assert rows["Tigris Wire"] == "International" and rows["Northern Star Iraq"] == ""
    finally:
        monkeypatch.delenv("NEWSLEDGER_KNOWLEDGE")
        load_records.cache_clear()
        acled._scales.cache_clear()


def test_acled_csv_neutralises_formula_cells() -> None:
    """Issue 14 item 2: text from articles never reaches a spreadsheet as a formula."""
    from ledger_support import ZUBAIR, analysis, event

    text = (
        '=HYPERLINK("http://evil.example/","x") Gunmen attacked a checkpoint in Zubair.\n'
        "Police said two guards were wounded."
    )
    hostile = analysis(
        text,
        outlet='=HYPERLINK("http://evil.example/","y")',
        published="2026-01-06",
        events=(
            event(
                text,
                "attacked",
                place=(ZUBAIR[0], ZUBAIR[1], -ZUBAIR[2], ZUBAIR[3]),
                day="2026-01-05",
                actor="=",
                recipient="@SUM(A1)",
                acled=("Violent events", "Armed clash"),
            ),
        ),
    )
    with open_ledger("sqlite://") as ledger:
        ledger.add(hostile)
        rows = acled_rows(ledger)
    assert len(rows) == 1
    row = rows[0]
    for cell in row.values():
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    assert row["actor1"] == "'="
    assert row["actor2"] == "'@SUM(A1)"
    assert row["source"].startswith("'=HYPERLINK")
    assert "=HYPERLINK" in row["notes"]  # the text is kept, only made inert
    assert row["longitude"] == str(
        round(-ZUBAIR[2], 4)
    )  # a computed negative number stays a number
