"""Interviewer accounts of the web pages: e-mail and an Argon2 password hash, never the password."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Field, Session, SQLModel, select

from service.store import audit
from service.store.keys import get_org
from service.store.models import new_id, utcnow

USER_ROLES = ("interviewer", "admin")
MIN_PASSWORD_CHARS = 12

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("no such user: constant-time filler")


class User(SQLModel, table=True):
    """A person who signs in to the interviewer pages of one organisation."""

    __tablename__ = "users"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    org_id: str = Field(foreign_key="organisations.id", index=True, max_length=32)
    email: str = Field(unique=True, max_length=320, description="stored lower-case")
    password_hash: str = Field(max_length=200, description="Argon2id")
    role: str = Field(max_length=16, description="interviewer or admin")
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class AccountError(ValueError):
    """A user cannot be created as asked (bad role, short password, e-mail taken)."""


def normalise_email(email: str) -> str:
    """The form e-mails are stored and looked up in: trimmed, lower-case."""
    return email.strip().lower()


def create_user(
    session: Session, org_id: str, email: str, role: str, password: str, actor: str = "operator"
) -> User:
    """A new account of the organisation; AccountError when the input is not acceptable."""
    email = normalise_email(email)
    if role not in USER_ROLES:
        raise AccountError(f"role must be one of {', '.join(USER_ROLES)}")
    if "@" not in email:
        raise AccountError("the e-mail address needs an '@'")
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_CHARS} characters")
    get_org(session, org_id)
    if session.exec(select(User).where(User.email == email)).first() is not None:
        raise AccountError(f"a user with e-mail '{email}' exists")
    user = User(org_id=org_id, email=email, role=role, password_hash=_hasher.hash(password))
    session.add(user)
    audit.record(session, org_id=org_id, actor=actor, action="user.created",
                 subject_type="user", subject_id=user.id, after={"role": role})
    return user


def check_password(session: Session, email: str, password: str) -> User | None:
    """The user when the password is right (its last login time is set), else None.

    An unknown e-mail costs the same Argon2 verification as a wrong password.
    """
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = utcnow()
    session.add(user)
    return user
