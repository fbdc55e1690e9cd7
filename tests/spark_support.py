"""Inputs and checks shared by the Spark tests (every article here is invented)."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.api import AnalyzeOptions, analyze_documents
from newsledger.errors import InputError
from newsledger.ingest import read_inputs

INPUTS = Path(__file__).parent / "fixtures" / "inputs"
PUBLISHED = "2026-03-02"
PAGE = (
    "<html><head><title>Shelling reported near Kherson</title></head><body><article>"
    "<h1>Shelling reported near Kherson</h1><p>Artillery shelled a village near Kherson on Monday, "
    "wounding three civilians, the regional governor said in a statement.</p><p>The claim could "
    "not "
    "be independently verified.</p></article></body></html>"
)


def spark_or_skip() -> Any:
    """pyspark and a Java runtime, or skip (CI installs both: .ci/run, make test)."""
    pytest.importorskip("pyspark")
    from newsledger.spark import job

    if job.java_home() is None:
        pytest.skip("no Java runtime (install openjdk-17-jre-headless)")
    return job


def make_warc(pages: list[tuple[str, str]]) -> bytes:
    """A gzipped WARC of HTML responses, written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, html in pages:
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode()), http_headers=http
        )
        writer.write_record(record)
        record.raw_stream.close()
    return out.getvalue()


def write_inputs(folder: Path) -> Path:
    """A folder of every input kind, good and bad: text, HTML, JSON Lines with a
    broken line, a feed, a whole WARC, a truncated WARC, a binary file, a copy."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in (
        "good-kirkuk.txt",
        "good-sahel.txt",
        "one-bad-line.jsonl",
        "atom-feed.xml",
        "latin1-page.html",
        "image-as-text.txt",
    ):
        shutil.copy(INPUTS / name, folder / name)
    shutil.copy(INPUTS / "good-kirkuk.txt", folder / "copy-of-kirkuk.txt")  # same text: one article
    (folder / "crawl.warc.gz").write_bytes(make_warc([("https://news.example/kherson", PAGE)]))
    second = PAGE.replace("Kherson", "Zaporizhzhia").replace("three", "five")
    cut = make_warc(
        [
            ("https://news.example/a", PAGE.replace("Monday", "Tuesday")),
            ("https://news.example/b", second),
        ]
    )
    (folder / "cut.warc.gz").write_bytes(cut[: len(cut) - 120])  # the last record loses its end
    return folder


def analyze_outcomes(paths: list[str]) -> Iterator[Any]:
    """What `newsledger analyze --published PUBLISHED` gives for these paths."""
    return analyze_documents(read_inputs(paths), AnalyzeOptions(published=PUBLISHED))


def expected(paths: list[str]) -> tuple[dict[str, dict[str, Any]], list[InputError]]:
    """analyze's analyses by article id (JSON as printed), and its errors."""
    analyses: dict[str, dict[str, Any]] = {}
    errors: list[InputError] = []
    for outcome in analyze_outcomes(paths):
        if isinstance(outcome, InputError):
            errors.append(outcome)
        else:
            analyses.setdefault(outcome.article.id, json.loads(json.dumps(outcome.to_dict())))
    return analyses, errors


def read_table(output: Path, table: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(output / table).to_pylist()
    return rows
