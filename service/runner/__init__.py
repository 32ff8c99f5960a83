"""Runs candidate PySpark code in a sandbox and judges it against a task's tests.

Public API (never imports Flask):

    grade(scenario, rubric, code, settings=None, *, engine=None) -> CodeResult

runs the visible examples of `scenario.code` in one fresh sandbox and the hidden tests of
`rubric.code` in another, side by side (so hidden inputs never reach the run candidates see),
and returns the verdict per test and overall. `engine` is "sail"
(default, GRADER_SPARK_ENGINE) or "jvm". Raises SandboxUnavailable (message names what is
missing) when the sandbox cannot be built and GRADER_SANDBOX is not "unsafe-dev".

Inside the sandbox, on the Sail engine, `import delta` / `import delta.tables` resolve to the
package service/runner/deltacompat (mounted read-only as the top-level package `deltacompat`,
so it must use relative imports and third-party libraries only, never `service.*`); the
harness aliases `sys.modules["delta"] = deltacompat` and `sys.modules["delta.tables"] =
deltacompat.tables` before importing the candidate's code. On the JVM engine the real
delta-spark package is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from service.runner.verdicts import CodeResult, TestResult, Verdict

if TYPE_CHECKING:
    from service.content.models import Rubric, Scenario
    from service.settings import Settings

__all__ = ["CodeResult", "TestResult", "Verdict", "grade"]


def grade(
    scenario: Scenario,
    rubric: Rubric,
    code: str,
    settings: Settings | None = None,
    *,
    engine: str | None = None,
) -> CodeResult:
    """Grade `code` against every test of the scenario's code task in fresh sandboxes."""
    from service.runner.grader import grade_submission

    return grade_submission(scenario, rubric, code, settings, engine=engine)
