"""The batch jobs over stored answers: a regrade run (stage the qualifying answers as Parquet,
rescore them on the chosen engine, feed the drift report and, with `apply`, store the new
results) and item analytics (the same staging, features of the stored breakdowns)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from service.analytics.drift import DriftReport
from service.analytics.features import FEATURE_SCHEMA, features
from service.analytics.items import Analytics
from service.content.bank import Bank
from service.content.models import Kind
from service.regrade.apply import ResultWriter
from service.regrade.rescore import OUTCOME_SCHEMA, rescorer, rubric_pack
from service.regrade.source import CHUNK_ROWS, answer_schema, answers_query, stream_answers
from service.scoring import ENGINE_VERSION
from service.spark.engines import LoopEngine, SparkEngine
from service.spark.staging import write_chunks
from service.store.models import new_id


class UnknownScenario(ValueError):
    """A requested scenario is not in the bank or has no written part."""


def written_scenarios(bank: Bank, requested: list[str] | None = None) -> list[str]:
    """The requested scenario ids (default: all) that have a written part, validated."""
    if not requested:
        return [sid for sid, e in bank.entries.items() if e.scenario.kind is not Kind.code]
    for scenario_id in requested:
        entry = bank.get(scenario_id)
        if entry is None:
            raise UnknownScenario(f"no scenario with id {scenario_id!r}")
        if entry.scenario.kind is Kind.code:
            raise UnknownScenario(f"scenario {scenario_id!r} has no written part")
    return list(dict.fromkeys(requested))


@dataclass
class RegradeRun:
    """What a run did: its id, the drift, and how many results it wrote (0 without apply)."""

    run_id: str
    engine: str
    drift: DriftReport
    written: int
    applied: bool


def stage(db: Engine, directory: Path, scenario_ids: list[str], since: datetime | None,
          with_reviews: bool = False, chunk: int = CHUNK_ROWS) -> int:
    """Stream the qualifying answers into Parquet files under `directory`; returns how many."""
    query = answers_query(scenario_ids, since, with_reviews)
    return write_chunks(stream_answers(db, query, chunk), directory, answer_schema(with_reviews))


def regrade(
    db: Engine, bank: Bank, engine: LoopEngine | SparkEngine, *,
    scenario_ids: list[str] | None = None, since: datetime | None = None, apply: bool = False,
    actor: str = "operator", staging_root: Path | None = None, chunk: int = CHUNK_ROWS,
) -> RegradeRun:
    """Rescore the stored written answers with the bank's rubrics and this engine version.

    Without `apply` nothing is written. With it, the answers whose score, verdict or versions
    change get a new result (old ones kept) and the run is audited."""
    ids = written_scenarios(bank, scenario_ids)
    pack = rubric_pack(bank, ids)
    run = RegradeRun(new_id(), engine.name, DriftReport(), 0, apply)
    writer = ResultWriter(db, actor, run.run_id, ENGINE_VERSION) if apply else None
    with tempfile.TemporaryDirectory(prefix="regrade-", dir=staging_root) as tmp:
        staged = Path(tmp) / "answers"
        if stage(db, staged, ids, since, chunk=chunk):
            for frame in engine.map(staged, rescorer(pack, keep_detail=apply), OUTCOME_SCHEMA):
                run.drift.add_frame(frame)
                if writer is not None:
                    writer.write_frame(frame)
    if writer is not None:
        versions = {sid: spec["content_version"] for sid, spec in pack["scenarios"].items()}
        writer.finish(ids, versions)
        run.written = sum(writer.written.values())
    return run


def analyse(
    db: Engine, bank: Bank, engine: LoopEngine | SparkEngine, *,
    scenario_ids: list[str] | None = None, staging_root: Path | None = None,
    chunk: int = CHUNK_ROWS,
) -> Analytics:
    """Item analytics of the stored graded written answers (the newest result of each)."""
    ids = written_scenarios(bank, scenario_ids)
    result = Analytics({sid: bank.entries[sid].rubric for sid in ids})
    with tempfile.TemporaryDirectory(prefix="analytics-", dir=staging_root) as tmp:
        staged = Path(tmp) / "answers"
        if stage(db, staged, ids, None, with_reviews=True, chunk=chunk):
            for frame in engine.map(staged, features, FEATURE_SCHEMA):
                result.add_frame(frame)
    return result
