"""The candidate's page at the invite URL `/i/<token>`: the scenarios, a form per answer, the
feedback (never the rubric) and the finish button. The token is the only credential."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlmodel import Session

from service.api import deps
from service.interviews import flow
from service.interviews.errors import Invalid, NotFound
from service.interviews.feedback import candidate_interview
from service.interviews.summary import latest_parts
from service.store.keys import INVITE_PREFIX, Principal, authenticate
from service.web import errors, present

bp = Blueprint("web_candidate", __name__, template_folder="templates")
errors.register(bp)
REFRESH_SECONDS = 3


def _candidate(token: str) -> Principal:
    if not token.startswith(INVITE_PREFIX):
        raise NotFound("no interview for this link")
    with Session(deps.engine()) as session:
        principal = authenticate(session, token)
    if principal is None or principal.role != "candidate":
        raise NotFound("no interview for this link")
    return principal


@bp.after_request
def _keep_token_private(response):
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/i/<token>")
def interview(token: str):
    """The interview: scenarios in order with their forms and feedback, and time left. The
    forms hold the candidate's latest answers (code: the starter code until then)."""
    principal = _candidate(token)
    with Session(deps.engine()) as session:
        interview = flow.get_interview(session, principal, principal.interview_id or "")
        view = candidate_interview(session, deps.services(), interview)
        parts = latest_parts(session, interview)
    drafts = {key: part.submission.body for key, part in parts.items()}
    pending = any((s["code"] or {}).get("status") == "pending" for s in view["scenarios"])
    return render_template(
        "candidate.html", view=view, token=token, time_left=present.time_left,
        blocks=present.blocks, drafts=drafts,
        diff_lines=present.diff_lines, refresh=REFRESH_SECONDS if pending else None,
        open=view["status"] in ("invited", "in_progress"),
    )


@bp.post("/i/<token>/answers")
def answer(token: str):
    """Store an answer (a resubmission is kept too; the latest counts)."""
    principal = _candidate(token)
    settings = deps.settings()
    scenario_id = request.form.get("scenario_id", "")
    kind = request.form.get("kind", "")
    body = request.form.get("body", "")
    if kind not in ("text", "code"):
        raise Invalid("kind must be text or code", "kind")
    limit = settings.max_answer_chars if kind == "text" else settings.max_code_chars
    if not body.strip():
        raise Invalid("the answer is empty", "body")
    if len(body) > limit:
        raise Invalid(f"the answer is longer than {limit} characters", "body")
    if kind == "text":
        flow.submit_text(deps.services(), principal, scenario_id, body)
        flash("Answer received; your feedback is below it.", "info")
    else:
        flow.submit_code(deps.services(), principal, scenario_id, body)
        flash("Code received; it is being run. This page refreshes until the result is in.",
              "info")
    return redirect(url_for(".interview", token=token, _anchor=f"scenario-{scenario_id}"), 303)


@bp.post("/i/<token>/complete")
def complete(token: str):
    """Finish the interview: no more answers after this."""
    principal = _candidate(token)
    flow.complete(deps.services(), principal, principal.interview_id or "")
    flash("Thank you: your interview is finished.", "info")
    return redirect(url_for(".interview", token=token), 303)
