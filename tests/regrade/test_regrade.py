"""Regrading stored answers after a rubric change, in one process (SQLite and PostgreSQL)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlmodel import select

from service.interviews.report import interview_report
from service.interviews.reviews import add_review
from service.interviews.summary import interview_view
from service.regrade.rescore import EngineMismatch, rescore_frame
from service.regrade.run import UnknownScenario, regrade
from service.spark.engines import LoopEngine
from service.store.db import session_scope
from service.store.models import AuditEvent, Interview, Result, Submission
from tests.regrade.answers import count_rows
from tests.regrade.conftest import SCENARIO


def test_a_new_alias_moves_exactly_the_answers_that_contain_it(stored):
    run = regrade(stored.services.db, stored.changed_bank(), LoopEngine())
    drift = {item["scenario_id"]: item for item in run.drift.as_json()}
    moved = {m["submission_id"] for m in drift[SCENARIO]["biggest_movers"]}
    assert moved == stored.with_alias
    assert drift[SCENARIO]["n"] == 8 and drift[SCENARIO]["changed"] == 2
    assert all(m["change"] > 0 for m in drift[SCENARIO]["biggest_movers"])
    assert drift[SCENARIO]["criteria_moved_most"][0]["criterion_id"] == "resilience"
    assert drift["star-schema-design"]["changed"] == 0


def test_without_apply_nothing_is_written(stored):
    before = count_rows(stored.services, Result), count_rows(stored.services, AuditEvent)
    run = regrade(stored.services.db, stored.changed_bank(), LoopEngine())
    assert run.written == 0 and not run.applied
    assert (count_rows(stored.services, Result), count_rows(stored.services, AuditEvent)) == before


def test_apply_stores_new_results_with_the_new_version_and_audits_the_run(stored):
    bank = stored.changed_bank()
    new_version = bank.get(SCENARIO).version
    run = regrade(stored.services.db, bank, LoopEngine(), apply=True, actor="operator")
    assert run.written == 8  # the scenario's content version changed: all its answers
    with session_scope(stored.services.db) as session:
        moved = next(iter(stored.with_alias))
        results = session.exec(select(Result).where(Result.submission_id == moved)
                               .order_by(Result.created_at)).all()
        assert len(results) == 2 and results[1].content_version == new_version
        assert results[1].score > results[0].score
        submission = session.get(Submission, moved)
        interview = session.get(Interview, submission.interview_id)
        text = interview_view(session, interview, bank)["scenarios"][0]["text"]
        assert (text["result_id"], text["content_version"]) == (results[1].id, new_version)
        report = interview_report(session, stored.services, interview)
        assert report["submissions"][0]["result"]["content_version"] == new_version
        assert [r["id"] for r in report["submissions"][0]["earlier_results"]] == [results[0].id]
        events = session.exec(select(AuditEvent).where(
            AuditEvent.action.in_(["result.regraded", "results.regraded"]))).all()
    per_result = [e for e in events if e.action == "result.regraded"]
    assert {e.interview_id for e in per_result} == {
        _interview_of(stored, sid) for sid in stored.with_alias}
    (summary,) = [e for e in events if e.action == "results.regraded"]
    assert summary.actor == "operator" and summary.subject_id == run.run_id
    assert '"new_results": 8' in summary.after_json and '"changed": 2' in summary.after_json
    again = regrade(stored.services.db, bank, LoopEngine(), apply=True)
    assert again.written == 0  # nothing differs any more: a second run adds nothing


def _interview_of(stored, submission_id: str) -> str:
    with session_scope(stored.services.db) as session:
        return session.get(Submission, submission_id).interview_id


def test_since_leaves_out_older_answers(stored):
    with session_scope(stored.services.db) as session:
        newest = max(s.received_at for s in session.exec(select(Submission)).all())
    run = regrade(stored.services.db, stored.changed_bank(), LoopEngine(), since=newest)
    assert run.drift.n == 1


def test_an_unknown_scenario_is_refused(stored):
    with pytest.raises(UnknownScenario, match="no-such-scenario"):
        regrade(stored.services.db, stored.changed_bank(), LoopEngine(),
                scenario_ids=["no-such-scenario"])


def test_an_executor_with_another_engine_version_refuses_to_score():
    frame = pd.DataFrame({"scenario_id": ["x"], "body": ["text"]})
    with pytest.raises(EngineMismatch, match=r"0\.0\.1"):
        rescore_frame(frame, {"engine_version": "0.0.1", "scenarios": {}}, keep_detail=False)


def test_a_review_still_counts_after_its_answer_is_regraded(stored):
    moved = next(iter(stored.with_alias))
    with session_scope(stored.services.db) as session:
        old = session.exec(select(Result).where(Result.submission_id == moved)).one()
    add_review(stored.services, old.org_id, "key:reviewer", old.id, 55.0, "judged by hand")
    bank = stored.changed_bank()
    regrade(stored.services.db, bank, LoopEngine(), apply=True)
    with session_scope(stored.services.db) as session:
        interview = session.get(Interview, session.get(Submission, moved).interview_id)
        text = interview_view(session, interview, bank)["scenarios"][0]["text"]
    assert text["result_id"] != old.id and text["automatic_score"] > old.score
    assert (text["score"], text["reviewed"]) == (55.0, True)
