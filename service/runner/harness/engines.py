"""Spark sessions inside the sandbox: a Sail Spark Connect server, or a local JVM."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.abc
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import Any

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

_KEEP_ALIVE: list[Any] = []  # the Sail server lives as long as the harness process


class _DeltaAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Makes `delta` and `delta.*` resolve to `deltacompat` and `deltacompat.*` on import."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != "delta" and not fullname.startswith("delta."):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: Any) -> Any:
        return importlib.import_module("deltacompat" + spec.name[len("delta") :])

    def exec_module(self, module: Any) -> None:
        """The aliased module is already executed."""


def start_sail(_config: dict[str, Any]) -> SparkSession:
    """A Sail server on an ephemeral loopback port and a Spark Connect session to it."""
    from pysail.spark import SparkConnectServer

    server = SparkConnectServer("127.0.0.1", 0)
    server.start(background=True)
    _KEEP_ALIVE.append(server)
    _host, port = server.listening_address
    spark = SparkSession.builder.remote(f"sc://127.0.0.1:{port}").getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    sys.meta_path.insert(0, _DeltaAlias())
    return spark


def start_jvm(config: dict[str, Any]) -> SparkSession:
    """A local[2] JVM session; with `delta_jars`, Delta Lake's extension and catalog."""
    builder = (
        SparkSession.builder.master("local[2]")
        .appName("grader")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", config["driver_memory"])
        .config("spark.driver.extraJavaOptions", config["java_options"])
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.jars.ivy", os.path.join(os.environ.get("TMPDIR", "/tmp"), "ivy"))
    )
    if config.get("delta_jars"):
        builder = (
            builder.config("spark.jars", ",".join(config["delta_jars"]))
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            )
        )
    return builder.getOrCreate()


def warm_up(spark: SparkSession) -> None:
    """Pay the first-use costs before any job: one tiny query along the path tests take
    (rows to a DataFrame with a timestamp, a window function, collect)."""
    frame = spark.createDataFrame(
        [("a", dt.datetime(2024, 1, 1), 1.0)], "key STRING, at TIMESTAMP, value DOUBLE"
    )
    by_time = Window.partitionBy("key").orderBy("at")
    frame.withColumn("n", F.row_number().over(by_time)).collect()


ENGINES: dict[str, Callable[[dict[str, Any]], SparkSession]] = {
    "sail": start_sail,
    "jvm": start_jvm,
}
