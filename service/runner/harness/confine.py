"""Limits the harness puts on itself (and so on the candidate's code) before anything runs.

CPU share: the sandbox's session (Linux autogroup) gets the nice value the sandbox runs at.
rlimits: CPU seconds, file size, open files, processes (per sandbox UID), no core dumps.
seccomp: a deny list of kernel interfaces no PySpark job needs (tracing other processes, new
namespaces, mounts, kernel modules, keyrings, BPF, ...). Sockets and execve stay allowed:
Spark Connect, Py4J and the JVM need them; the network namespace and the UID contain them.
"""

from __future__ import annotations

import errno
import os
import resource
import time
from typing import Any

import pyseccomp

AUTOGROUP = "/proc/self/autogroup"


def apply_session_nice(attempts: int = 50, pause: float = 0.02) -> None:
    """Give this session's scheduling group the nice value this process runs at. Where the
    kernel groups processes by session (autogroup), nice only orders processes within a
    group and groups share the CPU equally: a sandbox (a new session) would take as much CPU
    as the whole web server, whatever its nice value. Without privileges the kernel takes one
    such change per 100 ms on the whole host (EAGAIN otherwise), so sandboxes starting together
    retry for up to a second. Kernels without autogroup: nothing to do, plain nice applies."""
    for _ in range(attempts):
        try:
            with open(AUTOGROUP, "w") as group:
                group.write(str(os.nice(0)))
            return
        except BlockingIOError:
            time.sleep(pause)
        except OSError:
            return


DENIED_SYSCALLS = (
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen",
    "fsconfig", "fsmount", "fspick", "mount_setattr",
    "unshare", "setns",
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup",
    "keyctl", "add_key", "request_key",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
    "reboot", "swapon", "swapoff", "acct", "quotactl",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    "iopl", "ioperm", "syslog", "vhangup",
    "open_by_handle_at", "name_to_handle_at", "lookup_dcookie",
    "personality",
)
# clone() flags that create namespaces; clone3 hides its flags behind a pointer, so it is
# answered with ENOSYS and the C library falls back to clone(), where the flags are visible.
_NAMESPACE_FLAGS = {
    "CLONE_NEWNS": 0x00020000,
    "CLONE_NEWCGROUP": 0x02000000,
    "CLONE_NEWUTS": 0x04000000,
    "CLONE_NEWIPC": 0x08000000,
    "CLONE_NEWUSER": 0x10000000,
    "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000,
}


def apply_rlimits(limits: dict[str, Any]) -> None:
    """Set hard and soft rlimits from the job's `limits` (seconds, bytes, counts)."""
    pairs = {
        resource.RLIMIT_CPU: limits["cpu_seconds"],
        resource.RLIMIT_FSIZE: limits["file_bytes"],
        resource.RLIMIT_NOFILE: limits["open_files"],
        resource.RLIMIT_NPROC: limits["processes"],
        resource.RLIMIT_CORE: 0,
    }
    for kind, value in pairs.items():
        resource.setrlimit(kind, (int(value), int(value)))


def apply_seccomp() -> None:
    """Load the deny list: denied calls fail with EPERM (clone3 with ENOSYS)."""
    rules = pyseccomp.SyscallFilter(defaction=pyseccomp.ALLOW)
    for name in DENIED_SYSCALLS:
        try:
            rules.add_rule(pyseccomp.ERRNO(errno.EPERM), name)
        except OSError:
            continue  # a call this kernel/architecture does not have
    rules.add_rule(pyseccomp.ERRNO(errno.ENOSYS), "clone3")
    for flag in _NAMESPACE_FLAGS.values():
        rules.add_rule(
            pyseccomp.ERRNO(errno.EPERM), "clone", pyseccomp.Arg(0, pyseccomp.MASKED_EQ, flag, flag)
        )
    rules.load()
