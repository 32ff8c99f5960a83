"""`grader grade-code SCENARIO_ID FILE`: grade a code file in the sandbox from the shell."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from service.cli.content import configured_bank
from service.settings import Settings

if TYPE_CHECKING:
    from service.runner.verdicts import CodeResult, TestResult


def _test_line(test: TestResult) -> str:
    mark = "PASS" if test.passed else "FAIL"
    kind = "hidden " if test.hidden else ""
    return f"  {mark} {kind}{test.name}: {test.verdict.value} {test.points:g}/{test.max_points:g}"


def _report(result: CodeResult) -> str:
    lines = [
        f"verdict: {result.verdict.value}  points: {result.points:g}/{result.max_points:g}  "
        f"(engine {result.engine}, {result.seconds or 0:.2f} s)"
    ]
    if result.message:
        lines.append(f"  {result.message}")
    for test in result.tests:
        lines.append(_test_line(test))
        if test.message and not test.hidden and not test.passed:
            lines += ["    " + line for line in test.message.splitlines()]
    return "\n".join(lines)


@click.command("grade-code")
@click.argument("scenario_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--engine", type=click.Choice(["sail", "jvm"]), default=None,
    help="Spark engine (default: GRADER_SPARK_ENGINE, sail).",
)
def grade_code(scenario_id: str, file: Path, as_json: bool, engine: str | None) -> None:
    """Grade FILE against SCENARIO_ID's code task; exit 0 when accepted, 1 otherwise.

    Hidden tests show pass/fail only, as candidates see them.
    """
    from service.runner import grade
    from service.runner.errors import SandboxUnavailable

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    entry = configured_bank(scenario_id).get(scenario_id)
    if entry is None:
        raise click.ClickException(f"no scenario with id {scenario_id!r}")
    if entry.scenario.code is None or entry.rubric.code is None:
        raise click.ClickException(f"scenario {scenario_id!r} has no code task")
    try:
        result = grade(entry.scenario, entry.rubric, file.read_text(), Settings(), engine=engine)
    except SandboxUnavailable as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(result.candidate_view(), indent=2))
    else:
        click.echo(_report(result))
    sys.exit(0 if result.passed else 1)
