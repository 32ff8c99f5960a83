"""The interview list and the analytics pages, on SQLite and PostgreSQL: filters, sort, pages,
bad filters named, only the organisation's own interviews, and review agreement."""

from __future__ import annotations

import re

import numpy as np
from sqlmodel import Session

from service.evaluation.metrics import compare
from service.interviews import flow
from service.interviews.listing import PER_PAGE
from service.interviews.reviews import add_review
from service.store.db import session_scope
from service.store.keys import Principal
from service.store.models import Assessment, Interview, Result, dumps
from tests.web.conftest import (
    ANSWER,
    BOTH,
    WRITTEN,
    answered_interview,
    new_interview,
    sign_in,
)


def _finish(app, org_id: str, interview_id: str) -> None:
    candidate = Principal(org_id=org_id, role="candidate", interview_id=interview_id)
    flow.complete(app.extensions["grader.services"], candidate, interview_id)


def _rows(html: str) -> list[str]:
    return re.findall(r'<a href="/reports/(\w+)">', html)


def test_list_filters_sorts_and_pages(app, client, tenant, interviewer):
    services = app.extensions["grader.services"]
    strong, _, _ = answered_interview(app, tenant.org_id, ANSWER)
    weak, _, _ = answered_interview(app, tenant.org_id, "We retry the call.")
    for interview_id in (strong, weak):
        _finish(app, tenant.org_id, interview_id)
    with session_scope(services.db) as session:
        assessment = Assessment(org_id=tenant.org_id, name="Platform loop",
                                scenario_ids_json=dumps([BOTH]))
        session.add(assessment)
    portal = Principal(org_id=tenant.org_id, role="portal", key_id="k")
    with Session(services.db) as session:
        candidate_id = session.get(Interview, strong).candidate_id
    by_assessment, _ = flow.create_interview(services, portal, candidate_id,
                                             assessment_id=assessment.id)
    sign_in(client, interviewer.email)

    assert _rows(client.get("/interviews").get_data(as_text=True))[0] == by_assessment.id
    assert _rows(client.get("/interviews?status=completed&sort=-score").text) == [strong, weak]
    assert _rows(client.get("/interviews?sort=score").text)[:2] == [weak, strong]
    assert _rows(client.get("/interviews?min_score=50").text) == [strong]
    assert _rows(client.get("/interviews?max_score=50").text) == [weak]
    assert _rows(client.get(f"/interviews?assessment={assessment.id}").text) == [by_assessment.id]
    assert set(_rows(client.get(f"/interviews?scenario={WRITTEN}").text)) == {strong, weak}
    assert _rows(client.get("/interviews?status=invited").text) == [by_assessment.id]

    for _ in range(PER_PAGE):
        new_interview(app, tenant.org_id, [WRITTEN])
    first = client.get("/interviews").get_data(as_text=True)
    second = client.get("/interviews?page=2").get_data(as_text=True)
    assert len(_rows(first)) == PER_PAGE and len(_rows(second)) == 3
    assert "page 1 of 2" in first and "Next page" in first and "Previous page" in second
    assert not set(_rows(first)) & set(_rows(second))


def test_list_shows_only_the_organisations_own_interviews(app, client, tenant, outsider):
    mine, _, _ = answered_interview(app, tenant.org_id)
    sign_in(client, outsider.email)
    html = client.get("/interviews").get_data(as_text=True)
    assert mine not in html and "0 interviews." in html


def test_bad_filters_are_refused_naming_the_argument(client, interviewer):
    sign_in(client, interviewer.email)
    for query, field in (("status=lost", "status"), ("sort=name", "sort"), ("page=0", "page"),
                         ("min_score=abc", "min_score"), ("max_score=101", "max_score"),
                         ("min_score=60&max_score=40", "min_score")):
        response = client.get(f"/interviews?{query}")
        assert response.status_code == 422, query
        assert field in response.get_data(as_text=True)


def test_analytics_show_histogram_pass_rate_and_review_agreement(
    app, client, tenant, interviewer
):
    services = app.extensions["grader.services"]
    answers = [ANSWER, "We retry the call.", ANSWER + " We also alert on-call in PagerDuty."]
    reviewed = [70.0, 10.0, 90.0]
    automatic = []
    for text, score in zip(answers, reviewed, strict=True):
        _, _, result_id = answered_interview(app, tenant.org_id, text)
        add_review(services, tenant.org_id, "user:x", result_id, score, "calibration")
        with Session(services.db) as session:
            automatic.append(session.get(Result, result_id).score)
    sign_in(client, interviewer.email)
    index = client.get("/analytics").get_data(as_text=True)
    assert f"/analytics/{WRITTEN}" in index and "(3 graded answers)" in index
    html = client.get(f"/analytics/{WRITTEN}").get_data(as_text=True)
    assert html.count("<svg") == 2  # histogram and scatter
    assert html.count('class="point"') == 3
    scores, humans = np.array(automatic), np.array(reviewed)
    expected = compare(scores, humans, scores, humans)
    assert f'class="pearson">{expected.pearson:.3f}<' in html
    assert f'class="qwk">{expected.qwk:.3f}<' in html
    passed = sum(1 for score in automatic if score >= 60)
    assert f'class="pass-rate">{100 * passed / 3:.0f}%<' in html
    assert client.get("/analytics/no-such-scenario").status_code == 404
