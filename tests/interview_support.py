"""Helpers for interview tests: candidates, invites, principals and sample answers."""

from __future__ import annotations

from pathlib import Path

import yaml

from service.runner.verdicts import CodeResult, TestResult
from service.store.candidates import create_candidate
from service.store.code_jobs import QUEUED, RUNNING, CodeJob
from service.store.db import session_scope
from service.store.keys import Principal, authenticate
from service.store.models import Interview, Result, Submission, utcnow

SAMPLES = Path(__file__).parent / "content" / "samples"
WRITTEN = "api-downtime-handling"  # a written scenario
BOTH = "late-arriving-events"  # a scenario with a written part and a code task


def sample(scenario_id: str, grade: str = "strong") -> str:
    """A graded sample answer of the shipped bank (strong, partial or weak)."""
    data = yaml.safe_load((SAMPLES / f"{scenario_id}.yaml").read_text())
    return data["answers"][grade]


def add_candidate(app, org_id: str, email: str = "ada@example.com") -> str:
    """A candidate of the organisation, created in the store (returns its id)."""
    with session_scope(app.extensions["grader.db"]) as session:
        return create_candidate(session, org_id, email, "Ada", actor="test").id


def caller(app, token: str) -> Principal:
    """The principal a key or invite token stands for."""
    with session_scope(app.extensions["grader.db"]) as session:
        principal = authenticate(session, token)
    assert principal is not None
    return principal


def bearer(token: str) -> dict[str, str]:
    """Authorization header for a key or invite token."""
    return {"Authorization": f"Bearer {token}"}


def invite(client, tenant, candidate_id: str, scenario_ids: list[str], **fields) -> dict:
    """Create an interview through the portal API; returns the 201 body."""
    response = client.post("/api/v1/interviews", headers=tenant.headers("portal"),
                           json={"candidate_id": candidate_id, "scenario_ids": scenario_ids,
                                 **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer(client, token: str, scenario_id: str, **part):
    """POST a candidate answer (text=... or code=...) with the invite token."""
    return client.post("/api/v1/candidate/interview/answers", headers=bearer(token),
                       json={"scenario_id": scenario_id, **part})


def store_code_answer(services, interview_id: str, scenario_id: str, code: str,
                      job_status: str = QUEUED) -> str:
    """The rows flow.submit_code stores for a code answer (submission, pending result, job),
    without handing the job to a pool: what a server that stopped before or while grading it
    leaves behind. Returns the job id (also the result id)."""
    with session_scope(services.db) as session:
        org_id = session.get(Interview, interview_id).org_id
        submission = Submission(org_id=org_id, interview_id=interview_id,
                                scenario_id=scenario_id, kind="code", body=code)
        session.add(submission)
        session.flush()
        entry = services.bank.get(scenario_id)
        result = Result(org_id=submission.org_id, submission_id=submission.id,
                        content_version=entry.version, engine_version="runner-sail")
        job = CodeJob(id=result.id, scenario_id=scenario_id, content_version=entry.version,
                      engine="sail", submission_id=submission.id, status=job_status,
                      started_at=utcnow() if job_status == RUNNING else None)
        result.code_job_id = job.id
        session.add_all([result, job])
    return job.id


def code_result(points: float, max_points: float = 5.0) -> CodeResult:
    """A runner verdict worth `points` of `max_points` (one test per point)."""
    tests = [TestResult(name=f"test {i}", hidden=i > 0, max_points=1.0,
                        points=1.0 if i < points else 0.0,
                        verdict="accepted" if i < points else "wrong_answer")
             for i in range(int(max_points))]
    verdict = "accepted" if points == max_points else "wrong_answer"
    return CodeResult(verdict=verdict, points=points, max_points=max_points, tests=tests,
                      engine="sail")


def open_interview(services, portal: Principal, candidate_id: str, scenario_ids: list[str]):
    """A new interview through the rules, and the principal of its invite token."""
    from service.interviews import flow

    interview, _ = flow.create_interview(services, portal, candidate_id,
                                         scenario_ids=scenario_ids)
    return interview, Principal(portal.org_id, "candidate", interview_id=interview.id)


def portal_view(services, interview_id: str) -> dict:
    """The interview as the portal sees it now (service.interviews.summary.interview_view)."""
    from service.interviews.summary import interview_view

    with session_scope(services.db) as session:
        return interview_view(session, session.get(Interview, interview_id), services.bank)
