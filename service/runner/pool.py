"""A bounded pool of sandboxes with a queue in front: bursts wait instead of failing.

At most `code_pool_size` submissions run at once (each in its own sandboxes with their own
UIDs); up to `code_queue_max` more wait; beyond that `submit` raises QueueFull. With
`code_warm_sandboxes` > 0 and the Sail engine, runs take sandboxes booted ahead of demand
(service.runner.warm). The pool starts its threads and warm sandboxes lazily (`start`, or the
first `submit`) and again after a fork, so an app created before the web server forks works.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from service.content.models import Rubric, Scenario
from service.runner.engines import get_engine
from service.runner.errors import QueueFull, SandboxUnavailable
from service.runner.grader import grade_submission
from service.runner.isolation import Sandbox, build_sandbox
from service.runner.verdicts import CodeResult, Verdict
from service.runner.warm import WarmPool
from service.settings import Settings

log = logging.getLogger("service.runner")
WARM_ENGINES = ("sail",)  # the JVM engine stays cold
Hook = Callable[[], None]
StartHook = Callable[[], bool | None]
ResultHook = Callable[[CodeResult], None]


class CodeRunner:
    """Grades submissions on a bounded pool; `submit` returns a Future of the CodeResult."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.size = settings.code_pool_size
        self.capacity = settings.code_pool_size + settings.code_queue_max
        self._lock = threading.Lock()
        self._in_flight = 0
        self._executor: ThreadPoolExecutor | None = None
        self.warm: WarmPool | None = None
        self._owner_pid = 0
        self.sandbox: Sandbox | None = None
        self.unavailable: SandboxUnavailable | None = None
        try:
            self.sandbox = build_sandbox(settings)
        except SandboxUnavailable as error:
            self.unavailable = error
            log.error("code runner disabled: %s", error)

    @property
    def status(self) -> str:
        """One line for the start-up log: the sandbox mode and cgroup version in force, or
        why code will be refused."""
        if self.unavailable is not None:
            return f"disabled: {self.unavailable}"
        return (
            f"{self.sandbox.describe()}, engine {self.settings.spark_engine}, "
            f"pool {self.size}, queue {self.capacity - self.size}, "
            f"warm sandboxes {self._warm_size()}"
        )

    @property
    def in_flight(self) -> int:
        """Submissions running or waiting."""
        return self._in_flight

    def _warm_size(self) -> int:
        engine = self.settings.spark_engine
        return self.settings.code_warm_sandboxes if engine in WARM_ENGINES else 0

    def _pool(self) -> ThreadPoolExecutor:
        """The executor of this process (and its warm sandboxes), started on first use."""
        if self._executor is None or self._owner_pid != os.getpid():
            self._executor = ThreadPoolExecutor(self.size, thread_name_prefix="sandbox")
            self._owner_pid = os.getpid()
            self.warm = None
            if self.sandbox is not None and self._warm_size():
                engine = get_engine(self.settings.spark_engine, self.settings)
                self.warm = WarmPool(self.sandbox, engine, self._warm_size(),
                                     self.settings.code_warm_max_age_seconds)
        return self._executor

    def start(self) -> None:
        """Start the pool's threads and warm sandboxes in this process (a web worker
        calls it after the fork); `submit` does it too."""
        if self.unavailable is None:
            with self._lock:
                self._pool()

    def submit(
        self,
        scenario: Scenario,
        rubric: Rubric,
        code: str,
        *,
        engine: str | None = None,
        on_start: StartHook | None = None,
        on_finish: ResultHook | None = None,
        on_skip: Hook | None = None,
    ) -> Future[CodeResult | None]:
        """Queue a submission. `on_start` runs when a slot takes it; when it returns False the
        submission is skipped (`on_skip` runs, the Future resolves to None). `on_finish` runs
        with the result before the Future resolves. Raises SandboxUnavailable or QueueFull."""
        if self.unavailable is not None:
            raise self.unavailable
        with self._lock:
            if self._in_flight >= self.capacity:
                raise QueueFull(
                    f"{self._in_flight} submissions are running or waiting (limit {self.capacity})"
                )
            self._in_flight += 1
            pool = self._pool()
        try:
            return pool.submit(
                self._run, scenario, rubric, code, engine, on_start, on_finish, on_skip
            )
        except RuntimeError:
            self._done()
            raise

    def _done(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _run(
        self,
        scenario: Scenario,
        rubric: Rubric,
        code: str,
        engine: str | None,
        on_start: StartHook | None,
        on_finish: ResultHook | None,
        on_skip: Hook | None,
    ) -> CodeResult | None:
        try:
            if on_start is not None and on_start() is False:
                if on_skip is not None:
                    on_skip()
                return None
            try:
                result = grade_submission(
                    scenario, rubric, code, self.settings, engine=engine, sandbox=self.sandbox,
                    warm=self.warm,
                )
            except Exception:
                log.exception("grading crashed for scenario %s", scenario.id)
                result = CodeResult(
                    verdict=Verdict.sandbox_error, points=0.0, max_points=0.0,
                    engine=engine or self.settings.spark_engine,
                    message="the grader failed; the error has been logged",
                )
            if on_finish is not None:
                on_finish(result)
            return result
        finally:
            self._done()

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking work and end the waiting warm sandboxes; with `wait`, finish what is
        running and queued first."""
        if self._executor is not None and self._owner_pid == os.getpid():
            self._executor.shutdown(wait=wait, cancel_futures=not wait)
            if self.warm is not None:
                self.warm.close(wait=wait)
