"""The GeoWebNews evaluation: gold reading, scoring rules, and a short real run."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import dataset

from newsledger.eval import EvalConfig
from newsledger.eval.score_geowebnews import (
    GoldArticle,
    GoldToponym,
    Tally,
    _report,
    read_gold,
    run,
)
from newsledger.models import Analysis, Article, Place

TEXT = "Talks in Lyon and Paris ended."


def gold() -> GoldArticle:
    return GoldArticle(
        "x",
        TEXT,
        (
            GoldToponym(9, 13, "Lyon", "Literal", 45.75, 4.85),
            GoldToponym(18, 23, "Paris", "Literal", 48.85, 2.35),
        ),
    )


def analysis(places: list[Place]) -> Analysis:
    return Analysis(article=Article(id="x", text=TEXT), places=places)


def place(i: int, start: int, end: int, lat: float | None, lon: float | None) -> Place:
    return Place(
        id=f"P{i}",
        start=start,
        end=end,
        text=TEXT[start:end],
        name=TEXT[start:end],
        lat=lat,
        lon=lon,
    )


def test_scoring_counts_overlaps_and_distances() -> None:
    tally = Tally(errors_km=[])
    tally.add(
        gold(),
        analysis(
            [
                place(1, 9, 13, 45.76, 4.84),  # Lyon, right
                place(2, 18, 23, 33.66, -95.55),  # Paris, Texas: found but far
                place(3, 0, 5, None, None),  # "Talks": a false positive
            ]
        ),
    )
    assert (tally.predicted, tally.predicted_ok, tally.gold, tally.gold_found) == (3, 2, 2, 2)
    assert (tally.resolvable_found, tally.within) == (2, 1)
    report = _report(tally, 1)
    p, r, _f = report.prf["Toponym recognition (overlap)"]
    assert p == pytest.approx(200 / 3) and r == 100.0
    assert report.metrics[1].value == 50.0


def test_unresolved_places_count_as_wrong() -> None:
    tally = Tally()
    tally.add(gold(), analysis([place(1, 9, 13, None, None)]))
    assert (tally.gold_found, tally.resolvable_found, tally.within) == (1, 1, 0)


@pytest.mark.datasets
def test_gold_reader_keeps_only_toponym_types(datasets: Path) -> None:
    articles = read_gold(dataset("geowebnews"))
    assert len(articles) >= 50
    kinds = {t.kind for a in articles for t in a.toponyms}
    assert "Literal" in kinds and "Demonym" not in kinds and "Non_Toponym" not in kinds
    sample = articles[0]
    assert all(sample.text[t.start : t.end] == t.text for t in sample.toponyms)


@pytest.mark.datasets
def test_a_short_run_prints_figures(datasets: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    report = run(EvalConfig(data=dataset("geowebnews"), limit=3))
    assert report.items == 3
    names = [m.name for m in report.metrics]
    assert "Toponym recognition F1 (overlap)" in names
    f1 = report.metrics[0].value
    accuracy = report.metrics[1].value
    assert f1 > 60 and accuracy > 60
