"""Storing a regrade: a new result per regraded answer (the old ones stay), and the audit.

A new result is written when the score, the verdict or a version differs from the stored one,
so running the same regrade twice adds nothing. Every answer whose score or verdict changed gets
a `result.regraded` event in its interview's trail; every organisation touched gets one
`results.regraded` event for the run.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from service.store import audit
from service.store.db import session_scope
from service.store.models import Result, utcnow


def needs_new_result(row: Any, engine_version: str) -> bool:
    """Whether an outcome differs from the stored result in score, verdict or versions."""
    return (
        row.new_score != row.old_score
        or bool(row.new_passed) != bool(row.old_passed)
        or row.content_version != row.old_content_version
        or engine_version != row.old_engine_version
    )


def _version(score: float, passed: bool, content: str, engine: str) -> dict[str, Any]:
    return {"score": score, "passed": passed, "content_version": content,
            "engine_version": engine}


class ResultWriter:
    """Writes the new results of a regrade run batch by batch, one transaction per batch."""

    def __init__(self, db: Engine, actor: str, run_id: str, engine_version: str) -> None:
        self.db = db
        self.actor = actor
        self.run_id = run_id
        self.engine_version = engine_version
        self.written: Counter[str] = Counter()  # org id → new results
        self.changed: Counter[str] = Counter()  # org id → results whose score or verdict moved
        self.seen: Counter[str] = Counter()  # org id → answers regraded

    def write_frame(self, frame: pd.DataFrame) -> None:
        """Store the outcomes of a batch that need a new result (each needs its breakdown)."""
        now = utcnow()
        with session_scope(self.db) as session:
            for row in frame.itertuples(index=False):
                self.seen[row.org_id] += 1
                if not needs_new_result(row, self.engine_version):
                    continue
                result = Result(
                    org_id=row.org_id, submission_id=row.submission_id, status="done",
                    score=row.new_score, passed=bool(row.new_passed),
                    detail_json=row.detail_json, content_version=row.content_version,
                    engine_version=self.engine_version, created_at=now, finished_at=now,
                )
                session.add(result)
                self.written[row.org_id] += 1
                if row.new_score == row.old_score and bool(row.new_passed) == bool(row.old_passed):
                    continue
                self.changed[row.org_id] += 1
                audit.record(
                    session, org_id=row.org_id, actor=self.actor, action="result.regraded",
                    subject_type="result", subject_id=result.id, interview_id=row.interview_id,
                    before={"result_id": row.result_id, **_version(
                        row.old_score, bool(row.old_passed), row.old_content_version,
                        row.old_engine_version)},
                    after={"result_id": result.id, "run_id": self.run_id, **_version(
                        row.new_score, bool(row.new_passed), row.content_version,
                        self.engine_version)},
                )

    def finish(self, scenario_ids: list[str], content_versions: dict[str, str]) -> None:
        """Record the run once per organisation whose answers it regraded."""
        with session_scope(self.db) as session:
            for org_id in sorted(self.seen):
                audit.record(
                    session, org_id=org_id, actor=self.actor, action="results.regraded",
                    subject_type="regrade", subject_id=self.run_id,
                    after={"run_id": self.run_id, "answers": self.seen[org_id],
                           "new_results": self.written[org_id],
                           "changed": self.changed[org_id], "scenario_ids": scenario_ids,
                           "content_versions": content_versions,
                           "engine_version": self.engine_version},
                )
