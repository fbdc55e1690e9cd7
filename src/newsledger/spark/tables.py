"""The Parquet tables a Spark run writes: their schemas and their rows.

One dataset per table under the output folder. Column names are the analysis
format's own (docs/analysis-format.md); each child table adds `article_id`, the
content hash of the article it belongs to. The schemas are derived from the
format's models (newsledger.models), so a field added there appears here with
no second list to keep in step; `articles` also keeps the whole analysis as
JSON in `analysis`, byte for byte what `newsledger analyze --format jsonl` prints.

Pure Python: no pyspark here, so the loader and the tests read it without a JVM.
Schemas exist twice, from the same models: as Arrow schemas, which the
executors' Python workers write with pyarrow, and as Spark SQL DDL, which is
how the README documents them and how Spark reads the files back.
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
# Spark SQL's scalar types as Arrow's (the DDL below is parsed into Arrow types,
# so the two schemas cannot drift apart).
_ARROW_SCALARS = {
    "STRING": "string",
    "BIGINT": "int64",
    "DOUBLE": "float64",
    "BOOLEAN": "bool_",
}


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


def _split_top(text: str) -> list[str]:
    """Split on the commas outside any <...>."""
    depth, parts, current = 0, [], ""
    for char in text:
        depth += char == "<"
        depth -= char == ">"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts]


_FIELD = re.compile(r"`([^`]+)`:?\s+(.+)", re.DOTALL)


def column_names(ddl: str) -> list[str]:
    """Top-level column names of a DDL string (for docs and tests)."""
    return [_FIELD.fullmatch(part)[1] for part in _split_top(ddl)]  # type: ignore[index]


def arrow_type(spark_sql: str) -> Any:
    """The Arrow type of one Spark SQL type (as `spark_type` writes them)."""
    import pyarrow as pa  # here: the docs and the CLI never need pyarrow loaded

    if spark_sql in _ARROW_SCALARS:
        return getattr(pa, _ARROW_SCALARS[spark_sql])()
    head, _, inner = spark_sql.partition("<")
    inner = inner[:-1]  # the closing '>'
    if head == "ARRAY":
        return pa.list_(arrow_type(inner))
    if head == "MAP":
        key, value = _split_top(inner)
        return pa.map_(arrow_type(key), arrow_type(value))
    if head == "STRUCT":
        return pa.struct(_arrow_fields(inner))
    raise TypeError(f"no Arrow type for {spark_sql}")


def _arrow_fields(ddl: str) -> list[Any]:
    import pyarrow as pa

    fields = []
    for part in _split_top(ddl):
        name, kind = _FIELD.fullmatch(part).groups()  # type: ignore[union-attr]
        fields.append(pa.field(name, arrow_type(kind.strip())))
    return fields


def arrow_schemas() -> dict[str, Any]:
    """Every table's Arrow schema (pyarrow.Schema), column for column its DDL."""
    import pyarrow as pa

    return {table: pa.schema(_arrow_fields(ddl)) for table, ddl in schemas().items()}


# (table, article id or None for errors, the record's origin, the row's columns)
Row = tuple[str, str | None, str, dict[str, Any]]


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
    rows: list[Row] = [("articles", key, origin, article)]
    for table, _, field in CHILDREN:
        for item in typing.cast(list[dict[str, Any]], data[field]):
            rows.append((table, key, origin, {"article_id": key, **item}))
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
    return ("errors", None, error.origin, row)
