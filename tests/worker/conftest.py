"""A Celery deployment for the worker tests: PostgreSQL, a Redis broker, `grader worker`
processes started as subprocesses, and the web side (create_app with the broker) in-process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from service import create_app
from service.interviews import flow
from service.interviews.services import Services
from service.settings import Settings
from service.store import migrate
from service.store.candidates import create_candidate
from service.store.db import session_scope
from service.store.keys import Principal, authenticate, create_key, create_org
from tests.redis import RedisServer
from tests.runner.demo_tasks import TOTALS_REFERENCE, WRITTEN_TASK, totals_task, write_bank

GRADER = Path(sys.executable).parent / "grader"
CODE_TIMEOUT = 20
VISIBILITY_TIMEOUT = 25  # above the longest job, short enough for a test to wait for it
SLOW_SOLUTION = TOTALS_REFERENCE.replace(
    "def solve(spark, orders):", "def solve(spark, orders):\n    import time; time.sleep(2)"
)


def wait_for(check: Callable[[], object], timeout: float, what: str, every: float = 0.3):
    """Poll until `check()` is truthy; returns its value or fails naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@dataclass
class Worker:
    """One `grader worker` process in its own process group, logging to a file."""

    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole process group: a host that dies mid-task."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Deployment:
    """The web side's Services on a shared database and broker, plus its worker processes."""

    settings: Settings
    services: Services
    redis: RedisServer
    env: dict[str, str]
    root: Path
    workers: list[Worker] = field(default_factory=list)

    def start_worker(self) -> Worker:
        log = self.root / f"worker-{len(self.workers)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(GRADER), "worker", "--concurrency", "1"], env=self.env,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        worker = Worker(process, log)
        self.workers.append(worker)
        wait_for(lambda: process.poll() is not None or " ready." in worker.output(), 120,
                 "the worker to be ready")
        assert process.poll() is None, worker.output()
        return worker

    def candidate(self, scenario_ids: list[str]) -> Principal:
        """A new candidate invited to an interview of `scenario_ids`: their principal."""
        with session_scope(self.services.db) as session:
            org = create_org(session, "Org A")
            key = create_key(session, org.id, "portal", label="portal")[0]
            person = create_candidate(session, org.id, "ada@example.com", "Ada", "test")
        portal = Principal(org_id=org.id, role="portal", key_id=key.id)
        _, token = flow.create_interview(self.services, portal, person.id,
                                         scenario_ids=scenario_ids)
        with session_scope(self.services.db) as session:
            return authenticate(session, token)


@pytest.fixture
def deployment(postgres, redis_server, tmp_path) -> Iterator[Deployment]:
    """PostgreSQL + Redis + the web side; workers are started by the test."""
    url = postgres.create_database(f"grader_celery_{tmp_path.name[-20:]}".replace("-", "_"))
    migrate.upgrade(url)
    scenarios, rubrics = write_bank(tmp_path / "content", [totals_task(), WRITTEN_TASK])
    env = {
        **os.environ,
        "GRADER_DATABASE_URL": url, "GRADER_BROKER_URL": redis_server.url,
        "GRADER_SCENARIOS_DIR": str(scenarios), "GRADER_RUBRICS_DIR": str(rubrics),
        "GRADER_CODE_TIMEOUT_SECONDS": str(CODE_TIMEOUT),
        "GRADER_CODE_JVM_TIMEOUT_SECONDS": str(CODE_TIMEOUT),
        "GRADER_BROKER_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY_TIMEOUT),
        "GRADER_BACKGROUND_INTERVAL_SECONDS": "1", "GRADER_DELIVERY_BACKOFF_SECONDS": "1",
    }
    settings = Settings(
        database_url=url, broker_url=redis_server.url, scenarios_dir=scenarios,
        rubrics_dir=rubrics, code_timeout_seconds=CODE_TIMEOUT,
        code_jvm_timeout_seconds=CODE_TIMEOUT,
        broker_visibility_timeout_seconds=VISIBILITY_TIMEOUT,
    )
    app = create_app(settings)
    deployment = Deployment(settings, app.extensions["grader.services"], redis_server, env,
                            tmp_path)
    yield deployment
    for worker in deployment.workers:
        worker.stop()
    deployment.services.db.dispose()
