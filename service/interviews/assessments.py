"""Assessments: a name and an ordered list of scenarios the bank serves."""

from __future__ import annotations

from sqlmodel import Session

from service.content.bank import Bank
from service.interviews.errors import Invalid
from service.store import assessments
from service.store.models import Assessment


def validate_scenario_ids(bank: Bank, scenario_ids: list[str]) -> list[str]:
    """The ids, validated: at least one, no repeats, each served by the bank."""
    if not scenario_ids:
        raise Invalid("give at least one scenario id", "scenario_ids")
    if len(set(scenario_ids)) != len(scenario_ids):
        raise Invalid("a scenario id is repeated", "scenario_ids")
    unknown = [s for s in scenario_ids if bank.get(s) is None]
    if unknown:
        raise Invalid(f"unknown scenario ids: {', '.join(unknown)}", "scenario_ids")
    return scenario_ids


def new_assessment(
    session: Session, bank: Bank, org_id: str, name: str, scenario_ids: list[str], actor: str
) -> Assessment:
    """Create an assessment after checking its name and scenarios (Invalid names the field)."""
    name = name.strip()
    if not name:
        raise Invalid("the name must not be blank", "name")
    ids = validate_scenario_ids(bank, scenario_ids)
    return assessments.create_assessment(session, org_id, name, ids, actor)
