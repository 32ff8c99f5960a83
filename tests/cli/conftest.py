"""CLI tests reuse the stored answers of the regrade tests."""

from tests.regrade.conftest import stored  # noqa: F401  (a fixture)
