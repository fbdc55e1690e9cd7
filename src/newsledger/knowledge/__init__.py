"""Knowledge as data: lexicons and dictionaries the user can extend.

Each extractor reads its own files through `load_records`, which merges the
packaged file with same-named files from the user's knowledge directories
(``NEWSLEDGER_KNOWLEDGE``: paths separated by ``os.pathsep``). Files are read
on first use, never at import, and cached for the process. What is costly to
build from them is also kept across processes (`knowledge.cache`).

Every record is checked against the schema of its kind (`knowledge.schemas`)
when its file is first read or has changed; a record that does not fit is a
`KnowledgeError` naming ``file:line``. The checked records are kept in the
knowledge cache, so an unchanged file is neither parsed nor validated again.
Word lists (``{"list": ..., "words": [...]}`` records) are read with
`word_list`, prepositions by their uses with `prepositions`.
"""

from __future__ import annotations

import csv
import functools
import json
import os
from pathlib import Path
from typing import Any

from newsledger.errors import KnowledgeError

PACKAGE_DIR = Path(__file__).parent


def user_dirs() -> tuple[Path, ...]:
    raw = os.environ.get("NEWSLEDGER_KNOWLEDGE", "")
    return tuple(Path(p) for p in raw.split(os.pathsep) if p)


def read_file(path: Path) -> list[dict[str, Any]]:
    """Records of one JSONL or CSV file; comment lines start with #."""
    return [record for _, record in read_numbered(path)]


def read_numbered(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, record) of one JSONL or CSV file, for messages naming `file:line`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise KnowledgeError(f"{path}: cannot read knowledge file ({why})") from exc
    if path.suffix == ".csv":
        return _csv_rows(path, text)
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
        records.append((number, value))
    return records


def _csv_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    kept = [
        (number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if not line.startswith("#")
    ]
    rows = csv.DictReader(line for _, line in kept)
    out = []
    for row in rows:
        number = kept[rows.line_num - 1][0] if kept else 0  # the row's last line in the file
        if None in row or None in row.values():
            raise KnowledgeError(f"{path}:{number}: expected {len(rows.fieldnames or ())} columns")
        out.append((number, dict(row)))
    return out


def paths_of(name: str, extra: tuple[str, ...] = ()) -> list[Path]:
    """The files `load_records(name, extra)` reads, in order (the knowledge cache's sources)."""
    paths = [PACKAGE_DIR / name]
    paths += [d / name for d in user_dirs() if (d / name).exists()]
    return paths + [Path(p) for p in extra]


@functools.cache
def load_records(name: str, extra: tuple[str, ...] = ()) -> tuple[dict[str, Any], ...]:
    """The packaged file `name`, then user files of that name, then `extra` files,
    each record checked against its schema (`knowledge.schemas`).

    Checked records are kept in the knowledge cache, so a process whose files are
    unchanged reads them back without parsing or validating (or importing the
    validators); a file that fails never reaches the cache."""
    from newsledger.knowledge.cache import cached

    paths = paths_of(name, extra)
    if not paths[0].exists():
        raise KnowledgeError(f"packaged knowledge file {name} is missing")
    return cached(
        f"knowledge-{name}", paths, lambda: checked(name, paths), _records, salt=_code_stamp()
    )


@functools.cache
def _code_stamp() -> str:
    """The schemas' and this loader's files as part of every record cache key (a
    changed schema revalidates); stamped once per process, not once per file."""
    stamps = []
    for path in (PACKAGE_DIR / "schemas.py", Path(__file__)):
        stat = path.stat()
        stamps.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
    return ";".join(stamps)


def checked(name: str, paths: list[Path]) -> tuple[dict[str, Any], ...]:
    """The records of `paths`, read as the knowledge file `name` and validated."""
    from newsledger.knowledge.schemas import problem

    records: list[dict[str, Any]] = []
    for path in paths:
        for number, record in read_numbered(path):
            wrong = problem(name, record)
            if wrong is not None:
                raise KnowledgeError(f"{path}:{number}: {wrong}")
            records.append(record)
    return tuple(records)


def _records(plain: Any) -> tuple[dict[str, Any], ...]:
    """The cached records as written (anything else is not ours: the cache rebuilds)."""
    if not isinstance(plain, tuple) or not all(isinstance(r, dict) for r in plain):
        raise TypeError("not a tuple of records")
    return plain


@functools.cache
def word_list(name: str, which: str) -> frozenset[str]:
    """The words, lower-cased, of the records ``{"list": which, "words": [...]}`` of the
    knowledge file `name` (a user file adds words to a list by naming it)."""
    return frozenset(
        str(w).lower() for r in load_records(name) if r.get("list") == which for w in r["words"]
    )


@functools.cache
def prepositions(use: str) -> frozenset[str]:
    """The prepositions of prepositions.jsonl with `use` among their uses."""
    return frozenset(
        str(r["word"]).lower() for r in load_records("prepositions.jsonl") if use in r["uses"]
    )


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
