"""Fixtures for the interview rules: the app's services, and an organisation's callers."""

from __future__ import annotations

import pytest

from service.interviews.services import Services
from tests.interview_support import add_candidate, caller


@pytest.fixture
def services(app) -> Services:
    """The bundle the rules work with, from the real app (real content and database)."""
    return app.extensions["grader.services"]


@pytest.fixture
def portal(app, tenant):
    """The principal of organisation A's portal key."""
    return caller(app, tenant.keys["portal"])


@pytest.fixture
def candidate_id(app, tenant) -> str:
    """A candidate of organisation A."""
    return add_candidate(app, tenant.org_id)
