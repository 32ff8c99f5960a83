"""The `grader` command line: one click group, one module per area."""

from __future__ import annotations

import click

from service.cli.content import lint
from service.cli.server import db, serve


@click.group()
def main() -> None:
    """interview-grader: grade mock data-engineering interviews without LLMs."""


main.add_command(serve)
main.add_command(db)
main.add_command(lint)
