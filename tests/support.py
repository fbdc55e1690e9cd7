"""Paths to shared data, importable from any test module (`from support import dataset`).

Not in conftest.py: a second conftest (tests/browser/) would shadow the name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", ROOT.parent / "shared"))
DATASETS = SHARED / "datasets"
SEED = SHARED / "seed" / "000_a3d9c2880df0cb29.txt"


def dataset(name: str) -> Path:
    """A data set's folder, or skip the test cleanly when it is absent."""
    path = DATASETS / name
    if not path.exists():
        pytest.skip(f"data set {name} not found at {path}")
    return path
