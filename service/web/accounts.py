"""Interviewer sign-in and sign-out (Flask-Login sessions), and who is signed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlmodel import Session

from service.api import deps
from service.store.db import session_scope
from service.store.keys import Principal
from service.store.users import USER_ROLES, User, check_password
from service.web import errors
from service.web.throttle import throttle

bp = Blueprint("web_accounts", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")
errors.register(bp)
login_manager = LoginManager()
login_manager.login_view = "web_accounts.login"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"


@dataclass
class SignedIn:
    """The signed-in user as Flask-Login wants it."""

    id: str
    org_id: str
    email: str
    role: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        """The id kept in the session."""
        return self.id

    @property
    def principal(self) -> Principal:
        """The caller for the interview rules (audit actor `user:<id>`)."""
        return Principal(org_id=self.org_id, role=self.role, user_id=self.id)


def _signed_in(user: User) -> SignedIn:
    return SignedIn(user.id, user.org_id, user.email, user.role)


@login_manager.user_loader
def _load(user_id: str) -> SignedIn | None:
    with Session(deps.engine()) as db:
        user = db.get(User, user_id)
    return _signed_in(user) if user is not None and user.role in USER_ROLES else None


def interviewer_required(view: Callable) -> Callable:
    """Sign-in required (a redirect to the sign-in page otherwise), as interviewer or admin."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in USER_ROLES:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def me() -> SignedIn:
    """The signed-in user of this request."""
    return current_user


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("web_interviewer.interviews")


@bp.get("/login")
def login():
    """The sign-in form."""
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", email="", next=request.args.get("next", ""))


@bp.post("/login")
def login_post():
    """Check the password; failed attempts are throttled per address and e-mail."""
    email = request.form.get("email", "")
    target = request.form.get("next", "")
    wait = throttle().retry_after(email)
    if wait:
        response = render_template("login.html", email=email, next=target, retry_after=wait)
        return response, 429, {"Retry-After": str(wait)}
    with session_scope(deps.engine()) as db:
        user = check_password(db, email, request.form.get("password", ""))
        signed_in = _signed_in(user) if user is not None else None
    if signed_in is None:
        throttle().failed(email)
        flash("The e-mail or password is wrong.", "error")
        return render_template("login.html", email=email, next=target), 401
    session.clear()  # a fresh session on sign-in: no fixation
    login_user(signed_in)
    return redirect(_safe_next(target))


@bp.post("/logout")
def logout():
    """Sign out and forget the session."""
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("web_accounts.login"))
