"""Organisations and their API keys; a key is shown once and stored only as a hash."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Connection, bindparam, update
from sqlmodel import Session, col, select

from service.store import audit
from service.store.interviews import ANSWER_TARGET_COLUMNS, AnswerTarget
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
    # a candidate's interview as read with the invite token (one query for both)
    interview: AnswerTarget | None = field(default=None, compare=False)

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


_KEY_COLUMNS = ApiKey.__table__.c
_INVITE_COLUMNS = Interview.__table__.c
# Core statements on table columns, built once: no ORM compilation on every request.
_KEY_BY_HASH = select(
    _KEY_COLUMNS.id, _KEY_COLUMNS.org_id, _KEY_COLUMNS.role, _KEY_COLUMNS.key_hash,
    _KEY_COLUMNS.revoked_at, _KEY_COLUMNS.last_used_at,
).where(_KEY_COLUMNS.key_hash == bindparam("digest"))
_INVITE_BY_HASH = select(
    _INVITE_COLUMNS.token_hash, *ANSWER_TARGET_COLUMNS,
).where(_INVITE_COLUMNS.token_hash == bindparam("digest"))


def authenticate(db: Session | Connection, token: str) -> Principal | None:
    """The caller a Bearer token stands for: a live API key, or an invite token (candidate).

    Lookups are by hash (only the columns needed: this runs on every request, so a plain
    connection will do); the hash is then compared in constant time. A key's last-used time is
    refreshed at most once a minute (committed at once). An invite's principal carries what
    answering needs of its interview, read in the same query.
    """
    digest = hash_secret(token)
    if token.startswith(KEY_PREFIX):
        key = db.execute(_KEY_BY_HASH, {"digest": digest}).first()
        if key is None or key.revoked_at is not None or not same_hash(token, key.key_hash):
            return None
        now = utcnow()
        if key.last_used_at is None or now - key.last_used_at > TOUCH_EVERY:
            db.execute(update(ApiKey.__table__).where(_KEY_COLUMNS.id == key.id)
                       .values(last_used_at=now))
            db.commit()
        return Principal(org_id=key.org_id, role=key.role, key_id=key.id)
    if token.startswith(INVITE_PREFIX):
        row = db.execute(_INVITE_BY_HASH, {"digest": digest}).first()
        if row is None or not same_hash(token, row.token_hash):
            return None
        interview = AnswerTarget(*row[1:])
        return Principal(org_id=interview.org_id, role="candidate", interview_id=interview.id,
                         interview=interview)
    return None
