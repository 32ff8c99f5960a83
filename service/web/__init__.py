"""Server-rendered pages: interviewer sign-in, interview list, reports and analytics, and the
candidate's invite page. Speaks HTTP and HTML only; the rules live in service/interviews/."""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from service.settings import Settings
from service.web import accounts, candidate, interviewer, throttle
from service.web.sessions import PagesSessionInterface

BLUEPRINT_MODULES = (accounts, interviewer, candidate)
csrf = CSRFProtect()


def session_secret(server_key: str) -> str:
    """The Flask SECRET_KEY: derived from the server secret, never the secret itself."""
    return hmac.new(server_key.encode(), b"interview-grader:flask-session",
                    hashlib.sha256).hexdigest()


def init_app(app: Flask, settings: Settings, server_key: str) -> None:
    """Configure sessions and CSRF, and register the pages' blueprints."""
    app.config.update(
        SECRET_KEY=session_secret(server_key),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_url.startswith("https:"),
        # Only the pages' forms are checked: the JSON APIs (/api, /partners) authenticate
        # every request with a key and carry no cookies.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.session_interface = PagesSessionInterface()
    csrf.init_app(app)
    accounts.login_manager.init_app(app)
    throttle.init_app(app, settings)
    names = set()
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.bp)
        names.add(module.bp.name)

    @app.before_request
    def _protect_forms() -> None:
        if request.blueprint in names:
            csrf.protect()
