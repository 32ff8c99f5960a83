"""`DeltaMergeBuilder`: Delta's MERGE builder, executed by delta-rs on an Arrow copy of the source.

Clauses keep Delta's order and meaning: within WHEN MATCHED (and each other group) the first
clause whose condition holds applies. `UPDATE SET *` / `INSERT *` assign every target column
from the source column of the same name (case-insensitive); extra source columns are ignored,
a missing one is an error unless schema evolution is on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import deltalake
import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession

from .columns import Expression
from .errors import DeltaCompatError, delta_errors
from .expressions import Names, quote, target_column, to_delta_sql

DEFAULT_TARGET_ALIAS = "target"
DEFAULT_SOURCE_ALIAS = "source"
MERGE_METRICS_DDL = (
    "num_affected_rows BIGINT, num_updated_rows BIGINT, num_deleted_rows BIGINT, "
    "num_inserted_rows BIGINT"
)


@dataclass(frozen=True)
class Clause:
    """One WHEN clause: `group` is matched, not_matched or not_matched_by_source; `action` is
    update, delete or insert; `assignments` None on update/insert means every column."""

    group: str
    action: str
    condition: Expression | None = None
    assignments: Mapping[str, Expression] | None = None


@dataclass(frozen=True)
class MergeTarget:
    """The table a merge writes: where it is, its alias and the session that reads it back."""

    spark: SparkSession
    path: str
    alias: str | None


class DeltaMergeBuilder:
    """Builds a MERGE like `delta.tables.DeltaMergeBuilder`; every method returns a new builder."""

    def __init__(
        self,
        target: MergeTarget,
        source: DataFrame,
        condition: Expression,
        clauses: tuple[Clause, ...] = (),
        evolve_schema: bool = False,
    ) -> None:
        self._target = target
        self._source = source
        self._condition = condition
        self._clauses = clauses
        self._evolve = evolve_schema

    def _with(self, clause: Clause) -> DeltaMergeBuilder:
        return DeltaMergeBuilder(
            self._target, self._source, self._condition, (*self._clauses, clause), self._evolve
        )

    def whenMatchedUpdate(
        self, condition: Expression | None = None, set: Mapping[str, Expression] | None = None
    ) -> DeltaMergeBuilder:
        """Update matched rows with the `set` assignments (target column -> expression)."""
        return self._with(Clause("matched", "update", condition, _required(set, "set")))

    def whenMatchedUpdateAll(self, condition: Expression | None = None) -> DeltaMergeBuilder:
        """Update every column of matched rows from the source row."""
        return self._with(Clause("matched", "update", condition))

    def whenMatchedDelete(self, condition: Expression | None = None) -> DeltaMergeBuilder:
        """Delete matched rows."""
        return self._with(Clause("matched", "delete", condition))

    def whenNotMatchedInsert(
        self, condition: Expression | None = None, values: Mapping[str, Expression] | None = None
    ) -> DeltaMergeBuilder:
        """Insert source rows without a match, with the given column values."""
        return self._with(Clause("not_matched", "insert", condition, _required(values, "values")))

    def whenNotMatchedInsertAll(self, condition: Expression | None = None) -> DeltaMergeBuilder:
        """Insert source rows without a match, every column from the source."""
        return self._with(Clause("not_matched", "insert", condition))

    def whenNotMatchedBySourceUpdate(
        self, condition: Expression | None = None, set: Mapping[str, Expression] | None = None
    ) -> DeltaMergeBuilder:
        """Update target rows that no source row matches."""
        return self._with(
            Clause("not_matched_by_source", "update", condition, _required(set, "set"))
        )

    def whenNotMatchedBySourceDelete(
        self, condition: Expression | None = None
    ) -> DeltaMergeBuilder:
        """Delete target rows that no source row matches."""
        return self._with(Clause("not_matched_by_source", "delete", condition))

    def withSchemaEvolution(self) -> DeltaMergeBuilder:
        """Let `UPDATE SET *` / `INSERT *` add source columns the target lacks."""
        return DeltaMergeBuilder(self._target, self._source, self._condition, self._clauses, True)

    def execute(self) -> DataFrame:
        """Run the merge; returns Delta's one-row metrics DataFrame."""
        if not self._clauses:
            raise DeltaCompatError("a MERGE needs at least one WHEN clause")
        source = self._source.toArrow()
        source_alias = source_alias_of(self._source) or DEFAULT_SOURCE_ALIAS
        target_alias = self._target.alias or DEFAULT_TARGET_ALIAS
        with delta_errors("MERGE"):
            table = deltalake.DeltaTable(self._target.path)
            target_columns = [f.name for f in table.schema().fields]
            names = Names.build(
                [
                    (target_alias, target_alias, target_columns),
                    (source_alias, source_alias, source.column_names),
                ]
            )
            plan = _Plan(names, target_alias, source_alias, target_columns, source, self._evolve)
            merger = table.merge(
                source,
                to_delta_sql(self._condition, names),
                source_alias=source_alias,
                target_alias=target_alias,
                merge_schema=self._evolve,
            )
            for clause in self._clauses:
                merger = plan.apply(merger, clause)
            metrics = merger.execute()
        updated = metrics["num_target_rows_updated"]
        deleted = metrics["num_target_rows_deleted"]
        inserted = metrics["num_target_rows_inserted"]
        return self._target.spark.createDataFrame(
            [(updated + deleted + inserted, updated, deleted, inserted)], MERGE_METRICS_DDL
        )


