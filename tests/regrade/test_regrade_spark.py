"""The regrade on Spark equals the single-process loop, answer by answer: on local JVM Spark,
and through Spark Connect (a Sail server, the remote path) against local JVM Spark. One JVM
session and one Sail server serve the whole module."""

from __future__ import annotations

import pandas as pd
import pytest

from service.regrade.run import analyse, regrade
from service.settings import Settings
from service.spark.engines import LoopEngine, SparkEngine, open_engine
from tests.regrade.conftest import SCENARIO
from tests.regrade.outcomes import outcomes

pytestmark = pytest.mark.jvm


@pytest.fixture(scope="module")
def jvm_engine():
    """One local[2] JVM session for the module."""
    engine = open_engine("spark", master="local[2]")
    assert isinstance(engine, SparkEngine)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def sail_engine():
    """A Sail Spark Connect server on a free loopback port, reached as GRADER_SPARK_REMOTE."""
    from pysail.spark import SparkConnectServer

    server = SparkConnectServer("127.0.0.1", 0)
    server.start(background=True)
    host, port = server.listening_address
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRADER_SPARK_REMOTE", f"sc://{host}:{port}")
        engine = open_engine("spark", Settings().spark_remote)
    assert engine.name == f"spark sc://{host}:{port}"
    yield engine
    engine.close()
    server.stop()


def test_spark_regrade_and_analytics_equal_the_loop_answer_by_answer(stored, jvm_engine):
    bank = stored.changed_bank()
    on_spark = outcomes(stored.services.db, bank, jvm_engine)
    in_loop = outcomes(stored.services.db, bank, LoopEngine())
    assert len(on_spark) == len(stored.submission_ids)
    pd.testing.assert_frame_equal(on_spark, in_loop)
    spark_run = regrade(stored.services.db, bank, jvm_engine)
    loop_run = regrade(stored.services.db, bank, LoopEngine())
    assert spark_run.drift.as_json() == loop_run.drift.as_json()
    moved = {m["submission_id"] for m in spark_run.drift.scenarios[SCENARIO].as_json()[
        "biggest_movers"]}
    assert moved == stored.with_alias
    db = stored.services.db
    assert analyse(db, bank, jvm_engine).as_json() == analyse(db, bank, LoopEngine()).as_json()


def test_regrade_through_spark_connect_equals_local_jvm_spark(stored, jvm_engine, sail_engine):
    bank = stored.changed_bank()
    on_sail = outcomes(stored.services.db, bank, sail_engine)
    assert len(on_sail) == len(stored.submission_ids)
    pd.testing.assert_frame_equal(on_sail, outcomes(stored.services.db, bank, jvm_engine))
