"""What one written answer through the candidate route costs, stage by stage, in one process.

The scenario's six graded sample answers in turn, run back to back (medians after a warm-up)
on a fresh SQLite database (or PostgreSQL with --database postgresql, a throwaway local server
with default durability):
- score: `score_answer` alone (the pure engine),
- authenticate: the invite-token lookup every candidate request makes,
- submit_text: check the interview (one query), score, store (one short transaction; alone
  here, so not shared with other requests' as under load),
- request: the whole POST through the app (auth, limiter, validation, feedback, JSON), no HTTP
  server around it,
and, as baselines measured in the same run, a scenario read and `/healthz` through the same
app. The load test (bench/load.py) adds the web server, HTTP and the concurrency; this script says
where the CPU of one answer goes, for work on the per-answer cost.

    python bench/answer_cost.py [--runs 400] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import sample_answers, seed_interviews  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.store import migrate  # noqa: E402

SCENARIO = "kafka-schema-evolution"
ROUTE = "/api/v1/candidate/interview/answers"
# the scenario's graded sample answers in turn (strong to off-topic, 31-279 words), as the load
# test sends them: a single short answer would understate scoring's share
ANSWERS = sample_answers(SCENARIO)
WARM_UP = 30


def answer(i: int) -> str:
    """The `i`-th answer sent: the sample answers in turn."""
    return ANSWERS[i % len(ANSWERS)]


def median_ms(step: Callable[[int], object], runs: int) -> float:
    """The median wall time of `step(i)` in milliseconds, after a warm-up."""
    for i in range(WARM_UP):
        step(i)
    times = []
    for i in range(runs):
        started = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def wsgi_call(app, method: str, path: str, token: str, body: bytes = b"") -> str:
    """Call the WSGI app directly; returns the status line."""
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json", "HTTP_AUTHORIZATION": f"Bearer {token}",
    }
    statuses: list[str] = []
    b"".join(app(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    return statuses[0]


def measure(url: str, runs: int) -> dict[str, float]:
    from sqlmodel import Session

    from service import create_app
    from service.interviews import flow
    from service.scoring import score_answer
    from service.store.keys import authenticate

    settings = Settings(database_url=url, rate_limit="1000000/minute", code_warm_sandboxes=0,
                        broker_url="")
    migrate.upgrade(url)
    tokens = seed_interviews(settings, 5, [SCENARIO])
    app = create_app(settings)
    gc.freeze()  # as `grader serve` does before its workers start
    services = app.extensions["grader.services"]
    entry = services.bank.get(SCENARIO)
    with Session(services.db) as session:
        candidates = [authenticate(session, token) for token in tokens]
    bodies = [json.dumps({"scenario_id": SCENARIO, "text": text}).encode() for text in ANSWERS]

    def request(i: int) -> None:
        status = wsgi_call(app, "POST", ROUTE, tokens[i % 5], bodies[i % len(bodies)])
        if not status.startswith("201"):
            raise SystemExit(f"the answer was refused: {status}")

    def lookup(i: int) -> None:
        with Session(services.db) as session:
            authenticate(session, tokens[i % 5])

    costs = {
        "score": median_ms(lambda i: score_answer(entry.rubric, answer(i),
                                                  question=entry.scenario.prompt), runs),
        "authenticate": median_ms(lookup, runs),
        "submit_text": median_ms(lambda i: flow.submit_text(services, candidates[i % 5],
                                                            SCENARIO, answer(i)), runs),
        "request": median_ms(request, runs),
        "read (baseline)": median_ms(
            lambda i: wsgi_call(app, "GET", f"/api/v1/scenarios/{SCENARIO}", tokens[0]), runs),
        "healthz (baseline)": median_ms(
            lambda i: wsgi_call(app, "GET", "/healthz", tokens[0]), runs),
    }
    services.db.dispose()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grader-cost-") as work:
        if args.database == "postgresql":
            from tests.pg import start_postgres

            server = start_postgres(durable=True)
            try:
                costs = measure(server.create_database("cost"), args.runs)
            finally:
                server.stop()
        else:
            costs = measure(f"sqlite:///{Path(work) / 'grader.db'}", args.runs)
    request, baseline = costs["request"], costs["healthz (baseline)"]
    print(f"one written answer, {args.database}, median of {args.runs} after {WARM_UP} warm-up:")
    for stage, cost in costs.items():
        print(f"  {stage:20} {cost:6.2f} ms  {cost / request:5.0%} of the request  "
              f"{cost / baseline:5.1f}x healthz")
    print(f"  request without submit_text, authenticate: "
          f"{request - costs['submit_text'] - costs['authenticate']:.2f} ms (framework, limiter, "
          f"validation, feedback)")


if __name__ == "__main__":
    main()
