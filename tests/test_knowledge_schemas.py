"""Typed knowledge: every shipped file fits its schema; a bad user file is a
`KnowledgeError` naming file:line, never a KeyError deep in an extractor."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsledger import knowledge
from newsledger.errors import AnalysisFailed, KnowledgeError
from newsledger.knowledge import PACKAGE_DIR, checked, load_records, prepositions, word_list
from newsledger.knowledge.schemas import SCHEMAS

SHIPPED = sorted(p.name for p in PACKAGE_DIR.iterdir() if p.suffix in (".jsonl", ".csv"))


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSLEDGER_CACHE", str(folder))
    monkeypatch.delenv("NEWSLEDGER_KNOWLEDGE", raising=False)
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    load_records.cache_clear()
    word_list.cache_clear()
    prepositions.cache_clear()


def _mine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, lines: list[str]) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLEDGER_KNOWLEDGE", str(folder))
    _forget()
    return path


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_file_fits_its_schema(name: str) -> None:
    assert name in SCHEMAS, f"{name} has no schema in knowledge/schemas.py"
    records = checked(name, [PACKAGE_DIR / name])
    assert records == tuple(knowledge.read_file(PACKAGE_DIR / name))


def test_every_schema_names_a_shipped_file() -> None:
    assert sorted(SCHEMAS) == SHIPPED


@pytest.mark.parametrize(
    ("name", "lines", "line", "problem"),
    [
        (
            "cues.jsonl",
            ['{"lemma": "vouch", "p": 0.8}', "# a comment", '{"lemma": "aver", "p": "often"}'],
            3,
            "p: Input should be a valid number",
        ),
        (
            "caveats.jsonl",
            ['{"status": "unverified", "scope": "sentence"}'],
            1,
            "pattern: Field required",
        ),
        (
            "caveats.jsonl",
            ['{"pattern": "(unclosed", "status": "unverified"}'],
            1,
            "pattern: Value error",
        ),
        (
            "caveats.jsonl",
            ['{"pattern": "reportedly", "status": "rumoured"}'],
            1,
            "status: Input should be",
        ),
        (
            "place_words.jsonl",
            ['{"head": "Depot", "feature": "facility", "faeture": "x"}'],
            1,
            "faeture: Extra inputs are not permitted",
        ),
        (
            "source_nouns.jsonl",
            ['{"lemma": "envoy", "kind": "person"}', '{"noun": "envoy"}'],
            2,
            "a record needs one of the fields lemma, outlet_word, vague, anonymity",
        ),
        (
            "time_words.jsonl",
            ['{"kind": "month", "word": "brumaire", "value": 2}', '{"kind": "month", "word": '],
            2,
            "invalid JSON",
        ),
        (
            "prepositions.jsonl",
            ['{"word": "beside", "uses": ["locative", "nearby"]}'],
            1,
            "uses.1: Input should be",
        ),
        ("number_words.jsonl", ['["hundred", 100]'], 1, "expected a JSON object"),
        (
            "country_points.csv",
            ["# a comment", "country,lat,lon", "ZV,12.5,north"],
            3,
            "lon: Input should be a valid number",
        ),
        ("place_stopwords.csv", ["word", "Fjord,extra"], 2, "expected 1 columns"),
    ],
)
def test_a_bad_user_file_names_its_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    lines: list[str],
    line: int,
    problem: str,
) -> None:
    path = _mine(tmp_path, monkeypatch, name, lines)
    with pytest.raises(KnowledgeError) as caught:
        load_records(name)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert problem in message
    assert "\n" not in message


def test_a_bad_file_is_not_cached_and_its_fix_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _mine(tmp_path, monkeypatch, "place_words.jsonl", ['{"head": "Depot"}'])
    with pytest.raises(KnowledgeError):
        load_records("place_words.jsonl")
    path.write_text('{"head": "Depot", "feature": "facility"}\n', encoding="utf-8")
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 10**9))
    load_records.cache_clear()
    assert load_records("place_words.jsonl")[-1] == {"head": "Depot", "feature": "facility"}


def test_checked_records_come_back_from_the_cache_without_validating(own_cache: Path) -> None:
    first = load_records("cues.jsonl")
    assert any(p.name.startswith("knowledge-cues.jsonl-") for p in own_cache.iterdir())
    load_records.cache_clear()
    sys.modules.pop("newsledger.knowledge.schemas", None)
    again = load_records("cues.jsonl")
    assert again == first
    assert "newsledger.knowledge.schemas" not in sys.modules  # read back, not validated again
    import newsledger.knowledge.schemas  # noqa: F401  (restore the module for later tests)


def test_user_files_extend_the_word_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "beside" not in prepositions("locative")
    _mine(
        tmp_path,
        monkeypatch,
        "prepositions.jsonl",
        [json.dumps({"word": "Beside", "uses": ["locative"]})],
    )
    _mine(
        tmp_path,
        monkeypatch,
        "place_context.jsonl",
        [json.dumps({"list": "directions", "words": ["upriver"]})],
    )
    assert "beside" in prepositions("locative")
    assert "beside" not in prepositions("setting")
    assert {"upriver", "northern"} <= word_list("place_context.jsonl", "directions")


@pytest.mark.slow  # a process that loads the pipeline
def test_the_cli_shows_a_bad_user_file_in_one_line(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "cues.jsonl").write_text(
        '{"lemma": "aver", "pos": "VERB", "p": "often"}\n', encoding="utf-8"
    )
    article = tmp_path / "article.txt"
    article.write_text(
        "Militia fighters shelled the village of Oskarvo on Monday, a local official said.\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "NEWSLEDGER_KNOWLEDGE": str(mine),
        "NEWSLEDGER_CACHE": str(tmp_path / "cache"),
    }
    env.pop("NEWSLEDGER_DEBUG", None)
    run = subprocess.run(
        [sys.executable, "-c", "from newsledger.cli import main; main()", "analyze", str(article)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 2
    assert run.stderr.strip() == (
        f"error: {mine / 'cues.jsonl'}:1: p: Input should be a valid number, "
        "unable to parse string as a number"
    )
    assert run.stdout == ""


def test_an_article_failure_travels_back_from_a_worker_process() -> None:
    failure = AnalysisFailed("a.txt", "over the time budget")
    back = pickle.loads(pickle.dumps(failure))
    assert (type(back), back.origin, back.reason, str(back)) == (
        AnalysisFailed,
        "a.txt",
        "over the time budget",
        "a.txt: over the time budget",
    )
