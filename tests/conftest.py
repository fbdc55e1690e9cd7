"""Shared fixtures: the real spaCy pipeline (loaded once), data set paths."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

from newsledger import analyze
from newsledger.models import Analysis

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", ROOT.parent / "shared"))
DATASETS = SHARED / "datasets"
SEED = SHARED / "seed" / "000_a3d9c2880df0cb29.txt"


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


@pytest.fixture(scope="session")
def seed_analysis(nlp) -> Analysis:  # type: ignore[no-untyped-def]
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return analyze(SEED.read_text(encoding="utf-8"), published="2026-01-12")


def dataset(name: str) -> Path:
    """A data set's folder, or skip the test cleanly when it is absent."""
    path = DATASETS / name
    if not path.exists():
        pytest.skip(f"data set {name} not found at {path}")
    return path
