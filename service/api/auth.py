"""Interviewer API keys (Bearer tokens) from settings."""

from __future__ import annotations

import hmac

from apiflask import HTTPTokenAuth

from service.api import deps

interviewer_auth = HTTPTokenAuth(scheme="Bearer", description="An interviewer API key")


@interviewer_auth.verify_token
def _verify(token: str) -> str | None:
    for key in deps.settings().api_keys:
        if hmac.compare_digest(token.encode(), key.encode()):
            return "interviewer"
    return None


def is_interviewer() -> bool:
    """True when the request carried a valid interviewer key."""
    return interviewer_auth.current_user == "interviewer"
