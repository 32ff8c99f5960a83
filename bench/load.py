"""Load test: mixed traffic for a bounded time against a `grader serve` this script starts on
loopback (Locust, headless, in-process; nothing leaves 127.0.0.1).

Kinds of request, each at its own target rate (Locust users with constant throughput):
- written: a written answer (one of the scenario's graded sample answers at random). Through
  the candidate flow (POST /api/v1/candidate/interview/answers with an invite token,
  interviews created in the database beforehand: scored, stored, audited) when the server has
  that route, a share of them (--tryout-share) through the try-out
  endpoint (POST /api/v1/scenarios/<id>/score: scored, nothing stored); a server without the
  candidate route gets them all on the try-out endpoint. `WRITTEN_ROUTES` maps route names to
  tasks: the first route the server's /openapi.json lists is used.
- read: a scenario (GET /api/v1/scenarios/<id>) or the list.
- code: a code submission (POST .../grade-code) faster than the sandboxes grade, so the queue
  fills: beyond its limit the answer must be 503 with Retry-After (counted as refused, not as a
  failure); every accepted job must then finish (waited for after the run, bounded).

Before the server starts, a floor run sends the same number of users at the same rate to a bare
WSGI app (bench/bare_app.py) under the same web server settings: its latency is what the load
generator and the HTTP stack alone add on this machine, the baseline for the server's numbers.
Once the server answers, the load waits until the machine is idle for a second (its start-up
work, warm sandboxes starting, is over; at most 60 s).

Prints requests/s, p50/p95/p99 per kind, failures, the machine's CPU use, the code queue depth
(sampled every second) and the machine it ran on. Targets on 2 cores: >= 500 written answers/s,
p99 < 50 ms, 0 errors.

The store is the embedded default (SQLite in a temporary directory) or, with
--database postgresql, a throwaway local PostgreSQL server with its default durability.

    python bench/load.py [--seconds 60] [--written-rate 500] [--read-rate 100] [--code-rate 2]
                         [--database sqlite|postgresql]
"""

from __future__ import annotations

# Locust patches the standard library with gevent: it is imported before anything else.
from locust import FastHttpUser, constant_throughput, task  # isort: skip
from locust.env import Environment  # isort: skip
from locust.event import Events  # isort: skip
from locust.stats import StatsEntry  # isort: skip

import argparse
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import gevent
import gevent.event
import psutil
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import sample_answers, seed_interviews  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.store import migrate  # noqa: E402
from service.store.db import make_engine  # noqa: E402
from tests.pg import start_postgres  # noqa: E402

CANDIDATE_ROUTE = "/api/v1/candidate/interview/answers"
TRYOUT_ROUTE = "/api/v1/scenarios/{scenario_id}/score"
WRITTEN_SCENARIO = "kafka-schema-evolution"
CODE_SCENARIO = "stateful-streaming-alerts"
# The scenario's graded sample answers (strong, partial, weak, off-topic, negated, keyword
# stuffed; 31-279 words), one at random per request: answers differ in length and in what the
# scorer finds, as a portal's candidates' do.
ANSWERS = sample_answers(WRITTEN_SCENARIO)
CODE = "def solve(spark, readings):\n    return readings\n"
WRITTEN_STORED = "written: candidate"
WRITTEN_TRYOUT = "written: try-out"


@dataclass
class Shared:
    """What the users share: targets, the chosen written route and code job bookkeeping."""

    scenario_ids: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    written: Callable | None = None
    tryout_share: float = 0.0
    accepted: list[str] = field(default_factory=list)
    refused: int = 0
    depth: list[int] = field(default_factory=list)


SHARED = Shared()
# Requests per second of one simulated client (a portal's connection). Locust runs its users as
# greenlets of one process, and many users make it late in sending and reading: against a bare
# WSGI app at 600 requests/s on this machine it measured p50 10 ms, p99 38 ms with 60 users of
# 10/s (a plain client beside it saw 1.2 ms), p50 7 ms, p99 14 ms with 30 users of 20/s, and
# p50 2 ms, p99 8 ms with 12 users of 50/s. That lateness would count as the server's latency.
# Fewer users cap the rate, though: a user waits for its answer before the next request, so 20/s
# a user still reaches the target rate with answers of up to 50 ms. The floor run prints what
# the generator adds with these settings.
USER_RATE = 20


