"""GRADER_SMTP_URL: `smtp://[user:password@]host[:port][?starttls=true]`, parsed and used."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORT = 25
FORM = "smtp://[user:password@]host:port[?starttls=true]"
TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no")


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to hand over mail."""

    host: str
    port: int
    starttls: bool = False
    user: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpServer:
    """The server an SMTP URL names; ValueError saying what is wrong (never echoing the
    password)."""
    parts = urlsplit(url.strip())
    if parts.scheme != "smtp":
        raise ValueError(f"GRADER_SMTP_URL must look like {FORM}")
    if not parts.hostname:
        raise ValueError(f"GRADER_SMTP_URL has no host; it must look like {FORM}")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise ValueError("GRADER_SMTP_URL has an invalid port (1-65535)") from None
    if parts.path not in ("", "/"):
        raise ValueError(f"GRADER_SMTP_URL takes no path; it must look like {FORM}")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - {"starttls"})
    if unknown:
        raise ValueError(f"GRADER_SMTP_URL has unknown options: {', '.join(unknown)}")
    starttls = query.get("starttls", ["false"])[-1].lower()
    if starttls not in TRUE + FALSE:
        raise ValueError("GRADER_SMTP_URL: starttls must be true or false")
    return SmtpServer(
        host=parts.hostname,
        port=port,
        starttls=starttls in TRUE,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def send_message(server: SmtpServer, message: EmailMessage, timeout: float) -> None:
    """Hand `message` to the server (STARTTLS and login when configured); raises on failure."""
    with smtplib.SMTP(server.host, server.port, timeout=timeout) as smtp:
        smtp.ehlo()
        if server.starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if server.user:
            smtp.login(server.user, server.password or "")
        smtp.send_message(message)
