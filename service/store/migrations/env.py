"""Alembic environment: runs migrations against the URL set by service.store.migrate."""

from alembic import context
from sqlmodel import SQLModel

import service.store.tables  # noqa: F401 - registers every table on the metadata
from service.store.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    """Run online migrations with a connection from our own engine factory."""
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
