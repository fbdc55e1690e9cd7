"""Knowledge as data: lexicons and dictionaries the user can extend.

Each extractor reads its own files through `load_records`, which merges the
packaged file with same-named files from the user's knowledge directories
(``NEWSLEDGER_KNOWLEDGE``: paths separated by ``os.pathsep``). Files are read
on first use, never at import, and cached for the process. What is costly to
build from them is also kept across processes (`knowledge.cache`).
"""

from __future__ import annotations

import csv
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from newsledger.errors import KnowledgeError

PACKAGE_DIR = Path(__file__).parent


def user_dirs() -> tuple[Path, ...]:
    raw = os.environ.get("NEWSLEDGER_KNOWLEDGE", "")
    return tuple(Path(p) for p in raw.split(os.pathsep) if p)


def read_file(path: Path) -> list[dict[str, Any]]:
    """Records of one JSONL or CSV file; comment lines start with #."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read knowledge file ({exc.strerror})") from exc
    if path.suffix == ".csv":
        rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
        return [dict(row) for row in rows]
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise KnowledgeError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
        if not isinstance(value, dict):
            raise KnowledgeError(f"{path}:{number}: expected a JSON object")
        records.append(value)
    return records


def paths_of(name: str, extra: tuple[str, ...] = ()) -> list[Path]:
    """The files `load_records(name, extra)` reads, in order (the knowledge cache's sources)."""
    paths = [PACKAGE_DIR / name]
    paths += [d / name for d in user_dirs() if (d / name).exists()]
    return paths + [Path(p) for p in extra]


@cache
def load_records(name: str, extra: tuple[str, ...] = ()) -> tuple[dict[str, Any], ...]:
    """The packaged file `name`, then user files of that name, then `extra` files."""
    paths = paths_of(name, extra)
    records: list[dict[str, Any]] = []
    for path in paths:
        if path == PACKAGE_DIR / name and not path.exists():
            raise KnowledgeError(f"packaged knowledge file {name} is missing")
        records.extend(read_file(path))
    return tuple(records)


def enabled_weights(path: Path, what: str) -> dict[str, float] | None:
    """A shipped linear model's weights (``{"weights": {...}, "enabled": bool}``), or None
    when the file is absent or its trainer did not enable it (it did not beat the rules)."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        table = {str(k): float(v) for k, v in data["weights"].items()}
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise KnowledgeError(f"{path}: cannot read the {what} ({exc})") from exc
    return table if data.get("enabled") is True else None
