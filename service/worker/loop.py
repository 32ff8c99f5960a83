"""The embedded background loop: one daemon thread per serving process (with a broker, the
tick runs in the one worker that holds the scheduler lock instead: service.worker.scheduler).

Each tick expires due interviews (and finalizes finished ones), puts back jobs whose process
died, schedules stored jobs still queued, and sends due deliveries. Every step is safe to run in
several processes at once (claims are conditional updates), and a failing step is logged and
tried again next tick: an unreachable database delays work, it loses nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from service.interviews import flow, grading
from service.interviews.services import Services
from service.outbox import sender
from service.store import idempotency

log = logging.getLogger("service.worker")


def tick(services: Services) -> None:
    """One round of every background duty; each failure is logged, not raised."""
    stale = grading.stale_after(services.settings)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("expiry", lambda: flow.expire_due(services)),
        ("stale jobs", lambda: grading.requeue_interrupted(services, stale)),
        ("job sweep", lambda: grading.sweep(services)),
        ("deliveries", lambda: _deliveries(services)),
        ("idempotency records", lambda: idempotency.purge_expired(services.db)),
    ]
    for name, step in steps:
        try:
            step()
        except Exception:
            log.exception("background step '%s' failed; retrying next tick", name)


def _deliveries(services: Services) -> int:
    """Send due deliveries here, or with a broker enqueue them for the workers."""
    if not grading.distributed(services):
        return sender.send_due(services)
    from service.worker.dispatch import enqueue_delivery

    return sum(enqueue_delivery(services.settings, i) for i in sender.due_ids(services))


class BackgroundLoop:
    """Runs `tick` every `background_interval_seconds` on a daemon thread until stopped."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="background", daemon=True)
            self._thread.start()

    def leads(self) -> bool:
        """Whether this loop ticks this round (always; the broker's scheduler asks a lock)."""
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.leads():
                tick(self.services)
            self._stop.wait(self.services.settings.background_interval_seconds)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to stop and wait for the current tick to end."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
