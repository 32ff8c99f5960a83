"""One cgroup per sandbox with a memory and a pids limit: cgroup v2 when it has both
controllers, else the v1 `memory` and `pids` hierarchies.

Sandbox cgroups are created under the service's own cgroup (from /proc/self/cgroup), so they
stay inside whatever limits the service itself runs under. Each one is named after the process
that made it (pid and start time): one whose maker is gone (a server or worker killed before it
could clean up) is abandoned, and the next sandbox built on the host kills what is left in it and
removes it.
"""

from __future__ import annotations

import errno
import os
import signal
import time
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROC_CGROUP = Path("/proc/self/cgroup")
MOUNTINFO = Path("/proc/self/mountinfo")
V2_SERVICE_LEAF = "grader-service"
PREFIX = "grader-"


@dataclass(frozen=True)
class Mount:
    """A mounted cgroup hierarchy: its mount point and filesystem-specific options."""

    point: Path
    fstype: str
    options: frozenset[str]


def _mounts() -> list[Mount]:
    mounts = []
    for line in MOUNTINFO.read_text().splitlines():
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(tail) >= 3 and tail[0] in ("cgroup", "cgroup2"):
            mounts.append(Mount(Path(fields[4]), tail[0], frozenset(tail[2].split(","))))
    return mounts


def _own_paths() -> dict[str, str]:
    """Controller name ("" for v2) -> this process's cgroup path."""
    paths: dict[str, str] = {}
    for line in PROC_CGROUP.read_text().splitlines():
        _number, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            paths[controller] = path
    return paths


def _start_ticks(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot), or None when there is no such
    process; with the pid it names one process even after its pid is reused."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


@cache
def _maker(pid: int) -> str:
    """Process `pid` as a cgroup name's maker: <pid>.<start ticks> (read once per process)."""
    return f"{pid}.{_start_ticks(pid)}"


def new_name() -> str:
    """A fresh sandbox cgroup name carrying its maker: grader-<pid>.<start ticks>-<random>."""
    return f"{PREFIX}{_maker(os.getpid())}-{uuid.uuid4().hex[:12]}"


def is_abandoned(name: str) -> bool:
    """Whether the process that made cgroup `name` is gone (names without a maker, from older
    versions, count as abandoned)."""
    maker = name.removeprefix(PREFIX).split("-")[0]
    pid, _, ticks = maker.partition(".")
    return not (pid.isdigit() and ticks and _start_ticks(int(pid)) == ticks)


def _write(path: Path, value: str) -> None:
    path.write_text(value)


def _remove_dir(path: Path) -> None:
    """rmdir, retried while the kernel still counts exiting processes (up to ~10 s on a busy
    machine)."""
    for _ in range(500):
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError as error:
            if error.errno != errno.EBUSY:
                raise
            time.sleep(0.02)


class Cgroup(ABC):
    """The cgroup(s) of one sandbox: join, count OOM kills, kill everything, remove."""

    @abstractmethod
    def procs_files(self) -> list[Path]:
        """Files a process writes its pid into to join."""

    @abstractmethod
    def oom_kills(self) -> int:
        """How many processes the kernel killed for exceeding the memory limit."""

    @abstractmethod
    def members(self) -> set[int]:
        """Pids still in the cgroup."""

    def kill(self) -> None:
        """SIGKILL every member until none is left (a fork bomb can respawn between reads)."""
        for _ in range(500):
            pids = self.members()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    continue
            time.sleep(0.005)

    @abstractmethod
    def remove(self) -> None:
        """Delete the cgroup directories (after kill)."""


def _pids_in(path: Path) -> set[int]:
    try:
        return {int(pid) for pid in (path / "cgroup.procs").read_text().split()}
    except FileNotFoundError:
        return set()


def _oom_kill_count(path: Path) -> int:
    """The `oom_kill N` line of memory.oom_control (v1) or memory.events (v2)."""
    for line in path.read_text().splitlines():
        key, _, value = line.partition(" ")
        if key == "oom_kill":
            return int(value)
    return 0


class _V1Cgroup(Cgroup):
    def __init__(self, memory: Path, pids: Path) -> None:
        self.memory, self.pids = memory, pids

    def procs_files(self) -> list[Path]:
        return [self.memory / "cgroup.procs", self.pids / "cgroup.procs"]

    def oom_kills(self) -> int:
        return _oom_kill_count(self.memory / "memory.oom_control")

    def members(self) -> set[int]:
        return _pids_in(self.memory) | _pids_in(self.pids)

    def remove(self) -> None:
        _remove_dir(self.memory)
        _remove_dir(self.pids)


class _V2Cgroup(Cgroup):
    def __init__(self, path: Path) -> None:
        self.path = path

    def procs_files(self) -> list[Path]:
        return [self.path / "cgroup.procs"]

    def oom_kills(self) -> int:
        return _oom_kill_count(self.path / "memory.events")

    def members(self) -> set[int]:
        return _pids_in(self.path)

    def kill(self) -> None:
        kill_file = self.path / "cgroup.kill"
        if kill_file.exists():
            _write(kill_file, "1")
        super().kill()

    def remove(self) -> None:
        _remove_dir(self.path)


