"""`grader lint`: validate the scenario bank."""

from __future__ import annotations

from pathlib import Path

import click

from service.content.bank import Bank, load_bank
from service.settings import Settings


def configured_bank(only: str | None = None) -> Bank:
    """The bank from the configured content directories (problems included, not raised); with
    `only`, just that scenario and its rubric."""
    settings = Settings()
    return load_bank(settings.scenarios_dir, settings.rubrics_dir, only)


@click.command()
@click.option("--scenarios", "scenarios_dir", type=click.Path(path_type=Path), default=None)
@click.option("--rubrics", "rubrics_dir", type=click.Path(path_type=Path), default=None)
def lint(scenarios_dir: Path | None, rubrics_dir: Path | None) -> None:
    """Check every scenario and rubric; print `file: field: problem` lines, exit 1 on any."""
    settings = Settings()
    bank = load_bank(scenarios_dir or settings.scenarios_dir, rubrics_dir or settings.rubrics_dir)
    for problem in bank.problems:
        click.echo(str(problem))
    if bank.problems:
        raise SystemExit(1)
    click.echo(f"ok: {len(bank.entries)} scenarios")
