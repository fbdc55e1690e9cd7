"""Two writers on one SQLite file, and a writer killed mid-run: nothing lost, nothing
half-stored."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ledger_support import PG_ENV, ZUBAIR, analysis, event, quantity, reset_postgres

from newsledger.corroborate import open_ledger

pytestmark = pytest.mark.slow  # writer processes, one killed mid-run

ADDER = """
import sys
from newsledger.ledger import Ledger
from newsledger.corroborate import open_ledger
from newsledger.models import Analysis
ledger = open_ledger(sys.argv[1])
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
if sys.argv[3] == "reverse":
    lines.reverse()
result = ledger.add_many(Analysis.model_validate_json(line) for line in lines)
print(result.added, result.skipped)
"""


def write_analyses(path: Path, n: int) -> None:
    lines = []
    for i in range(n):
        text = (
            f"Report {i}: gunmen attacked checkpoint number {i} in Zubair on Sunday, killing "
            f"{i % 7 + 1} policemen, officials said.\nThe road number {i} was closed."
        )
        a = analysis(
            text,
            outlet=f"Outlet {i % 5}",
            published="2026-03-01",
            events=(
                event(text, "attacked", place=ZUBAIR, day="2026-03-01", quantities=("Q1",)),
                event(text, "closed", id="E2", type="COERCE", place=ZUBAIR),
            ),
            quantities=(quantity(text, f"{i % 7 + 1} policemen", i % 7 + 1, "policeman"),),
            sources=(("S1", "officials", "unnamed"),),
        )
        lines.append(json.dumps(a.to_dict()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def spawn_url(url: str, data: Path, order: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", ADDER, url, str(data), order],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def spawn(db: Path, data: Path, order: str) -> subprocess.Popen[str]:
    return spawn_url(str(db), data, order)


def check_consistent(db: Path) -> int:
    """Every stored article is whole; returns how many there are."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            "SELECT a.id, a.n_events, a.n_sources, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id), "
            "(SELECT count(*) FROM sources s WHERE s.article_id = a.id), "
            "(SELECT count(*) FROM minhash_bands b WHERE b.article_id = a.id), "
            "(SELECT count(*) FROM articles_fts f WHERE f.article_id = a.id) FROM articles a"
        ).fetchall()
        for article_id, n_events, n_sources, events, sources, bands, fts in rows:
            assert (events, sources, fts) == (n_events, n_sources, 1), article_id
            assert bands > 0, article_id
        orphans = conn.execute(
            "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0
        return len(rows)
    finally:
        conn.close()


def test_two_processes_adding_to_one_file(tmp_path: Path) -> None:
    data, db = tmp_path / "a.jsonl", tmp_path / "ledger.db"
    write_analyses(data, 40)
    first, second = spawn(db, data, "forward"), spawn(db, data, "reverse")
    outputs = [p.communicate(timeout=240) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    added = [int(out.split()[0]) for out, _ in outputs]
    skipped = [int(out.split()[1]) for out, _ in outputs]
    assert sum(added) == 40 and all(a + s == 40 for a, s in zip(added, skipped))
    assert check_consistent(db) == 40


def test_killed_add_keeps_what_it_committed_and_resumes(tmp_path: Path) -> None:
    data, db = tmp_path / "a.jsonl", tmp_path / "ledger.db"
    write_analyses(data, 200)
    process = spawn(db, data, "forward")
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue  # schema not created yet
            if stored >= 15:
                break
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    kept = check_consistent(db)
    assert kept >= stored
    again = spawn(db, data, "forward")
    out, err = again.communicate(timeout=240)
    assert again.returncode == 0, err
    assert [int(x) for x in out.split()] == [200 - kept, kept]
    assert check_consistent(db) == 200


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} not set (run .ci/postgres.sh)")
def test_two_processes_adding_to_postgresql(tmp_path: Path) -> None:
    url = os.environ[PG_ENV]
    reset_postgres(url)
    data = tmp_path / "a.jsonl"
    write_analyses(data, 30)
    first, second = spawn_url(url, data, "forward"), spawn_url(url, data, "reverse")
    outputs = [p.communicate(timeout=240) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert sum(int(out.split()[0]) for out, _ in outputs) == 30
    with open_ledger(url) as ledger:
        assert ledger.count_articles() == 30 and ledger.count_events() == 60
        assert all(row["n_events"] == 2 for row in ledger.articles(limit=100))
