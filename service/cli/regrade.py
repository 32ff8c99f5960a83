"""`grader regrade` (rescore stored written answers, report the drift, optionally store) and
`grader analytics` (item analytics and reviewer agreement). Both run on Spark: local JVM pyspark
by default, or the Spark Connect endpoint in GRADER_SPARK_REMOTE; `--engine loop` runs them in
this process. Heavy imports stay inside the commands."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

ENGINES = click.Choice(["spark", "loop"])
SINCE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]


def _open(engine_kind: str, requested: tuple[str, ...]) -> tuple[Any, Any, list[str], Any, Any]:
    """Settings, bank, the validated scenario ids, database and engine of a batch command."""
    from service.content.bank import load_valid_bank
    from service.regrade.run import UnknownScenario, written_scenarios
    from service.settings import Settings
    from service.spark.engines import open_engine
    from service.store.db import make_engine
    from service.store.migrate import check_current

    settings = Settings()
    bank = load_valid_bank(settings.scenarios_dir, settings.rubrics_dir)
    try:
        ids = written_scenarios(bank, list(requested))
    except UnknownScenario as error:
        raise click.BadParameter(str(error), param_hint="--scenario") from error
    db = make_engine(settings.database_url)
    check_current(db)
    return settings, bank, ids, db, open_engine(engine_kind, settings.spark_remote)


@click.command("regrade")
@click.option("--scenario", "scenario_ids", multiple=True, help="Only this scenario (repeat).")
@click.option("--since", type=click.DateTime(SINCE_FORMATS), default=None,
              help="Only answers received at or after this UTC date/time.")
@click.option("--apply", is_flag=True, help="Store new results (default: report only).")
@click.option("--json", "as_json", is_flag=True, help="Print the drift report as JSON.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Save a histogram of the score changes (PNG).")
@click.option("--engine", "engine_kind", type=ENGINES, default="spark", show_default=True,
              help="spark: local JVM or GRADER_SPARK_REMOTE; loop: this process only.")
def regrade(scenario_ids: tuple[str, ...], since: datetime | None, apply: bool, as_json: bool,
            plot: Path | None, engine_kind: str) -> None:
    """Rescore stored written answers with the current rubrics and engine; print the drift
    (pass↔fail flips, score changes, criteria that moved, biggest movers)."""
    from service.regrade.run import regrade as run_regrade

    settings, bank, ids, db, engine = _open(engine_kind, scenario_ids)
    try:
        run = run_regrade(
            db, bank, engine, scenario_ids=ids, apply=apply,
            since=since.replace(tzinfo=UTC) if since else None,
            actor=f"cli:{getpass.getuser()}"[:80], staging_root=settings.spark_staging_dir,
        )
    finally:
        engine.close()
        db.dispose()
    if plot is not None:
        from service.analytics.plots import save_change_histogram

        save_change_histogram(run.drift.histogram(), plot,
                              f"score changes of {run.drift.n} answers (run {run.run_id})")
    if as_json:
        click.echo(json.dumps({
            "run_id": run.run_id, "engine": run.engine, "applied": run.applied,
            "answers": run.drift.n, "new_results": run.written, "scenarios": run.drift.as_json(),
        }))
        return
    click.echo(run.drift.table())
    done = f"{run.written} new results stored" if apply else "nothing stored (use --apply)"
    click.echo(f"{run.drift.n} answers regraded on {run.engine}; {done}; run {run.run_id}")
    if plot is not None:
        click.echo(f"plot saved to {plot}")


def _analytics_text(items: list[dict[str, Any]]) -> str:
    lines = []
    for item in items:
        lines.append(f"{item['scenario_id']}: n={item['n']} mean={item['mean']} "
                     f"pass rate={item['pass_rate']}")
        lines.append("  scores: " + " ".join(f"{b['from']}-{b['to']}:{b['count']}"
                                             for b in item["histogram"]))
        for c in item["criteria"]:
            lines.append(f"  criterion {c['criterion_id']:<28} difficulty {c['difficulty']}"
                         f"  discrimination {c['discrimination']}")
        for c in item["concepts"]:
            lines.append(f"  concept {c['concept']:<30} passing {c['passing']}  "
                         f"failing {c['failing']}")
        if item["never_matched"]:
            lines.append("  never matched: " + ", ".join(item["never_matched"]))
        agreement = item["agreement"]
        if agreement:
            lines.append(
                f"  reviews n={agreement['n']} pearson={agreement['pearson']} "
                f"qwk={agreement['qwk']} best threshold={agreement['best_threshold']} "
                f"(accuracy {agreement['accuracy_at_best_threshold']}, at the pass score "
                f"{agreement['accuracy_at_pass_score']})"
            )
    return "\n".join(lines) or "(no graded written answers)"


@click.command("analytics")
@click.option("--scenario", "scenario_ids", multiple=True, help="Only this scenario (repeat).")
@click.option("--json", "as_json", is_flag=True, help="Print the analytics as JSON.")
@click.option("--plot", "plot_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Save one PNG per scenario into this directory.")
@click.option("--engine", "engine_kind", type=ENGINES, default="spark", show_default=True,
              help="spark: local JVM or GRADER_SPARK_REMOTE; loop: this process only.")
def analytics(scenario_ids: tuple[str, ...], as_json: bool, plot_dir: Path | None,
              engine_kind: str) -> None:
    """Per scenario: scores, criterion difficulty and discrimination, concept matches and the
    agreement of automatic with reviewed scores."""
    from service.regrade.run import analyse

    settings, bank, ids, db, engine = _open(engine_kind, scenario_ids)
    try:
        items = analyse(db, bank, engine, scenario_ids=ids,
                        staging_root=settings.spark_staging_dir).as_json()
    finally:
        engine.close()
        db.dispose()
    if plot_dir is not None:
        from service.analytics.plots import save_scenario_charts

        plot_dir.mkdir(parents=True, exist_ok=True)
        for item in items:
            save_scenario_charts(item, plot_dir / f"{item['scenario_id']}.png")
    click.echo(json.dumps(items) if as_json else _analytics_text(items))
