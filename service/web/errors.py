"""Errors on the pages answer with an HTML page (the APIs keep their problem+json)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from service.interviews.errors import InterviewError

TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 409: "Conflict",
          413: "Too large", 422: "Check the form", 429: "Too many attempts",
          503: "Unavailable"}


def error_page(status: int, message: str):
    """An HTML error page with `status`."""
    title = TITLES.get(status, "Error")
    return render_template("error.html", title=title, message=message, status=status), status


def _on_csrf(error: CSRFError):
    return error_page(400, f"The form could not be accepted ({error.description}). "
                           "Reload the page and send it again.")


def _on_http(error: HTTPException):
    if error.code == 404:
        return error_page(404, "There is nothing here, or you may not see it.")
    return error_page(error.code or 500, error.description or error.name)


def _on_rule(error: InterviewError):
    return error_page(error.status, error.message)


def register(bp: Blueprint) -> None:
    """Give the blueprint's pages HTML error responses."""
    bp.register_error_handler(CSRFError, _on_csrf)
    bp.register_error_handler(HTTPException, _on_http)
    bp.register_error_handler(InterviewError, _on_rule)
