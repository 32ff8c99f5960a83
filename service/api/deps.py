"""Access to what create_app wired: settings, the content bank, the database engine."""

from __future__ import annotations

from apiflask import abort
from flask import current_app
from sqlalchemy.engine import Engine

from service.content.bank import Bank, Entry
from service.interviews.services import Services
from service.settings import Settings


def settings() -> Settings:
    """The settings the app was created with."""
    return current_app.extensions["grader.settings"]


def bank() -> Bank:
    """The validated scenario bank."""
    return current_app.extensions["grader.bank"]


def engine() -> Engine:
    """The database engine."""
    return current_app.extensions["grader.db"]


def services() -> Services:
    """The bundle the interview rules work with."""
    return current_app.extensions["grader.services"]


def entry_or_404(scenario_id: str) -> Entry:
    """The scenario with its rubric, or a 404 problem naming the id."""
    entry = bank().get(scenario_id)
    if entry is None:
        abort(404, detail=f"No scenario with id '{scenario_id}'.")
    return entry
