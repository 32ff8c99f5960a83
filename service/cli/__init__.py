"""The `grader` command line: one click group, one module per area."""

from __future__ import annotations

import atexit
import gc

import click

from service.cli.accounts import assessments, keys, orgs
from service.cli.code import grade_code
from service.cli.content import lint
from service.cli.regrade import analytics, regrade
from service.cli.scoring import evaluate, score
from service.cli.server import db, serve
from service.cli.users import users
from service.cli.worker import worker

# Commands whose work is bounded (the bank, one answer): reference counting frees what they
# drop, and the few cycles they make die with the process, so the cycle collector only costs time.
_BOUNDED_COMMANDS = frozenset({"lint", "score"})


@click.group()
@click.pass_context
def main(context: click.Context) -> None:
    """interview-grader: grade mock data-engineering interviews without LLMs."""
    # When the command ends, the interpreter's last garbage collection would walk every object
    # loaded (~0.3 s); freezing them skips that walk. The process is exiting, so nothing is kept
    # longer; files and connections are closed by their owners, not the collector.
    atexit.register(gc.freeze)
    if context.invoked_subcommand in _BOUNDED_COMMANDS:
        gc.disable()
    else:
        # Loading spaCy and compiling rubrics allocate millions of long-lived objects: with the
        # default thresholds the collector walks them over and over (a tenth of `grader lint`'s
        # time). Collect less often, as mypy does for the same reason.
        gc.set_threshold(200_000, 30, 30)


main.add_command(serve)
main.add_command(db)
main.add_command(lint)
main.add_command(score)
main.add_command(evaluate)
main.add_command(grade_code)
main.add_command(orgs)
main.add_command(keys)
main.add_command(assessments)
main.add_command(users)
main.add_command(worker)
main.add_command(regrade)
main.add_command(analytics)