def candidate_answer(user: FastHttpUser) -> None:
    """A written answer through the candidate flow, as the invited candidate (scored, stored,
    audited); a share of them (--tryout-share) through the try-out scorer instead."""
    if random.random() < SHARED.tryout_share:
        tryout_answer(user)
        return
    token = random.choice(SHARED.tokens)
    body = {"scenario_id": WRITTEN_SCENARIO, "text": random.choice(ANSWERS)}
    user.client.post(CANDIDATE_ROUTE, json=body, headers={"Authorization": f"Bearer {token}"},
                     name=WRITTEN_STORED)


def tryout_answer(user: FastHttpUser) -> None:
    """A written answer through the public try-out scorer (scored, nothing stored)."""
    user.client.post(f"/api/v1/scenarios/{WRITTEN_SCENARIO}/score",
                     json={"answer": random.choice(ANSWERS)}, name=WRITTEN_TRYOUT)


WRITTEN_ROUTES: dict[str, Callable[[FastHttpUser], None]] = {
    CANDIDATE_ROUTE: candidate_answer,
    TRYOUT_ROUTE: tryout_answer,
}


class Written(FastHttpUser):
    wait_time = constant_throughput(USER_RATE)

    @task
    def answer(self) -> None:
        SHARED.written(self)


class Bare(FastHttpUser):
    """The floor run: the same requests per user against bench/bare_app.py."""

    wait_time = constant_throughput(USER_RATE)

    @task
    def post(self) -> None:
        self.client.post("/", json={"text": random.choice(ANSWERS)}, name="bare app")


class Reader(FastHttpUser):
    wait_time = constant_throughput(USER_RATE)

    @task(4)
    def one(self) -> None:
        scenario_id = random.choice(SHARED.scenario_ids)
        self.client.get(f"/api/v1/scenarios/{scenario_id}", name="read")

    @task(1)
    def page(self) -> None:
        self.client.get("/api/v1/scenarios?limit=20", name="read")


