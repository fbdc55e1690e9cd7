"""Shared fixtures: the real spaCy pipeline (loaded once), data set paths."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import DATASETS, SEED

from newsledger import analyze
from newsledger.models import Analysis

# Tests that read ../shared (a data set or the seed) carry the `datasets` marker: those
# taking these fixtures get it here, those calling `support.dataset()` are marked where
# they are written. `-m "not datasets"` runs what needs no shared data.
DATA_FIXTURES = frozenset({"datasets", "seed_analysis"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DATA_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.datasets)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from newsledger.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyze_text(nlp) -> Callable[..., Analysis]:  # type: ignore[no-untyped-def]
    """analyze() with the session's pipeline already loaded."""
    return analyze


@pytest.fixture(scope="session")
def datasets() -> Path:
    if not DATASETS.exists():
        pytest.skip(f"shared data sets not found at {DATASETS}")
    return DATASETS


@pytest.fixture(
    scope="session",
    params=[
        ("rules", "2026-01-12"),
        ("tagger", "2026-01-12"),
        ("rules", None),
        ("tagger", None),
        ("accurate", "2026-01-12"),
    ],
    ids=["rules", "tagger", "rules-inferred-date", "tagger-inferred-date", "accurate"],
)
def seed_analysis(nlp, request) -> Analysis:  # type: ignore[no-untyped-def]
    """The seed read by the default analysis, with the opt-in span tagger and in the
    accurate mode, given its publication date and left to infer it (the seed carries
    none): all must read it completely."""
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    mode, published = request.param
    if mode == "accurate":
        from newsledger.extract.sourcing import encoder

        if not encoder.available():
            pytest.skip("the accurate mode's extra or model is not installed")
    return analyze(
        SEED.read_text(encoding="utf-8"),
        published=published,
        tagger=mode == "tagger",
        accurate=mode == "accurate",
    )
