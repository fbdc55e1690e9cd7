"""What runs on an executor: read one partition's inputs, analyse, stage the rows as Parquet.

Pure Python (no pyspark import): Spark calls `write_partition` through
`mapPartitionsWithIndex`, and the tests call its parts directly. Reading reuses the ingest
dispatch of `newsledger analyze` (same readers, limits and errors), so a
partition's articles and errors are the ones `analyze` gives for its inputs.

The spaCy pipeline, knowledge files and gazetteer load once per Python worker
process (their module-level caches, `nlp.load_pipeline` among them); Spark
reuses a worker for the next task (spark.python.worker.reuse, on by default),
so nothing is loaded per record or per partition after the first.
"""

from __future__ import annotations

import io
import os
import resource
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from newsledger.api import AnalyzeOptions, analyze_documents
from newsledger.errors import InputError, InputTooLarge, UnsupportedInput
from newsledger.ingest import Document, IngestOptions, warc
from newsledger.ingest.dispatch import (
    STREAMED,
    WARC,
    check_length,
    guarded,
    read_bytes,
    read_inputs,
    reader_for,
)
from newsledger.nlp import load_pipeline
from newsledger.spark.output import Written, write_rows
from newsledger.spark.tables import Row, analysis_rows, error_row

# One input as the driver hands it out: a local path, or a Hadoop URI with the
# bytes Spark read for it (binaryFiles).
Input = tuple[str, bytes | None]
Item = Document | InputError


@dataclass(frozen=True)
class JobOptions:
    """Everything an executor needs, shipped with the task (pickled once per task)."""

    analyze: AnalyzeOptions = field(default_factory=AnalyzeOptions)
    ingest: IngestOptions = field(default_factory=IngestOptions)


@dataclass
class WorkerStats:
    """What one partition saw, returned to the driver with the files it wrote."""

    pid: int
    records: int = 0  # articles + errors emitted
    load_seconds: float = 0.0  # pipeline and knowledge load, when this task paid it
    peak_rss_mb: float = 0.0


_loaded = False  # per worker process: has this process paid the load yet?


def warm_up(options: AnalyzeOptions) -> float:
    """Load the pipeline and knowledge once per process; seconds spent (0 when already loaded)."""
    global _loaded
    if _loaded:
        return 0.0
    start = time.perf_counter()
    load_pipeline(options.model)
    warm = Document(
        text="The ministry said on Monday that three people were killed in Mosul.",
        origin="<warm-up>",
    )
    for _ in analyze_documents([warm], options):  # the extractors' knowledge loads on first use
        pass
    _loaded = True
    return time.perf_counter() - start


def read_input(item: Input, options: IngestOptions) -> Iterator[Item]:
    """One input's articles and errors, as `newsledger analyze` reads them."""
    source, data = item
    if data is None:
        yield from read_inputs([source], options)
        return
    reader = reader_for(Path(PurePosixPath(source).name))  # by the name's extension, as for files
    if reader is None:
        yield UnsupportedInput(
            source, f"unknown input format '{PurePosixPath(source).suffix or source}'"
        )
    elif (
        len(data) > options.max_bytes and reader not in STREAMED
    ):  # WARC, JSONL: limited per record
        yield InputTooLarge(
            source,
            f"{len(data):,} bytes is above the size limit of {options.max_bytes:,} bytes "
            "(raise it with --max-bytes or NEWSLEDGER_MAX_BYTES)",
        )
    elif reader is WARC:  # the size limit applies to each record, as for a WARC file
        records = guarded(
            warc.read_warc_stream(io.BytesIO(data), source, options.max_bytes), source
        )
        yield from (check_length(o, options) for o in records)
    else:
        yield from (check_length(o, options) for o in read_bytes(data, source, reader))


def analyse_inputs(items: Iterable[Input], options: JobOptions) -> Iterator[Row]:
    """Rows of every table for these inputs, in input order."""
    # (input, record origin) of each item in flight: analyze_documents keeps order.
    pending: deque[tuple[str, str]] = deque()

    def documents() -> Iterator[Item]:
        for item in items:
            for outcome in read_input(item, options.ingest):
                pending.append((item[0], outcome.origin))
                yield outcome

    for outcome in analyze_documents(documents(), options.analyze):
        source, origin = pending.popleft()
        if isinstance(outcome, InputError):
            yield error_row(outcome, source)
        else:
            yield from analysis_rows(outcome, source, origin)


def analyse_partition(
    items: Iterable[Input], options: JobOptions, report: Callable[[WorkerStats], None] | None = None
) -> Iterator[Row]:
    """Warm the process once, then analyse; `report` (when given) receives this
    partition's figures after its last row."""
    record = WorkerStats(pid=os.getpid(), load_seconds=warm_up(options.analyze))
    for row in analyse_inputs(items, options):
        record.records += row[0] in ("articles", "errors")
        yield row
    record.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if report is not None:
        report(record)


def write_partition(
    partition: int, items: Iterable[Input], options: JobOptions, output: str, run_id: str
) -> Iterator[tuple[Written, WorkerStats]]:
    """The mapPartitionsWithIndex function: analyse this task's inputs and stage
    their rows as Parquet under `output`; yields what it wrote and its figures."""
    stats: list[WorkerStats] = []
    written = write_rows(output, run_id, partition, analyse_partition(items, options, stats.append))
    yield written, stats[0]
