"""Interviewer pages: the interview list, an interview's report with overrides, and scenario
analytics. Every query is scoped to the signed-in user's organisation (others' ids → 404)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlmodel import Session

from service.api import deps
from service.interviews import analytics, listing
from service.interviews.errors import Invalid, NotFound
from service.interviews.flow import get_interview
from service.interviews.report import interview_report
from service.interviews.reviews import add_review, result_in_org
from service.store.models import INTERVIEW_STATUSES
from service.web import charts, errors, present
from service.web.accounts import interviewer_required, me

bp = Blueprint("web_interviewer", __name__, template_folder="templates")
errors.register(bp)
SORT_LABELS = {"-created": "newest first", "created": "oldest first", "-score": "highest score",
               "score": "lowest score", "status": "status"}


@bp.get("/interviews")
@interviewer_required
def interviews():
    """The organisation's interviews with filters, sort and pages."""
    query = listing.parse_query(request.args)
    with Session(deps.engine()) as session:
        page = listing.list_interviews(session, deps.bank(), me().org_id, query)
    options = {
        "status": [(status, status) for status in INTERVIEW_STATUSES],
        "assessment": [(a.id, a.name) for a in page.assessments],
        "scenario": [(sid, sid) for sid in sorted(deps.bank().entries)],
        "sort": [(key, SORT_LABELS[key]) for key in listing.SORTS],
    }
    return render_template("interviews.html", page=page, query=query, options=options,
                           when=present.when)


@bp.get("/reports/<interview_id>")
@interviewer_required
def report(interview_id: str):
    """Everything about one interview: answers with evidence, code results, reviews, audit."""
    with Session(deps.engine()) as session:
        interview = get_interview(session, me().principal, interview_id)
        data = interview_report(session, deps.services(), interview)
    return render_template("report.html", report=data, when=present.when,
                           scenarios=present.report_scenarios(data, deps.bank()),
                           diff_lines=present.diff_lines)


@bp.post("/reports/<interview_id>/reviews")
@interviewer_required
def review(interview_id: str):
    """Override a result's score with a reason; the automatic score and history stay."""
    result_id = request.form.get("result_id", "")
    with Session(deps.engine()) as session:
        get_interview(session, me().principal, interview_id)
        _, submission = result_in_org(session, me().org_id, result_id)
        if submission is None or submission.interview_id != interview_id:
            raise NotFound(f"no result with id '{result_id}'")
    try:
        score = float(request.form.get("score", ""))
    except ValueError:
        raise Invalid("the score must be a number from 0 to 100", "score") from None
    add_review(deps.services(), me().org_id, me().principal.actor, result_id, score,
               request.form.get("reason", ""))
    flash(f"Override saved: {score:g}.", "info")
    return redirect(url_for(".report", interview_id=interview_id,
                            _anchor=f"result-{result_id}"), 303)


@bp.get("/analytics")
@interviewer_required
def analytics_index():
    """The scenarios the organisation has graded answers to."""
    with Session(deps.engine()) as session:
        rows = analytics.scenarios_with_answers(session, me().org_id)
    titles = {sid: entry.scenario.title for sid, entry in deps.bank().entries.items()}
    return render_template("analytics_index.html", rows=rows, titles=titles)


@bp.get("/analytics/<scenario_id>")
@interviewer_required
def scenario_analytics(scenario_id: str):
    """Score histogram, pass rate and review agreement of one scenario."""
    entry = deps.bank().get(scenario_id)
    if entry is None:
        raise NotFound(f"no scenario with id '{scenario_id}'")
    with Session(deps.engine()) as session:
        parts = analytics.scenario_analytics(session, me().org_id, scenario_id)
    return render_template("analytics.html", scenario=entry.scenario, parts=parts,
                           charts=charts)
