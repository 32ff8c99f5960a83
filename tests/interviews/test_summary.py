"""Scores of an interview: a scenario's score from its latest parts (reviewed beats
automatic), code points as a percentage, a `both` scenario the mean of its parts, and the
interview's score the mean over scenarios once it is finished and fully graded."""

from __future__ import annotations

from statistics import fmean

from service.interviews import flow, grading
from service.interviews.reviews import add_review
from tests.interview_support import (
    BOTH,
    WRITTEN,
    code_result,
    open_interview,
    portal_view,
    sample,
    store_code_answer,
)


def mean(*scores: float) -> float:
    return round(fmean(scores), 2)


def test_overall_score_averages_scenarios_with_a_both_scenario_and_a_review(
    services, portal, candidate_id
):
    interview, candidate = open_interview(services, portal, candidate_id, [WRITTEN, BOTH])
    _, written = flow.submit_text(services, candidate, WRITTEN, sample(WRITTEN, "strong"))
    _, both_text = flow.submit_text(services, candidate, BOTH, sample(BOTH, "partial"))
    job_id = store_code_answer(services, interview.id, BOTH, "def solve(spark): ...")
    grading.finish(services, job_id, code_result(3, 5))
    view = portal_view(services, interview.id)
    assert view["score"] is None  # still open
    both = view["scenarios"][1]
    assert both["code"]["score"] == 60.0 and both["code"]["verdict"] == "wrong_answer"
    assert (both["code"]["points"], both["code"]["max_points"]) == (3, 5)
    assert both["score"] == mean(both_text.score, 60.0)

    flow.complete(services, candidate, interview.id)
    assert portal_view(services, interview.id)["score"] == mean(
        written.score, mean(both_text.score, 60.0))

    add_review(services, portal.org_id, "key:reviewer", both_text.id, 100.0, "Oral follow-up.")
    view = portal_view(services, interview.id)
    text = view["scenarios"][1]["text"]
    assert (text["score"], text["automatic_score"], text["reviewed"]) == (
        100.0, both_text.score, True)
    assert view["score"] == mean(written.score, mean(100.0, 60.0))


def test_the_latest_answer_of_a_part_counts_and_unanswered_scenarios_count_zero(
    services, portal, candidate_id
):
    interview, candidate = open_interview(services, portal, candidate_id, [WRITTEN, BOTH])
    flow.submit_text(services, candidate, WRITTEN, sample(WRITTEN, "strong"))
    latest, weak = flow.submit_text(services, candidate, WRITTEN, sample(WRITTEN, "weak"))
    flow.complete(services, candidate, interview.id)
    view = portal_view(services, interview.id)
    assert view["scenarios"][0]["text"]["submission_id"] == latest.id
    assert view["scenarios"][0]["score"] == weak.score
    assert view["scenarios"][1]["answered"] is False and view["scenarios"][1]["score"] is None
    assert view["score"] == mean(weak.score, 0.0)


def test_a_finished_interview_has_no_score_while_code_is_being_graded(
    services, portal, candidate_id
):
    interview, candidate = open_interview(services, portal, candidate_id, [BOTH])
    job_id = store_code_answer(services, interview.id, BOTH, "def solve(spark): ...")
    flow.complete(services, candidate, interview.id)
    view = portal_view(services, interview.id)
    assert view["status"] == "completed" and view["scenarios"][0]["pending"]
    assert view["score"] is None
    grading.finish(services, job_id, code_result(5, 5))
    assert portal_view(services, interview.id)["score"] == 100.0
