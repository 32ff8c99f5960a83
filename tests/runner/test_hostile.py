"""A corpus of escape attempts (tests/runner/hostile/*.py): each is contained with the verdict
its header names, leaks nothing, and the service still answers and grades afterwards. Sail
cases run in warm sandboxes (booted ahead, next to the other waiting one), as in production.

Header lines: `# expect: <verdict>` (or `a|b` when which limit ends it first depends on
timing), optionally `# says: <text>` (in the first test's message) and `# engine: jvm`.
Placeholders {DB_PATH}, {PORT} and {PROJECT} are replaced with the live service's database,
port and project root.
"""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service import create_app
from service.runner.pool import CodeRunner
from service.runner.verdicts import Verdict
from service.settings import PROJECT_ROOT, Settings
from service.store import migrate
from tests.runner.demo_tasks import TOTALS_REFERENCE, totals_task, write_bank
from tests.runner.sandboxed import settings

pytestmark = pytest.mark.sandbox

CORPUS = sorted((Path(__file__).parent / "hostile").glob("*.py"))
SQLITE_HEADER = "SQLite format 3"


@dataclass(frozen=True)
class LiveService:
    """The real app served on a loopback port, with its SQLite database."""

    port: int
    db_path: Path

    def answers(self) -> bool:
        url = f"http://127.0.0.1:{self.port}/healthz"
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Iterator[LiveService]:
    root = tmp_path_factory.mktemp("service")
    db_path = root / "grader.db"
    url = f"sqlite:///{db_path}"
    migrate.upgrade(url)
    scenarios, rubrics = write_bank(root, [totals_task()])
    app = create_app(Settings(database_url=url, scenarios_dir=scenarios, rubrics_dir=rubrics))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live = LiveService(server.server_port, db_path)
    assert live.answers() and db_path.read_bytes().startswith(SQLITE_HEADER.encode())
    yield live
    server.shutdown()


@pytest.fixture(scope="module")
def runner() -> Iterator[CodeRunner]:
    """A pool with two warm Sail sandboxes and tight limits."""
    pool = CodeRunner(settings(code_timeout_seconds=6, code_jvm_timeout_seconds=120,
                               code_memory_mb=512, code_warm_sandboxes=2))
    pool.start()
    yield pool
    pool.shutdown()


def _graded_warm(runner: CodeRunner, code: str, engine: str):
    """The result of `code` on the totals task; Sail runs take both halves from warm sandboxes."""
    scenario, rubric = totals_task()
    assert runner.warm.wait_filled(120)
    handed = runner.warm.handed
    result = runner.submit(scenario, rubric, code, engine=engine).result(timeout=300)
    assert runner.warm.handed == handed + (2 if engine == "sail" else 0)
    return result


def _header(source: str, key: str, default: str | None = None, line: bool = False) -> str | None:
    value = r".+" if line else r"\S+"
    match = re.search(rf"^# {key}: ({value})$", source, re.MULTILINE)
    return match.group(1) if match else default


def _secrets() -> list[str]:
    secrets = [SQLITE_HEADER]
    shadow = Path("/etc/shadow")
    if shadow.exists():
        secrets += [line for line in shadow.read_text().splitlines() if line.strip()][:1]
    return secrets


def _case(path: Path):
    jvm = _header(path.read_text(), "engine") == "jvm"
    return pytest.param(path, id=path.stem, marks=[pytest.mark.jvm] if jvm else [])


@pytest.mark.parametrize("path", [_case(path) for path in CORPUS])
def test_hostile_program_is_contained(path: Path, service: LiveService, runner: CodeRunner):
    source = path.read_text()
    engine = _header(source, "engine", "sail")
    code = (source.replace("{DB_PATH}", str(service.db_path))
            .replace("{PORT}", str(service.port))
            .replace("{PROJECT}", str(PROJECT_ROOT)))
    result = _graded_warm(runner, code, engine)
    expected = {Verdict(name) for name in _header(source, "expect").split("|")}
    assert result.verdict in expected, result
    says = _header(source, "says", line=True)
    assert says is None or says in result.tests[0].message, result.tests[0].message
    shown = result.model_dump_json()
    for secret in _secrets():
        assert secret not in shown
    assert service.answers()
    follow_up = _graded_warm(runner, TOTALS_REFERENCE, "sail")
    assert follow_up.verdict is Verdict.accepted, follow_up


def test_corpus_covers_every_required_attack():
    names = {path.stem for path in CORPUS}
    assert {
        "subprocess_reads_shadow", "os_system_reads_database", "open_database", "open_shadow",
        "socket_to_service_port", "network_has_only_loopback", "fork_bomb", "memory_bomb",
        "infinite_loop", "infinite_loop_in_spark_job", "fill_the_disk", "huge_stdout",
        "result_file_swapped_for_symlink", "monkeypatch_comparison", "print_fake_verdict",
        "py4j_runs_commands_through_the_jvm",
    } <= names
