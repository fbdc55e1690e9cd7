"""One check of event filter values: the CLI, the web app and the library give the same answer.

The ledger is built from invented analyses (no spaCy), so these run fast.
"""

from __future__ import annotations

import pytest
from ledger_support import zubair_file
from typer.testing import CliRunner

from newsledger.cli import app as cli_app
from newsledger.ledger import EventFilter, Ledger
from newsledger.limits import BadQuery

pytest.importorskip("fastapi")
from web_support import Client

from newsledger.web import create_app

runner = CliRunner()

# (CLI options, web parameters, EventFilter fields, the problem all three must name)
BAD = [
    (
        ["--since", "2026-02-30"],
        {"date_from": "2026-02-30"},
        {"date_from": "2026-02-30"},
        "'2026-02-30' is not a date (YYYY-MM-DD)",
    ),
    (
        ["--until", "2026-03"],
        {"date_to": "2026-03"},
        {"date_to": "2026-03"},
        "'2026-03' is not a date (YYYY-MM-DD)",
    ),
    (
        ["--since", "20260301"],
        {"date_from": "20260301"},
        {"date_from": "20260301"},
        "'20260301' is not a date (YYYY-MM-DD)",
    ),
    (
        ["--status", "rumoured"],
        {"status": "rumoured"},
        {"status": "rumoured"},
        "'rumoured' is not one of asserted, reported",
    ),
    (
        ["--near", "95,10,5"],
        {"near_lat": "95", "near_lon": "10", "near_km": "5"},
        {"near": (95.0, 10.0, 5.0)},
        "latitude 95 is outside -90..90",
    ),
    (
        ["--near", "30,200,5"],
        {"near_lat": "30", "near_lon": "200", "near_km": "5"},
        {"near": (30.0, 200.0, 5.0)},
        "longitude 200 is outside -180..180",
    ),
    (
        ["--near", "30,47,0"],
        {"near_lat": "30", "near_lon": "47", "near_km": "0"},
        {"near": (30.0, 47.0, 0.0)},
        "radius 0 km is not above 0 and at most 20000",
    ),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return zubair_file(tmp_path_factory, "filters")


@pytest.mark.parametrize("cli_args, params, fields, problem", BAD)
def test_cli_web_and_library_refuse_alike(
    db: str, cli_args: list[str], params: dict[str, str], fields: dict[str, object], problem: str
) -> None:
    with pytest.raises(BadQuery) as refused:
        EventFilter(**fields)  # type: ignore[arg-type]
    assert problem in str(refused.value)
    result = runner.invoke(cli_app, ["events", "--db", db, *cli_args])
    assert result.exit_code == 2 and problem in result.stderr
    assert result.stderr.strip().startswith("error: " + cli_args[0] + ":")  # the option, as typed
    assert len(result.stderr.strip().splitlines()) == 1
    with Ledger(db) as ledger:
        client = Client(create_app(ledger))
        api = client.get("/api/events", params=params)
        assert api.status_code == 400 and problem in api.json()["detail"]
        page = client.get("/events", params=params)
        assert page.status_code == 400 and problem in page.text.replace("&#39;", "'")


@pytest.mark.parametrize(
    "cli_args, params, problem",
    [
        (["--kind", "persn"], {"kind": "persn"}, "kind: 'persn' is not one of person, people"),
        (
            ["--named", "anonymous"],
            {"named": "anonymous"},
            "named: 'anonymous' is not one of named, partial",
        ),
    ],
)
def test_source_filters_are_checked_alike(
    db: str, cli_args: list[str], params: dict[str, str], problem: str
) -> None:
    result = runner.invoke(cli_app, ["sources", "--db", db, *cli_args])
    assert result.exit_code == 2 and problem in result.stderr
    with Ledger(db) as ledger:
        with pytest.raises(BadQuery, match=problem):
            ledger.sources(kind=params.get("kind"), named=params.get("named"))
        page = Client(create_app(ledger)).get("/sources", params=params)
        assert page.status_code == 400 and problem in page.text.replace("&#39;", "'")
        assert ledger.sources(kind="Person") == ledger.sources(kind="person") != []


@pytest.mark.parametrize(
    "cli_args, params",
    [
        (
            ["--since", "2026-03-01", "--until", "2026-03-01"],
            {"date_from": "2026-03-01", "date_to": "2026-03-01"},
        ),
        (["--status", "Reported"], {"status": "Reported"}),
        (["--near", "30.40,47.70,10"], {"near_lat": "30.40", "near_lon": "47.70", "near_km": "10"}),
    ],
)
def test_cli_and_web_accept_alike(db: str, cli_args: list[str], params: dict[str, str]) -> None:
    import json

    result = runner.invoke(cli_app, ["events", "--db", db, *cli_args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    from_cli = {(r["article_id"], r["event_id"]) for r in json.loads(result.stdout)}
    with Ledger(db) as ledger:
        page = Client(create_app(ledger)).get("/api/events", params=params).json()
    assert from_cli and from_cli == {(r["article_id"], r["event_id"]) for r in page["events"]}
