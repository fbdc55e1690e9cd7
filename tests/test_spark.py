"""The Spark job in local mode (local[2]): every input kind, bad records, the
Parquet tables read back with pyarrow and compared with `newsledger analyze`,
a rerun, and `newsledger add DIR` loading the output into SQLite/PostgreSQL."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ledger_support import PG_ENV, reset_postgres
from spark_support import (
    PUBLISHED,
    analyze_outcomes,
    expected,
    make_warc,
    read_table,
    spark_or_skip,
    write_inputs,
)
from typer.testing import CliRunner

from newsledger.api import AnalyzeOptions
from newsledger.cli import app
from newsledger.corroborate import open_ledger
from newsledger.errors import InputError, MalformedInput
from newsledger.ingest import IngestOptions
from newsledger.spark import tables
from newsledger.spark.worker import JobOptions, analyse_inputs

pytestmark = pytest.mark.slow  # a real Spark (local[2]): a JVM per test

runner = CliRunner()
OPTIONS = JobOptions(analyze=AnalyzeOptions(published=PUBLISHED))
# The schema as documented in the README ("Scale out"): a renamed or dropped column fails here.
DOCUMENTED = {
    "articles": [
        "id",
        "title",
        "url",
        "outlet",
        "author",
        "published",
        "published_source",
        "language",
        "text",
        "input",
        "analysis",
    ],
    "sources": [
        "article_id",
        "id",
        "name",
        "kind",
        "named",
        "descriptors",
        "affiliation",
        "anonymity_reason",
        "mentions",
    ],
    "attributions": [
        "article_id",
        "id",
        "source",
        "source_span",
        "cue",
        "content",
        "form",
        "parent",
    ],
    "caveats": ["article_id", "id", "start", "end", "text", "status", "scope"],
    "events": [
        "article_id",
        "id",
        "type",
        "mode",
        "acled",
        "cameo",
        "trigger",
        "sentence",
        "actor",
        "recipient",
        "place",
        "location",
        "when",
        "quantities",
        "attribution",
        "status",
        "mentions",
        "confidence",
        "about",
    ],
    "places": [
        "article_id",
        "id",
        "start",
        "end",
        "text",
        "name",
        "lat",
        "lon",
        "country",
        "feature",
        "geonameid",
        "precision",
    ],
    "errors": ["input", "record", "kind", "reason"],
}


# -- without Spark ---------------------------------------------------------------------


def test_schema_is_the_documented_one() -> None:
    found = {table: tables.column_names(ddl) for table, ddl in tables.schemas().items()}
    assert list(found) == list(tables.TABLES)
    for table, columns in DOCUMENTED.items():
        assert found[table][: len(columns)] == columns, table  # new format fields may follow


def test_readme_documents_the_schema() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Scale out", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|$", section, re.MULTILINE))
    assert {t: [c.strip() for c in cols.split(",")] for t, cols in rows.items()} == DOCUMENTED
    assert "exit status" in section.lower() and "**3**" in section


def test_spark_types_follow_the_models() -> None:
    events = tables.schemas()["events"]
    assert "`location` STRUCT<`name`: STRING, `lat`: DOUBLE" in events
    assert "`quantities` ARRAY<STRING>" in events
    assert (
        "`mentions` ARRAY<STRUCT<`start`: BIGINT, `end`: BIGINT, `text`: STRING>>"
        in tables.schemas()["sources"]
    )
    assert "`value` DOUBLE" in tables.columns_ddl(__import__("newsledger.models").models.Quantity)


def test_error_row_names_input_and_record() -> None:
    table, key, origin, row = tables.error_row(
        MalformedInput("a/b.jsonl:7", "invalid JSON"), "a/b.jsonl"
    )
    assert (table, key, origin) == ("errors", None, "a/b.jsonl:7")
    assert row["record"] == "7" and row["input"] == "a/b.jsonl" and row["kind"] == "MalformedInput"
    whole = tables.error_row(InputError("x.txt", "binary data"), "x.txt")[3]
    assert whole["record"] is None
    cut = tables.error_row(
        MalformedInput(
            "x.warc.gz",
            "truncated or malformed WARC after 4 complete record(s): damaged record headers",
        ),
        "x.warc.gz",
    )[3]
    assert cut["record"] == "record 5"


def test_worker_rows_match_analyze_without_spark(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in")
    files = sorted(str(p) for p in folder.iterdir())
    rows = list(analyse_inputs(((f, None) for f in files), OPTIONS))
    outcomes = list(analyze_outcomes(files))
    assert sum(r[0] in ("articles", "errors") for r in rows) == len(outcomes)
    assert [r[0] for r in rows].count("errors") == sum(isinstance(o, InputError) for o in outcomes)


def test_hadoop_bytes_read_like_files(tmp_path: Path) -> None:
    """binaryFiles' (URI, bytes) pairs go through the same readers as paths."""
    page = (
        "<html><body><p>Troops withdrew from Bakhmut on Friday, officials said.</p></body></html>"
    )
    data = make_warc([("https://news.example/1", page)])
    (tmp_path / "a.warc.gz").write_bytes(data)
    by_path = list(analyse_inputs([(str(tmp_path / "a.warc.gz"), None)], OPTIONS))
    by_bytes = list(analyse_inputs([("hdfs://nn/a.warc.gz", data)], OPTIONS))
    article = next(r[3] for r in by_path if r[0] == "articles")
    from_bytes = next(r[3] for r in by_bytes if r[0] == "articles")
    assert from_bytes["analysis"] == article["analysis"]
    assert (from_bytes["input"], article["input"]) == (
        "hdfs://nn/a.warc.gz",
        str(tmp_path / "a.warc.gz"),
    )
    small = JobOptions(analyze=OPTIONS.analyze, ingest=IngestOptions(max_bytes=len(page) - 1))
    limited = list(
        analyse_inputs([("hdfs://nn/a.warc.gz", data)], small)
    )  # per record, as for files
    assert [r[0] for r in limited] == ["errors"] and limited[0][3]["kind"] == "InputTooLarge"
    unknown = list(analyse_inputs([("hdfs://nn/a.pdf", b"%PDF-1.4")], OPTIONS))
    assert [r[0] for r in unknown] == ["errors"]
    assert "unknown input format" in unknown[0][3]["reason"]


