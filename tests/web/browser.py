"""Browser harness of the page tests: the app served on a real local port, Debian's Chromium
driven by Playwright (never a downloaded browser), console errors collected, axe-core checks and
screenshots at desktop and phone width."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from service.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@contextmanager
def served(app) -> Iterator[str]:
    """The app on 127.0.0.1 and a free port (threaded werkzeug server); yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


class ConsoleErrors:
    """Collects console errors and uncaught exceptions of every page of a context."""

    def __init__(self, context) -> None:
        self.errors: list[str] = []
        context.on("page", self.watch)

    def watch(self, page) -> None:
        """Collect the page's errors."""
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def serious_violations(page) -> list[str]:
    """axe-core violations of impact serious or critical on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def screenshots(page, name: str) -> list[Path]:
    """Full-page screenshots at desktop and phone width under var/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = []
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        path = SCREENSHOTS / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    return paths
