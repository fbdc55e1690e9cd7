"""The Parquet tables a Spark run writes: their schemas and their rows.

One dataset per table under the output folder. Column names are the analysis
format's own (docs/analysis-format.md); each child table adds `article_id`, the
content hash of the article it belongs to. The schemas are derived from the
format's models (newsledger.models), so a field added there appears here with
no second list to keep in step; `articles` also keeps the whole analysis as
JSON in `analysis`, byte for byte what `newsledger analyze --format jsonl` prints.

Pure Python: no pyspark here, so the loader and the tests read it without a JVM.
Schemas are Spark SQL DDL strings; rows are (table, key, JSON) triples that the
job parses with `from_json` against those schemas.
"""

from __future__ import annotations

import json
import re
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from newsledger.errors import InputError
from newsledger.models import Analysis, Article, Attribution, Caveat, Event, Place, Source

# Child tables: (name, model of one row, the Analysis field holding them).
CHILDREN: tuple[tuple[str, type[BaseModel], str], ...] = (
    ("sources", Source, "sources"),
    ("attributions", Attribution, "attributions"),
    ("caveats", Caveat, "caveats"),
    ("events", Event, "events"),
    ("places", Place, "places"),
)
# Columns of `articles` beyond the Article's fields.
ARTICLE_EXTRA = "`input` STRING, `analysis` STRING"
ERRORS_DDL = "`input` STRING, `record` STRING, `kind` STRING, `reason` STRING"
TABLES = ("articles", *(name for name, _, _ in CHILDREN), "errors")

_SCALARS: dict[type, str] = {str: "STRING", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}


def spark_type(annotation: Any) -> str:
    """Spark SQL type of a model field's annotation (optional, lists, nested models)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        if set(options) == {int, float}:
            return "DOUBLE"  # a quantity's value: 60 or 2.5
        if len(options) != 1:
            raise TypeError(f"no Spark type for {annotation}")
        return spark_type(options[0])
    if origin is Literal:
        return spark_type(type(get_args(annotation)[0]))
    if origin is list:
        return f"ARRAY<{spark_type(get_args(annotation)[0])}>"
    if origin is dict:
        key, value = get_args(annotation)
        return f"MAP<{spark_type(key)}, {spark_type(value)}>"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = ", ".join(
            f"`{name}`: {spark_type(field.annotation)}"
            for name, field in annotation.model_fields.items()
        )
        return f"STRUCT<{fields}>"
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    raise TypeError(f"no Spark type for {annotation}")


def columns_ddl(model: type[BaseModel]) -> str:
    return ", ".join(
        f"`{name}` {spark_type(field.annotation)}" for name, field in model.model_fields.items()
    )


def schemas() -> dict[str, str]:
    """Every table's schema as Spark DDL, in output order."""
    found = {"articles": f"{columns_ddl(Article)}, {ARTICLE_EXTRA}"}
    for name, model, _ in CHILDREN:
        found[name] = f"`article_id` STRING, {columns_ddl(model)}"
    found["errors"] = ERRORS_DDL
    return found


def column_names(ddl: str) -> list[str]:
    """Top-level column names of a DDL string (for docs and tests)."""
    depth, names, current = 0, [], ""
    for char in ddl:
        depth += char == "<"
        depth -= char == ">"
        if char == "," and depth == 0:
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    return [re.match(r"\s*`([^`]+)`", n)[1] for n in names]  # type: ignore[index]


# (table, article id or None for errors, the record's origin, JSON of the row)
Row = tuple[str, str | None, str, str]


def analysis_json(analysis: Analysis) -> str:
    """The analysis exactly as `newsledger analyze --format jsonl` prints it."""
    return json.dumps(analysis.to_dict(), ensure_ascii=False)


def analysis_rows(analysis: Analysis, source: str, origin: str) -> list[Row]:
    """The analysis as rows of every table, each keyed by the article's id and the
    record it came from (`origin`: the input, and the line or WARC record within it)."""
    data = analysis.to_dict()
    article: dict[str, Any] = dict(typing.cast(dict[str, Any], data["article"]))
    key = str(article["id"])
    article.update(input=source, analysis=analysis_json(analysis))
    rows: list[Row] = [("articles", key, origin, json.dumps(article, ensure_ascii=False))]
    for table, _, field in CHILDREN:
        for item in typing.cast(list[dict[str, Any]], data[field]):
            rows.append(
                (table, key, origin, json.dumps({"article_id": key, **item}, ensure_ascii=False))
            )
    return rows


# How ingest.warc reports a truncated or damaged archive.
_CUT_WARC = re.compile(r"after (\d+) complete record")


def error_row(error: InputError, source: str) -> Row:
    """An input that gave no article, as a row of `errors`: the input file, the
    record within it (a line number, a WARC record's URL, a JSON list index) and why."""
    rest = error.origin[len(source) :] if error.origin.startswith(source) else ""
    record = rest.lstrip(":") or None
    cut = _CUT_WARC.search(error.reason)
    if record is None and cut:  # a damaged WARC: the first record not read whole
        record = f"record {int(cut[1]) + 1}"
    row = {"input": source, "record": record, "kind": type(error).__name__, "reason": error.reason}
    return ("errors", None, error.origin, json.dumps(row, ensure_ascii=False))