class Coder(FastHttpUser):
    wait_time = constant_throughput(1)

    @task
    def submit(self) -> None:
        with self.client.post(f"/api/v1/scenarios/{CODE_SCENARIO}/grade-code",
                              json={"code": CODE}, name="code", catch_response=True) as response:
            if response.status_code in (200, 202):
                SHARED.accepted.append(response.json()["id"])
                response.success()
            elif response.status_code == 503 and response.headers.get("Retry-After"):
                SHARED.refused += 1
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def start_server(env: dict[str, str], base: str, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        process = subprocess.Popen([str(Path(sys.executable).parent / "grader"), "serve"],
                                   env=env,
                                   cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"grader serve exited:\n{log.read_text()[-3000:]}")
        try:
            get_json(f"{base}/healthz")
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("grader serve did not answer within 120 s")


def sample_depth(engine, stop: gevent.event.Event) -> None:
    while not stop.is_set():
        with engine.connect() as connection:
            SHARED.depth.append(connection.execute(
                text("SELECT count(*) FROM code_jobs WHERE status <> 'done'")).scalar_one())
        stop.wait(1.0)


def wait_finished(engine, ids: list[str], seconds: float) -> int:
    """Wait until every accepted job is done (at most `seconds`); returns how many are not."""
    deadline = time.monotonic() + seconds
    left = len(ids)
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            done = connection.execute(
                text("SELECT count(*) FROM code_jobs WHERE status = 'done'")).scalar_one()
        left = len(ids) - done
        if left <= 0:
            return 0
        time.sleep(1.0)
    return left


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time used so far by `grader serve`, its web workers and their sandboxes (the
    finished ones are counted in their parent's children times)."""
    root = psutil.Process(server.pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, load {load}"


def cpu_ticks() -> tuple[int, int, int]:
    """The machine's CPU time so far, in ticks: (all, busy, niced) from /proc/stat. Sandboxes
    are reaped outside the server's process tree, so only the machine counts them fully."""
    user, nice, system, idle, iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9])
    total = user + nice + system + idle + iowait + irq + softirq + steal
    return total, total - idle - iowait, nice


def wait_settled(limit: float = 60, idle_share: float = 0.75) -> float:
    """Wait until the machine is mostly idle for a second (the server's start-up work, warm
    sandboxes starting, is over), at most `limit` seconds; returns the seconds waited. The
    load then measures a server that has been up, as a portal's traffic finds it."""
    started = time.monotonic()
    before = cpu_ticks()
    while time.monotonic() - started < limit:
        time.sleep(1)
        now = cpu_ticks()
        total, busy = now[0] - before[0], now[1] - before[1]
        if total and busy / total < 1 - idle_share:
            break
        before = now
    return time.monotonic() - started


def run_users(classes: list[type[FastHttpUser]], host: str, seconds: float) -> Environment:
    """Run the user classes (each at its fixed_count) against `host` for `seconds`."""
    users = sum(c.fixed_count for c in classes)
    # own event hooks: the statistics of an earlier run must not count this run's requests
    environment = Environment(user_classes=classes, host=host, events=Events())
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(seconds)
    runner.quit()
    return environment


def floor_run(args: argparse.Namespace, users: int) -> StatsEntry:
    """The same number of users at the same rate posting to bench/bare_app.py under Granian
    with the same processes and threads as `grader serve`: what the load generator and HTTP
    stack alone cost in latency on this machine."""
    port = free_port()
    bare = subprocess.Popen(
        [str(Path(sys.executable).parent / "granian"), "--interface", "wsgi", "--http", "1",
         "--no-ws", "--port", str(port), "--workers", str(args.web_workers),
         "--blocking-threads", str(args.web_threads), "bare_app:app"], cwd=ROOT / "bench",
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the bare app did not start") from None
                time.sleep(0.2)
        Bare.fixed_count = users
        return run_users([Bare], f"http://127.0.0.1:{port}", args.floor_seconds).stats.total
    finally:
        os.killpg(bare.pid, signal.SIGTERM)
        bare.wait(timeout=30)


def merged(entries: list[StatsEntry], name: str) -> StatsEntry:
    """One row for several kinds of request (their response times pooled)."""
    row = StatsEntry(entries[0].stats, name, "")
    for entry in entries:
        row.extend(entry)
    return row


def print_row(entry: StatsEntry, name: str, seconds: float) -> None:
    print(f"{name:20} {entry.num_requests:9d} {entry.num_requests / seconds:8.1f} "
          f"{entry.get_response_time_percentile(0.5):7.0f} "
          f"{entry.get_response_time_percentile(0.95):7.0f} "
          f"{entry.get_response_time_percentile(0.99):7.0f} {entry.num_failures:9d}")


def report(environment: Environment, seconds: float, left: int, cpu: float,
           generator_cpu: float, ticks: tuple[int, int, int], floor: StatsEntry | None,
           floor_seconds: float) -> None:
    print(f"\nmachine: {machine()}")
    total_ticks, busy, niced = ticks
    print(f"machine CPU during the run: {100 * busy / total_ticks:.0f} % busy "
          f"({100 * niced / total_ticks:.0f} % niced: the sandboxes)")
    print(f"load generator (Locust, this process) CPU: {generator_cpu:.1f} s "
          f"({generator_cpu / seconds:.2f} cores: near 1.0 means it, not the server, is the limit)")
    requests = environment.stats.total.num_requests
    if requests:
        print(f"server processes CPU (web, without most sandbox time): {cpu:.1f} s over "
              f"{seconds:.0f} s ({cpu / seconds:.2f} cores), {1000 * cpu / requests:.2f} ms per "
              f"request")
    print(f"{'kind':20} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'failures':>9}")
    if floor is not None:
        print_row(floor, "floor: bare app", floor_seconds)
    entries = sorted(environment.stats.entries.values(), key=lambda e: e.name)
    for entry in entries:
        print_row(entry, entry.name, seconds)
    written = [e for e in entries if e.name.startswith("written")]
    if len(written) > 1:
        print_row(merged(written, "written (all)"), "written (all)", seconds)
    print_row(environment.stats.total, "total", seconds)
    for error in environment.stats.errors.values():
        print(f"  error x{error.occurrences}: {error.method} {error.name}: {error.error}")
    depth = SHARED.depth or [0]
    print(f"code: {len(SHARED.accepted)} accepted, {SHARED.refused} refused with 503 + "
          f"Retry-After, {len(SHARED.accepted) - left} of the accepted finished, {left} not")
    print(f"code queue depth (unfinished jobs): max {max(depth)}, at the end of the load "
          f"{depth[-1]}")


def print_server_errors(log: Path) -> None:
    """The server's tracebacks, so a failure of the run can be explained (the log goes with
    the run's temporary directory)."""
    lines = log.read_text(errors="replace").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback")]
    for start in starts[:3]:
        end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")),
                   len(lines) - 1)
        print("\n".join(lines[max(0, start - 2):end + 1]))
    print(f"server log: {len(starts)} tracebacks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--written-rate", type=int, default=500, help="target answers/s")
    parser.add_argument("--read-rate", type=int, default=100, help="target reads/s")
    parser.add_argument("--code-rate", type=int, default=2,
                        help="target code submissions/s (0: none, the web side alone)")
    parser.add_argument("--web-workers", type=int, default=2, help="web server processes")
    parser.add_argument("--web-threads", type=int, default=8,
                        help="threads per process (GRADER_THREADS; its default)")
    parser.add_argument("--tryout-share", type=float, default=0.2,
                        help="share of the written answers sent to the try-out scorer")
    parser.add_argument("--floor-seconds", type=float, default=10,
                        help="length of the floor run against a bare WSGI app (0: none)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite",
                        help="sqlite: the embedded default (a file in a temporary directory); "
                        "postgresql: the production store, a throwaway local server with its "
                        "default durability (fsync, synchronous commit)")
    parser.add_argument("--code-queue-max", type=int, default=10)
    parser.add_argument("--drain-seconds", type=float, default=300,
                        help="how long to wait for accepted code jobs after the load")
    args = parser.parse_args()

    Written.fixed_count = max(1, round(args.written_rate / USER_RATE))
    Reader.fixed_count = max(1, round(args.read_rate / USER_RATE))
    Coder.fixed_count = args.code_rate
    classes = [c for c in (Written, Reader, Coder) if c.fixed_count]
    # first, while the server is not running yet
    floor = floor_run(args, sum(c.fixed_count for c in classes)) if args.floor_seconds else None
    work = Path(tempfile.mkdtemp(prefix="grader-load-"))
    postgres = None
    try:
        if args.database == "postgresql":
            postgres = start_postgres(durable=True)
        url = postgres.create_database("load") if postgres else f"sqlite:///{work / 'grader.db'}"
        measure(args, classes, url, work, floor)
    finally:
        if postgres:
            postgres.stop()
        shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, classes: list[type[FastHttpUser]], url: str, work: Path,
            floor: StatsEntry | None) -> None:
    """Start `grader serve` on `url`, run the users against it and print the report."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GRADER_DATABASE_URL": url,
           "GRADER_HOST": "127.0.0.1", "GRADER_PORT": str(port),
           "GRADER_WORKERS": str(args.web_workers), "GRADER_THREADS": str(args.web_threads),
           "GRADER_RATE_LIMIT": "1000000/minute", "GRADER_CODE_POOL_SIZE": "1",
           "GRADER_CODE_QUEUE_MAX": str(args.code_queue_max),
           "GRADER_CODE_SYNC_WAIT_SECONDS": "0", "GRADER_BROKER_URL": ""}
    migrate.upgrade(url)
    server = start_server(env, base, work / "serve.log")
    engine = make_engine(url)
    try:
        paths = get_json(f"{base}/openapi.json")["paths"]
        route = next(r for r in WRITTEN_ROUTES if r in paths)
        SHARED.written, SHARED.tryout_share = WRITTEN_ROUTES[route], args.tryout_share
        if route == CANDIDATE_ROUTE:
            SHARED.tokens = seed_interviews(Settings(database_url=url), 50,
                                            [WRITTEN_SCENARIO, CODE_SCENARIO])
        SHARED.scenario_ids = [s["id"] for s in
                               get_json(f"{base}/api/v1/scenarios?limit=100")["items"]]
        settled = wait_settled()
        print(f"written answers through {route}, store {args.database}; server settled after "
              f"{settled:.0f} s; machine before the run: {machine()}")

        stop = gevent.event.Event()
        sampler = gevent.spawn(sample_depth, engine, stop)
        started, cpu_before = time.monotonic(), server_cpu_seconds(server)
        generator_before = sum(psutil.Process().cpu_times()[:2])
        ticks_before = cpu_ticks()
        environment = run_users(classes, base, args.seconds)
        elapsed = time.monotonic() - started
        ticks = tuple(a - b for a, b in zip(cpu_ticks(), ticks_before, strict=True))
        cpu = server_cpu_seconds(server) - cpu_before
        generator_cpu = sum(psutil.Process().cpu_times()[:2]) - generator_before
        stop.set()
        sampler.join()
        left = wait_finished(engine, SHARED.accepted, args.drain_seconds)
        report(environment, elapsed, left, cpu, generator_cpu, ticks, floor, args.floor_seconds)
        if environment.stats.total.num_failures:
            print_server_errors(work / "serve.log")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        engine.dispose()


if __name__ == "__main__":
    main()
