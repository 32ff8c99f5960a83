"""Starting one sandboxed harness, which boots its engine and then waits for one job.

Strict mode (the default): a free sandbox UID is held, a fresh cgroup (memory + pids limits)
is joined by a tiny shell that execs bubblewrap as root; bubblewrap makes new pid, ipc, uts
and network namespaces (loopback only), mounts only the system directories, the interpreter,
the venv and the harness read-only plus a size-limited private /tmp, then `setpriv` drops to
that UID with no capabilities before Python starts. The boot line and later the job go in on
stdin; results come back as newline-delimited JSON on a pipe, size-capped; stdout/stderr are
drained and capped. On exit, timeout or a cap, everything in the cgroup is killed, the cgroup
removed and the UID freed.

Unsafe-dev mode runs the same harness as a plain subprocess (no isolation).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.runner.cgroups import Cgroup, CgroupBackend
from service.runner.engines import Engine
from service.runner.slots import UidSlot, acquire_uid
from service.runner.supervise import HarnessProcess, Limits
from service.settings import Settings

RUNNER_DIR = Path(__file__).resolve().parent
HARNESS_PACKAGES = ("harness", "deltacompat")
INSIDE_ROOT = Path("/grader")
INSIDE_WORKDIR = "/tmp/work"
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64")
ETC_FILES_FROM_HOST = ("/etc/ld.so.cache",)
SANDBOX_USER = "sandbox"
# joins the cgroup (its pid into each cgroup.procs file) BEFORE exec'ing the sandbox, so every
# process the sandbox ever starts is born inside it
_JOIN_CGROUP = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 111; shift; done; shift; exec "$@"'


def base_env() -> dict[str, str]:
    """The environment inside the sandbox (engines add theirs)."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "USER": SANDBOX_USER,
        "LOGNAME": SANDBOX_USER,
        "SPARK_USER": SANDBOX_USER,
        "HADOOP_USER_NAME": SANDBOX_USER,
        "LANG": "C.UTF-8",
        "TZ": "UTC",
    }


def harness_argv(result_fd: int) -> list[str]:
    """The interpreter command that starts the harness (cwd: the dir holding the packages)."""
    return [sys.executable, "-E", "-s", "-B", "-m", "harness", str(result_fd)]


def missing_for_strict() -> list[str]:
    """What the strict sandbox needs and this host lacks (empty when it can be built)."""
    missing = []
    if shutil.which("bwrap") is None:
        missing.append("bubblewrap (`bwrap`, apt package bubblewrap) is not installed")
    for tool in ("setpriv", "chrt"):
        if shutil.which(tool) is None:
            missing.append(f"`{tool}` (apt package util-linux) is not installed")
    if os.geteuid() != 0:
        missing.append(
            "the service is not running as root (needed to start bubblewrap without a user "
            "namespace, switch to the sandbox UID and create cgroups)"
        )
    try:
        import pyseccomp

        pyseccomp.SyscallFilter(defaction=pyseccomp.ALLOW)
    except (ImportError, OSError, RuntimeError) as error:
        missing.append(f"seccomp is unavailable (libseccomp2 / pyseccomp: {error})")
    return missing


def boot_document(engine: Engine, limits: Limits, workdir: str, seccomp: bool) -> dict[str, Any]:
    """The harness's first stdin line: how to start the engine and confine itself."""
    cpu_seconds = int(limits.startup_seconds + limits.timeout_seconds * 2) + 5
    return {
        "engine": engine.config,
        "workdir": workdir,
        "seccomp": seccomp,
        "limits": {
            "cpu_seconds": cpu_seconds,
            "file_bytes": min(limits.tmp_bytes, 256 * 1024 * 1024),
            "open_files": 4096,
            "processes": limits.pids,
            "message_bytes": limits.output_bytes,
        },
    }


