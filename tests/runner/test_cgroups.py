"""Sandbox cgroups: detected at start, limits written, members killed, directories removed."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from service.runner import cgroups
from service.runner.sandbox import in_cgroup

pytestmark = pytest.mark.sandbox


@pytest.fixture(scope="module")
def backend() -> cgroups.CgroupBackend:
    found, why = cgroups.detect()
    assert found is not None, why
    return found


def test_detection_names_the_version_in_force(backend):
    assert backend.version in ("v1", "v2")
    assert backend.description.startswith(f"cgroup {backend.version}")


def _limits(group: cgroups.Cgroup) -> tuple[int, int]:
    if isinstance(group, cgroups._V1Cgroup):
        memory = int((group.memory / "memory.limit_in_bytes").read_text())
        pids = int((group.pids / "pids.max").read_text())
    else:
        memory = int((group.path / "memory.max").read_text())
        pids = int((group.path / "pids.max").read_text())
    return memory, pids


def test_a_new_cgroup_has_the_limits_and_no_members(backend):
    group = backend.create(256 * 1024 * 1024, 40)
    try:
        assert _limits(group) == (256 * 1024 * 1024, 40)
        assert group.members() == set() and group.oom_kills() == 0
    finally:
        group.remove()


def test_kill_ends_every_member_and_remove_deletes_the_cgroup(backend):
    group = backend.create(256 * 1024 * 1024, 40)
    process = subprocess.Popen(in_cgroup(group, ["/bin/sh", "-c", "sleep 60 & sleep 60 & wait"]))
    deadline = time.monotonic() + 10
    while len(group.members()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(group.members()) == 3  # the shell and its two sleeps
    group.kill()
    assert process.wait(timeout=10) == -9
    assert group.members() == set()
    group.remove()
    assert not any(path.parent.exists() for path in group.procs_files())


def test_a_cgroup_whose_maker_is_gone_is_emptied_and_removed_and_a_live_makers_is_kept(backend):
    # a child process makes a cgroup, starts a sleeper in it and dies without cleaning up
    maker = subprocess.run(
        [sys.executable, "-c", (
            "import subprocess; from service.runner import cgroups; from service.runner.sandbox "
            "import in_cgroup; backend, _ = cgroups.detect(); group = backend.create(1 << 28, 8);"
            "subprocess.Popen(in_cgroup(group, ['/bin/sleep', '60']), start_new_session=True, "
            "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
            "print(group.procs_files()[0].parent.name)"
        )],
        capture_output=True, text=True, check=True, timeout=60,
    )
    abandoned = maker.stdout.strip()
    left = backend.open(abandoned)
    deadline = time.monotonic() + 10
    while not left.members() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left.members(), "the sleeper never joined the abandoned cgroup"
    mine = backend.create(1 << 28, 8)
    my_name = mine.procs_files()[0].parent.name
    try:
        assert cgroups.is_abandoned(abandoned) and not cgroups.is_abandoned(my_name)
        assert abandoned in backend.reap_abandoned()
        assert abandoned not in backend.names()
        assert left.members() == set()
        assert my_name in backend.names()
    finally:
        mine.remove()


def test_a_name_without_a_maker_counts_as_abandoned_and_a_reused_pid_does_not_make_it_live():
    assert cgroups.is_abandoned("grader-3809ded4e0ab")
    own = cgroups.new_name().removeprefix(cgroups.PREFIX).split("-")[0]
    pid, _, ticks = own.partition(".")
    assert not cgroups.is_abandoned(f"grader-{pid}.{ticks}-0123456789ab")
    assert cgroups.is_abandoned(f"grader-{pid}.{int(ticks) + 1}-0123456789ab")
