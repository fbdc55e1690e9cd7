"""The library's public surface and the format's invariants on real analyses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsledger
from newsledger.models import FORMAT, Analysis

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

REPORT = """Rebels Seize Town Near Lake

By a staff reporter

Fighters of the Northern Liberation Front seized the town of Kalemba on Tuesday, Jan. 6, 2026, \
killing at least 12 soldiers, a local official told the Daily Lantern.

"They came at dawn with more than 40 pickup trucks," said Marie K., who declined to give her \
full name for fear of reprisals. The army said it had retaken the town on Wednesday, a claim \
that could not be independently verified.
"""


def test_public_names_are_pinned() -> None:
    assert sorted(newsledger.__all__) == sorted(
        [
            "FORMAT",
            "Analysis",
            "AnalyzeOptions",
            "Document",
            "IngestOptions",
            "InputError",
            "NewsledgerError",
            "analyze",
            "analyze_documents",
            "read_inputs",
        ]
    )
    for name in newsledger.__all__:
        assert hasattr(newsledger, name)


def spans_in(value: Any) -> Iterator[dict[str, Any]]:
    """Every object of the analysis that carries start/end/text offsets."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys() and isinstance(value["start"], int):
            yield value
        for key, item in value.items():
            if key != "article":
                yield from spans_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from spans_in(item)


def check_invariants(analysis: Analysis) -> None:
    data: dict[str, Any] = analysis.to_dict()
    text = data["article"]["text"]
    assert data["format"] == FORMAT
    for span in spans_in(data):
        assert text[span["start"] : span["end"]] == span["text"], span
    ids = {
        kind: {item["id"] for item in data[kind]}
        for kind in ("sources", "attributions", "places", "quantities")
    }
    for attribution in data["attributions"]:
        assert attribution["source"] is None or attribution["source"] in ids["sources"]
        assert attribution["parent"] is None or attribution["parent"] in ids["attributions"]
    for event in data["events"]:
        assert event["place"] is None or event["place"] in ids["places"]
        assert event["attribution"] is None or event["attribution"] in ids["attributions"]
        assert set(event["quantities"]) <= ids["quantities"]


def test_analyze_returns_the_format(analyze_text: Any) -> None:
    analysis = analyze_text(REPORT, published="2026-01-08")
    assert analysis.article.title == "Rebels Seize Town Near Lake"
    assert analysis.article.published == "2026-01-08"
    assert analysis.article.published_source == "given"
    assert analysis.article.id == newsledger.ingest.document.article_id(analysis.article.text)
    assert set(analysis.to_dict()) >= {
        "format",
        "article",
        "sources",
        "attributions",
        "caveats",
        "events",
        "places",
        "times",
        "quantities",
        "entities",
    }
    check_invariants(analysis)


def test_entities_come_from_the_parse(analyze_text: Any) -> None:
    analysis = analyze_text(REPORT, published="2026-01-08")
    labels = {(e.text, e.label) for e in analysis.entities}
    assert any(text == "Kalemba" for text, _ in labels)


@pytest.mark.parametrize(
    "path", sorted(p for p in EXAMPLES.glob("*") if p.is_file()), ids=lambda p: p.name
)
def test_examples_keep_the_invariants(path: Path, nlp: Any) -> None:
    outcomes = list(newsledger.analyze_documents(newsledger.read_inputs([str(path)])))
    assert outcomes, path
    for outcome in outcomes:
        assert isinstance(outcome, Analysis), outcome
        check_invariants(outcome)


def test_seed_keeps_the_invariants(seed_analysis: Analysis) -> None:
    check_invariants(seed_analysis)
