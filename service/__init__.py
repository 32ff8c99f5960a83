"""interview-grader: grades mock data-engineering interviews without LLMs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from service.settings import Settings

if TYPE_CHECKING:
    from apiflask import APIFlask


def create_app(settings: Settings | None = None) -> APIFlask:
    """Wire settings, content, storage and the HTTP layer into an app.

    Raises InvalidContent (one `file: field: problem` line each) on broken content and
    SchemaNotCurrent when the database needs `grader db upgrade`.
    """
    from apiflask import APIFlask

    from service import api
    from service.content.bank import load_valid_bank
    from service.store.content_versions import record_bank
    from service.store.db import make_engine, session_scope
    from service.store.migrate import check_current

    settings = settings or Settings()
    app = APIFlask(__name__, title="interview-grader", version="1", docs_path="/docs")
    app.config.update(MAX_CONTENT_LENGTH=settings.max_request_bytes, SPEC_FORMAT="json")
    bank = load_valid_bank(settings.scenarios_dir, settings.rubrics_dir)
    engine = make_engine(settings.database_url)
    check_current(engine)
    with session_scope(engine) as session:
        record_bank(session, bank)
    app.extensions.update(
        {"grader.settings": settings, "grader.bank": bank, "grader.db": engine}
    )
    api.init_app(app)
    return app
