"""Warm sandboxes in the real sandbox: booted ahead of demand, each used for one run then gone,
replaced when killed or too old, all ended at shutdown without leftovers."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from service.runner.pool import CodeRunner
from service.runner.supervise import HarnessProcess
from service.runner.verdicts import Verdict
from tests.runner.demo_tasks import JOBS_IN_MEMORY, TOTALS_REFERENCE, TOTALS_WRONG, totals_task
from tests.runner.sandboxed import (
    alive,
    cgroup_exists,
    cgroup_members,
    sandbox_cgroup,
    sandbox_cgroups,
    settings,
)

pytestmark = pytest.mark.sandbox

FILL_SECONDS = 120


def warm_runner(**overrides) -> CodeRunner:
    """A started pool with two warm sandboxes, waited for."""
    runner = CodeRunner(settings(code_warm_sandboxes=2, **overrides))
    runner.start()
    assert runner.warm is not None and runner.warm.wait_filled(FILL_SECONDS)
    return runner


@pytest.fixture
def runner() -> Iterator[CodeRunner]:
    pool = warm_runner()
    yield pool
    pool.shutdown()


def grade(runner: CodeRunner, code: str):
    scenario, rubric = totals_task()
    return runner.submit(scenario, rubric, code).result(timeout=FILL_SECONDS)


def assert_gone(process: HarnessProcess, cgroup: str) -> None:
    assert process.finished.is_set()
    assert not alive(process.pid)
    assert not cgroup_exists(cgroup)


def test_warm_sandboxes_grade_the_reference_and_a_wrong_answer(runner):
    accepted = grade(runner, TOTALS_REFERENCE)
    assert accepted.verdict is Verdict.accepted and accepted.points == 5, accepted
    assert runner.warm.handed == 2  # the visible and the hidden half, each its own sandbox
    assert runner.warm.wait_filled(FILL_SECONDS)
    wrong = grade(runner, TOTALS_WRONG)
    assert wrong.verdict is Verdict.wrong_answer, wrong
    assert runner.warm.handed == 4


def test_each_warm_sandbox_runs_one_job_and_is_then_gone(runner):
    used = {process: sandbox_cgroup(process.pid) for process in runner.warm.idle}
    assert len(used) == 2
    assert grade(runner, TOTALS_REFERENCE).verdict is Verdict.accepted
    for process, cgroup in used.items():
        assert_gone(process, cgroup)
        with pytest.raises(RuntimeError, match="one job"):
            process.run({})
    assert runner.warm.wait_filled(FILL_SECONDS)
    assert not set(runner.warm.idle) & set(used)


def test_hidden_inputs_never_reach_the_warm_sandbox_of_the_visible_run(runner):
    visible = grade(runner, JOBS_IN_MEMORY).tests[0]
    assert runner.warm.handed == 2
    assert visible.stdout.splitlines()[0] == "[1]"  # the job holds the one visible example
    assert "'z'" not in visible.stdout and "'c'" not in visible.stdout  # hidden customers


def test_the_job_clock_starts_at_the_hand_over_not_at_the_boot():
    runner = warm_runner(code_timeout_seconds=3)
    try:
        time.sleep(4)  # longer than the job's limit, idle
        result = grade(runner, TOTALS_REFERENCE)
        assert result.verdict is Verdict.accepted, result
        assert runner.warm.handed == 2
    finally:
        runner.shutdown()


def test_a_killed_warm_sandbox_is_replaced_and_the_next_submission_grades(runner):
    victim = runner.warm.idle[0]
    cgroup = sandbox_cgroup(victim.pid)
    for pid in cgroup_members(cgroup):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while victim.process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    result = grade(runner, TOTALS_REFERENCE)
    assert result.verdict is Verdict.accepted, result
    assert runner.warm.wait_filled(FILL_SECONDS)
    assert victim not in runner.warm.idle
    assert_gone(victim, cgroup)
    assert grade(runner, TOTALS_REFERENCE).verdict is Verdict.accepted


def _first_waiting(runner: CodeRunner, besides: tuple = ()) -> HarnessProcess:
    deadline = time.monotonic() + FILL_SECONDS
    while time.monotonic() < deadline:
        waiting = [process for process in runner.warm.idle if process not in besides]
        if waiting:
            return waiting[0]
        time.sleep(0.05)
    raise AssertionError("no warm sandbox started")


def test_a_warm_sandbox_older_than_the_limit_is_replaced_unused():
    runner = CodeRunner(settings(code_warm_sandboxes=2, code_warm_max_age_seconds=10))
    runner.start()
    try:
        old = _first_waiting(runner)
        cgroup = sandbox_cgroup(old.pid)
        assert old.finished.wait(FILL_SECONDS)
        assert_gone(old, cgroup)
        _first_waiting(runner, besides=(old,))
        assert runner.warm.handed == 0
    finally:
        runner.shutdown()


def test_shutdown_ends_every_warm_sandbox_and_its_cgroup():
    runner = warm_runner()
    warm = runner.warm
    waiting = {process: sandbox_cgroup(process.pid) for process in warm.idle}
    members = [pid for cgroup in waiting.values() for pid in cgroup_members(cgroup)]
    uids = {os.stat(f"/proc/{pid}").st_uid for pid in members}
    assert len(members) >= 3 * len(waiting) and len(uids - {0}) == 2  # a UID each
    runner.shutdown()
    for process, cgroup in waiting.items():
        assert_gone(process, cgroup)
    # (not checked by UID: other services on this host may take a freed UID at once)
    assert not [pid for pid in members if alive(pid)]
    assert warm.take(warm.engine) is None


def test_shutdown_while_warm_sandboxes_start_leaves_no_cgroup():
    before = sandbox_cgroups()
    for pause in (0.0, 0.3, 1.0):
        runner = CodeRunner(settings(code_warm_sandboxes=2))
        runner.start()
        time.sleep(pause)
        runner.shutdown()
    assert sandbox_cgroups() <= before
