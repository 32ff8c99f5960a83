"""Choosing and checking the sandbox at start: strict (refuse when it cannot be built) or the
explicit GRADER_SANDBOX=unsafe-dev; logs which cgroup version is in force."""

from __future__ import annotations

import logging
import threading

from service.runner import cgroups
from service.runner.errors import SandboxUnavailable
from service.runner.sandbox import Caps, StrictSandbox, UnsafeDevSandbox, missing_for_strict
from service.settings import Settings

log = logging.getLogger("service.runner")
Sandbox = StrictSandbox | UnsafeDevSandbox
_cache: dict[tuple[str, Caps], Sandbox] = {}
_lock = threading.Lock()


def open_sandbox(settings: Settings) -> Sandbox:
    """The sandbox these settings ask for, built once per process and settings.

    Raises SandboxUnavailable naming what is missing in strict mode.
    """
    key = (settings.sandbox, Caps.from_settings(settings))
    with _lock:
        if key not in _cache:
            _cache[key] = build_sandbox(settings)
        return _cache[key]


def build_sandbox(settings: Settings) -> Sandbox:
    """Check the host and build the sandbox (not cached); raises SandboxUnavailable."""
    caps = Caps.from_settings(settings)
    if settings.sandbox == "unsafe-dev":
        sandbox = UnsafeDevSandbox(caps)
        log.warning("code runner: %s", sandbox.describe())
        return sandbox
    missing = missing_for_strict()
    backend, why = cgroups.detect() if not missing else (None, "")
    if backend is None and not missing:
        missing.append(f"no usable cgroup memory+pids controller: {why}")
    if missing:
        raise SandboxUnavailable(missing)
    reaped = backend.reap_abandoned()
    if reaped:
        log.warning("code runner: removed %d sandbox cgroup(s) left by processes that are gone: %s",
                    len(reaped), ", ".join(reaped))
    sandbox = StrictSandbox(backend, caps)
    log.info("code runner: %s in force", sandbox.describe())
    return sandbox