class _BwrapCommand:
    """Builds the bubblewrap arguments: binds, parents with readable modes, environment."""

    def __init__(self) -> None:
        self.args: list[str] = []
        self._made: set[Path] = {Path("/")}
        self._bound: list[Path] = []

    def _parents(self, path: Path) -> None:
        for parent in reversed(path.parents):
            if parent not in self._made and not self._covered(parent):
                self.args += ["--perms", "0755", "--dir", str(parent)]
                self._made.add(parent)

    def _covered(self, path: Path) -> bool:
        return any(path == bound or path.is_relative_to(bound) for bound in self._bound)

    def bind(self, source: Path, target: Path | None = None) -> None:
        """Mount `source` read-only at `target` (default: the same path), once."""
        target = target or source
        if self._covered(target):
            return
        self._parents(target)
        self.args += ["--ro-bind", str(source), str(target)]
        self._bound.append(target)

    def system(self) -> None:
        """The system directories: bound read-only, or recreated as the links they are."""
        for name in SYSTEM_DIRS:
            path = Path(name)
            if path.is_symlink():
                self.args += ["--symlink", os.readlink(path), name]
            elif path.is_dir():
                self.bind(path)

    def directory(self, path: Path) -> None:
        """An empty directory at `path` (and its parents), mode 0755."""
        self._parents(path)
        self.args += ["--perms", "0755", "--dir", str(path)]
        self._made.add(path)


def _write_etc(directory: Path, uid: int) -> dict[str, Path]:
    files = {
        "passwd": f"root:x:0:0::/root:/usr/sbin/nologin\n"
        f"{SANDBOX_USER}:x:{uid}:{uid}::/tmp:/usr/sbin/nologin\n",
        "group": f"root:x:0:\n{SANDBOX_USER}:x:{uid}:\n",
        "hosts": f"127.0.0.1 localhost {SANDBOX_USER}\n::1 localhost\n",
        "nsswitch.conf": "passwd: files\ngroup: files\nhosts: files\n",
    }
    paths = {}
    for name, text in files.items():
        path = directory / name
        path.write_text(text)
        path.chmod(0o644)
        paths[name] = path
    return paths


def bwrap_argv(
    engine: Engine, limits: Limits, uid: int, etc_dir: Path, result_fd: int
) -> list[str]:
    """The full command: bubblewrap, then setpriv to `uid`, then the harness."""
    command = _BwrapCommand()
    command.system()
    command.args += ["--proc", "/proc", "--dev", "/dev"]
    command.args += ["--perms", "1777", "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp"]
    command.directory(Path("/etc"))
    for name, path in _write_etc(etc_dir, uid).items():
        command.bind(path, Path("/etc", name))
    for name in ETC_FILES_FROM_HOST:
        if Path(name).exists():
            command.bind(Path(name))
    if Path("/usr/share/zoneinfo/Etc/UTC").exists():
        command.args += ["--symlink", "/usr/share/zoneinfo/Etc/UTC", "/etc/localtime"]
    for path in (Path(sys.base_prefix), Path(sys.prefix), *engine.binds):
        command.bind(path)
    command.directory(INSIDE_ROOT)
    for package in HARNESS_PACKAGES:
        command.bind(RUNNER_DIR / package, INSIDE_ROOT / package)
    env = {**base_env(), **engine.env}
    for key, value in env.items():
        command.args += ["--setenv", key, value]
    return [
        "bwrap",
        "--die-with-parent",
        "--new-session",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-net",
        "--hostname",
        SANDBOX_USER,
        "--clearenv",
        *command.args,
        "--chdir",
        str(INSIDE_ROOT),
        "--",
        "setpriv",
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--",
        *harness_argv(result_fd),
    ]


def in_cgroup(group: Cgroup, argv: list[str]) -> list[str]:
    """`argv` wrapped so that it starts inside `group`."""
    files = [str(path) for path in group.procs_files()]
    return ["/bin/sh", "-c", _JOIN_CGROUP, "sh", *files, "--", *argv]


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@dataclass(frozen=True)
class Caps:
    """The service-wide caps and resources every sandbox shares."""

    pids: int
    output_bytes: int
    tmp_bytes: int
    uids: range
    nice: int = 0
    idle_policy: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Caps:
        """The caps these settings ask for."""
        base = settings.sandbox_uid_base
        return cls(
            settings.code_pids_limit, settings.code_output_bytes, settings.code_tmp_mb * 2**20,
            range(base, base + settings.sandbox_uid_count), settings.code_nice,
            settings.code_scheduler == "idle",
        )

    def at_priority(self, argv: list[str]) -> list[str]:
        """`argv` started at the sandbox's CPU priority: its nice value and, with the idle
        policy, SCHED_IDLE, under which any other process that wakes up preempts it at once
        (both inherited by everything it starts; without CAP_SYS_NICE nothing inside can
        raise them again)."""
        policy = ["chrt", "--idle", "0"] if self.idle_policy else []
        nice = ["nice", "-n", str(self.nice)] if self.nice else []
        return [*policy, *nice, *argv]


