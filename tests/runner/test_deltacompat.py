"""deltacompat: delta-spark's DeltaTable API on a real Sail server, carried out by delta-rs."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from pyspark.errors import AnalysisException
from pyspark.sql import functions as F

from service.runner.deltacompat import DeltaCompatError, DeltaTable

DDL = "id INT, name STRING, amount INT"
RUNNER_DIR = Path(__file__).resolve().parents[2] / "service" / "runner"


def make_table(spark, path: Path, *versions: list[tuple], ddl: str = DDL) -> str:
    """A Delta table written by Sail: the first rows as version 0, each next list appended."""
    for number, rows in enumerate(versions):
        mode = "overwrite" if number == 0 else "append"
        spark.createDataFrame(rows, ddl).write.format("delta").mode(mode).save(str(path))
    return str(path)


def rows_of(frame) -> list[tuple]:
    return sorted(tuple(row) for row in frame.collect())


def current(spark, path: str) -> list[tuple]:
    return rows_of(spark.read.format("delta").load(path))


def changes(spark, rows: list[tuple]):
    return spark.createDataFrame(rows, DDL + ", op STRING")


def merge_on_id(spark, path: str, source):
    """The merge every seed uses: target `t`, source `s`, matched on id."""
    return DeltaTable.forPath(spark, path).alias("t").merge(source.alias("s"), "t.id = s.id")


# --- merge ------------------------------------------------------------------------------------


def test_merge_upsert_updates_matches_inserts_new_rows_and_keeps_the_rest(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10), (2, "b", 20)])
    source = spark.createDataFrame([(2, "B", 21), (3, "c", 30)], DDL)

    metrics = (
        merge_on_id(spark, path, source).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute()
    )

    assert current(spark, path) == [(1, "a", 10), (2, "B", 21), (3, "c", 30)]
    assert metrics.collect()[0].asDict() == {
        "num_affected_rows": 2,
        "num_updated_rows": 1,
        "num_deleted_rows": 0,
        "num_inserted_rows": 1,
    }


def test_merge_clause_conditions_apply_cdc_deletes_updates_and_inserts(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10), (2, "b", 20), (3, "c", 30)])
    source = changes(
        spark,
        [(1, None, None, "d"), (2, "B", 21, "u"), (4, "d", 40, "c"), (5, None, None, "d")],
    )

    (
        merge_on_id(spark, path, source)
        .whenMatchedDelete(condition="s.op = 'd'")
        .whenMatchedUpdateAll(condition="s.op = 'u'")
        .whenNotMatchedInsertAll(condition="s.op IN ('c', 'u')")
        .execute()
    )

    assert current(spark, path) == [(2, "B", 21), (3, "c", 30), (4, "d", 40)]


def test_merge_first_matching_clause_wins(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10), (2, "b", 20)])
    source = changes(spark, [(1, "x", 0, "u"), (2, "y", 99, "u")])

    (
        merge_on_id(spark, path, source)
        .whenMatchedUpdate(condition="s.amount > 50", set={"name": "'big'"})
        .whenMatchedUpdate(set={"name": "'small'"})
        .execute()
    )

    assert current(spark, path) == [(1, "small", 10), (2, "big", 20)]


def test_merge_set_and_values_take_expressions_and_leave_other_columns(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])
    source = changes(spark, [(1, "ignored", 5, "u"), (7, "new", 70, "c")])

    (
        merge_on_id(spark, path, source)
        .whenMatchedUpdate(set={"amount": "t.amount + s.amount"})
        .whenNotMatchedInsert(values={"id": "s.id", "name": F.upper(F.col("s.name"))})
        .execute()
    )

    assert current(spark, path) == [(1, "a", 15), (7, "NEW", None)]


def test_merge_accepts_column_conditions(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10), (2, "b", 20)])
    source = changes(spark, [(1, None, None, "d"), (2, "B", 22, "u")])

    (
        DeltaTable.forPath(spark, path)
        .alias("t")
        .merge(source.alias("s"), F.col("t.id") == F.col("s.id"))
        .whenMatchedDelete(condition=F.col("s.op") == "d")
        .whenMatchedUpdate(
            condition=F.col("s.op").isin("u") & F.col("s.amount").isNotNull(),
            set={"amount": F.col("s.amount")},
        )
        .execute()
    )

    assert current(spark, path) == [(2, "b", 22)]


def test_merge_resolves_names_case_insensitively_and_reads_double_quoted_strings(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10), (2, "b", 20)])
    source = changes(spark, [(1, None, None, "d"), (2, "B", 21, "u")])

    (
        DeltaTable.forPath(spark, path)
        .alias("T")
        .merge(source.alias("S"), "t.ID = s.Id")
        .whenMatchedDelete(condition='S.OP == "d"')
        .whenMatchedUpdate(set={"NAME": "s.Name"})
        .execute()
    )

    assert current(spark, path) == [(2, "B", 20)]


def test_merge_with_two_source_rows_for_one_target_row_fails_like_delta(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])
    source = changes(spark, [(1, "x", 1, "u"), (1, "y", 2, "u")])
    merge = merge_on_id(spark, path, source).whenMatchedUpdateAll()

    with pytest.raises(AnalysisException, match="multiple source rows"):
        merge.execute()
    assert current(spark, path) == [(1, "a", 10)]


def test_update_all_ignores_extra_source_columns_but_needs_every_target_column(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])
    narrow = spark.createDataFrame([(1, "x")], "id INT, name STRING")
    merge = merge_on_id(spark, path, narrow).whenMatchedUpdateAll()

    with pytest.raises(DeltaCompatError, match="amount"):
        merge.execute()


def test_schema_evolution_adds_source_columns(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])
    source = changes(spark, [(1, "A", 11, "u"), (2, "b", 20, "c")])

    (
        merge_on_id(spark, path, source)
        .withSchemaEvolution()
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute()
    )

    assert current(spark, path) == [(1, "A", 11, "u"), (2, "b", 20, "c")]


def test_not_matched_by_source_clauses_update_and_delete_target_only_rows(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10), (2, "b", 20), (3, "c", 30)])
    source = changes(spark, [(1, "a", 10, "u")])

    (
        merge_on_id(spark, path, source)
        .whenNotMatchedBySourceDelete(condition="t.id = 3")
        .whenNotMatchedBySourceUpdate(set={"name": "'gone'"})
        .execute()
    )

    assert current(spark, path) == [(1, "a", 10), (2, "gone", 20)]


def test_merge_without_clauses_is_refused(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])
    source = spark.createDataFrame([(1, "x", 1)], DDL)

    with pytest.raises(DeltaCompatError, match="WHEN"):
        DeltaTable.forPath(spark, path).merge(source, "target.id = source.id").execute()


# --- history and restore ----------------------------------------------------------------------


def test_history_lists_commits_newest_first_with_delta_column_names(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)], [(2, "b", 20)])
    table = DeltaTable.forPath(spark, path)
    table.alias("t").merge(
        spark.createDataFrame([(3, "c", 30)], DDL).alias("s"), "t.id = s.id"
    ).whenNotMatchedInsertAll().execute()

    history = table.history()
    rows = history.collect()

    assert [r.version for r in rows] == [2, 1, 0]
    assert rows[0].operation == "MERGE"
    assert rows[0].operationMetrics["numTargetRowsInserted"] == "1"
    assert rows[0].operationParameters["mergePredicate"] == "t.id = s.id"
    assert rows[1].operation == "WRITE" and rows[1].operationParameters["mode"] == "Append"
    assert rows[0].timestamp >= rows[1].timestamp >= rows[2].timestamp
    expected_types = {
        "version": "bigint",
        "timestamp": "timestamp",
        "operation": "string",
        "operationParameters": "map<string,string>",
        "operationMetrics": "map<string,string>",
    }
    assert {name: kind for name, kind in history.dtypes if name in expected_types} == (
        expected_types
    )
    assert [r.version for r in table.history(1).collect()] == [2]


def test_restore_to_version_brings_back_that_version_as_a_new_commit(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)], [(2, "b", 20)])
    spark.createDataFrame([(9, "bad", -1)], DDL).write.format("delta").mode("overwrite").save(path)
    table = DeltaTable.forPath(spark, path)

    metrics = table.restoreToVersion(1).collect()[0]

    assert current(spark, path) == [(1, "a", 10), (2, "b", 20)]
    assert metrics.num_restored_files == 2 and metrics.num_of_files_after_restore == 2
    latest = table.history(1).collect()[0]
    assert (latest.version, latest.operation) == (3, "RESTORE")


def test_restore_to_the_current_version_changes_nothing(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])

    DeltaTable.forPath(spark, path).restoreToVersion(0)

    assert current(spark, path) == [(1, "a", 10)]
    assert [r.version for r in DeltaTable.forPath(spark, path).history().collect()] == [0]


def test_restore_to_a_missing_version_is_an_error(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])

    with pytest.raises(DeltaCompatError, match="versions 0 to 0"):
        DeltaTable.forPath(spark, path).restoreToVersion(5)


def test_restore_to_timestamp_uses_the_version_current_at_that_moment(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)], [(2, "b", 20)], [(3, "c", 30)])
    table = DeltaTable.forPath(spark, path)
    version_1 = table.history().filter("version = 1").collect()[0].timestamp

    table.restoreToTimestamp(str(version_1))

    assert current(spark, path) == [(1, "a", 10), (2, "b", 20)]


def test_restore_to_timestamp_outside_the_history_is_an_error(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])
    table = DeltaTable.forPath(spark, path)

    with pytest.raises(DeltaCompatError, match="before the earliest"):
        table.restoreToTimestamp("2000-01-01")
    with pytest.raises(DeltaCompatError, match="after the latest"):
        table.restoreToTimestamp(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))


# --- update, delete, reading ------------------------------------------------------------------


def test_update_sets_columns_on_matching_rows(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10), (2, "b", 20)])
    table = DeltaTable.forPath(spark, path)

    table.update("id = 2", {"amount": "amount * 10", "name": F.upper(F.col("name"))})
    table.update(condition=F.col("id") == 1, set={"name": "'one'"})

    assert current(spark, path) == [(1, "one", 10), (2, "B", 200)]


def test_update_without_assignments_is_refused(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])

    with pytest.raises(DeltaCompatError, match="set"):
        DeltaTable.forPath(spark, path).update("id = 1")


def test_delete_removes_matching_rows_or_all_rows(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10), (2, "b", 20), (3, "c", 30)])
    table = DeltaTable.forPath(spark, path)

    table.delete("amount >= 20 AND name <> 'c'")
    assert current(spark, path) == [(1, "a", 10), (3, "c", 30)]
    table.delete()
    assert current(spark, path) == []


def test_to_df_reads_the_current_version_under_the_alias(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)], [(2, "b", 20)])

    frame = DeltaTable.forPath(spark, path).alias("t").toDF()

    assert rows_of(frame.select("t.id", "t.name")) == [(1, "a"), (2, "b")]


def test_is_delta_table_tells_delta_paths_from_others(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])
    spark.createDataFrame([(1,)], "id INT").write.parquet(str(tmp_path / "plain"))

    assert DeltaTable.isDeltaTable(spark, path)
    assert not DeltaTable.isDeltaTable(spark, str(tmp_path / "plain"))
    assert not DeltaTable.isDeltaTable(spark, str(tmp_path / "missing"))


def test_for_path_on_a_non_delta_path_raises_analysis_exception(spark, tmp_path):
    with pytest.raises(AnalysisException, match="not a Delta table"):
        DeltaTable.forPath(spark, str(tmp_path))


def test_for_name_finds_tables_saved_with_save_as_table(spark, tmp_path):
    spark.conf.set("spark.sql.warehouse.dir", str(tmp_path / "warehouse"))
    spark.sql("CREATE DATABASE IF NOT EXISTS silver")
    spark.createDataFrame([(1, "a", 10)], DDL).write.format("delta").saveAsTable("silver.customers")

    table = DeltaTable.forName(spark, "silver.customers")
    table.update("id = 1", {"name": "'renamed'"})

    assert rows_of(spark.table("silver.customers")) == [(1, "renamed", 10)]


def test_for_name_accepts_delta_path_identifiers(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])

    assert rows_of(DeltaTable.forName(spark, f"delta.`{path}`").toDF()) == [(1, "a", 10)]


def test_for_name_of_a_missing_or_non_delta_table_is_a_clear_error(spark, tmp_path):
    spark.conf.set("spark.sql.warehouse.dir", str(tmp_path / "warehouse"))
    spark.createDataFrame([(1,)], "id INT").write.format("parquet").saveAsTable("plain_parquet")

    with pytest.raises(AnalysisException, match="not found"):
        DeltaTable.forName(spark, "no_such_table")
    with pytest.raises(AnalysisException, match="not a Delta table"):
        DeltaTable.forName(spark, "plain_parquet")


# --- maintenance ------------------------------------------------------------------------------


def test_detail_reports_location_and_files(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)], [(2, "b", 20)])

    detail = DeltaTable.forPath(spark, path).detail().collect()[0]

    assert (detail.format, detail.location, detail.numFiles) == ("delta", path, 2)
    assert detail.sizeInBytes > 0 and detail.partitionColumns == []


def test_optimize_compacts_small_files_without_changing_rows(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)], [(2, "b", 20)], [(3, "c", 30)])
    table = DeltaTable.forPath(spark, path)

    metrics = table.optimize().executeCompaction().collect()[0].metrics

    assert metrics["numFilesRemoved"] == "3" and metrics["numFilesAdded"] == "1"
    assert table.detail().collect()[0].numFiles == 1
    assert current(spark, path) == [(1, "a", 10), (2, "b", 20), (3, "c", 30)]
    table.optimize().executeZOrderBy("amount")
    assert current(spark, path) == [(1, "a", 10), (2, "b", 20), (3, "c", 30)]


def test_vacuum_keeps_recent_files_and_deletes_old_ones_when_allowed(spark, tmp_path):
    path = make_table(spark, tmp_path / "t", [(1, "a", 10)])
    spark.createDataFrame([(2, "b", 20)], DDL).write.format("delta").mode("overwrite").save(path)
    table = DeltaTable.forPath(spark, path)

    with pytest.raises(AnalysisException, match="retention"):
        table.vacuum(0)
    spark.conf.set("spark.databricks.delta.retentionDurationCheck.enabled", "false")
    try:
        deleted = table.vacuum(0).collect()
    finally:
        spark.conf.set("spark.databricks.delta.retentionDurationCheck.enabled", "true")

    assert len(deleted) == 1
    assert current(spark, path) == [(2, "b", 20)]


# --- packaging --------------------------------------------------------------------------------


def test_package_loads_as_top_level_delta_without_the_service_package():
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(RUNNER_DIR)!r})\n"
        "import deltacompat\n"
        "sys.modules['delta'] = deltacompat\n"
        "sys.modules['delta.tables'] = deltacompat.tables\n"
        "from delta.tables import DeltaTable\n"
        "assert DeltaTable.__module__ == 'deltacompat.tables'\n"
        "assert not [m for m in sys.modules if m == 'service' or m.startswith('service.')]\n"
        "assert 'flask' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
