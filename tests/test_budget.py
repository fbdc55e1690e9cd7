"""Linear work on hostile text (issue 14): the article budget, the sentence cap, and the
hot spots rewritten as lookups. Counts and structure are tested here; the time figures
are `make bench-adversarial`'s."""

from __future__ import annotations

import json
import random

import pytest

from newsledger.api import AnalyzeOptions, analyze_documents
from newsledger.errors import AnalysisFailed
from newsledger.extract import Options
from newsledger.extract.budget import Budget, refusal
from newsledger.extract.times import Candidate, _without_overlaps
from newsledger.geo.resolve import NEAR_KM, ArticleContext
from newsledger.geodesy import distance_km
from newsledger.ingest import Document
from newsledger.ingest.document import clean_text
from newsledger.models import Analysis
from newsledger.nlp.guards import MAX_SENTENCE_TOKENS


def test_a_paragraph_over_budget_is_refused_in_one_line(nlp) -> None:  # type: ignore[no-untyped-def]
    long = "Police said " + "1 " * 15_000 + "people were killed."
    ok = "Police said on Monday that three people were killed in Mosul."
    out = list(
        analyze_documents(
            [Document(text=long, origin="ones.txt"), Document(text=ok, origin="ok.txt")]
        )
    )
    assert isinstance(out[0], AnalysisFailed) and out[0].origin == "ones.txt"
    assert "paragraph of 30,031 characters" in out[0].reason and "\n" not in str(out[0])
    assert isinstance(out[1], Analysis) and out[1].events


def test_budget_counts_paragraphs_and_words() -> None:
    budget = Budget(max_paragraph_chars=100, max_words=50)
    assert refusal("short paragraph.\n" * 40, budget) is not None  # 80 words
    assert refusal("word " * 19 + "\n" + "word " * 19, budget) is None
    assert "paragraph of 101" in (refusal("x" * 101, budget) or "")
    assert "punctuation" in (refusal('said "' + '"' * 2000, Budget()) or "")


def test_over_the_time_budget_is_refused_not_run_on(nlp) -> None:  # type: ignore[no-untyped-def]
    options = AnalyzeOptions(extract=Options(budget=Budget(extract_seconds=0.0)))
    [out] = analyze_documents(
        [Document(text="Police said three people were killed.", origin="slow.txt")], options
    )
    assert (
        isinstance(out, AnalysisFailed)
        and out.origin == "slow.txt"
        and "extraction budget" in out.reason
    )


def test_sentences_are_capped_so_no_token_has_thousands_of_children(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Police said " + "1 " * 2000 + "people were killed.")
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    assert max(len(list(t.children)) for t in doc) < MAX_SENTENCE_TOKENS
    ordinary = nlp(
        "The minister said on Monday that 40 trucks crossed the border. Police denied it."
    )
    assert [s.text for s in ordinary.sents] == [
        "The minister said on Monday that 40 trucks crossed the border.",
        "Police denied it.",
    ]


def test_runs_of_punctuation_are_cut_before_the_tokenizer() -> None:
    assert clean_text("The minister said " + '"' * 8000 + " and left.") == (
        "The minister said " + '"' * 16 + " and left."
    )
    assert clean_text("Wait... what?! -- said he.") == "Wait... what?! -- said he."


def test_overlap_removal_matches_the_pairwise_rule() -> None:
    rng = random.Random(14)
    for _ in range(200):
        found = []
        for k in range(rng.randint(0, 30)):
            start = rng.randint(0, 100)
            found.append(Candidate(start, start + rng.randint(1, 12), "r", k, None))  # type: ignore[arg-type]
        kept_pairwise: list[Candidate] = []
        for c in found:
            if all(c.end <= k.start or c.start >= k.end for k in kept_pairwise):
                kept_pairwise.append(c)
        assert _without_overlaps(found) == kept_pairwise


def test_near_anchor_lookup_matches_a_full_scan() -> None:
    rng = random.Random(7)
    from collections import Counter

    anchors = [(i, rng.uniform(-60, 60), rng.uniform(-180, 180)) for i in range(60)]
    anchors += [
        (60 + i, anchors[i % 5][1], anchors[i % 5][2]) for i in range(40)
    ]  # repeated points
    context = ArticleContext(Counter(), Counter(), anchors)
    for index in range(0, 100, 3):
        for _ in range(5):
            lat, lon = rng.uniform(-60, 60), rng.uniform(-180, 180)
            full = any(i != index and distance_km(lat, lon, a, b) <= NEAR_KM for i, a, b in anchors)
            assert context.near(index, lat, lon) == full
        _, lat, lon = anchors[index]
        full = any(i != index and distance_km(lat, lon, a, b) <= NEAR_KM for i, a, b in anchors)
        assert context.near(index, lat, lon) == full


def test_cli_refuses_issue_14_inputs_in_one_line_each(nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from newsledger.cli import app

    ones = tmp_path / "ones.txt"
    ones.write_text("Police said " + "1 " * 50_000 + "people were killed.\n")
    quotes = tmp_path / "quotes.txt"
    quotes.write_text("The minister said " + '"' * 50_000 + "\n")
    fine = tmp_path / "fine.txt"
    fine.write_text("Police said on Monday that three people were killed in Mosul.\n")
    result = CliRunner().invoke(app, ["analyze", str(ones), str(quotes), str(fine), "-f", "jsonl"])
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and "ones.txt" in errors[0] and "budget" in errors[0]
    analysed = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(analysed) == 2  # the quote run is cut to 16 characters and analysed; fine.txt too
    assert analysed[0]["article"]["text"].count('"') == 16


@pytest.mark.slow  # runs the adversarial bench in child processes
def test_bench_adversarial_runs_and_reports_each_case(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`make bench-adversarial` on tiny sizes: the table and the verdict line (no timing
    asserted)."""
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsledger.bench.adversarial",
            "--kb",
            "0.5",
            "--paragraph",
            "0.5",
            "--full-kb",
            "1",
            "--only",
            "quote-chars",
            "--only",
            "numbers",
            "--budget",
            "60",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if line.split()}
    assert "analysed" in rows["quote-chars"] and "analysed" in rows["numbers"]
    assert "0 input(s) of 1 KB over the 60 s budget" in done.stdout


def test_budget_defaults_follow_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSLEDGER_MAX_WORDS", "30000")
    monkeypatch.setenv("NEWSLEDGER_EXTRACT_SECONDS", "not a number")
    budget = Budget()
    assert (
        budget.max_words == 30_000
        and budget.extract_seconds == 5.0
        and budget.max_paragraph_chars == 20_000
    )
