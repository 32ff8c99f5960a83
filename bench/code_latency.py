"""Latency from submission to verdict of one seed code task, Sail engine vs JVM engine.

Each run goes through the real pool (CodeRunner.submit -> Future.result), so the time covers
queueing, sandbox start, engine start, every test of the task and the verdict. Prints p50 and
p95 per engine and the ratio; targets: Sail p50 <= 1.5 s and >= 3x faster than the JVM engine.

    .venv/bin/python bench/code_latency.py [--task late-arriving-events] [--sail-runs 20]
                                           [--jvm-runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from service.content.bank import load_bank
from service.runner.pool import CodeRunner
from service.runner.verdicts import Verdict
from service.settings import Settings

SAIL_P50_TARGET = 1.5
SPEEDUP_TARGET = 3.0


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def measure(runner: CodeRunner, scenario, rubric, engine: str, runs: int) -> list[float]:
    """Seconds from submit to verdict, one submission at a time; every verdict must be
    accepted (the reference solution)."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = runner.submit(
            scenario, rubric, rubric.code.reference_solution, engine=engine
        ).result()
        timings.append(time.perf_counter() - started)
        if result.verdict is not Verdict.accepted:
            raise SystemExit(f"{engine}: reference solution got {result.verdict.value}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="late-arriving-events")
    parser.add_argument("--sail-runs", type=int, default=20)
    parser.add_argument("--jvm-runs", type=int, default=5)
    args = parser.parse_args()

    settings = Settings()
    entry = load_bank(settings.scenarios_dir, settings.rubrics_dir).get(args.task)
    if entry is None or entry.rubric.code is None:
        raise SystemExit(f"no code task {args.task!r} in the bank")
    runner = CodeRunner(settings)
    if runner.unavailable is not None:
        raise SystemExit(str(runner.unavailable))
    print(f"task {args.task}: {len(entry.scenario.code.examples)} visible + "
          f"{len(entry.rubric.code.tests)} hidden tests; {runner.sandbox.describe()}")
    measure(runner, entry.scenario, entry.rubric, "sail", 1)  # warm the host-side imports
    results = {}
    for engine, runs in (("sail", args.sail_runs), ("jvm", args.jvm_runs)):
        timings = measure(runner, entry.scenario, entry.rubric, engine, runs)
        results[engine] = (percentile(timings, 0.5), percentile(timings, 0.95))
        print(f"{engine:>5}: runs {runs:3d}  p50 {results[engine][0]:6.2f} s  "
              f"p95 {results[engine][1]:6.2f} s  mean {statistics.mean(timings):6.2f} s")
    runner.shutdown()
    sail_p50, jvm_p50 = results["sail"][0], results["jvm"][0]
    ratio = jvm_p50 / sail_p50
    print(f"ratio jvm/sail p50: {ratio:.1f}x")
    print(f"target sail p50 <= {SAIL_P50_TARGET} s: "
          f"{'met' if sail_p50 <= SAIL_P50_TARGET else 'MISSED'}")
    print(f"target >= {SPEEDUP_TARGET}x faster than jvm: "
          f"{'met' if ratio >= SPEEDUP_TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
