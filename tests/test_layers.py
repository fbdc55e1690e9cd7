"""The layer contract (pyproject's [tool.importlinter]) holds on the tree, and breaks on a
backward import: the check `make lint` runs in CI can fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = [
    pytest.mark.slow,  # builds the import graph of the package, twice
    pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed"),
]


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports over the package under ``tree``/src, with the project's contract."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_tree_keeps_the_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "KEPT" in result.stdout


def test_a_backward_import_breaks_it(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    ledger = tmp_path / "src" / "newsledger" / "ledger" / "queries.py"
    # the store reaching up into the web app
    ledger.write_text(
        ledger.read_text(encoding="utf-8") + "\nimport newsledger.web.app\n", encoding="utf-8"
    )
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert (
        "BROKEN" in result.stdout
        and "newsledger.ledger.queries -> newsledger.web.app" in result.stdout
    )
