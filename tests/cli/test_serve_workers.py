"""What each web worker of `grader serve` does after the fork."""

from __future__ import annotations

import json
import os

from sqlalchemy import text

from service import build_services
from service.cli.server import start_worker


def _in_forked_child(work) -> dict:
    """Run `work()` in a forked child process; returns the dict it returned."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's outcome travels through the pipe
        try:
            os.write(writing, json.dumps(work()).encode())
        finally:
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading) as pipe:
        outcome = pipe.read()
    os.waitpid(child, 0)
    return json.loads(outcome)


def test_a_worker_opens_its_own_database_connections_after_the_fork(settings):
    services = build_services(settings)  # the master uses the database before forking
    with services.db.connect() as connection:
        connection.info["opened by"] = os.getpid()
        connection.execute(text("SELECT 1"))
    master = os.getpid()

    def worker() -> dict:
        start_worker(services, embedded=False)
        with services.db.connect() as connection:
            return {"opened by": connection.info.get("opened by"),
                    "answer": connection.execute(text("SELECT 1")).scalar_one()}

    seen = _in_forked_child(worker)

    assert seen == {"opened by": None, "answer": 1}
    with services.db.connect() as connection:  # the master's connection still works
        assert connection.info["opened by"] == master
        assert connection.execute(text("SELECT 2")).scalar_one() == 2
    services.db.dispose()
