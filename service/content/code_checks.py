"""Lint checks of a code task: its tests must fit the signature, the engine and the checkers."""

from __future__ import annotations

import ast

from service.content.models import CodeTask, CodeTest, Rubric, Scenario


def _parameters(signature: str, entrypoint: str) -> list[str] | None:
    """The parameter names of `def entrypoint(...)` in the signature, or None if unparsable."""
    try:
        tree = ast.parse(signature.rstrip().rstrip(":") + ":\n    ...")
    except SyntaxError:
        return None
    func = tree.body[0] if tree.body else None
    if not isinstance(func, ast.FunctionDef) or func.name != entrypoint:
        return None
    return [a.arg for a in func.args.args]


def _check_test(test: CodeTest, params: list[str], known_checkers: list[str]) -> list[str]:
    from service.runner.harness.ddl import parse_columns

    problems = []
    for name in [*test.inputs, *test.args]:
        if name not in params:
            problems.append(f"'{name}' is not a parameter of the signature")
    missing = [p for p in params[1:] if p not in test.inputs and p not in test.args]
    if missing:
        problems.append(f"no input or arg for parameter(s) {', '.join(missing)}")
    if test.output.startswith("table:"):
        table = test.inputs.get(test.output.removeprefix("table:"))
        if table is None or table.kind != "delta":
            problems.append(f"output {test.output} must name a delta input")
    if test.compare.checker not in known_checkers:
        problems.append(
            f"unknown checker '{test.compare.checker}' (known: {', '.join(known_checkers)})"
        )
    try:
        for name, table in test.inputs.items():
            where = f"inputs.{name}.ddl"
            parse_columns(table.ddl)
        where = "expected.ddl"
        width = len(parse_columns(test.expected.ddl))
    except ValueError as exc:
        return [*problems, f"{where}: {exc}"]
    if any(len(row) != width for row in test.expected.rows):
        problems.append(f"expected rows must have {width} values (expected.ddl)")
    return problems


def check_code(scenario: Scenario, rubric: Rubric) -> list[tuple[str, str, str]]:
    """(file kind, field, problem) for every issue of the scenario's code task."""
    from service.runner.checkers import checker_names

    task: CodeTask | None = scenario.code
    if task is None or rubric.code is None:
        return []
    params = _parameters(task.signature, task.entrypoint)
    if params is None or not params or params[0] != "spark":
        return [("scenario", "code.signature",
                 f"must be 'def {task.entrypoint}(spark, ...)' with valid Python syntax")]
    known = checker_names()
    found: list[tuple[str, str, str]] = []
    uses_delta = False
    groups = (
        ("scenario", "code.examples", task.examples),
        ("rubric", "code.tests", rubric.code.tests),
    )
    for kind, field, tests in groups:
        for i, test in enumerate(tests):
            uses_delta |= any(t.kind == "delta" for t in test.inputs.values())
            found += [(kind, f"{field}.{i}", p) for p in _check_test(test, params, known)]
    if uses_delta and "delta" not in task.requires:
        found.append(("scenario", "code.requires", "tests use delta inputs: add 'delta'"))
    return found
