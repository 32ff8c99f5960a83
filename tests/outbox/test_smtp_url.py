"""GRADER_SMTP_URL is parsed at start; a wrong one stops the service with a clear error."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.outbox.smtp import SmtpServer, parse_smtp_url
from service.settings import Settings


def test_a_full_url_gives_host_port_credentials_and_starttls():
    server = parse_smtp_url("smtp://mailer%40corp:s%3Acret@mail.example.com:587?starttls=true")
    assert server == SmtpServer(host="mail.example.com", port=587, starttls=True,
                                user="mailer@corp", password="s:cret")


def test_a_bare_host_uses_port_25_without_tls_or_login():
    assert parse_smtp_url("smtp://localhost") == SmtpServer(host="localhost", port=25)


@pytest.mark.parametrize("url, problem", [
    ("http://mail.example.com:25", "must look like smtp://"),
    ("smtp://:25", "no host"),
    ("smtp://mail.example.com:99999", "invalid port"),
    ("smtp://mail.example.com:25/inbox", "no path"),
    ("smtp://mail.example.com:25?tls=yes", "unknown options: tls"),
    ("smtp://mail.example.com:25?starttls=maybe", "starttls must be true or false"),
])
def test_a_wrong_url_is_refused_naming_the_variable(url, problem):
    with pytest.raises(ValueError, match=problem) as caught:
        parse_smtp_url(url)
    assert "GRADER_SMTP_URL" in str(caught.value)


def test_settings_refuse_a_wrong_url_without_echoing_the_password(monkeypatch):
    monkeypatch.setenv("GRADER_SMTP_URL", "smtp://mailer:hunter2@mail.example.com:25?x=1")
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert "GRADER_SMTP_URL" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_no_smtp_url_is_valid_and_means_invites_are_logged():
    assert Settings(smtp_url="").smtp_url == ""
