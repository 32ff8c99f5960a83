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

from service.cli.server import keepalive_seconds
from service.settings import Settings

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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    db = tmp_path_factory.mktemp("serve") / "var" / "grader.db"
    env = {**os.environ, "GRADER_DATABASE_URL": f"sqlite:///{db}", "GRADER_PORT": str(port)}
    process = subprocess.Popen(
        [str(GRADER), "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"grader serve exited: {process.stdout.read().decode()}")
        try:
            if fetch(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.3)
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


def test_one_worker_keeps_a_client_connection_open_between_requests(server):
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


@pytest.mark.parametrize(("workers", "configured", "expected"), [
    (1, None, 2),
    (3, None, 0),
    (3, 5, 5),
    (1, 0, 0),
])
def test_keepalive_is_off_with_several_workers_unless_configured(workers, configured, expected):
    settings = Settings(workers=workers, keepalive_seconds=configured)
    assert keepalive_seconds(settings) == expected
