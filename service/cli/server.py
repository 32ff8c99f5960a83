"""`grader serve` and `grader db …`: run the service and manage its schema.

The web server and the database layer are imported by the commands that use them, so that the
other `grader` commands start fast.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable

import click

from service.settings import Settings


@click.command()
@click.option("--host", default=None, help="Bind address (default: GRADER_HOST, 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: GRADER_PORT, 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Upgrade the database schema, then serve the API with Granian. Without a broker this
    process also grades code and runs the background loop; with GRADER_BROKER_URL it only
    stores and enqueues (`grader worker` does the rest)."""
    from service import create_app
    from service.cli.granian_app import serve_app
    from service.content.bank import InvalidContent
    from service.interviews import grading
    from service.store import migrate

    settings = Settings()
    migrate.upgrade(settings.database_url)
    try:
        app = create_app(settings)
    except InvalidContent as exc:
        raise click.ClickException(f"refusing to start on invalid content:\n{exc}") from exc
    services = app.extensions["grader.services"]
    embedded = not grading.distributed(services)
    if embedded:
        _recover(services)
    else:
        click.echo("broker set: code is graded and deliveries sent by `grader worker`", err=True)
    # What was loaded so far (content, spaCy, the app) lives as long as the workers: keep it out
    # of their garbage collections, which then scan only what requests allocate (and pages
    # shared with the forked workers stay shared).
    gc.freeze()
    serve_app(app, host or settings.host, port or settings.port, settings,
              stop_timeout(settings, embedded),
              on_worker_start=lambda: start_worker(services, embedded))


def stop_timeout(settings: Settings, embedded: bool) -> int:
    """Whole seconds a web worker has to stop before it is killed: `GRADER_STOP_TIMEOUT_SECONDS`,
    else enough for the code runs an embedded worker finishes as it stops."""
    from service.interviews.grading import longest_job

    seconds = settings.stop_timeout_seconds
    if seconds is None:
        seconds = (longest_job(settings).total_seconds() if embedded else 0) + 30
    return math.ceil(seconds)


def start_worker(services, embedded: bool) -> Callable[[], None]:
    """In each web worker after the fork: database connections of its own; embedded, also
    warm the sandbox pool (warm sandboxes belong to the process that uses them) and start the
    background loop. Returns what the worker runs as it exits: stop the loop, finish the code
    runs under way and end the warm sandboxes (their cgroups and UIDs are given back)."""
    from service.worker.loop import BackgroundLoop

    # The pool holds connections the master made (loading content, recovering jobs): forget
    # them without closing them. Two processes on one connection mix their transactions (under
    # load on PostgreSQL a worker found a connection "in transaction" it had not begun).
    services.db.dispose(close=False)
    if embedded:
        services.runner.start()
        loop = BackgroundLoop(services)
        loop.start()

        def stop() -> None:
            loop.stop()
            services.runner.shutdown(wait=True)

        return stop
    return lambda: None


def _recover(services) -> None:
    """Embedded mode, before serving: no sandbox runs yet, so every job left running by the
    last stop is queued again (and graded by the background loop's sweep)."""
    from service.interviews import grading
    from service.store import code_jobs

    abandoned = code_jobs.abandon_unfinished(services.db)
    if abandoned:
        click.echo(f"closed {abandoned} code jobs whose code was never stored", err=True)
    requeued = grading.requeue_interrupted(services)
    if requeued:
        click.echo(f"{requeued} code jobs interrupted by the last stop are graded again", err=True)


@click.group()
def db() -> None:
    """Database schema migrations (Alembic)."""


@db.command()
@click.option("--revision", default="head", show_default=True)
def upgrade(revision: str) -> None:
    """Upgrade the schema of GRADER_DATABASE_URL."""
    from service.store import migrate

    migrate.upgrade(Settings().database_url, revision)
    click.echo(f"database upgraded to {revision}")


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Downgrade the schema of GRADER_DATABASE_URL to REVISION (e.g. base)."""
    from service.store import migrate

    migrate.downgrade(Settings().database_url, revision)
    click.echo(f"database downgraded to {revision}")
