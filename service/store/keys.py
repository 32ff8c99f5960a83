"""Organisations and their API keys; a key is shown once and stored only as a hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from service.store import audit
from service.store.models import ROLES, ApiKey, Interview, Organisation, utcnow
from service.store.secrets import hash_secret, new_secret, same_hash

KEY_PREFIX = "gk_"
INVITE_PREFIX = "gi_"
TOUCH_EVERY = timedelta(seconds=60)


class UnknownOrganisation(LookupError):
    """No organisation has that id."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: an API key of an organisation with a role, a signed-in user of the web
    pages, or a candidate's invite."""

    org_id: str
    role: str  # portal | interviewer | admin | candidate
    key_id: str | None = None
    interview_id: str | None = None
    user_id: str | None = None

    @property
    def actor(self) -> str:
        """How the audit trail names this caller."""
        if self.key_id:
            return f"key:{self.key_id}"
        if self.user_id:
            return f"user:{self.user_id}"
        return f"candidate:{self.interview_id}"


def create_org(session: Session, name: str, actor: str = "operator") -> Organisation:
    """A new organisation."""
    org = Organisation(name=name)
    session.add(org)
    audit.record(session, org_id=org.id, actor=actor, action="organisation.created",
                 subject_type="organisation", subject_id=org.id, after={"name": name})
    return org


def get_org(session: Session, org_id: str) -> Organisation:
    """The organisation; UnknownOrganisation otherwise."""
    org = session.get(Organisation, org_id)
    if org is None:
        raise UnknownOrganisation(f"no organisation with id '{org_id}'")
    return org


def create_key(
    session: Session, org_id: str, role: str, label: str = "", actor: str = "operator"
) -> tuple[ApiKey, str]:
    """A new key for the organisation; returns the row and the key itself (shown once)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    get_org(session, org_id)
    secret = new_secret(KEY_PREFIX)
    key = ApiKey(org_id=org_id, role=role, label=label, prefix=secret[:10],
                 key_hash=hash_secret(secret))
    session.add(key)
    audit.record(session, org_id=org_id, actor=actor, action="api_key.created",
                 subject_type="api_key", subject_id=key.id,
                 after={"role": role, "label": label, "prefix": key.prefix})
    return key, secret


def list_keys(session: Session, org_id: str) -> list[ApiKey]:
    """The organisation's keys, newest first (revoked ones too)."""
    query = select(ApiKey).where(ApiKey.org_id == org_id).order_by(col(ApiKey.created_at).desc())
    return list(session.exec(query).all())


def revoke_key(
    session: Session, key_id: str, actor: str = "operator", org_id: str | None = None
) -> ApiKey | None:
    """Revoke a key (idempotent); None when no key has that id (in `org_id`, when given)."""
    key = session.get(ApiKey, key_id)
    if key is None or (org_id is not None and key.org_id != org_id):
        return None
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.record(session, org_id=key.org_id, actor=actor, action="api_key.revoked",
                     subject_type="api_key", subject_id=key.id,
                     before={"revoked": False}, after={"revoked": True})
    return key


def authenticate(session: Session, token: str) -> Principal | None:
    """The caller a Bearer token stands for: a live API key, or an invite token (candidate).

    Lookups are by hash (only the columns needed: this runs on every request); the hash is then
    compared in constant time. A key's last-used time is refreshed at most once a minute.
    """
    digest = hash_secret(token)
    if token.startswith(KEY_PREFIX):
        key = session.exec(
            select(ApiKey.id, ApiKey.org_id, ApiKey.role, ApiKey.key_hash, ApiKey.revoked_at,
                   ApiKey.last_used_at).where(ApiKey.key_hash == digest)
        ).first()
        if key is None or key.revoked_at is not None or not same_hash(token, key.key_hash):
            return None
        now = utcnow()
        if key.last_used_at is None or now - key.last_used_at > TOUCH_EVERY:
            session.exec(update(ApiKey).where(col(ApiKey.id) == key.id).values(last_used_at=now))
            session.commit()
        return Principal(org_id=key.org_id, role=key.role, key_id=key.id)
    if token.startswith(INVITE_PREFIX):
        interview = session.exec(
            select(Interview.id, Interview.org_id, Interview.token_hash)
            .where(Interview.token_hash == digest)
        ).first()
        if interview is None or not same_hash(token, interview.token_hash):
            return None
        return Principal(org_id=interview.org_id, role="candidate", interview_id=interview.id)
    return None