@dataclass(frozen=True)
class _Plan:
    """Turns builder clauses into delta-rs TableMerger calls."""

    names: Names
    target_alias: str
    source_alias: str
    target_columns: list[str]
    source: pa.Table
    evolve: bool

    def apply(self, merger: Any, clause: Clause) -> Any:
        predicate = None if clause.condition is None else to_delta_sql(clause.condition, self.names)
        if clause.action == "delete":
            method: Callable[..., Any] = getattr(merger, f"when_{clause.group}_delete")
            return method(predicate=predicate)
        if clause.assignments is None and self.evolve:
            if clause.action == "update":
                return merger.when_matched_update_all(predicate=predicate)
            return merger.when_not_matched_insert_all(predicate=predicate)
        updates = (
            self._all_columns(clause.action)
            if clause.assignments is None
            else {
                target_column(key, self.names, self.target_alias): to_delta_sql(value, self.names)
                for key, value in clause.assignments.items()
            }
        )
        method = getattr(merger, f"when_{clause.group}_{clause.action}")
        return method(updates=updates, predicate=predicate)

    def _all_columns(self, action: str) -> dict[str, str]:
        by_name = {name.lower(): name for name in self.source.column_names}
        missing = [c for c in self.target_columns if c.lower() not in by_name]
        if missing:
            verb = "UPDATE SET *" if action == "update" else "INSERT *"
            raise DeltaCompatError(
                f"[DELTA_MERGE_UNRESOLVED_EXPRESSION] cannot resolve {missing} in {verb}: the "
                f"source has only the columns {self.source.column_names}"
            )
        return {
            quote(column): f"{quote(self.source_alias)}.{quote(by_name[column.lower()])}"
            for column in self.target_columns
        }


def source_alias_of(frame: DataFrame) -> str | None:
    """The alias given with `df.alias(name)` as the last step of a Spark Connect DataFrame."""
    from pyspark.sql.connect.plan import SubqueryAlias

    plan = getattr(frame, "_plan", None)
    return plan._alias if isinstance(plan, SubqueryAlias) else None


def _required(
    assignments: Mapping[str, Expression] | None, argument: str
) -> Mapping[str, Expression]:
    if not assignments:
        raise DeltaCompatError(f"the '{argument}' argument must name at least one column")
    return dict(assignments)
