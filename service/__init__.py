"""interview-grader: grades mock data-engineering interviews without LLMs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from service.settings import Settings

if TYPE_CHECKING:  # the command line imports this package; Flask loads only with the app
    from apiflask import APIFlask

    from service.interviews.services import Services


def build_services(settings: Settings) -> Services:
    """Load the validated content, connect the database (its schema must be current), record
    the content version and build the sandbox pool: the Services bundle of the interview rules.

    Raises InvalidContent on broken content and SchemaNotCurrent on an old schema.
    """
    import logging

    from sqlalchemy.exc import IntegrityError

    from service.content.bank import load_valid_bank
    from service.interviews.services import Services
    from service.runner.pool import CodeRunner
    from service.store.content_versions import record_bank
    from service.store.db import make_engine, session_scope
    from service.store.migrate import check_current
    from service.store.sealed import Sealer, server_key

    bank = load_valid_bank(settings.scenarios_dir, settings.rubrics_dir)
    engine = make_engine(settings.database_url)
    check_current(engine)
    try:
        with session_scope(engine) as session:
            record_bank(session, bank)
    except IntegrityError:  # another process (web or worker host) recorded them meanwhile
        with session_scope(engine) as session:
            record_bank(session, bank)
    runner = CodeRunner(settings)
    logging.getLogger("service").warning("code runner: %s", runner.status)
    return Services(settings, bank, engine, runner, Sealer(server_key(settings)))


def create_app(settings: Settings | None = None) -> APIFlask:
    """Wire settings, content, storage, the JSON API and the web pages into an app.

    Raises InvalidContent (one `file: field: problem` line each) on broken content and
    SchemaNotCurrent when the database needs `grader db upgrade`.
    """
    from apiflask import APIFlask

    from service import api, web
    from service.store.sealed import server_key

    settings = settings or Settings()
    app = APIFlask(__name__, title="interview-grader", version="1", docs_path="/docs")
    app.config.update(MAX_CONTENT_LENGTH=settings.max_request_bytes, SPEC_FORMAT="json")
    services = build_services(settings)
    app.extensions.update({
        "grader.settings": settings, "grader.bank": services.bank, "grader.db": services.db,
        "grader.services": services,
    })
    api.init_app(app)
    web.init_app(app, settings, server_key(settings))
    return app
