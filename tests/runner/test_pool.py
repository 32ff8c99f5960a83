"""The bounded pool: at most `size` sandboxes at once, a queue in front, a hard limit behind."""

from __future__ import annotations

import threading
from concurrent.futures import wait

import pytest

from service.runner.errors import QueueFull, SandboxUnavailable
from service.runner.pool import CodeRunner
from service.runner.verdicts import Verdict
from tests.runner.demo_tasks import TOTALS_REFERENCE, totals_task
from tests.runner.sandboxed import settings

pytestmark = pytest.mark.sandbox

SLOW = TOTALS_REFERENCE.replace("def solve(spark, orders):",
                                "def solve(spark, orders):\n    import time; time.sleep(2)")


class Gauge:
    """Counts submissions running at once, from the pool's own start/finish hooks."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.peak = 0
        self.finished: list[Verdict] = []

    def start(self) -> None:
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)

    def finish(self, result) -> None:
        with self.lock:
            self.running -= 1
            self.finished.append(result.verdict)


def test_burst_waits_in_the_queue_and_never_exceeds_the_pool_size():
    runner = CodeRunner(settings(code_pool_size=2, code_queue_max=10))
    scenario, rubric = totals_task()
    gauge = Gauge()
    futures = [
        runner.submit(scenario, rubric, TOTALS_REFERENCE, on_start=gauge.start,
                      on_finish=gauge.finish)
        for _ in range(5)
    ]
    done, _ = wait(futures, timeout=300)
    assert len(done) == 5
    assert [f.result().verdict for f in futures] == [Verdict.accepted] * 5
    assert gauge.peak == 2 and gauge.finished == [Verdict.accepted] * 5
    assert runner.in_flight == 0
    runner.shutdown()


def test_submissions_beyond_pool_and_queue_are_refused_then_accepted_again():
    runner = CodeRunner(settings(code_pool_size=1, code_queue_max=1))
    scenario, rubric = totals_task()
    first = runner.submit(scenario, rubric, SLOW)
    second = runner.submit(scenario, rubric, TOTALS_REFERENCE)
    with pytest.raises(QueueFull):
        runner.submit(scenario, rubric, TOTALS_REFERENCE)
    assert first.result(timeout=120).verdict is Verdict.accepted
    assert second.result(timeout=120).verdict is Verdict.accepted
    again = runner.submit(scenario, rubric, TOTALS_REFERENCE)
    assert again.result(timeout=120).verdict is Verdict.accepted
    runner.shutdown()


def test_pool_refuses_every_submission_when_the_sandbox_cannot_be_built(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    runner = CodeRunner(settings())
    assert runner.unavailable is not None
    scenario, rubric = totals_task()
    with pytest.raises(SandboxUnavailable, match="bubblewrap"):
        runner.submit(scenario, rubric, TOTALS_REFERENCE)
