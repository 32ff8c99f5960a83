"""Answers stored with group commit against one transaction per answer, in the same run.

The candidate route's whole request (auth, limiter, scoring, storing, feedback) through the
WSGI app, no HTTP server, in the shape `grader serve` runs: 2 forked processes × 8 threads on
one SQLite file (or PostgreSQL with --database postgresql, a throwaway local server with
default durability), each thread answering as fast as it can. Rounds alternate between
`grouped` (service/store/group_commit.py: the answers of threads storing at the same time
share a transaction) and the baseline `alone` (each answer its own transaction, as before
group commit), so that both see the same machine. Prints answers/s, CPU per answer, p50/p99
latency and the mean answers per transaction per round, then the ratios of the medians.

    python bench/group_commit.py [--seconds 10] [--rounds 3] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_cost import ANSWER, ROUTE, SCENARIO, wsgi_call  # noqa: E402
from bench.seed import seed_interviews  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.store import migrate  # noqa: E402

PROCESSES, THREADS, INTERVIEWS = 2, 8, 50
MODES = ("grouped", "alone")


def answer_for(app, tokens: list[str], body: bytes, seconds: float, worker: int) -> dict:
    """In one forked process: THREADS threads answer for `seconds`; latencies, CPU, batches."""
    from service.store import group_commit

    batches: list[int] = []
    write_batch = group_commit.GroupCommitter._write_batch

    def counted(self, batch):  # counts the answers per transaction
        batches.append(len(batch))
        return write_batch(self, batch)

    group_commit.GroupCommitter._write_batch = counted
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    def run(first: int) -> None:
        i = first
        while time.monotonic() < stop:
            started = time.perf_counter()
            status = wsgi_call(app, "POST", ROUTE, tokens[i % len(tokens)], body)
            latencies.append(time.perf_counter() - started)
            if not status.startswith("201"):
                raise SystemExit(f"the answer was refused: {status}")
            i += THREADS
    cpu = time.process_time()
    threads = [threading.Thread(target=run, args=(worker * THREADS + k,)) for k in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "cpu": time.process_time() - cpu, "batches": batches}


def one_round(app, tokens: list[str], body: bytes, seconds: float, mode: str) -> dict:
    """PROCESSES forked processes answering at once in `mode`; their results together."""
    from service.interviews import flow
    from service.store import db

    services = app.extensions["grader.services"]
    services.db.dispose(close=False)
    pipes = []
    for worker in range(PROCESSES):
        read_end, write_end = os.pipe()
        if os.fork() == 0:  # the child: its own connections, then answer and report
            os.close(read_end)
            services.db.dispose(close=False)
            if mode == "alone":  # the answer path's INSERTs, each in a transaction of its own
                flow.insert_rows = db._insert_now
            report = answer_for(app, tokens, body, seconds, worker)
            with os.fdopen(write_end, "w") as out:
                json.dump(report, out)
            os._exit(0)
        os.close(write_end)
        pipes.append(read_end)
    reports = []
    for read_end in pipes:
        with os.fdopen(read_end) as report:
            reports.append(json.load(report))
    for _ in pipes:
        os.wait()
    latencies = sorted(x for r in reports for x in r["latencies"])
    batches = [n for r in reports for n in r["batches"]]
    return {
        "answers/s": len(latencies) / seconds,
        "cpu ms/answer": 1000 * sum(r["cpu"] for r in reports) / len(latencies),
        "p50 ms": 1000 * latencies[len(latencies) // 2],
        "p99 ms": 1000 * latencies[int(len(latencies) * 0.99)],
        "answers/transaction": statistics.mean(batches) if batches else 1.0,
    }


def measure(url: str, seconds: float, rounds: int) -> dict[str, list[dict]]:
    """Seed interviews on `url`, then alternate the modes for `rounds` rounds; per mode, each
    round's figures (printed as they come)."""
    from service import create_app

    settings = Settings(database_url=url, rate_limit="1000000/minute", code_warm_sandboxes=0,
                        broker_url="")
    migrate.upgrade(url)
    tokens = seed_interviews(settings, INTERVIEWS, [SCENARIO])
    app = create_app(settings)
    body = json.dumps({"scenario_id": SCENARIO, "text": ANSWER}).encode()
    for token in tokens:  # each interview's first answer starts it
        wsgi_call(app, "POST", ROUTE, token, body)
    rows: dict[str, list[dict]] = {mode: [] for mode in MODES}
    print(f"{'round':<12}{'answers/s':>10}{'cpu ms/answer':>15}{'p50 ms':>8}{'p99 ms':>8}"
          f"{'answers/transaction':>21}")
    for number in range(1, rounds + 1):
        for mode in MODES:
            row = one_round(app, tokens, body, seconds, mode)
            rows[mode].append(row)
            print(f"{mode + ' ' + str(number):<12}{row['answers/s']:>10.1f}"
                  f"{row['cpu ms/answer']:>15.2f}{row['p50 ms']:>8.1f}{row['p99 ms']:>8.1f}"
                  f"{row['answers/transaction']:>21.2f}", flush=True)
    app.extensions["grader.services"].db.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the seeded invites' log lines
    print(f"{PROCESSES} processes × {THREADS} threads, {args.database}, {args.rounds} rounds "
          f"of {args.seconds:g} s per mode, alternating", flush=True)
    with tempfile.TemporaryDirectory(prefix="grader-group-") as work:
        if args.database == "postgresql":
            from tests.pg import start_postgres

            server = start_postgres(durable=True)
            try:
                rows = measure(server.create_database("group"), args.seconds, args.rounds)
            finally:
                server.stop()
        else:
            rows = measure(f"sqlite:///{Path(work) / 'grader.db'}", args.seconds, args.rounds)
    for key in ("answers/s", "cpu ms/answer", "p99 ms"):
        grouped = statistics.median(r[key] for r in rows["grouped"])
        alone = statistics.median(r[key] for r in rows["alone"])
        print(f"{key}: grouped {grouped:.2f}, alone {alone:.2f} "
              f"(grouped/alone {grouped / alone:.2f}x, medians)")


if __name__ == "__main__":
    main()
