"""`grader orgs`, `grader keys` and `grader assessments`: operator commands on the database of
GRADER_DATABASE_URL (current schema). Results go to stdout, one line; messages to stderr."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

ROLE_CHOICES = ("portal", "interviewer", "admin")


@contextmanager
def _session() -> Iterator:
    """A transaction on the configured database; unknown organisations become clean errors."""
    from service.settings import Settings
    from service.store.db import make_engine, session_scope
    from service.store.keys import UnknownOrganisation

    engine = make_engine(Settings().database_url)
    try:
        with session_scope(engine) as session:
            yield session
    except UnknownOrganisation as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.dispose()


@click.group()
def orgs() -> None:
    """Organisations (customers)."""


@orgs.command("create")
@click.argument("name")
def create_org(name: str) -> None:
    """Create an organisation; prints its id."""
    from service.store.keys import create_org as add_org

    if not name.strip():
        raise click.BadParameter("must not be blank", param_hint="NAME")
    with _session() as session:
        org = add_org(session, name.strip())
    click.echo(org.id)


@click.group()
def keys() -> None:
    """API keys of an organisation."""


@keys.command("create")
@click.option("--org", "org_id", required=True, help="Organisation id.")
@click.option("--role", required=True, type=click.Choice(ROLE_CHOICES))
@click.option("--label", default="", help="What the key is for.")
def create_key(org_id: str, role: str, label: str) -> None:
    """Create a key; prints the key once (only its hash is stored)."""
    from service.store.keys import create_key as add_key

    with _session() as session:
        row, secret = add_key(session, org_id, role, label)
    click.echo(f"created {role} key {row.id} (prefix {row.prefix}); it is shown only once",
               err=True)
    click.echo(secret)


@keys.command("list")
@click.option("--org", "org_id", required=True, help="Organisation id.")
def list_keys(org_id: str) -> None:
    """List the organisation's keys (never the keys themselves), tab-separated."""
    from service.store.keys import get_org
    from service.store.keys import list_keys as org_keys

    with _session() as session:
        get_org(session, org_id)
        rows = org_keys(session, org_id)
    click.echo("id\tprefix\trole\tlabel\tcreated\tlast_used\trevoked")
    for row in rows:
        cells = (row.id, row.prefix, row.role, row.label, row.created_at, row.last_used_at,
                 row.revoked_at)
        click.echo("\t".join("-" if c is None else str(c) for c in cells))


@keys.command("revoke")
@click.argument("key_id")
def revoke_key(key_id: str) -> None:
    """Revoke a key: it stops working at once."""
    from service.store.keys import revoke_key as revoke

    with _session() as session:
        row = revoke(session, key_id)
    if row is None:
        raise click.ClickException(f"no API key with id '{key_id}'")
    click.echo(f"revoked key {row.id}", err=True)


@click.group()
def assessments() -> None:
    """Assessments: named, ordered lists of scenarios."""


@assessments.command("create")
@click.option("--org", "org_id", required=True, help="Organisation id.")
@click.option("--name", required=True, help="Assessment name.")
@click.argument("scenario_ids", nargs=-1, required=True)
def create_assessment(org_id: str, name: str, scenario_ids: tuple[str, ...]) -> None:
    """Create an assessment of SCENARIO_IDs (in order); prints its id."""
    from service.cli.content import configured_bank
    from service.interviews.assessments import new_assessment
    from service.interviews.errors import Invalid
    from service.store.keys import get_org

    try:
        with _session() as session:
            get_org(session, org_id)
            row = new_assessment(session, configured_bank(), org_id, name, list(scenario_ids),
                                 "operator")
    except Invalid as exc:
        raise click.ClickException(f"{exc.field}: {exc.message}") from exc
    click.echo(row.id)
