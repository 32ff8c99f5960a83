"""The invite e-mail a candidate receives: plain text and HTML, the invite link in both."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

SUBJECT = "Your interview invitation"


def invite_message(name: str | None, url: str, expires_at: datetime) -> dict[str, str]:
    """`{"subject", "text", "html"}` of an invite to `url`, open until `expires_at`."""
    moment = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
    deadline = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    greeting = f"Hello {name}," if name else "Hello,"
    text = (
        f"{greeting}\n\n"
        "You are invited to a technical interview: a few data-engineering scenarios to answer "
        "in writing or in code, at your own pace.\n\n"
        f"Start here: {url}\n\n"
        f"The link is personal and works until {deadline}.\n"
    )
    html_greeting = f"Hello {escape(name)}," if name else "Hello,"
    link = escape(url, quote=True)
    html = (
        "<!DOCTYPE html>\n<html><body>\n"
        f"<p>{html_greeting}</p>\n"
        "<p>You are invited to a technical interview: a few data-engineering scenarios to "
        "answer in writing or in code, at your own pace.</p>\n"
        f'<p><a href="{link}">Start the interview</a><br>{link}</p>\n'
        f"<p>The link is personal and works until {deadline}.</p>\n"
        "</body></html>\n"
    )
    return {"subject": SUBJECT, "text": text, "html": html}
