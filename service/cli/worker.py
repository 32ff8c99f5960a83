"""`grader worker`: the Celery worker of a deployment with GRADER_BROKER_URL."""

from __future__ import annotations

import click

from service.settings import Settings


@click.command()
@click.option(
    "--concurrency", type=click.IntRange(min=1), default=None,
    help="Code jobs graded at once by this process (default: GRADER_CODE_POOL_SIZE).",
)
@click.option("--loglevel", default="INFO", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False))
def worker(concurrency: int | None, loglevel: str) -> None:
    """Grade code, send deliveries and schedule expiry and sweeps, for the `grader serve`
    processes sharing GRADER_DATABASE_URL and GRADER_BROKER_URL. Run any number, on any hosts."""
    from service.content.bank import InvalidContent
    from service.worker.celery_app import visibility_timeout
    from service.worker.main import run_worker

    settings = Settings()
    if not settings.broker_url:
        raise click.ClickException("set GRADER_BROKER_URL (redis://host:port/N) to run workers")
    try:
        visibility_timeout(settings)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        run_worker(settings, concurrency or settings.code_pool_size, loglevel.upper())
    except InvalidContent as exc:
        raise click.ClickException(f"refusing to start on invalid content:\n{exc}") from exc
