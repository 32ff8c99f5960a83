"""Invites go out by e-mail through a real SMTP server, or are logged without one."""

from __future__ import annotations

import email
import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from service import create_app
from service.outbox import sender
from service.outbox.invite_email import invite_message
from tests.conftest import make_tenant
from tests.flows import invite, portal_principal
from tests.outbox.conftest import deliveries

SMTP_USER, SMTP_PASSWORD = "mailer", "p@ss word"

# The test server takes a login without TLS on purpose: it only listens on loopback.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        SMTP_USER.encode(), SMTP_PASSWORD.encode())
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on a free loopback port that requires a login."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_authenticate,
                            auth_required=True, auth_require_tls=False)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def mail_app(settings, smtp_server):
    """The app configured to send through the test SMTP server (with user and password)."""
    _, port = smtp_server
    url = f"smtp://{SMTP_USER}:p%40ss%20word@127.0.0.1:{port}"
    app = create_app(settings.model_copy(update={"smtp_url": url}))
    yield app
    app.extensions["grader.db"].dispose()


def test_the_invite_is_mailed_with_text_and_html_both_holding_the_link(mail_app, smtp_server):
    inbox, _ = smtp_server
    services = mail_app.extensions["grader.services"]
    tenant = make_tenant(mail_app, "Org A")
    interview, token = invite(services, portal_principal(services, tenant.keys["portal"]),
                              email="Ada@Example.com", name="Ada <Lovelace>")

    assert sender.send_due(services) == 1

    [(recipients, message)] = inbox.messages
    assert recipients == ["ada@example.com"]
    assert message["To"] == "ada@example.com"
    assert message["From"] == services.settings.smtp_from
    assert message["Subject"] == "Your interview invitation"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    url = services.invite_url(token)
    assert url in text and url in html
    assert "Ada <Lovelace>" in text
    assert "Ada &lt;Lovelace&gt;" in html and "<Lovelace>" not in html
    [delivery] = deliveries(services, channel="email")
    assert (delivery.status, delivery.interview_id) == ("delivered", interview.id)
    assert token not in delivery.payload  # the stored message is sealed


def test_an_unreachable_smtp_server_leaves_the_invite_queued_for_a_retry(settings):
    url = f"smtp://127.0.0.1:{_free_port()}"  # nothing listens there
    app = create_app(settings.model_copy(update={"smtp_url": url}))
    try:
        services = app.extensions["grader.services"]
        tenant = make_tenant(app, "Org A")
        invite(services, portal_principal(services, tenant.keys["portal"]))
        assert sender.send_due(services) == 0
        [delivery] = deliveries(services, channel="email")
    finally:
        app.extensions["grader.db"].dispose()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "Connection" in delivery.last_error


def test_without_smtp_the_invite_url_is_logged(services, tenant, caplog):
    caplog.set_level(logging.WARNING, logger="service.interviews")

    _, token = invite(services, portal_principal(services, tenant.keys["portal"]))

    assert services.invite_url(token) in caplog.text
    assert deliveries(services, channel="email") == []


def test_the_invite_message_names_the_link_and_its_expiry():
    expires = datetime(2030, 5, 17, 9, 30, tzinfo=UTC)
    message = invite_message(None, "https://grader.example/i/gi_abc?x=1&y=2", expires)

    assert message["subject"] == "Your interview invitation"
    assert message["text"].startswith("Hello,\n")
    assert "https://grader.example/i/gi_abc?x=1&y=2" in message["text"]
    assert 'href="https://grader.example/i/gi_abc?x=1&amp;y=2"' in message["html"]
    assert "2030-05-17 09:30 UTC" in message["text"]
    assert "2030-05-17 09:30 UTC" in message["html"]
