"""Bearer authentication: organisation API keys (roles portal, interviewer, admin), candidates'
invite tokens, and the legacy interviewer keys of GRADER_API_KEYS (try-out scoring only).

Routes declare the roles they accept with `@bp.auth_required(token_auth, roles=[...])`: no or
an unknown token is a 401 problem, a known one with another role a 403 problem.
"""

from __future__ import annotations

import hmac

from apiflask import HTTPTokenAuth, abort
from flask import request

from service.api import deps
from service.store.keys import Principal, authenticate

token_auth = HTTPTokenAuth(
    scheme="Bearer",
    description="An organisation API key (gk_...) or, for /candidate routes, an invite token "
    "(gi_...)",
)

PORTAL = ["portal", "admin"]
INTERVIEWER = ["interviewer", "admin"]
ADMIN = ["admin"]
CANDIDATE = ["candidate"]
LEGACY_INTERVIEWER = Principal(org_id="", role="interviewer")


@token_auth.verify_token
def _verify(token: str) -> Principal | None:
    for key in deps.settings().api_keys:
        if hmac.compare_digest(token.encode(), key.encode()):
            return LEGACY_INTERVIEWER
    with deps.engine().connect() as connection:
        return authenticate(connection, token)


@token_auth.get_user_roles
def _roles(principal: Principal) -> list[str]:
    # a legacy key belongs to no organisation: it only unlocks try-out breakdowns
    return ["legacy"] if principal is LEGACY_INTERVIEWER else [principal.role]


def principal() -> Principal:
    """The authenticated caller of this request."""
    return token_auth.current_user


def is_interviewer() -> bool:
    """True for an interviewer or admin key, False for no key; a wrong key is a 401 problem."""
    caller = token_auth.current_user
    if caller is not None and caller.role in INTERVIEWER:
        return True
    if request.headers.get("Authorization") and caller is None:
        abort(401, detail="The API key is not valid.", headers={"WWW-Authenticate": "Bearer"})
    return False
