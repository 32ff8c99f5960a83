"""`grader users add`: interviewer accounts of the web pages."""

from __future__ import annotations

import sys

import click

from service.settings import Settings


@click.group()
def users() -> None:
    """Interviewer accounts (sign-in to the web pages)."""


@users.command("add")
@click.option("--org", "org_id", required=True, help="Organisation id.")
@click.option("--email", required=True, help="Sign-in e-mail (unique).")
@click.option("--role", type=click.Choice(["interviewer", "admin"]), default="interviewer",
              show_default=True)
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
def add(org_id: str, email: str, role: str, password_stdin: bool) -> None:
    """Create an account; prints its id. The password is asked twice unless --password-stdin."""
    from service.store.db import make_engine, session_scope
    from service.store.keys import UnknownOrganisation
    from service.store.users import AccountError, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True,
                                err=True)
    engine = make_engine(Settings().database_url)
    try:
        with session_scope(engine) as session:
            user = create_user(session, org_id, email, role, password)
    except (AccountError, UnknownOrganisation) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.dispose()
    click.echo(user.id)