class CgroupBackend(ABC):
    """Creates sandbox cgroups of one cgroup version."""

    version: str
    description: str

    @abstractmethod
    def create(self, memory_bytes: int, pids: int) -> Cgroup:
        """A new, empty cgroup with these limits."""

    @abstractmethod
    def names(self) -> set[str]:
        """Names of the sandbox cgroups that exist under this service's cgroup."""

    @abstractmethod
    def open(self, name: str) -> Cgroup:
        """The existing sandbox cgroup called `name`."""

    def reap_abandoned(self) -> list[str]:
        """Kill what is left in every abandoned sandbox cgroup and remove it; returns their
        names."""
        reaped = sorted(name for name in self.names() if is_abandoned(name))
        for name in reaped:
            group = self.open(name)
            group.kill()
            group.remove()
        return reaped


class V1Backend(CgroupBackend):
    """cgroup v1: a directory in the `memory` and one in the `pids` hierarchy."""

    version = "v1"

    def __init__(self, memory_base: Path, pids_base: Path) -> None:
        self.memory_base, self.pids_base = memory_base, pids_base
        self.description = f"cgroup v1 (memory: {memory_base}, pids: {pids_base})"

    def create(self, memory_bytes: int, pids: int) -> Cgroup:
        name = new_name()
        memory, pid_dir = self.memory_base / name, self.pids_base / name
        memory.mkdir()
        pid_dir.mkdir()
        group = _V1Cgroup(memory, pid_dir)
        try:
            _write(memory / "memory.limit_in_bytes", str(memory_bytes))
            swap_limit = memory / "memory.memsw.limit_in_bytes"
            if swap_limit.exists():
                _write(swap_limit, str(memory_bytes))
            _write(pid_dir / "pids.max", str(pids))
        except OSError:
            group.remove()
            raise
        return group

    def names(self) -> set[str]:
        # the memory base is this service's own; the pids base may be shared with other services
        return {path.name for path in self.memory_base.glob(PREFIX + "*")}

    def open(self, name: str) -> Cgroup:
        return _V1Cgroup(self.memory_base / name, self.pids_base / name)


class V2Backend(CgroupBackend):
    """cgroup v2: one directory with the memory and pids controllers enabled."""

    version = "v2"

    def __init__(self, base: Path) -> None:
        self.base = base
        self.description = f"cgroup v2 ({base})"

    def create(self, memory_bytes: int, pids: int) -> Cgroup:
        path = self.base / new_name()
        path.mkdir()
        group = _V2Cgroup(path)
        try:
            _write(path / "memory.max", str(memory_bytes))
            if (path / "memory.swap.max").exists():
                _write(path / "memory.swap.max", "0")
            _write(path / "pids.max", str(pids))
        except OSError:
            group.remove()
            raise
        return group

    def names(self) -> set[str]:
        return {path.name for path in self.base.glob(PREFIX + "*") if path.name != V2_SERVICE_LEAF}

    def open(self, name: str) -> Cgroup:
        return _V2Cgroup(self.base / name)


def _v2_backend(mount: Mount, own: str) -> V2Backend | None:
    base = mount.point / own.lstrip("/")
    if base.name == V2_SERVICE_LEAF:
        base = base.parent
    needed = {"memory", "pids"}
    if not needed <= set((base / "cgroup.controllers").read_text().split()):
        return None
    control = base / "cgroup.subtree_control"
    if needed <= set(control.read_text().split()):
        return V2Backend(base)
    try:
        _write(control, "+memory +pids")
    except OSError as error:
        if error.errno != errno.EBUSY:
            raise
        # "no internal processes": move this cgroup's processes into a leaf first
        leaf = base / V2_SERVICE_LEAF
        leaf.mkdir(exist_ok=True)
        for pid in _pids_in(base):
            try:
                _write(leaf / "cgroup.procs", str(pid))
            except ProcessLookupError:
                continue
        _write(control, "+memory +pids")
    return V2Backend(base)


def _probe(backend: CgroupBackend) -> None:
    backend.create(64 * 1024 * 1024, 16).remove()


def detect() -> tuple[CgroupBackend | None, str]:
    """The usable backend (v2 preferred), or None and why neither works."""
    mounts, own = _mounts(), _own_paths()
    reasons = []
    for mount in (m for m in mounts if m.fstype == "cgroup2"):
        try:
            backend = _v2_backend(mount, own.get("", "/"))
            if backend is not None:
                _probe(backend)
                return backend, ""
            reasons.append(f"cgroup v2 at {mount.point} has no memory+pids controllers")
        except OSError as error:
            reasons.append(f"cgroup v2 at {mount.point} is not usable ({error})")
    v1 = {
        controller: next(
            (m for m in mounts if m.fstype == "cgroup" and controller in m.options), None
        )
        for controller in ("memory", "pids")
    }
    missing = [name for name, mount in v1.items() if mount is None]
    if missing:
        reasons.append("no cgroup v1 " + " and ".join(missing) + " hierarchy mounted")
        return None, "; ".join(reasons)
    backend = V1Backend(
        v1["memory"].point / own.get("memory", "/").lstrip("/"),
        v1["pids"].point / own.get("pids", "/").lstrip("/"),
    )
    try:
        _probe(backend)
    except OSError as error:
        reasons.append(f"cgroup v1 memory/pids hierarchies are not writable ({error})")
        return None, "; ".join(reasons)
    return backend, ""