class _Sandbox:
    """What both modes share: the service-wide caps, combined with an engine's limits."""

    def __init__(self, caps: Caps) -> None:
        self.caps = caps

    def limits(self, engine: Engine) -> Limits:
        """The limits of a run on `engine`."""
        caps = self.caps
        return Limits(
            engine.startup_seconds, engine.timeout_seconds, engine.memory_bytes, caps.pids,
            caps.output_bytes, caps.tmp_bytes,
        )


@dataclass
class _Confinement:
    """What one strict sandbox holds: its UID, cgroup and generated /etc files."""

    slot: UidSlot
    group: Cgroup
    etc_dir: Path

    def kill(self, process: subprocess.Popen) -> None:
        """Kill the process group and everything in the cgroup."""
        _kill_group(process)
        self.group.kill()

    def oom_kills(self) -> int:
        """The cgroup's OOM-kill count."""
        return self.group.oom_kills()

    def release(self) -> None:
        """Empty and remove the cgroup, delete the /etc files, then free the UID."""
        try:
            self.group.kill()
            self.group.remove()
            shutil.rmtree(self.etc_dir, ignore_errors=True)
        finally:
            self.slot.release()


class StrictSandbox(_Sandbox):
    """bubblewrap + setpriv + cgroup + seccomp + rlimits; see the module docstring."""

    def __init__(self, cgroups: CgroupBackend, caps: Caps) -> None:
        super().__init__(caps)
        self.cgroups = cgroups

    def describe(self) -> str:
        """One line for the start-up log: mode and the cgroup version in force."""
        return f"strict sandbox (bubblewrap, setpriv, seccomp, {self.cgroups.description})"

    def start(self, engine: Engine) -> HarnessProcess:
        """Start the harness for `engine` as a free sandbox UID in a fresh sandbox and
        cgroup (waits while every UID is taken)."""
        limits = self.limits(engine)
        slot = acquire_uid(self.caps.uids)
        try:
            group = self.cgroups.create(limits.memory_bytes, limits.pids)
        except BaseException:
            slot.release()
            raise
        held = _Confinement(slot, group, Path(tempfile.mkdtemp(prefix="grader-etc-")))
        try:
            read_end, write_end = os.pipe()
            argv = self.caps.at_priority(
                in_cgroup(group, bwrap_argv(engine, limits, slot.uid, held.etc_dir, write_end))
            )
            boot = boot_document(engine, limits, INSIDE_WORKDIR, True)
            return HarnessProcess(
                argv, {"PATH": "/usr/bin:/bin"}, "/", boot, (read_end, write_end), limits, held
            )
        except BaseException:
            held.release()
            raise


@dataclass
class _Workdir:
    """What one unsafe-dev run holds: a temporary directory, and its process group."""

    path: str

    def kill(self, process: subprocess.Popen) -> None:
        """Kill the process group."""
        _kill_group(process)

    def oom_kills(self) -> int:
        """No cgroup, no OOM count."""
        return 0

    def release(self) -> None:
        """Delete the directory."""
        shutil.rmtree(self.path, ignore_errors=True)


class UnsafeDevSandbox(_Sandbox):
    """GRADER_SANDBOX=unsafe-dev: the harness as a plain subprocess, no isolation at all."""

    def describe(self) -> str:
        """One line for the start-up log."""
        return "UNSAFE development mode: no sandbox, no cgroup limits (GRADER_SANDBOX=unsafe-dev)"

    def start(self, engine: Engine) -> HarnessProcess:
        """Start the harness in a temporary directory as the service's own user."""
        limits = self.limits(engine)
        held = _Workdir(tempfile.mkdtemp(prefix="grader-unsafe-"))
        try:
            read_end, write_end = os.pipe()
            env = {**base_env(), **engine.env, "HOME": held.path, "TMPDIR": held.path}
            boot = boot_document(engine, limits, held.path, False)
            return HarnessProcess(
                self.caps.at_priority(harness_argv(write_end)), env, str(RUNNER_DIR), boot,
                (read_end, write_end), limits, held,
            )
        except BaseException:
            held.release()
            raise
