"""Start-up time of the `grader` commands, against baselines measured in the same run.

Each command runs as a fresh process, `--runs` times after one warm-up run (which also writes
the bytecode caches a normal installation has); the median wall time is printed with its ratio to
two baselines: a bare interpreter (`python -c pass`) and one that only imports spaCy, the
heaviest library the scoring commands need. Target: `grader --help`, `grader score` and
`grader lint` each under 1.5 s. The machine's CPU is shared, so quote the ratios with the
numbers: they move much less than the seconds when other work slows the machine down.

    python bench/cli_start.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ANSWER = "Use a schema registry with backward compatibility and defaults for new fields."
TARGET_SECONDS = 1.5
BASELINES = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import spacy'": [sys.executable, "-c", "import spacy"],
}
COMMANDS = {
    "grader --help": [str(BIN / "grader"), "--help"],
    "grader score": [str(BIN / "grader"), "score", "kafka-schema-evolution", "-"],
    "grader lint": [str(BIN / "grader"), "lint"],
}


def median_seconds(argv: list[str], runs: int) -> float:
    """Median wall time of `argv` over `runs` runs (the answer on stdin), after one warm-up
    run."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for number in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(argv, env=env, check=True, input=ANSWER, text=True,
                       stdout=subprocess.DEVNULL)
        if number:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Print the baselines, then every command with its ratios and the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    base = {name: median_seconds(argv, args.runs) for name, argv in BASELINES.items()}
    for name, seconds in base.items():
        print(f"{name:<28} {seconds:6.2f} s  (baseline)")
    bare, spacy = base.values()
    for name, argv in COMMANDS.items():
        seconds = median_seconds(argv, args.runs)
        verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
        print(f"{name:<28} {seconds:6.2f} s  {seconds / bare:5.1f}x bare python  "
              f"{seconds / spacy:4.2f}x import spacy  (target < {TARGET_SECONDS} s: {verdict})")


if __name__ == "__main__":
    main()
