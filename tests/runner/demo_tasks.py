"""Small code tasks built in test code, so runner tests do not depend on the shipped bank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from service.content.models import Rubric, Scenario

ORDERS = "customer STRING, amount DOUBLE"
TOTALS = "customer STRING, total DOUBLE"

TOTALS_REFERENCE = """\
from pyspark.sql import functions as F


def solve(spark, orders):
    return orders.groupBy("customer").agg(F.sum("amount").alias("total"))
"""
TOTALS_WRONG = """\
from pyspark.sql import functions as F


def solve(spark, orders):
    return orders.groupBy("customer").agg(F.max("amount").alias("total"))
"""
TOTALS_WITH_UDF = """\
from pyspark.sql import functions as F


@F.udf("double")
def same(x):
    return x


def solve(spark, orders):
    return orders.groupBy("customer").agg(F.sum(same("amount")).alias("total"))
"""
# prints how many tests each job document in memory holds, then every input customer in them
JOBS_IN_MEMORY = """\
import gc, json
def solve(spark, orders):
    seen = [o for o in gc.get_objects() if isinstance(o, dict) and 'tests' in o]
    print(json.dumps([len(o['tests']) for o in seen]))
    print(sorted({r[0] for o in seen for t in o['tests']
                  for i in t['inputs'].values() for r in i.get('rows', [])}))
    return orders
"""
UPSERT_REFERENCE = """\
from pyspark.sql import functions as F


def solve(spark, target, changes):
    current = spark.read.format("delta").load(target)
    kept = current.join(changes, "id", "left_anti")
    kept.unionByName(changes).write.format("delta").mode("overwrite").save(target)
"""


def _test(name: str, rows: list[list[Any]], totals: list[list[Any]], points: float = 1.0):
    return {
        "name": name,
        "inputs": {"orders": {"ddl": ORDERS, "rows": rows}},
        "expected": {"ddl": TOTALS, "rows": totals},
        "points": points,
    }


def _scenario(scenario_id: str, number: int, code: dict[str, Any]) -> Scenario:
    return Scenario(
        id=scenario_id,
        source_number=number,
        title=f"Demo {scenario_id}",
        prompt="Write the function.",
        context="A small task for runner tests.",
        tags=["Spark"],
        difficulty="easy",
        kind="code",
        time_limit_minutes=10,
        code=code,
    )


def totals_task(plan_checks: tuple[str, ...] = ()) -> tuple[Scenario, Rubric]:
    """Total amount per customer: one visible example, two hidden tests worth 2 points each."""
    scenario = _scenario(
        "demo-totals" if not plan_checks else "demo-totals-no-udf",
        901 if not plan_checks else 902,
        {
            "statement": "Return each customer's total amount as columns customer, total.",
            "signature": "def solve(spark, orders) -> DataFrame",
            "starter_code": "def solve(spark, orders):\n    return orders\n",
            "examples": [
                _test("two customers", [["a", 1.5], ["b", 2.0], ["a", 3.0]],
                      [["a", 4.5], ["b", 2.0]])
            ],
        },
    )
    rubric = Rubric(
        id=scenario.id,
        reference_answer="Group by customer and sum the amounts.",
        pass_score=50,
        code={
            "reference_solution": TOTALS_REFERENCE,
            "wrong_solution": TOTALS_WRONG,
            "plan_checks": list(plan_checks),
            "tests": [
                _test("one customer", [["z", 1.25]], [["z", 1.25]], points=2),
                _test("many rows", [["c", 0.1]] * 10 + [["d", 7.0]], [["c", 1.0], ["d", 7.0]],
                      points=2),
            ],
        },
    )
    return scenario, rubric


def upsert_task() -> tuple[Scenario, Rubric]:
    """Upsert changes into a Delta table with history; the table itself is the output."""
    versions = [
        {"mode": "overwrite", "rows": [[1, "a"], [2, "b"]]},
        {"mode": "append", "rows": [[3, "c"]]},
    ]
    test = {
        "name": "update one, insert one",
        "inputs": {
            "target": {"ddl": "id INT, name STRING", "kind": "delta", "versions": versions},
            "changes": {"ddl": "id INT, name STRING", "rows": [[2, "B"], [4, "d"]]},
        },
        "output": "table:target",
        "expected": {
            "ddl": "id INT, name STRING",
            "rows": [[1, "a"], [2, "B"], [3, "c"], [4, "d"]],
        },
    }
    scenario = _scenario(
        "demo-upsert",
        903,
        {
            "statement": "Upsert `changes` into the Delta table at path `target`, by id.",
            "signature": "def solve(spark, target: str, changes) -> None",
            "starter_code": "def solve(spark, target, changes):\n    pass\n",
            "examples": [test],
            "requires": ["delta"],
        },
    )
    rubric = Rubric(
        id=scenario.id,
        reference_answer="Merge the changes by id.",
        pass_score=50,
        code={"reference_solution": UPSERT_REFERENCE, "tests": [{**test, "name": "hidden"}]},
    )
    return scenario, rubric


def write_bank(directory: Path, tasks: list[tuple[Scenario, Rubric]]) -> tuple[Path, Path]:
    """Write tasks as scenarios/ and rubrics/ YAML files; returns the two directories."""
    scenarios, rubrics = directory / "scenarios", directory / "rubrics"
    scenarios.mkdir(parents=True, exist_ok=True)
    rubrics.mkdir(parents=True, exist_ok=True)
    for scenario, rubric in tasks:
        for folder, model in ((scenarios, scenario), (rubrics, rubric)):
            data = model.model_dump(mode="json", exclude_defaults=True)
            (folder / f"{model.id}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return scenarios, rubrics


# A written-only task beside the code ones (interviews mixing both kinds).
WRITTEN_TASK = (
    Scenario(
        id="demo-written", source_number=950, title="Written only", prompt="Why retry?",
        context="A written task.", tags=["Kafka"], difficulty="easy", kind="written",
        time_limit_minutes=5,
    ),
    Rubric(
        id="demo-written", reference_answer="Retries must be idempotent.", pass_score=50,
        criteria=[{
            "id": "retries", "title": "Retries", "points": 1,
            "concepts": [{"term": "idempotent"}], "feedback": "Think about repeats.",
            "expected": "Idempotent retries.",
        }],
    ),
)


def without_times(document: dict[str, Any]) -> str:
    """The text of an API document without its top-level times, for checks that hidden values
    ("1.25", 'z') never reach the caller: a time such as "19:20:21.258" holds "1.25"."""
    return str({key: value for key, value in document.items() if not key.endswith("_at")})
