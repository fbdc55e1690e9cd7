"""Commands import only what they use: the CLI's help, the ledger queries and the
web app never load spaCy or the extractors (issue 13).

Each command runs in a fresh interpreter, which then reports the heavy modules
it holds; this is structural, so it holds on a slow machine too (how fast the
commands start is measured by `make bench-startup`, not here).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ledger_support import zubair_reports

from newsledger.corroborate import open_ledger

pytestmark = pytest.mark.slow  # each case runs whole processes of the installed command

# Runs one command as `newsledger ARGS...` would, then writes which of the
# watched modules the process imported. Argv: output file, then the command.
DRIVER = """
import json, sys
out, watched, args = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]
sys.argv = ["newsledger", *args]
from newsledger.cli import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
with open(out, "w") as f:
    json.dump({"code": code, "loaded": [m for m in watched if m in sys.modules]}, f)
"""

ANALYSIS = [
    "spacy",
    "thinc",
    "newsledger.nlp",
    "newsledger.extract",
    "newsledger.api",
    "pycrfsuite",
]
STORAGE = ["sqlalchemy", "alembic"]
WEB = ["fastapi", "uvicorn", "starlette"]
ADD_ONLY = ["datasketch", "scipy"]  # near-copy detection, run when an article is stored
OURS = ["newsledger.geo", "newsledger.ingest", "newsledger.ledger", "newsledger.models"]
WATCHED = ANALYSIS + STORAGE + WEB + ADD_ONLY + OURS


def run_command(tmp_path: Path, *args: str) -> tuple[int, set[str], str]:
    out = tmp_path / "loaded.json"
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(out), json.dumps(WATCHED), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=True,
    )
    report = json.loads(out.read_text())
    return report["code"], set(report["loaded"]), done.stdout


@pytest.fixture(scope="module")
def ledger_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("startup") / "ledger.db"
    with open_ledger(str(path)) as ledger:
        for analysis in zubair_reports():
            ledger.add(analysis)
        ledger.refresh_incidents()
    return str(path)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["analyze", "--help"],
        ["add", "--help"],
        ["serve", "--help"],
        ["gazetteer", "--help"],
        ["eval", "--help"],
    ],
)
def test_help_loads_neither_spacy_nor_the_database_nor_the_web_stack(
    tmp_path: Path, args: list[str]
) -> None:
    code, loaded, stdout = run_command(tmp_path, *args)
    assert code == 0 and "Usage" in stdout
    assert not loaded & set(WATCHED), loaded


QUERIES = [
    (["events", "-f", "json"], "Zubair"),
    (["sources", "-f", "json"], "Ali Mahdi"),
    (["search", "checkpoint", "-f", "json"], "Zubair"),
    (["incidents", "-f", "json"], "ASSAULT"),
    (["export", "-f", "acled-csv"], "Zubair"),
    (["export", "-f", "plover-jsonl"], "Zubair"),
    (["export", "-f", "geojson"], "Zubair"),
    (["export", "-f", "jsonl"], "Zubair"),
]


@pytest.mark.parametrize(("args", "expected"), QUERIES, ids=[" ".join(a[:3]) for a, _ in QUERIES])
def test_ledger_queries_never_load_spacy(
    tmp_path: Path, ledger_file: str, args: list[str], expected: str
) -> None:
    code, loaded, stdout = run_command(tmp_path, *args, "--db", ledger_file)
    assert code == 0 and expected in stdout  # the command really ran
    assert "sqlalchemy" in loaded  # ... against the database
    assert not loaded & set(ANALYSIS + WEB + ADD_ONLY + ["alembic"]), loaded


def test_show_of_an_article_and_an_incident_never_load_spacy(
    tmp_path: Path, ledger_file: str
) -> None:
    with open_ledger(ledger_file) as ledger:
        article = zubair_reports()[0].article.id
        incident = ledger.incidents(limit=1)[0].id
    for item in (article, incident):
        for fmt in ("json", "text"):
            code, loaded, stdout = run_command(
                tmp_path, "show", item, "--db", ledger_file, "-f", fmt
            )
            assert code == 0 and "Zubair" in stdout
            assert not loaded & set(ANALYSIS + WEB + ADD_ONLY), (item, fmt, loaded)


WEB_DRIVER = """
import json, sys
from starlette.testclient import TestClient
from newsledger.ledger import Ledger
from newsledger.corroborate import open_ledger
from newsledger.web import create_app
client = TestClient(create_app(open_ledger(sys.argv[1])), base_url="http://127.0.0.1")
codes = [client.get(p).status_code for p in sys.argv[3:]]
watched = json.loads(sys.argv[2])
print(json.dumps({"codes": codes, "loaded": [m for m in watched if m in sys.modules]}))
"""


def test_the_web_app_never_loads_spacy(ledger_file: str) -> None:
    article = zubair_reports()[0].article.id
    pages = [
        "/articles",
        f"/articles/{article}",
        "/events",
        "/incidents",
        "/timeline",
        "/map",
        "/outlets",
        "/sources",
        "/api/events",
    ]
    done = subprocess.run(
        [
            sys.executable,
            "-W",
            "ignore",
            "-c",
            WEB_DRIVER,
            ledger_file,
            json.dumps(ANALYSIS + ADD_ONLY),
            *pages,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["codes"] == [200] * len(pages)
    assert report["loaded"] == []


def test_the_check_sees_spacy_when_a_command_parses(tmp_path: Path) -> None:
    """The control: `analyze` does load spaCy, so the checks above can fail."""
    text = tmp_path / "one.txt"
    text.write_text("Police said two people were hurt in Basra on Monday.\n", encoding="utf-8")
    code, loaded, stdout = run_command(
        tmp_path, "analyze", str(text), "-f", "json", "--published", "2026-01-06"
    )
    assert code == 0 and "Basra" in stdout
    assert {"spacy", "newsledger.extract"} <= loaded
    assert not loaded & set(STORAGE + WEB), loaded
