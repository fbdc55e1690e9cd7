"""The Spark job (driver side): plan the inputs, analyse them on the executors,
commit one Parquet dataset per table (the executors write the files: spark.output).

Imports pyspark at the top: only `newsledger spark ...` and the spark-submit
entry import this module, so the rest of newsledger never loads pyspark.

Inputs: local paths are expanded here exactly as `newsledger analyze` expands
them and read on the executors from the path (so they must be on a file system
every executor sees: local mode, or a shared mount); a URI with a scheme
(`file://`, `hdfs://`, `s3a://`, ...) is listed through Hadoop's file systems and
read with `binaryFiles`, so any store the cluster's Hadoop configuration reaches
works.
"""

from __future__ import annotations

import heapq
import os
import shutil
import sys
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pyspark import RDD, SparkContext
from pyspark.sql import SparkSession

from newsledger.errors import InputError, UnsupportedInput
from newsledger.ingest.dispatch import expand, reader_for
from newsledger.spark.output import (
    PartialCommit,
    Written,
    commit,
    discard,
    prepare,
    write_rows,
)
from newsledger.spark.tables import TABLES, Row, error_row
from newsledger.spark.worker import Input, JobOptions, WorkerStats, write_partition

_URI = ("://", ":/")  # hdfs://..., s3a://..., file:///... (and Hadoop's own file:/...)
PARTITIONS_PER_CORE = 4  # small tasks keep every core busy to the end of the run


@dataclass
class Summary:
    """What a run read and wrote."""

    records: int = 0  # articles + duplicates + errors: everything the inputs held
    articles: int = 0
    duplicates: int = 0  # same text (content hash) as an article already kept
    errors: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # per table, duplicates' rows included
    workers: list[WorkerStats] = field(default_factory=list)  # one per task


def java_home() -> str | None:
    """JAVA_HOME as set, else the JDK holding the `java` on PATH (Debian's alternatives link)."""
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    return str(Path(java).resolve().parent.parent) if java else None


def running() -> SparkSession | None:
    """The session already active in this process, if any."""
    return SparkSession.getActiveSession()


def session(master: str | None = None, config: dict[str, str] | None = None) -> SparkSession:
    """A Spark session whose executors run this Python (unless PYSPARK_PYTHON says otherwise).

    Under spark-submit the master and the Python come from spark-submit; run
    directly, the default master is every local core.
    """
    home = java_home()
    if home:
        os.environ["JAVA_HOME"] = home
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("newsledger")
    if master or "PYSPARK_GATEWAY_PORT" not in os.environ:  # not launched by spark-submit
        builder = builder.master(master or "local[*]")
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(
        os.environ.get("NEWSLEDGER_SPARK_LOG", "ERROR")
    )  # errors, not WARN chatter
    return spark


def is_uri(path: str) -> bool:
    """'hdfs://nn/x', 's3a://b/k', 'file:///x', 'file:/x' are URIs; 'a/b.txt' and 'C:/x' are not."""
    head = path.split("/", 1)[0]
    return any(mark in path for mark in _URI) and head.endswith(":") and len(head) > 2


def hadoop_files(sc: SparkContext, uri: str) -> list[str] | InputError:
    """Readable files at a Hadoop URI (a file, or a folder walked recursively), sorted."""
    jvm: Any = sc._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    try:
        fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
        if not fs.exists(path):
            return InputError(uri, "no such file or directory")
        if not fs.getFileStatus(path).isDirectory():
            return [str(fs.makeQualified(path).toString())]
        root = str(fs.makeQualified(path).toString()).rstrip("/")
        found, walk = [], fs.listFiles(path, True)
        while walk.hasNext():
            name = str(walk.next().getPath().toString())
            # Hidden and Hadoop's own files (".x", "_SUCCESS") below the folder are skipped.
            below = PurePosixPath(name[len(root) :].lstrip("/")).parts
            if not any(p.startswith((".", "_")) for p in below) and reader_for(Path(below[-1])):
                found.append(name)
    except Exception as exc:
        return InputError(uri, f"cannot list: {str(exc).strip().splitlines()[0][:200]}")
    return sorted(found) or UnsupportedInput(uri, "directory holds no readable input files")


@dataclass
class Plan:
    """The inputs as the executors get them, and what failed already on the driver."""

    local: list[str] = field(default_factory=list)
    uris: list[str] = field(default_factory=list)
    errors: list[Row] = field(default_factory=list)


