"""Candidates of an organisation (email unique per organisation)."""

from __future__ import annotations

from sqlmodel import Session, select

from service.store import audit, paging
from service.store.models import Candidate


def find_by_email(session: Session, org_id: str, email: str) -> Candidate | None:
    """The organisation's candidate with that e-mail (case-insensitive), if any."""
    return session.exec(
        select(Candidate).where(Candidate.org_id == org_id, Candidate.email == email.lower())
    ).first()


def create_candidate(
    session: Session,
    org_id: str,
    email: str,
    name: str | None,
    actor: str,
    external_url: str | None = None,
) -> Candidate:
    """Add a candidate (the caller checks the e-mail is not taken)."""
    candidate = Candidate(org_id=org_id, email=email.lower(), name=name,
                          external_url=external_url)
    session.add(candidate)
    audit.record(session, org_id=org_id, actor=actor, action="candidate.created",
                 subject_type="candidate", subject_id=candidate.id,
                 after={"email": candidate.email, "name": name})
    return candidate


def get_candidate(session: Session, org_id: str, candidate_id: str) -> Candidate | None:
    """The organisation's candidate with that id (None for another organisation's)."""
    candidate = session.get(Candidate, candidate_id)
    return candidate if candidate is not None and candidate.org_id == org_id else None


def get_live_candidate(session: Session, org_id: str, candidate_id: str) -> Candidate | None:
    """The organisation's candidate with that id unless erased (erased ones are gone)."""
    candidate = get_candidate(session, org_id, candidate_id)
    return candidate if candidate is not None and candidate.erased_at is None else None


def list_candidates(
    session: Session, org_id: str, limit: int, after: str | None = None
) -> tuple[list[Candidate], str | None]:
    """A page of the organisation's candidates (erased ones left out), oldest first."""
    query = select(Candidate).where(
        Candidate.org_id == org_id, Candidate.erased_at == None  # noqa: E711
    )
    return paging.page(session, query, Candidate, limit, after)
