"""Schemathesis against /openapi.json, every operation: no server error, and every response
matches its documented schema and content type (errors are problem+json).

Schemathesis' pytest plugin does not run under pytest 9, so the test walks the operations itself
and runs Hypothesis on each operation's strategy.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from service import create_app
from service.settings import Settings
from tests.conftest import make_tenant

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def fuzzed_app(database_url):
    """The app with a generous rate limit (fuzzing sends many requests)."""
    app = create_app(Settings(database_url=database_url, rate_limit="100000/minute"))
    app.config.update(TESTING=True)
    yield app
    app.extensions["grader.services"].runner.shutdown(wait=True)
    app.extensions["grader.db"].dispose()


def _fuzz(operation, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_every_operation_answers_as_documented(fuzzed_app):
    admin = make_tenant(fuzzed_app, "Fuzz Org").headers("admin")
    schema = schemathesis.openapi.from_wsgi("/openapi.json", fuzzed_app)
    labels, failures = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)
        try:
            _fuzz(operation, admin)
        except Exception as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {error}")
    assert len(labels) >= 6
    assert failures == []