def test_pyspark_stays_out_of_the_cli() -> None:
    import subprocess
    import sys

    code = "import sys, newsledger.cli; sys.exit('pyspark' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- local[2] ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    job = spark_or_skip()
    session = job.session(
        "local[2]",
        {
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.shuffle.partitions": "4",
        },
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("spark") / "in")


@pytest.fixture(scope="module")
def output(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    from newsledger.spark import job

    out = tmp_path_factory.mktemp("spark") / "out"
    # The WARC also as a file:// URI: read by Hadoop (binaryFiles), so read twice, kept once.
    summary = job.run(
        spark, [str(corpus), f"file://{corpus}/crawl.warc.gz"], str(out), OPTIONS, partitions=3
    )
    return out, summary


def test_articles_equal_analyze(output: tuple[Path, Any], corpus: Path) -> None:
    out, summary = output
    analyses, _ = expected([str(corpus)])
    rows = read_table(out, "articles")
    import json

    assert {r["id"]: json.loads(r["analysis"]) for r in rows} == analyses
    assert len(rows) == summary.articles == len(analyses)
    for row in rows:  # the columns are the analysis' own article fields
        article = json.loads(row["analysis"])["article"]
        assert {k: row[k] for k in article} == article


def test_child_tables_hold_each_analysis(output: tuple[Path, Any], corpus: Path) -> None:
    out, _ = output
    analyses, _ = expected([str(corpus)])
    for table in ("sources", "attributions", "caveats", "events", "places"):
        rows = read_table(out, table)
        want = sorted((aid, item["id"]) for aid, a in analyses.items() for item in a[table])
        assert sorted((r["article_id"], r["id"]) for r in rows) == want, table
    events = {(r["article_id"], r["id"]): r for r in read_table(out, "events")}
    for aid, analysis in analyses.items():
        for event in analysis["events"]:
            row = events[(aid, event["id"])]
            assert row["trigger"] == event["trigger"] and row["type"] == event["type"]
            assert row["location"] == event["location"] and row["quantities"] == event["quantities"]


def test_bad_records_are_rows_and_nothing_is_lost(output: tuple[Path, Any], corpus: Path) -> None:
    out, summary = output
    _, errors = expected([str(corpus)])
    rows = read_table(out, "errors")
    assert sorted((r["input"], r["reason"]) for r in rows) == sorted(
        (e.origin.removesuffix(":2"), e.reason) for e in errors
    )
    records = {Path(r["input"]).name: r["record"] for r in rows}
    assert records == {
        "one-bad-line.jsonl": "2",
        "image-as-text.txt": None,
        "cut.warc.gz": "record 2",
    }
    assert {r["kind"] for r in rows} == {"MalformedInput", "BinaryInput"}
    assert any("truncated" in r["reason"] for r in rows)
    outcomes = list(analyze_outcomes([str(corpus)]))
    # Every record read is an article, a duplicate text, or an error (the URI adds one copy).
    assert summary.records == len(outcomes) + 1
    assert summary.articles + summary.duplicates + summary.errors == summary.records
    assert summary.duplicates == 2  # copy-of-kirkuk.txt and the WARC read as a URI


def test_executors_load_the_pipeline_once_per_process(output: tuple[Path, Any]) -> None:
    _, summary = output
    loads = [w for w in summary.workers if w.load_seconds > 0]
    assert len(summary.workers) == 3 + 1  # three local slices, one binaryFiles split
    assert len({w.pid for w in loads}) == len(loads)  # no process loaded twice
    assert os.getpid() not in {w.pid for w in summary.workers}


def test_hadoop_uris_are_listed_like_folders(spark: Any, corpus: Path, tmp_path: Path) -> None:
    from newsledger.spark import job

    tmp_path = tmp_path / "_under_an_underscore"  # only what is below the folder given is filtered
    (tmp_path / "nested" / ".hidden").mkdir(parents=True)
    (tmp_path / "nested" / "a.jsonl").write_text("{}\n")
    (tmp_path / "nested" / ".hidden" / "b.txt").write_text("hidden")
    (tmp_path / "nested" / "notes.pdf").write_bytes(b"%PDF")
    listed = job.hadoop_files(spark.sparkContext, f"file://{tmp_path}")
    assert listed == [f"file:{tmp_path}/nested/a.jsonl"]
    whole = job.hadoop_files(spark.sparkContext, f"file://{corpus}")
    assert isinstance(whole, list) and len(whole) == len(list(corpus.iterdir()))
    missing = job.hadoop_files(spark.sparkContext, f"file://{tmp_path}/none")
    assert isinstance(missing, InputError) and missing.reason == "no such file or directory"
    unknown = job.hadoop_files(spark.sparkContext, "nosuchfs://bucket/x")
    assert isinstance(unknown, InputError) and "cannot list" in unknown.reason


def test_rerun_is_idempotent(spark: Any, output: tuple[Path, Any], corpus: Path) -> None:
    from newsledger.spark import job

    out, first = output
    before = {t: sorted(map(repr, read_table(out, t))) for t in tables.TABLES}
    again = job.run(
        spark, [str(corpus), f"file://{corpus}/crawl.warc.gz"], str(out), OPTIONS, partitions=2
    )
    assert again.rows == first.rows
    assert {t: sorted(map(repr, read_table(out, t))) for t in tables.TABLES} == before


def test_cli_exit_status_says_errors_were_written(spark: Any, corpus: Path, tmp_path: Path) -> None:
    good = runner.invoke(
        app, ["spark", "analyze", str(corpus / "good-sahel.txt"), "--output", str(tmp_path / "g")]
    )
    assert good.exit_code == 0, good.output
    assert "1 records: 1 articles, 0 duplicate texts, 0 errors" in good.output
    bad = runner.invoke(
        app,
        [
            "spark",
            "analyze",
            str(corpus / "one-bad-line.jsonl"),
            str(tmp_path / "missing.txt"),
            "--output",
            str(tmp_path / "b"),
        ],
    )
    assert bad.exit_code == 3, bad.output
    assert "2 errors" in bad.output and "Traceback" not in bad.output
    assert {r["input"] for r in read_table(tmp_path / "b", "errors")} == {
        str(corpus / "one-bad-line.jsonl"),
        str(tmp_path / "missing.txt"),
    }


def test_spark_submit_runs_the_module_entry(spark: Any, corpus: Path, tmp_path: Path) -> None:
    """The same job through spark-submit, as on a cluster (its own JVM, local[1])."""
    import json
    import shutil
    import subprocess
    import sys

    import newsledger.spark.__main__ as entry

    submit = Path(sys.executable).parent / "spark-submit"
    if not submit.exists():
        submit = Path(shutil.which("spark-submit") or submit)
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    inputs = [str(corpus / "one-bad-line.jsonl"), str(corpus / "good-sahel.txt")]
    done = subprocess.run(
        [
            str(submit),
            "--master",
            "local[1]",
            "--conf",
            "spark.ui.enabled=false",
            entry.__file__,
            "analyze",
            *inputs,
            "--published",
            PUBLISHED,
            "--output",
            str(tmp_path / "out"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 3, done.stderr[-2000:]
    analyses, errors = expected(inputs)
    # spark-submit passes the Python driver's stderr on to its own stdout
    assert (
        f"{len(analyses) + len(errors)} records: {len(analyses)} articles, 0 duplicate texts, "
        f"{len(errors)} errors" in done.stdout + done.stderr
    )
    assert {
        r["id"]: json.loads(r["analysis"]) for r in read_table(tmp_path / "out", "articles")
    } == analyses


def _ledger_urls(tmp_path: Path) -> list[str]:
    urls = [str(tmp_path / "ledger.db")]
    if os.environ.get(PG_ENV):
        urls.append(os.environ[PG_ENV])
    return urls


def test_add_loads_the_output_idempotently(output: tuple[Path, Any], tmp_path: Path) -> None:
    out, summary = output
    for url in _ledger_urls(tmp_path):
        if url.startswith("postgresql"):
            reset_postgres(url)
        first = runner.invoke(app, ["add", str(out), "--db", url])
        assert first.exit_code == 0, first.output
        assert f"added {summary.articles}, already in the ledger 0" in first.output
        mixed = runner.invoke(app, ["add", str(out), str(out.parent), "--db", url])
        assert mixed.exit_code == 2 and "add it on its own" in mixed.output
        again = runner.invoke(app, ["add", str(out), "--db", url])
        assert f"added 0, already in the ledger {summary.articles}" in again.output
        with open_ledger(url) as ledger:
            stored = {a.article.id: a.to_dict() for a in ledger.iter_analyses()}
            import json

            for row in read_table(out, "articles"):
                assert stored[row["id"]] == json.loads(row["analysis"])
            ledger.refresh_incidents()
            assert ledger.incidents(limit=1000)  # grouped, as after any add


def test_inputs_are_balanced_by_bytes(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    from newsledger.spark.job import balanced

    sizes = {"a": 900, "b": 500, "c": 400, "d": 300, "e": 200, "f": 100}
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
    lists = balanced([str(tmp_path / n) for n in sizes], 3)
    loads = sorted(sum(sizes[Path(p).name] for p in paths) for paths in lists)
    # The largest file bounds any split; contiguous slices would give 1400 / 700 / 300.
    assert loads == [700, 800, 900]
    assert sorted(p for paths in lists for p in paths) == sorted(str(tmp_path / n) for n in sizes)
    assert balanced([str(tmp_path / "a")], 4) == [[str(tmp_path / "a")]]  # never an empty task
    empty = [str(tmp_path / f"empty{n}") for n in range(4)]
    for path in empty:
        Path(path).touch()
    assert [len(paths) for paths in balanced(empty, 4)] == [1, 1, 1, 1]


def _article(key: str, origin: str, children: int) -> list[tables.Row]:
    article = {"id": key, "text": f"text {key}", "input": origin, "analysis": "{}"}
    rows: list[tables.Row] = [("articles", key, origin, article)]
    for n in range(children):
        rows.append(("sources", key, origin, {"article_id": key, "id": f"{origin}-{n}"}))
    return rows


def test_commit_keeps_the_first_origin_of_a_text(tmp_path: Path) -> None:
    """Staged without Spark: one text read three times over two tasks is kept once,
    its copy with the first origin, with its own child rows only."""
    from newsledger.spark import output as staged

    out = str(tmp_path / "out")
    first = [*_article("k1", "b.txt", 2), *_article("k2", "c.txt", 1), *_article("k1", "a.txt", 3)]
    second = [*_article("k1", "0.jsonl:2", 1), *_article("k3", "d.txt", 0)]
    second.append(tables.error_row(InputError("e.txt", "binary data"), "e.txt"))
    written = [
        staged.write_rows(out, "run", 0, first),
        staged.write_rows(out, "run", 1, second),
    ]
    assert staged.commit(out, "run", written) == 2
    articles = read_table(Path(out), "articles")
    assert sorted((r["id"], r["input"]) for r in articles) == [
        ("k1", "0.jsonl:2"),
        ("k2", "c.txt"),
        ("k3", "d.txt"),
    ]
    assert sorted(r["id"] for r in read_table(Path(out), "sources")) == ["0.jsonl:2-0", "c.txt-0"]
    assert len(read_table(Path(out), "errors")) == 1
    assert read_table(Path(out), "events") == []  # empty, with its schema
    assert not (tmp_path / "out" / staged.STAGING).exists()
    assert sorted(p.name for p in (tmp_path / "out" / "articles").iterdir()) == [
        "_SUCCESS",
        "part-00000.parquet",
        "part-00001.parquet",
    ]


def test_commit_drops_the_right_rows_across_row_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row groups of two rows: a dropped copy's rows are found by their place in the file."""
    import pyarrow.parquet as pq

    from newsledger.spark import output as staged

    monkeypatch.setattr(staged, "DEFAULT_GROUP_ROWS", 2)
    monkeypatch.setattr(staged, "GROUP_ROWS", {"articles": 1})
    out = str(tmp_path / "out")
    rows = [*_article("k1", "z.txt", 3), *_article("k2", "b.txt", 2), *_article("k1", "a.txt", 1)]
    written = staged.write_rows(out, "run", 0, rows)
    assert pq.ParquetFile(written.files["sources"]).num_row_groups == 3  # 6 rows, 2 a group
    assert staged.commit(out, "run", [written]) == 1
    assert sorted(r["id"] for r in read_table(Path(out), "sources")) == [
        "a.txt-0",
        "b.txt-0",
        "b.txt-1",
    ]


def test_a_commit_that_fails_before_replacing_leaves_the_tables(tmp_path: Path) -> None:
    """A staged file the driver cannot find (written where it cannot see): no table changes."""
    from newsledger.spark import output as staged

    out = str(tmp_path / "out")
    staged.commit(out, "old", [staged.write_rows(out, "old", 0, _article("k1", "a.txt", 2))])
    before = {t: read_table(Path(out), t) for t in tables.TABLES}
    written = [
        staged.write_rows(out, "new", 0, _article("k2", "b.txt", 1)),
        staged.write_rows(out, "new", 1, _article("k3", "c.txt", 3)),
    ]
    Path(written[1].files["sources"]).unlink()
    with pytest.raises(OSError):
        staged.commit(out, "new", written)
    staged.discard(out, "new")  # as job.run does
    assert {t: read_table(Path(out), t) for t in tables.TABLES} == before
    assert not (tmp_path / "out" / staged.STAGING).exists()


def test_output_as_a_file_uri_and_a_relative_path(
    spark: Any, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Executors write through pyarrow's file systems; a relative folder is the driver's."""
    from newsledger.spark import job

    inputs = [str(corpus / "good-sahel.txt"), str(corpus / "one-bad-line.jsonl")]
    analyses, errors = expected(inputs)
    by_uri = job.run(spark, inputs, f"file://{tmp_path}/uri", OPTIONS)
    job.run(spark, inputs, f"file:{tmp_path}/hadoop", OPTIONS)  # Hadoop's one-slash form
    monkeypatch.chdir(tmp_path)
    job.run(spark, inputs, "relative", OPTIONS)
    for out in (tmp_path / "uri", tmp_path / "hadoop", tmp_path / "relative"):
        rows = read_table(out, "articles")
        assert {r["id"] for r in rows} == set(analyses) and by_uri.errors == len(errors)
        assert len(read_table(out, "errors")) == len(errors)


def test_a_failed_run_leaves_the_tables_as_they_were(
    spark: Any, corpus: Path, tmp_path: Path
) -> None:
    from newsledger.spark import job
    from newsledger.spark import output as staged

    out = tmp_path / "out"
    job.run(spark, [str(corpus / "good-sahel.txt")], str(out), OPTIONS)
    before = read_table(out, "articles")
    bad = JobOptions(analyze=AnalyzeOptions(published=PUBLISHED, model="no_such_spacy_model"))
    with pytest.raises(Exception, match="no_such_spacy_model"):
        job.run(spark, [str(corpus / "good-kirkuk.txt")], str(out), bad)
    assert read_table(out, "articles") == before
    assert not (out / staged.STAGING).exists()


def test_arrow_schemas_are_the_documented_ddl() -> None:
    pytest.importorskip("pyarrow")
    arrow = tables.arrow_schemas()
    for table, ddl in tables.schemas().items():
        assert arrow[table].names == tables.column_names(ddl)
    events = arrow["events"]
    assert str(events.field("trigger").type) == "struct<start: int64, end: int64, text: string>"
    assert str(events.field("quantities").type) == "list<item: string>"  # ARRAY<STRING>
    assert str(events.field("mentions").type).startswith("list<item: struct<trigger: struct<")
