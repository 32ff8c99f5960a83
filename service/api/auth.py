"""Interviewer API keys (Bearer tokens) from settings."""

from __future__ import annotations

import hmac

from apiflask import HTTPTokenAuth, abort
from flask import request

from service.api import deps

interviewer_auth = HTTPTokenAuth(scheme="Bearer", description="An interviewer API key")


@interviewer_auth.verify_token
def _verify(token: str) -> str | None:
    for key in deps.settings().api_keys:
        if hmac.compare_digest(token.encode(), key.encode()):
            return "interviewer"
    return None


def is_interviewer() -> bool:
    """True for a valid interviewer key, False for no key; a wrong key is a 401 problem."""
    if interviewer_auth.current_user == "interviewer":
        return True
    if request.headers.get("Authorization"):
        abort(401, detail="The API key is not valid.", headers={"WWW-Authenticate": "Bearer"})
    return False
