"""`grader score` (score a written answer) and `grader eval` (agreement with human grades).

The evaluation layer (numpy, scipy, scikit-learn, matplotlib, tqdm) is imported by `grader eval`
only, so that `grader score` starts fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from service.cli.content import configured_bank
from service.content.models import Kind

if TYPE_CHECKING:
    from service.evaluation.evaluate import Scored
    from service.scoring import Breakdown


def _breakdown_text(breakdown: Breakdown) -> str:
    verdict = "PASS" if breakdown.passed else "FAIL"
    lines = [f"score {breakdown.score:.2f} / 100  ({verdict}, pass at {breakdown.pass_score:g})"]
    for c in breakdown.criteria:
        lines.append(f"  {c.points_earned:6.2f} / {c.points_possible:<6g} {c.title}")
        for e in c.matched:
            how = f"{e.kind} {e.similarity:g}%" if e.similarity is not None else e.kind
            if e.words:
                how += f": {' + '.join(e.words)}"
            lines.append(f"      + {e.concept}: {e.text!r} [{e.start}:{e.end}] ({how})")
        for e in c.negated:
            lines.append(f"      ~ {e.concept}: {e.text!r} negated by {e.negated_by!r}")
        if c.missing:
            lines.append(f"      - missing: {', '.join(c.missing)}")
    for m in breakdown.misconceptions:
        state = "negated, no deduction" if m.negated else f"-{m.deduction:g} points"
        lines.append(f"  misconception {m.id} ({state}): {m.feedback}")
    if breakdown.capped:
        lines.append(f"  capped at {breakdown.pass_score / 2:g}: {breakdown.capped}")
    raised = [name for name, on in breakdown.flags.model_dump().items() if on]
    lines.append(f"flags: {', '.join(raised) or 'none'}   engine {breakdown.engine_version}")
    return "\n".join(lines)


@click.command("score")
@click.argument("scenario_id")
@click.argument("answer", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--json", "as_json_output", is_flag=True, help="Print the full breakdown as JSON.")
def score(scenario_id: str, answer: IO[str], as_json_output: bool) -> None:
    """Score a written answer (FILE, or stdin with -) against SCENARIO_ID's rubric."""
    from service.scoring import score_answer

    entry = configured_bank(scenario_id).get(scenario_id)
    if entry is None:
        raise click.BadParameter(f"no scenario with id {scenario_id!r}", param_hint="SCENARIO_ID")
    if entry.scenario.kind is Kind.code:
        raise click.BadParameter(
            f"scenario {scenario_id!r} has no written part", param_hint="SCENARIO_ID"
        )
    breakdown = score_answer(entry.rubric, answer.read(), question=entry.scenario.prompt)
    if as_json_output:
        click.echo(json.dumps(breakdown.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        click.echo(_breakdown_text(breakdown))


def _scored(path: Path, what: str) -> list[Scored]:
    from tqdm import tqdm

    from service.evaluation.data import DataError, read_graded
    from service.evaluation.evaluate import score_items

    try:
        items = read_graded(path)
    except DataError as error:
        raise click.BadParameter(str(error), param_hint=what) from error
    bar = tqdm(items, desc=f"scoring {path.name}", unit="answer", leave=False)
    return list(score_items(items, progress=bar))


@click.command("eval")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--train", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="Graded answers to fit the threshold and linear mapping on (default: DATA itself).",
)
@click.option("--json", "as_json_output", is_flag=True, help="Print the metrics as one object.")
@click.option(
    "--plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Save a scatter plot of engine score against human score (PNG).",
)
def evaluate(data: Path, train: Path | None, as_json_output: bool, plot: Path | None) -> None:
    """Draft a rubric per question from DATA's reference answers, score every answer, and
    compare engine and baseline with the human scores."""
    from service.evaluation.evaluate import report
    from service.evaluation.plot import save_scatter
    from service.evaluation.report import as_json, as_text, fit_note, label_lines

    scored = _scored(data, "DATA")
    result = report(scored, _scored(train, "--train") if train is not None else None)
    if plot is not None:
        save_scatter(scored, plot, f"{data.name}: engine vs human (n={len(scored)})")
    if as_json_output:
        click.echo(json.dumps(as_json(result)))
        click.echo(fit_note(result), err=True)
        for line in label_lines(result):
            click.echo(line, err=True)
    else:
        click.echo(as_text(result))
        if plot is not None:
            click.echo(f"plot saved to {plot}")
