"""Properties of the strict sandbox, read from inside by a probe, and its clean-up outside."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from service.runner.errors import SandboxUnavailable
from service.runner.isolation import build_sandbox
from service.runner.verdicts import CodeResult, Verdict
from service.settings import PROJECT_ROOT
from tests.runner.demo_tasks import TOTALS_REFERENCE
from tests.runner.sandboxed import (
    LEFT_BEFORE_THIS_RUN,
    facts_from,
    processes_of,
    run_totals,
    sandbox_cgroups,
    settings,
)

pytestmark = pytest.mark.sandbox

PROBE = r'''
import ctypes, errno, json, os, resource, socket

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return line.split()[1]

def denied(call, *args):
    libc = ctypes.CDLL(None, use_errno=True)
    return getattr(libc, call)(*args) == -1 and ctypes.get_errno() == errno.EPERM

def writable(path):
    try:
        open(path, "w").close()
        return True
    except OSError:
        return False

def solve(spark, orders):
    tmp = os.statvfs("/tmp")
    facts = {
        "uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(),
        "cap_eff": status("CapEff"), "cap_bnd": status("CapBnd"),
        "no_new_privs": status("NoNewPrivs"), "seccomp": status("Seccomp"),
        "hostname": socket.gethostname(), "nice": os.nice(0),
        "idle_policy": os.sched_getscheduler(0) == os.SCHED_IDLE,
        "autogroup": open("/proc/self/autogroup").read().split()
                     if os.path.exists("/proc/self/autogroup") else None,
        "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
        "interfaces": [name for _, name in socket.if_nameindex()],
        "routes": open("/proc/net/route").read().splitlines()[1:],
        "devices": [l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:]],
        "root": sorted(os.listdir("/")), "etc": sorted(os.listdir("/etc")),
        "project": sorted(os.listdir("PROJECT")) if os.path.isdir("PROJECT") else [],
        "usr_writable": writable("/usr/probe"), "tmp_writable": writable("/tmp/probe"),
        "tmp_bytes": tmp.f_blocks * tmp.f_frsize,
        "rlimits": {name: resource.getrlimit(getattr(resource, name))[1]
                    for name in ("RLIMIT_CORE", "RLIMIT_FSIZE", "RLIMIT_NOFILE",
                                 "RLIMIT_NPROC", "RLIMIT_CPU")},
        "cgroup": open("/proc/self/cgroup").read(),
        "unshare_denied": denied("unshare", 0x10000000),
        "mount_denied": denied("mount", b"none", b"/tmp", b"tmpfs", 0, None),
        "env": sorted(os.environ),
    }
    print(json.dumps(facts))
    return orders
'''


def _run_probe(**overrides) -> CodeResult:
    """The probe graded in a sandbox built from the test settings with `overrides`."""
    return run_totals(PROBE.replace("PROJECT", str(PROJECT_ROOT)), **overrides)


@pytest.fixture(scope="module")
def facts() -> dict:
    result = _run_probe()
    assert result.tests[0].verdict is Verdict.wrong_answer, result
    return facts_from(result)


def test_code_runs_as_an_unprivileged_sandbox_uid_without_capabilities(facts):
    config = settings()
    base = config.sandbox_uid_base
    assert base <= facts["uid"] < base + config.sandbox_uid_count
    assert facts["gid"] == facts["uid"] and facts["groups"] == []
    assert int(facts["cap_eff"], 16) == 0 and int(facts["cap_bnd"], 16) == 0
    assert facts["no_new_privs"] == "1"


def test_code_runs_at_the_lower_cpu_priority_the_settings_give(facts):
    assert facts["nice"] == settings().code_nice > 0


def test_code_runs_under_the_idle_scheduling_policy_by_default(facts):
    assert settings().code_scheduler == "idle"
    assert facts["idle_policy"]


def test_code_runs_under_the_normal_policy_when_the_settings_say_so():
    facts = facts_from(_run_probe(code_scheduler="normal"))
    assert not facts["idle_policy"] and facts["nice"] == settings().code_nice


@pytest.mark.skipif(not Path("/proc/sys/kernel/sched_autogroup_enabled").exists(),
                    reason="this kernel does not group processes by session (no autogroup)")
def test_the_sandbox_session_shares_the_cpu_at_the_same_lower_priority(facts):
    # with autogroup, a new session is a scheduling group of its own: nice inside it would
    # not yield the CPU to the web server
    assert facts["autogroup"][-2:] == ["nice", str(settings().code_nice)]


def test_seccomp_filter_denies_namespaces_and_mounts(facts):
    assert facts["seccomp"] == "2"  # SECCOMP_MODE_FILTER
    assert facts["unshare_denied"] and facts["mount_denied"]


def test_own_pid_and_uts_namespaces(facts):
    assert facts["hostname"] == "sandbox"
    assert facts["pids"] == [1, 2]  # bubblewrap's init and the harness; no host process


def test_only_loopback_and_no_route_out(facts):
    assert facts["interfaces"] == ["lo"]
    assert facts["devices"] == ["lo"]
    assert facts["routes"] == []


def test_filesystem_holds_only_system_parts_interpreter_venv_and_harness(facts):
    assert set(facts["root"]) <= {
        "bin", "dev", "etc", "grader", "lib", "lib32", "lib64", "proc", "sbin", "tmp", "usr",
        # the interpreter and the venv are bound where they live, wherever the checkout is
        *{Path(p).parts[1] for p in (sys.base_prefix, sys.prefix)},
    }
    assert set(facts["etc"]) <= {"group", "hosts", "ld.so.cache", "localtime", "nsswitch.conf",
                                 "passwd"}
    venv_inside = Path(sys.prefix).is_relative_to(PROJECT_ROOT)
    # of the project, only its venv: never var/ (the database), the sources or settings
    assert facts["project"] == ([Path(sys.prefix).relative_to(PROJECT_ROOT).parts[0]]
                                if venv_inside else [])
    assert not facts["usr_writable"] and facts["tmp_writable"]


def test_private_tmp_is_size_limited(facts):
    assert facts["tmp_bytes"] == settings().code_tmp_mb * 1024 * 1024


def test_rlimits_are_set(facts):
    limits = facts["rlimits"]
    assert limits["RLIMIT_CORE"] == 0
    assert 0 < limits["RLIMIT_FSIZE"] <= settings().code_tmp_mb * 1024 * 1024
    assert limits["RLIMIT_NOFILE"] == 4096
    assert limits["RLIMIT_NPROC"] == settings().code_pids_limit
    assert 0 < limits["RLIMIT_CPU"] < 100


def test_code_runs_in_its_own_cgroup(facts):
    assert "grader-" in facts["cgroup"]


def test_environment_carries_nothing_from_the_service(facts):
    assert not [name for name in facts["env"] if name.startswith("GRADER_")]
    set_by_us = {"PATH", "HOME", "TMPDIR", "USER", "LOGNAME", "SPARK_USER", "HADOOP_USER_NAME",
                 "LANG", "TZ", "RUST_LOG"}
    set_by_bwrap_and_pyspark = {"PWD", "SPARK_CONNECT_MODE_ENABLED"}
    assert set(facts["env"]) <= set_by_us | set_by_bwrap_and_pyspark


def test_nothing_is_left_running_and_the_cgroup_is_removed(facts):
    config = settings()
    uids = range(config.sandbox_uid_base, config.sandbox_uid_base + config.sandbox_uid_count)
    assert processes_of(uids) == []
    # none of this run's (another service's cgroups live in other hierarchies)
    assert sandbox_cgroups() <= LEFT_BEFORE_THIS_RUN


def test_refuses_with_the_missing_pieces_named_when_bubblewrap_is_absent(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap, no setpriv on this PATH
    with pytest.raises(SandboxUnavailable) as refused:
        build_sandbox(settings())
    message = str(refused.value)
    assert "bubblewrap" in message and "setpriv" in message
    assert "GRADER_SANDBOX=unsafe-dev" in message


def test_unsafe_dev_mode_runs_without_the_sandbox_when_asked_explicitly():
    result = run_totals(TOTALS_REFERENCE, sandbox="unsafe-dev")
    assert result.verdict is Verdict.accepted, result
    assert result.points == result.max_points == 5
