"""The invite link `<public URL>/i/<token>`: until the candidate's web pages exist, it answers
with JSON telling the candidate how to use the token with the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from apiflask import APIBlueprint, abort
from flask import url_for
from sqlmodel import Session

from service.api import deps
from service.api.interview_models import InterviewStatus, Out
from service.store.keys import INVITE_PREFIX, authenticate
from service.store.models import Interview

bp = APIBlueprint("invites", __name__, tag="Candidate")


class InviteOut(Out):
    """Where a candidate's invite leads: the interview's status and how to answer it."""

    status: InterviewStatus
    expires_at: datetime
    api: str
    message: str


@bp.get("/i/<token>")
@bp.output(InviteOut)
@bp.doc(summary="Open an invite link", responses=[404])
def open_invite(token: str) -> dict[str, Any]:
    """The interview behind an invite token; an unknown token is a 404 problem."""
    with Session(deps.engine()) as session:
        is_invite = token.startswith(INVITE_PREFIX) and len(token) <= 200
        caller = authenticate(session, token) if is_invite else None
        interview = session.get(Interview, caller.interview_id) if caller else None
    if interview is None:
        abort(404, detail="This invite link is not valid.")
    return {
        "status": interview.status,
        "expires_at": interview.expires_at,
        "api": url_for("candidate.get_own_interview", _external=False),
        "message": "Send this link's last path segment as 'Authorization: Bearer <token>' to "
        "the API address above to read the interview, then POST answers to its /answers.",
    }
