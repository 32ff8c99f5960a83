"""`grader serve` and `grader db …`: run the service and manage its schema."""

from __future__ import annotations

import click
from gunicorn.app.base import BaseApplication

from service.content.bank import InvalidContent
from service.settings import Settings
from service.store import code_jobs, migrate


class _Gunicorn(BaseApplication):
    """Gunicorn serving an app created once in the master (content checked before forking)."""

    def __init__(self, app, options: dict) -> None:
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return self._app


@click.command()
@click.option("--host", default=None, help="Bind address (default: GRADER_HOST, 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: GRADER_PORT, 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Upgrade the database schema, then serve the API with gunicorn."""
    from service import create_app
    from service.api.code_jobs import RUNNER_KEY

    settings = Settings()
    migrate.upgrade(settings.database_url)
    try:
        app = create_app(settings)
    except InvalidContent as exc:
        raise click.ClickException(f"refusing to start on invalid content:\n{exc}") from exc
    abandoned = code_jobs.abandon_unfinished(app.extensions["grader.db"])
    if abandoned:
        click.echo(f"closed {abandoned} code jobs left unfinished by the last run", err=True)
    options = {
        "bind": f"{host or settings.host}:{port or settings.port}",
        "workers": settings.workers,
        "threads": settings.threads,
        "worker_class": "gthread",
        "accesslog": "-",
        "timeout": 120,
        # warm sandboxes belong to the worker that uses them: start them after the fork
        "post_worker_init": lambda _worker: app.extensions[RUNNER_KEY].start(),
    }
    _Gunicorn(app, options).run()


@click.group()
def db() -> None:
    """Database schema migrations (Alembic)."""


@db.command()
@click.option("--revision", default="head", show_default=True)
def upgrade(revision: str) -> None:
    """Upgrade the schema of GRADER_DATABASE_URL."""
    migrate.upgrade(Settings().database_url, revision)
    click.echo(f"database upgraded to {revision}")


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Downgrade the schema of GRADER_DATABASE_URL to REVISION (e.g. base)."""
    migrate.downgrade(Settings().database_url, revision)
    click.echo(f"database downgraded to {revision}")
