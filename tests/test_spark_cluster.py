"""The Spark job on `local-cluster[2,1,1024]`: a real standalone master and two
worker JVMs, each starting its own executor JVM and Python workers, so code,
knowledge files and options reach executors the way they do on a cluster.

Runs in CI (not marked slow): about a minute, most of it the cluster's start.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spark_support import PUBLISHED, expected, read_table, spark_or_skip, write_inputs

from newsledger.api import AnalyzeOptions
from newsledger.spark.worker import JobOptions

pytestmark = pytest.mark.slow  # a real standalone Spark cluster: a master and two worker JVMs

MASTER = "local-cluster[2,1,1024]"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    job = spark_or_skip()
    session = job.session(
        MASTER,
        {
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.shuffle.partitions": "2",
            "spark.executor.memory": "768m",
        },
    )
    yield session
    session.stop()


def executor_of(pid: int) -> str:
    """The command line of the nearest Java ancestor of a (live) Python worker."""
    while pid > 1:
        cmdline = (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
        if "java" in cmdline.split(" ")[0]:
            return cmdline
        pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    return ""


def test_executors_of_a_standalone_cluster_analyse_like_analyze(
    cluster: Any, tmp_path: Path
) -> None:
    from newsledger.spark import job

    corpus = write_inputs(tmp_path / "in")
    options = JobOptions(analyze=AnalyzeOptions(published=PUBLISHED))
    summary = job.run(cluster, [str(corpus)], str(tmp_path / "out"), options, partitions=4)

    # Python workers ran under two executor JVMs, neither of them this driver's.
    executors = {executor_of(w.pid) for w in summary.workers}
    assert all("CoarseGrainedExecutorBackend" in e for e in executors), executors
    assert len({e.split("--executor-id ")[1].split()[0] for e in executors}) == 2
    # Each executor process loaded the pipeline and knowledge once, not per partition.
    assert sum(w.load_seconds > 0 for w in summary.workers) == len({w.pid for w in summary.workers})

    analyses, errors = expected([str(corpus)])
    rows = read_table(tmp_path / "out", "articles")
    assert {r["id"]: json.loads(r["analysis"]) for r in rows} == analyses
    assert len(read_table(tmp_path / "out", "errors")) == len(errors) == summary.errors
    assert summary.articles + summary.duplicates + summary.errors == summary.records
