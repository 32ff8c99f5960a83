"""The pages' cookie session. The JSON APIs authenticate every request with a key or token and
carry no cookies, so their requests get no session: Flask's null session (empty, refuses
writes), with no cookie read, signed or set."""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from service.api.errors import JSON_PREFIXES


class PagesSessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions for the pages only."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """The page's session; None (Flask then uses its null session) on the JSON APIs."""
        if request.path.startswith(JSON_PREFIXES):
            return None
        return super().open_session(app, request)
