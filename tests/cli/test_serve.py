"""`grader serve` really serves over HTTP: migrates a fresh database, then answers."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.runner.sandboxed import sandbox_cgroups

GRADER = Path(sys.executable).parent / "grader"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def _launch(directory: Path, port: int, **settings: str) -> subprocess.Popen:
    """`grader serve` on a fresh SQLite database in `directory`, just started."""
    env = {**os.environ, "GRADER_DATABASE_URL": f"sqlite:///{directory / 'var' / 'grader.db'}",
           "GRADER_PORT": str(port), "GRADER_CODE_WARM_SANDBOXES": "0", **settings}
    return subprocess.Popen(  # a session of its own: `_kill_all` ends the whole server
        [str(GRADER), "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _spawn(directory: Path, **settings: str) -> subprocess.Popen:
    """`grader serve` once Granian listens: its workers are forked next."""
    process = _launch(directory, free_port(), **settings)
    output = b""
    while b"Listening at" not in output:
        line = process.stdout.readline()
        if not line:
            pytest.fail(f"grader serve exited: {output.decode()}")
        output += line
    return process


def _workers(process: subprocess.Popen) -> list[int]:
    """The pids of the worker processes `grader serve` has forked."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _kill_all(process: subprocess.Popen) -> None:
    """SIGKILL a server that did not stop, with its workers (they would outlive it)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _start(directory: Path, **settings: str) -> tuple[subprocess.Popen, str]:
    """`grader serve` on a fresh SQLite database in `directory`; returns it once it answers."""
    port = free_port()
    process = _launch(directory, port, **settings)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"grader serve exited: {process.stdout.read().decode()}")
        try:
            if fetch(f"{base}/healthz")[0] == 200:
                return process, base
        except OSError:
            time.sleep(0.3)
    _kill_all(process)
    pytest.fail("grader serve did not answer within 90 s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, base = _start(tmp_path_factory.mktemp("serve"), GRADER_WORKERS="2")
    yield base
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def test_serve_creates_the_database_and_answers_healthz(server):
    status, _, body = fetch(f"{server}/healthz")
    assert status == 200
    assert json.loads(body)["database"] == "ok"


def test_serve_lists_scenarios(server):
    status, _, body = fetch(f"{server}/api/v1/scenarios?limit=100")
    ids = {item["id"] for item in json.loads(body)["items"]}
    assert status == 200
    assert {"stateful-streaming-alerts", "kafka-schema-evolution"} <= ids


def test_serve_answers_unknown_path_with_problem_json(server):
    status, content_type, body = fetch(f"{server}/nope")
    assert (status, content_type) == (404, "application/problem+json")
    assert json.loads(body)["status"] == 404


def test_serve_answers_a_2mb_post_with_413_problem_json(server):
    status, content_type, _ = fetch(
        f"{server}/api/v1/scenarios/kafka-schema-evolution/score",
        data=b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
    )
    assert (status, content_type) == (413, "application/problem+json")


def test_serve_keeps_a_client_connection_open_between_requests(server):
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        for _ in range(2):
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
            assert response.getheader("Connection", "").lower() != "close"
        assert connection.sock is not None  # the same socket served both requests
    finally:
        connection.close()


@pytest.mark.parametrize(("setting", "logged"), [("true", True), ("false", False)])
def test_serve_logs_each_request_unless_the_access_log_is_off(tmp_path, setting, logged):
    process, base = _start(tmp_path, GRADER_ACCESS_LOG=setting)
    try:
        assert fetch(f"{base}/api/v1/scenarios/kafka-schema-evolution")[0] == 200
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode()
    line = '"GET /api/v1/scenarios/kafka-schema-evolution HTTP/1.1" 200'
    assert (line in output) is logged, output[-2000:]


@pytest.mark.sandbox
def test_sigterm_stops_the_workers_and_ends_their_warm_sandboxes(tmp_path):
    before = sandbox_cgroups()
    process, _ = _start(tmp_path, GRADER_WORKERS="2", GRADER_CODE_WARM_SANDBOXES="1")
    try:
        deadline = time.monotonic() + 120
        while len(sandbox_cgroups() - before) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)  # a warm sandbox per worker
        assert len(sandbox_cgroups() - before) == 2
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        assert process.returncode == 0
        assert sandbox_cgroups() - before == set()
    finally:
        _kill_all(process)


def test_sigterm_as_the_workers_start_still_stops_the_server(tmp_path):
    """The master passes SIGTERM on to workers that may still be loading the app, before
    Granian's own handlers are in place: the workers stop all the same."""
    for pause in (0.0, 0.01, 0.03):
        process = _spawn(tmp_path / str(pause), GRADER_WORKERS="2")
        try:
            deadline = time.monotonic() + 30
            while len(_workers(process)) < 2 and time.monotonic() < deadline:
                time.sleep(0.001)
            assert len(_workers(process)) == 2
            time.sleep(pause)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
        finally:
            _kill_all(process)
