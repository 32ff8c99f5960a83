"""Spark sessions for batch jobs: local JVM pyspark (trusted code, no sandbox) or a remote
Spark Connect endpoint."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from service.runner.engines.jvm import JAVA_OPTIONS, java_home

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

ARROW_BATCH_ROWS = 1000  # rows per Arrow batch between the JVM and the Python workers
PARTITIONS_PER_CORE = 4  # small partitions keep the cores evenly busy


def _package_root() -> str:
    """The directory `service` is imported from: Python workers must import the same code."""
    return str(Path(__file__).resolve().parent.parent.parent)


def local_session(master: str = "local[*]", app_name: str = "grader-batch") -> SparkSession:
    """A local JVM session whose Python workers run this interpreter and this code."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    home = java_home()
    if home is not None:
        os.environ.setdefault("JAVA_HOME", str(home))
    python_path = os.pathsep.join(
        p for p in (_package_root(), os.environ.get("PYTHONPATH", "")) if p
    )
    spark = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.extraJavaOptions", JAVA_OPTIONS)
        .config("spark.executorEnv.PYTHONPATH", python_path)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    partitions = spark.sparkContext.defaultParallelism * PARTITIONS_PER_CORE
    spark.conf.set("spark.sql.files.minPartitionNum", str(partitions))
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    return spark


def remote_session(url: str) -> SparkSession:
    """A Spark Connect session to `url` (sc://host:port); built with the Connect session class
    itself, so it works even beside a local JVM session in the same process."""
    from pyspark.sql.connect.session import SparkSession as ConnectSession

    spark = ConnectSession.builder.remote(url).getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
    return spark


def open_session(remote: str = "", master: str = "local[*]") -> SparkSession:
    """The Spark Connect endpoint `remote` when given, else a local JVM session on `master`."""
    return remote_session(remote) if remote else local_session(master)
