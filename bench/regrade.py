"""Throughput and driver memory of `grader regrade` on a synthetic store.

Builds a SQLite store of 2N written answers (N >= 200,000 by default): the bank's sample
answers (tests/content/samples/*.yaml) with word-level perturbations (words dropped, repeated,
swapped, or borrowed from another answer to the same question), each stored with the result of
its unperturbed sample as the "old" grade. Then times the same dry-run regrade (staging to
Parquet, rescoring, drift report) of the newest N answers as a plain single-process loop, on
Spark local[1] and on Spark local[2], and once more on local[2] over all 2N answers. Each run
is a fresh child process, so its peak RSS is the driver's own (the JVM and the Python workers
are separate processes). Targets: local[2] >= 1.4x the loop and >= 1.6x local[1]; driver RSS
about the same at N and 2N.

    python bench/regrade.py [--answers N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.content.bank import load_valid_bank  # noqa: E402
from service.settings import Settings  # noqa: E402

SEED = 20261129
BATCH = 10_000
START = datetime(2026, 1, 1, tzinfo=UTC)


def perturb(words: list[str], pool: list[str], rng: random.Random) -> str:
    """A copy of `words` with a few word-level edits."""
    out: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < 0.04:
            continue  # dropped
        out.append(pool[rng.randrange(len(pool))] if roll < 0.08 else word)
        if roll > 0.97:
            out.append(word)  # repeated
    for _ in range(max(1, len(out) // 40)):
        i = rng.randrange(max(1, len(out) - 1))
        out[i:i + 2] = out[i:i + 2][::-1]  # swapped
    return " ".join(out)


def build(url: str, total: int) -> None:
    """A migrated store with `total` written answers and their old results."""
    import yaml
    from sqlalchemy import insert

    from service.scoring import score_answer
    from service.store import migrate
    from service.store.db import make_engine, session_scope
    from service.store.keys import create_org
    from service.store.models import Candidate, Interview, Result, Submission, dumps, new_id

    migrate.upgrade(url)
    bank = load_valid_bank(Settings().scenarios_dir, Settings().rubrics_dir)
    bases = []  # (scenario id, words, pool, old result fields)
    for path in sorted((ROOT / "tests" / "content" / "samples").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        entry = bank.get(data["scenario"])
        texts = list(data["answers"].values())
        pool = [w for text in texts for w in text.split()]
        for text in texts:
            old = score_answer(entry.rubric, text, entry.scenario.prompt)
            bases.append((entry.scenario.id, text.split(), pool, {
                "score": old.score, "passed": old.passed, "detail_json": old.model_dump_json(),
                "content_version": entry.version, "engine_version": "1.1.0",
            }))
    db = make_engine(url)
    with session_scope(db) as session:
        org = create_org(session, "bench")
        session.flush()  # no ORM relationships: parents are inserted first
        candidate = Candidate(org_id=org.id, email="bench@example.com")
        session.add(candidate)
        session.flush()
        interview = Interview(org_id=org.id, candidate_id=candidate.id, token_hash=new_id(),
                              scenario_ids_json=dumps(sorted(bank.entries)), status="completed",
                              expires_at=START + timedelta(days=365))
        session.add(interview)
    rng = random.Random(SEED)
    with db.begin() as connection:
        for first in range(0, total, BATCH):
            submissions, results = [], []
            for number in range(first, min(total, first + BATCH)):
                scenario_id, words, pool, old = bases[rng.randrange(len(bases))]
                sid = new_id()
                at = START + timedelta(seconds=number)
                submissions.append({"id": sid, "org_id": org.id, "interview_id": interview.id,
                                    "scenario_id": scenario_id, "kind": "text",
                                    "body": perturb(words, pool, rng), "received_at": at})
                results.append({"id": new_id(), "org_id": org.id, "submission_id": sid,
                                "status": "done", "created_at": at, "finished_at": at, **old})
            connection.execute(insert(Submission), submissions)
            connection.execute(insert(Result), results)
    db.dispose()


def child(url: str, engine_kind: str, master: str, since: str | None) -> None:
    """One timed regrade in this process; prints its figures as JSON."""
    from service.regrade.run import regrade
    from service.spark.engines import open_engine
    from service.store.db import make_engine

    bank = load_valid_bank(Settings().scenarios_dir, Settings().rubrics_dir)
    db = make_engine(url)
    started = time.perf_counter()
    engine = open_engine(engine_kind, master=master)  # Spark starts while the answers are staged
    run = regrade(db, bank, engine, since=datetime.fromisoformat(since) if since else None)
    finished = time.perf_counter()
    engine.close()
    print(json.dumps({
        "answers": run.drift.n, "seconds": finished - started,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def measure(url: str, label: str, engine_kind: str, master: str, since: str | None) -> dict:
    """Run `child` in a fresh interpreter and print its line."""
    command = [sys.executable, __file__, "--child", url, engine_kind, master, since or ""]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    rate = figures["answers"] / figures["seconds"]
    print(f"{label:<22} {figures['answers']:>8} answers {figures['seconds']:8.1f} s "
          f"{rate:8.0f} answers/s "
          f"driver peak RSS {figures['rss_mb']:6.0f} MB", flush=True)
    return {**figures, "rate": rate}


def main() -> None:
    """Build the store, run the four regrades, print the ratios against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=200_000, help="N (the store holds 2N)")
    parser.add_argument("--keep", type=Path, default=None, help="build the store here, keep it")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child[:3], args.child[3] or None)
        return
    with tempfile.TemporaryDirectory(prefix="bench-regrade-") as tmp:
        folder = args.keep or Path(tmp)
        url = f"sqlite:///{folder / 'grader.db'}"
        started = time.perf_counter()
        build(url, 2 * args.answers)
        print(f"store: {2 * args.answers} answers built in {time.perf_counter() - started:.0f} s"
              f" ({url})", flush=True)
        since = (START + timedelta(seconds=args.answers)).isoformat()
        loop = measure(url, "loop (1 process)", "loop", "-", since)
        one = measure(url, "spark local[1]", "spark", "local[1]", since)
        two = measure(url, "spark local[2]", "spark", "local[2]", since)
        double = measure(url, "spark local[2], 2N", "spark", "local[2]", None)
    print(f"local[2] / loop     {two['rate'] / loop['rate']:.2f}x  (target >= 1.4)")
    print(f"local[2] / local[1] {two['rate'] / one['rate']:.2f}x  (target >= 1.6)")
    print(f"driver peak RSS at N {two['rss_mb']:.0f} MB, at 2N {double['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
