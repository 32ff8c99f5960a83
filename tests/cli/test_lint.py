"""`grader lint` reports broken content as `file: field: problem` and exits non-zero."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from service import create_app
from service.cli import main
from service.content.bank import InvalidContent
from service.settings import Settings

SCENARIO = {
    "id": "toy-scenario",
    "source_number": 99,
    "title": "Toy",
    "prompt": "How do you stop a Kafka consumer from breaking when a producer adds a field?",
    "context": "A toy scenario for lint tests.",
    "tags": ["Kafka"],
    "difficulty": "easy",
    "kind": "written",
    "time_limit_minutes": 5,
}
RUBRIC = {
    "id": "toy-scenario",
    "reference_answer": "Register every schema in a schema registry and enforce backward "
    "compatibility so consumers keep working.",
    "pass_score": 50,
    "criteria": [
        {
            "id": "contract",
            "title": "Schema contract",
            "points": 10,
            "concepts": [
                {"term": "schema registry", "aliases": ["SR"]},
                {"term": "backward compatibility", "aliases": ["backward compatible"]},
            ],
            "feedback": "How do producers and consumers agree on the message format?",
            "expected": "Schema registry with backward compatibility.",
        }
    ],
}


def write(root: Path, scenario: dict | str | None, rubric: dict | str | None) -> tuple[Path, Path]:
    s_dir, r_dir = root / "scenarios", root / "rubrics"
    s_dir.mkdir(exist_ok=True)
    r_dir.mkdir(exist_ok=True)
    for folder, doc in ((s_dir, scenario), (r_dir, rubric)):
        if doc is not None:
            text = doc if isinstance(doc, str) else yaml.safe_dump(doc)
            (folder / "toy-scenario.yaml").write_text(text)
    return s_dir, r_dir


def lint(s_dir: Path, r_dir: Path):
    return CliRunner().invoke(main, ["lint", "--scenarios", str(s_dir), "--rubrics", str(r_dir)])


def assert_reported(tmp_path, scenario, rubric, where: str, message: str) -> None:
    """Lint fails with a line at `where` that says `message`."""
    result = lint(*write(tmp_path, scenario, rubric))
    assert result.exit_code == 1
    line = next((ln for ln in result.output.splitlines() if where in ln), None)
    assert line is not None, result.output
    assert message in line


def test_valid_content_passes(tmp_path):
    result = lint(*write(tmp_path, SCENARIO, RUBRIC))
    assert result.exit_code == 0, result.output
    assert "ok: 1 scenarios" in result.output


def test_idea_patterns_with_two_slots_a_negated_idea_and_one_word_pass(tmp_path):
    ideas = ["central|shared + store|registry + format|version", "not|cannot + read + message"]
    ideas.append("registry")  # one word: matched with its WordNet synonyms and derivations
    result = lint(*write(tmp_path, SCENARIO, broken(RUBRIC, "criteria.0.concepts.0.ideas", ideas)))
    assert result.exit_code == 0, result.output


def broken(doc: dict, path: str, value) -> dict:
    doc = copy.deepcopy(doc)
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is KeyError:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return doc


@pytest.mark.parametrize(
    ("scenario", "rubric", "where", "message"),
    [
        (broken(SCENARIO, "difficulty", "brutal"), RUBRIC, "scenarios/toy-scenario.yaml: "
         "difficulty:", "Input should be 'easy', 'medium' or 'hard'"),
        (broken(SCENARIO, "title", KeyError), RUBRIC, "scenarios/toy-scenario.yaml: title:",
         "Field required"),
        (broken(SCENARIO, "id", "other-id"), RUBRIC, "scenarios/toy-scenario.yaml: id:",
         "does not match file name"),
        (broken(SCENARIO, "kind", "code"), RUBRIC, "scenarios/toy-scenario.yaml: (root):",
         "needs a code section"),
        (SCENARIO, broken(RUBRIC, "criteria.0.concepts.1.aliases", ["SR"]),
         "rubrics/toy-scenario.yaml: criteria.0.concepts.1:", "alias 'SR' also used"),
        (SCENARIO, broken(RUBRIC, "criteria.0.concepts.0", {"term": "consumer group lag"}),
         "rubrics/toy-scenario.yaml: criteria.0.concepts:",
         "'consumer group lag' is not found in the reference_answer"),
        (SCENARIO, broken(RUBRIC, "pass_score", 150), "rubrics/toy-scenario.yaml: pass_score:",
         "less than or equal to 100"),
        (SCENARIO, broken(RUBRIC, "criteria.0.surprise", 1),
         "rubrics/toy-scenario.yaml: criteria.0.surprise:", "Extra inputs are not permitted"),
        (SCENARIO, "criteria: [unclosed", "rubrics/toy-scenario.yaml: (file):", "not valid YAML"),
        (SCENARIO, broken(RUBRIC, "criteria.0.concepts.0.ideas", ["central + |store"]),
         "rubrics/toy-scenario.yaml: criteria.0.concepts.0.ideas.0:", "empty slot or alternative"),
        (SCENARIO, broken(RUBRIC, "criteria.0.concepts.0.ideas", ["central|shared"]),
         "rubrics/toy-scenario.yaml: criteria.0.concepts.0.ideas.0:", "needs at least 2 slots"),
        (SCENARIO, broken(RUBRIC, "criteria.0.answer_sets", [["schema registry", "Avro"]]),
         "rubrics/toy-scenario.yaml: criteria.0:", "answer_sets name 'Avro', which is not a"),
        (SCENARIO, broken(RUBRIC, "criteria.0.concepts.0.ideas", ["central + the|of"]),
         "rubrics/toy-scenario.yaml: criteria.0.concepts.0.ideas.0:", "has no content word"),
        (SCENARIO, None, "scenarios/toy-scenario.yaml: id:", "no rubric file"),
    ],
)
def test_broken_content_is_reported_as_file_field_problem(
    tmp_path, scenario, rubric, where, message
):
    assert_reported(tmp_path, scenario, rubric, where, message)


def test_rubric_without_scenario_is_reported(tmp_path):
    s_dir, r_dir = write(tmp_path, None, RUBRIC)
    result = lint(s_dir, r_dir)
    assert result.exit_code == 1
    assert "rubrics/toy-scenario.yaml: id: no scenario with this id" in result.output


def test_app_refuses_to_start_on_invalid_content_with_the_same_lines(tmp_path):
    s_dir, r_dir = write(tmp_path, broken(SCENARIO, "difficulty", "brutal"), RUBRIC)
    lint_lines = lint(s_dir, r_dir).output.strip().splitlines()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", scenarios_dir=s_dir, rubrics_dir=r_dir
    )
    with pytest.raises(InvalidContent) as caught:
        create_app(settings)
    assert str(caught.value).splitlines() == lint_lines


CODE_TEST = {
    "name": "two rows",
    "inputs": {"orders": {"ddl": "id INT, amount DOUBLE", "rows": [[1, 2.0], [2, 3.0]]}},
    "expected": {"ddl": "total DOUBLE", "rows": [[5.0]]},
}
CODE_SCENARIO = {
    **SCENARIO,
    "kind": "code",
    "code": {
        "statement": "Return the total amount.",
        "signature": "def solve(spark, orders) -> DataFrame",
        "starter_code": "def solve(spark, orders):\n    return orders\n",
        "examples": [CODE_TEST],
    },
}
CODE_RUBRIC = {
    "id": "toy-scenario",
    "reference_answer": "Sum the amounts.",
    "pass_score": 50,
    "code": {
        "reference_solution": "def solve(spark, orders):\n"
        "    return orders.selectExpr('sum(amount) AS total')\n",
        "tests": [{**CODE_TEST, "name": "hidden"}],
    },
}


def test_valid_code_task_passes(tmp_path):
    result = lint(*write(tmp_path, CODE_SCENARIO, CODE_RUBRIC))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("scenario", "rubric", "where", "message"),
    [
        (broken(CODE_SCENARIO, "code.signature", "def solve(orders)"), CODE_RUBRIC,
         "scenarios/toy-scenario.yaml: code.signature:", "def solve(spark, ...)"),
        (broken(CODE_SCENARIO, "code.examples.0.inputs",
                {"order": CODE_TEST["inputs"]["orders"]}), CODE_RUBRIC,
         "scenarios/toy-scenario.yaml: code.examples.0:", "'order' is not a parameter"),
        (CODE_SCENARIO, broken(CODE_RUBRIC, "code.tests.0.expected.rows", [[5.0, 1]]),
         "rubrics/toy-scenario.yaml: code.tests.0:", "expected rows must have 1 values"),
        (CODE_SCENARIO, broken(CODE_RUBRIC, "code.tests.0.compare", {"checker": "fuzzy"}),
         "rubrics/toy-scenario.yaml: code.tests.0:", "unknown checker 'fuzzy'"),
        (CODE_SCENARIO, broken(CODE_RUBRIC, "code.tests.0.expected.ddl", "total DUBLE"),
         "rubrics/toy-scenario.yaml: code.tests.0:", "expected.ddl: unknown type"),
        (CODE_SCENARIO, broken(CODE_RUBRIC, "code.tests.0.output", "table:orders"),
         "rubrics/toy-scenario.yaml: code.tests.0:", "must name a delta input"),
    ],
)
def test_broken_code_task_is_reported_as_file_field_problem(
    tmp_path, scenario, rubric, where, message
):
    assert_reported(tmp_path, scenario, rubric, where, message)


def test_linting_the_bank_with_its_code_tasks_does_not_load_spark():
    code = (
        "import sys; from service.cli import main\n"
        "try:\n    main(['lint'])\nexcept SystemExit as end:\n    assert end.code in (0, None)\n"
        "print([m for m in ('pyspark', 'py4j', 'pysail') if m in sys.modules])"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=Path(__file__).parents[2],
    )
    assert found.stdout.strip().splitlines() == ["ok: 14 scenarios", "[]"]
