"""`grader users add`: accounts created from the shell, on SQLite and PostgreSQL."""

from __future__ import annotations

from click.testing import CliRunner
from sqlmodel import Session, select

from service.cli import main
from service.store.db import make_engine, session_scope
from service.store.keys import create_org
from service.store.users import User, check_password

PASSWORD = "a long enough password"


def _org(database_url: str) -> str:
    with session_scope(make_engine(database_url)) as session:
        return create_org(session, "Org").id


def _add(database_url: str, *args: str, stdin: str):
    return CliRunner().invoke(main, ["users", "add", *args], input=stdin,
                              env={"GRADER_DATABASE_URL": database_url})


def test_add_with_password_on_stdin_prints_only_the_id(database_url):
    org_id = _org(database_url)
    result = _add(database_url, "--org", org_id, "--email", "Ivy@Example.org", "--role", "admin",
                  "--password-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    user_id = result.stdout.strip()
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        user = check_password(session, "ivy@example.org", PASSWORD)
        assert user is not None and user.id == user_id and user.role == "admin"
        assert check_password(session, "ivy@example.org", "another password") is None
    with Session(engine) as session:
        stored = session.exec(select(User)).one()
    assert stored.email == "ivy@example.org" and stored.password_hash.startswith("$argon2id$")


def test_add_asks_for_the_password_twice(database_url):
    org_id = _org(database_url)
    mismatch = _add(database_url, "--org", org_id, "--email", "a@example.org",
                    stdin=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n")
    assert mismatch.exit_code == 0, mismatch.output
    assert "do not match" in mismatch.stderr
    assert PASSWORD not in mismatch.output


def test_add_refuses_short_passwords_taken_emails_and_unknown_orgs(database_url):
    org_id = _org(database_url)
    short = _add(database_url, "--org", org_id, "--email", "b@example.org", "--password-stdin",
                 stdin="short\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.stderr
    first = _add(database_url, "--org", org_id, "--email", "b@example.org", "--password-stdin",
                 stdin=PASSWORD + "\n")
    assert first.exit_code == 0
    again = _add(database_url, "--org", org_id, "--email", "B@example.org", "--password-stdin",
                 stdin=PASSWORD + "\n")
    assert again.exit_code == 1 and "exists" in again.stderr
    nowhere = _add(database_url, "--org", "nope", "--email", "c@example.org",
                   "--password-stdin", stdin=PASSWORD + "\n")
    assert nowhere.exit_code == 1 and "no organisation" in nowhere.stderr
    wrong_role = _add(database_url, "--org", org_id, "--email", "d@example.org", "--role",
                      "portal", "--password-stdin", stdin=PASSWORD + "\n")
    assert wrong_role.exit_code == 2
