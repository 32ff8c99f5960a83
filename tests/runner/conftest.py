"""Fixtures for runner tests: one real Sail Spark Connect server for the whole run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def sail_address() -> Iterator[tuple[str, int]]:
    """A pysail Spark Connect server on a free loopback port, stopped at the end of the run."""
    from pysail.spark import SparkConnectServer

    server = SparkConnectServer("127.0.0.1", 0)
    server.start(background=True)
    host, port = server.listening_address
    yield host, port
    server.stop()


@pytest.fixture(scope="session")
def spark(sail_address: tuple[str, int]):
    """A pyspark Spark Connect session on the Sail server."""
    from pyspark.sql import SparkSession

    host, port = sail_address
    session = SparkSession.builder.remote(f"sc://{host}:{port}").getOrCreate()
    yield session
    session.stop()
