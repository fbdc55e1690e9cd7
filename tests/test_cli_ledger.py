"""The ledger commands through the CLI runner, on invented articles analysed by the real
pipeline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from newsledger.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ledger"
ARTICLES = sorted(FIXTURES.glob("*.txt"))
runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cli") / "ledger.db"
    bad = path.parent / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02\xff binary")
    result = invoke("add", *map(str, ARTICLES), str(bad), "--db", str(path))
    assert result.exit_code == 2, result.stderr
    assert (
        "broken.txt" in result.stderr
        and "added 3, already in the ledger 0, errors 1" in result.stderr
    )
    return str(path)


def test_add_again_stores_nothing_new(db: str) -> None:
    result = invoke("add", str(FIXTURES), "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "added 0, already in the ledger 3, errors 0" in result.stderr


def test_events_json_and_filters(db: str) -> None:
    result = invoke("events", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(r["type"] for r in rows)
    near_mosul = json.loads(
        invoke("events", "--db", db, "--near", "36.34,43.12,30", "-f", "json").stdout
    )
    assert near_mosul and {r["place_name"] for r in near_mosul} <= {r["place_name"] for r in rows}
    assert all(abs(r["lat"] - 36.34) < 0.5 for r in near_mosul)
    later = json.loads(invoke("events", "--db", db, "--since", "2026-04-01", "-f", "json").stdout)
    assert later == []
    table = invoke("events", "--db", db, "--type", "ASSAULT")
    assert table.exit_code == 0 and "ASSAULT" in table.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--near", "north"], "--near"),
        (["--near", "95,10,5"], "--near: latitude 95 is outside"),
        (["--since", "yesterday"], "--since"),
    ],
)
def test_bad_filter_values_are_one_line_errors(db: str, args: list[str], message: str) -> None:
    result = invoke("events", "--db", db, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_search_show_and_sources(db: str) -> None:
    hits = json.loads(invoke("search", "roadside", "--db", db, "-f", "json").stdout)
    assert len(hits) == 1 and "«roadside»" in hits[0]["snippet"]
    shown = invoke("show", hits[0]["article_id"], "--db", db, "--format", "json")
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["article"]["title"] == "Bomb wounds soldiers in Mosul"
    missing = invoke("show", "0000000000000000", "--db", db)
    assert missing.exit_code == 2 and "no such article" in missing.stderr
    sources = json.loads(invoke("sources", "--db", db, "-f", "json").stdout)
    assert any("Mahdi" in s["name"] for s in sources)


def test_export_to_a_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = invoke("export", "--format", "acled-csv", "-o", str(out), "--db", db)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and rows[0]["country"] == "Iraq" and "exported" in result.stderr
    jsonl = invoke("export", "-f", "jsonl", "--db", db)
    assert len(jsonl.stdout.splitlines()) == 3


def test_incidents_group_the_two_zubair_reports(db: str) -> None:
    result = invoke("incidents", "--db", db, "-f", "json")
    assert result.exit_code == 0, result.stderr
    incidents = json.loads(result.stdout)
    zubair = [
        i for i in incidents if {"Basra", "Zubair", "Az Zubayr", "Basrah"} & {i["place_name"]}
    ]
    assert zubair and len(zubair[0]["articles"]) == 2
    assert all(len(i["articles"]) >= 2 for i in incidents)
    shown = invoke("show", zubair[0]["id"], "--db", db, "-f", "json")
    assert json.loads(shown.stdout)["id"] == zubair[0]["id"]


def test_eval_incidents_command(nlp) -> None:  # type: ignore[no-untyped-def]
    result = invoke("eval", "incidents", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    assert "grouping, gold mentions" in result.stdout and "near copies" in result.stdout


def test_every_ledger_command_has_help() -> None:
    for command in ("add", "events", "sources", "search", "show", "export", "incidents"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "--db" in result.stdout
