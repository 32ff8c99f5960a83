"""Snapshots of scenario and rubric files by content version: old scores stay explainable."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Text
from sqlmodel import Field, Session, SQLModel

from service.content.bank import Bank


class ContentVersion(SQLModel, table=True):
    """The exact scenario and rubric text a score was computed with."""

    __tablename__ = "content_versions"

    version: str = Field(primary_key=True, max_length=64)
    scenario_id: str = Field(index=True, max_length=80)
    scenario_yaml: str = Field(sa_type=Text)
    rubric_yaml: str = Field(sa_type=Text)
    recorded_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


def record_bank(session: Session, bank: Bank) -> int:
    """Store a snapshot of every entry whose version is new; returns how many were added."""
    added = 0
    for entry in bank.entries.values():
        if session.get(ContentVersion, entry.version) is None:
            session.add(
                ContentVersion(
                    version=entry.version,
                    scenario_id=entry.scenario.id,
                    scenario_yaml=entry.scenario_text,
                    rubric_yaml=entry.rubric_text,
                )
            )
            added += 1
    return added