def plan_inputs(sc: SparkContext, paths: Iterable[str]) -> Plan:
    plan = Plan()
    for raw in paths:
        if is_uri(raw):
            listed = hadoop_files(sc, raw)
            if isinstance(listed, InputError):
                plan.errors.append(error_row(listed, raw))
            else:
                plan.uris.extend(listed)
            continue
        # Absolute, so executors whose working folder differs find the same files.
        for item in expand([raw if raw == "-" else str(Path(raw).absolute())]):
            if isinstance(item, InputError):
                plan.errors.append(error_row(item, raw))
            elif item == "-":
                plan.errors.append(
                    error_row(
                        UnsupportedInput(
                            "-", "standard input cannot be read by a Spark job; give files"
                        ),
                        "-",
                    )
                )
            else:
                plan.local.append(str(item))
    plan.local, plan.uris = (
        list(dict.fromkeys(plan.local)),
        list(dict.fromkeys(plan.uris)),
    )  # each file once
    return plan


def balanced(paths: list[str], slices: int) -> list[list[str]]:
    """Local files in `slices` lists of about equal bytes (largest first into the
    lightest list): a run's length is its slowest task's, so contiguous slices of
    a sorted folder left one core idle at the end while the other finished."""
    sizes = sorted(((_size(p), p) for p in paths), key=lambda sp: (-sp[0], sp[1]))
    # (bytes, files, slice number, files): ties in bytes (empty files) go to the shortest list.
    lists: list[tuple[int, int, int, list[str]]] = [
        (0, 0, i, []) for i in range(min(slices, len(paths)))
    ]
    for size, path in sizes:
        load, count, i, items = heapq.heappop(lists)
        items.append(path)
        heapq.heappush(lists, (load + size, count + 1, i, items))
    return [items for *_, items in sorted(lists, key=lambda entry: entry[2])]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # the executor reports what is wrong with it


def input_rdd(sc: SparkContext, plan: Plan, partitions: int | None) -> RDD[Input] | None:
    """Local paths spread over `partitions` tasks of about equal bytes; Hadoop
    files read by binaryFiles."""
    slices = partitions or max(1, sc.defaultParallelism * PARTITIONS_PER_CORE)
    parts: list[RDD[Input]] = []
    if plan.local:
        lists = balanced(plan.local, slices)
        parts.append(
            sc.parallelize(lists, len(lists)).flatMap(lambda paths: [(p, None) for p in paths])
        )
    if plan.uris:
        read = sc.binaryFiles(",".join(plan.uris), min(slices, len(plan.uris)))
        parts.append(read.map(lambda pair: (pair[0], bytes(pair[1]))))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else sc.union(parts)


def analyse(
    spark: SparkSession,
    plan: Plan,
    options: JobOptions,
    output: str,
    run_id: str,
    partitions: int | None = None,
) -> tuple[list[Written], list[WorkerStats]]:
    """Run the tasks: each analyses its inputs and stages its rows as Parquet.
    Only what each successful task wrote comes back to the driver."""
    sc = spark.sparkContext
    written: list[Written] = []
    stats: list[WorkerStats] = []
    inputs = input_rdd(sc, plan, partitions)
    tasks = 0
    if inputs is not None:
        tasks = inputs.getNumPartitions()

        def task(index: int, items: Iterable[Input]) -> Iterator[tuple[Written, WorkerStats]]:
            return write_partition(index, items, options, output, run_id)

        for done, figures in inputs.mapPartitionsWithIndex(task).collect():
            written.append(done)
            stats.append(figures)
    if plan.errors:  # inputs that failed on the driver: missing, unlistable
        written.append(write_rows(output, run_id, tasks, plan.errors))
    return written, stats


def run(
    spark: SparkSession,
    paths: list[str],
    output: str,
    options: JobOptions,
    partitions: int | None = None,
) -> Summary:
    """Analyse `paths` into Parquet under `output`."""
    if not is_uri(output):  # executors resolve a relative path in their own folder
        output = str(Path(output).absolute())
    run_id = uuid.uuid4().hex
    prepare(output, run_id)  # an output that cannot be written fails here, before any analysis
    plan = plan_inputs(spark.sparkContext, paths)
    try:
        written, stats = analyse(spark, plan, options, output, run_id, partitions)
        duplicates = commit(output, run_id, written)
    except PartialCommit:
        raise  # the staged files are the only copy of the new tables: kept
    except BaseException:
        discard(output, run_id)  # what the tasks staged; the tables as they were stay
        raise
    read = {table: sum(w.rows.get(table, 0) for w in written) for table in TABLES}
    return Summary(
        records=read["articles"] + read["errors"],
        articles=read["articles"] - duplicates,
        duplicates=duplicates,
        errors=read["errors"],
        rows={table: count for table, count in read.items() if count},
        workers=stats,
    )
