"""Load a Spark run's Parquet output into a ledger (`newsledger add DIR`).

Reads `DIR/articles` with pyarrow (no Spark, no JVM) and stores each article's
whole analysis through `Ledger.add`, the path every other add takes: the same
rows, the same near-copy detection, and already stored articles (by content
hash) skipped, so loading the same output twice adds nothing the second time.
Into PostgreSQL, large outputs go in batches of COPY (newsledger.ledger.bulk).
The caller refreshes incidents afterwards, as for any other add.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import InputError, MalformedInput
from newsledger.ledger import Ledger
from newsledger.models import Analysis

BATCH_ROWS = 256  # analyses held at once while loading


def is_output(path: str) -> bool:
    """Whether `path` is a folder a Spark run wrote (it holds articles/ with Parquet files)."""
    articles = Path(path, "articles")
    return articles.is_dir() and any(articles.glob("*.parquet"))


def _dataset(folder: str, table: str) -> object:
    import pyarrow.dataset as ds

    return ds.dataset(str(Path(folder, table)), format="parquet")


@dataclass
class Loaded:
    added: int = 0
    skipped: int = 0  # already in the ledger
    errors: list[InputError] = field(default_factory=list)  # rows whose analysis does not parse
    input_errors: int = 0  # rows of the output's `errors` table


def stored_analyses(folder: str) -> Iterator[tuple[str, str]]:
    """(article id, analysis JSON) of every row of the output's `articles`."""
    dataset: Any = _dataset(folder, "articles")
    for batch in dataset.to_batches(columns=["id", "analysis"], batch_size=BATCH_ROWS):
        yield from zip(batch.column("id").to_pylist(), batch.column("analysis").to_pylist())


def load(ledger: Ledger, folder: str) -> Loaded:
    """Store every article of a Spark output not yet in the ledger (by content
    hash). PostgreSQL takes them in batches with COPY (ledger.bulk); SQLite one
    transaction per article, the stored ones skipped before their JSON is parsed."""
    result = Loaded(input_errors=error_count(folder))
    if ledger.dialect == "postgresql":
        from newsledger.ledger.bulk import copy_analyses  # psycopg, only when it is used

        result.added, result.skipped = copy_analyses(
            ledger, _parsed(stored_analyses(folder), folder, result)
        )
        return result
    for article_id, text in stored_analyses(folder):
        if ledger.has(article_id):
            result.skipped += 1
            continue
        for analysis in _parsed([(article_id, text)], folder, result):
            if ledger.add(analysis):
                result.added += 1
            else:
                result.skipped += 1
    return result


def _parsed(rows: Iterable[tuple[str, str]], folder: str, result: Loaded) -> Iterator[Analysis]:
    """The analyses that parse; the others are recorded in `result.errors`."""
    for article_id, text in rows:
        try:
            yield Analysis.model_validate_json(text)
        except ValueError as exc:
            result.errors.append(
                MalformedInput(
                    f"{folder}/articles#{article_id}",
                    f"stored analysis does not parse ({str(exc).splitlines()[0]})",
                )
            )


def error_count(folder: str) -> int:
    """Rows of the output's `errors` table (inputs the Spark run could not read)."""
    if not Path(folder, "errors").is_dir():
        return 0
    dataset: Any = _dataset(folder, "errors")
    return int(dataset.count_rows())
