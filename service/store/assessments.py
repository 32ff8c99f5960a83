"""Assessments of an organisation: named, ordered lists of scenario ids."""

from __future__ import annotations

from sqlmodel import Session, col, select

from service.store import audit, paging
from service.store.models import Assessment, dumps


def create_assessment(
    session: Session, org_id: str, name: str, scenario_ids: list[str], actor: str
) -> Assessment:
    """Add an assessment (the caller has validated the scenario ids)."""
    assessment = Assessment(org_id=org_id, name=name, scenario_ids_json=dumps(scenario_ids))
    session.add(assessment)
    audit.record(session, org_id=org_id, actor=actor, action="assessment.created",
                 subject_type="assessment", subject_id=assessment.id,
                 after={"name": name, "scenario_ids": scenario_ids})
    return assessment


def get_assessment(session: Session, org_id: str, assessment_id: str) -> Assessment | None:
    """The organisation's assessment with that id (None for another organisation's)."""
    assessment = session.get(Assessment, assessment_id)
    return assessment if assessment is not None and assessment.org_id == org_id else None


def list_assessments(
    session: Session, org_id: str, limit: int, after: str | None = None
) -> tuple[list[Assessment], str | None]:
    """A page of the organisation's assessments, oldest first (see store.paging)."""
    query = select(Assessment).where(Assessment.org_id == org_id)
    return paging.page(session, query, Assessment, limit, after)


def all_assessments(session: Session, org_id: str) -> list[Assessment]:
    """Every assessment of the organisation, oldest first."""
    query = (
        select(Assessment)
        .where(Assessment.org_id == org_id)
        .order_by(col(Assessment.created_at), col(Assessment.id))
    )
    return list(session.exec(query).all())
