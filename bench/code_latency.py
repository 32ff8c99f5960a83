"""Latency from submission to verdict of one bank code task: Sail cold, Sail warm, JVM (cold).

Each run goes through the real pool (CodeRunner.submit -> Future.result), so the time covers
queueing, taking or starting the sandboxes, every visible and hidden test and the verdict.
Cold: every run starts its own sandboxes (GRADER_CODE_WARM_SANDBOXES=0). Warm: the pool's
warm sandboxes are refilled before each submission (arrivals slower than the refill). Prints
p50 and p95 side by side with ratios against the cold Sail baseline of the same run, the
load average (the CPU may be shared), and the targets: warm p50 <= 0.4 s, cold Sail p50 <=
1.5 s and >= 3x faster than the JVM engine.

    .venv/bin/python bench/code_latency.py [--task stateful-streaming-alerts] [--runs 20]
                                           [--jvm-runs 5]
"""

from __future__ import annotations

import argparse
import os
import time

from service.content.bank import Entry, load_bank
from service.runner.pool import CodeRunner
from service.runner.verdicts import Verdict
from service.settings import Settings

WARM_P50_TARGET = 0.4
SAIL_P50_TARGET = 1.5
SPEEDUP_TARGET = 3.0
FILL_SECONDS = 120


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def measure(runner: CodeRunner, entry: Entry, engine: str, runs: int) -> list[float]:
    """Seconds from submit to verdict, one submission at a time (after the warm sandboxes, if
    any, are refilled); every verdict must be accepted (the reference solution)."""
    timings = []
    for _ in range(runs):
        if runner.warm is not None and not runner.warm.wait_filled(FILL_SECONDS):
            raise SystemExit("the warm sandboxes did not refill")
        started = time.perf_counter()
        result = runner.submit(
            entry.scenario, entry.rubric, entry.rubric.code.reference_solution, engine=engine
        ).result()
        timings.append(time.perf_counter() - started)
        if result.verdict is not Verdict.accepted:
            raise SystemExit(f"{engine}: reference solution got {result.verdict.value}")
    return timings


def run_mode(entry: Entry, engine: str, warm: int, runs: int) -> list[float]:
    """Timings on a fresh pool with `warm` warm sandboxes (its first submission not counted)."""
    runner = CodeRunner(Settings(code_warm_sandboxes=warm))
    if runner.unavailable is not None:
        raise SystemExit(str(runner.unavailable))
    runner.start()
    try:
        measure(runner, entry, engine, 1)  # host-side imports, first sandbox start
        return measure(runner, entry, engine, runs)
    finally:
        runner.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="stateful-streaming-alerts")
    parser.add_argument("--runs", type=int, default=20, help="runs per Sail mode")
    parser.add_argument("--jvm-runs", type=int, default=5)
    args = parser.parse_args()

    settings = Settings()
    entry = load_bank(settings.scenarios_dir, settings.rubrics_dir).get(args.task)
    if entry is None or entry.rubric.code is None:
        raise SystemExit(f"no code task {args.task!r} in the bank")
    print(f"task {args.task}: {len(entry.scenario.code.examples)} visible + "
          f"{len(entry.rubric.code.tests)} hidden tests; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at start", flush=True)
    modes = (("sail cold", "sail", 0, args.runs), ("sail warm", "sail", 2, args.runs),
             ("jvm cold", "jvm", 0, args.jvm_runs))
    print(f"{'':10} {'runs':>5} {'p50 s':>7} {'p95 s':>7} {'p50/cold':>9} {'p95/cold':>9}",
          flush=True)
    results = {}
    for label, engine, warm, runs in modes:
        timings = run_mode(entry, engine, warm, runs)
        p50, p95 = results[label] = (percentile(timings, 0.5), percentile(timings, 0.95))
        cold_p50, cold_p95 = results["sail cold"]
        print(f"{label:10} {runs:5d} {p50:7.3f} {p95:7.3f} {p50 / cold_p50:8.2f}x "
              f"{p95 / cold_p95:8.2f}x", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end (other work on the machine "
          "slows every mode)")
    warm_p50, jvm_p50 = results["sail warm"][0], results["jvm cold"][0]
    targets = (
        (f"sail warm p50 <= {WARM_P50_TARGET} s", warm_p50 <= WARM_P50_TARGET),
        (f"sail cold p50 <= {SAIL_P50_TARGET} s", cold_p50 <= SAIL_P50_TARGET),
        (f"sail cold >= {SPEEDUP_TARGET}x faster than jvm", jvm_p50 / cold_p50 >= SPEEDUP_TARGET),
    )
    for name, met in targets:
        print(f"target {name}: {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
