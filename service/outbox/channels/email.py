"""E-mail deliveries: the sealed `{subject, text, html}` sent as multipart/alternative over
GRADER_SMTP_URL."""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.utils import formatdate

from service.interviews.services import Services
from service.outbox.errors import unseal
from service.outbox.smtp import parse_smtp_url, send_message
from service.store.models import Delivery


def build_message(services: Services, delivery: Delivery) -> EmailMessage:
    """The e-mail of a delivery: plain text first, HTML as the preferred alternative."""
    content = json.loads(unseal(services.sealer, delivery.payload, "message"))
    message = EmailMessage()
    message["Subject"] = content["subject"]
    message["From"] = services.settings.smtp_from
    message["To"] = delivery.target
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = f"<{delivery.id}@interview-grader>"
    message.set_content(content["text"])
    message.add_alternative(content["html"], subtype="html")
    return message


def send(services: Services, delivery: Delivery) -> None:
    """Send the e-mail; raises when SMTP is not configured or the server refuses it."""
    settings = services.settings
    if not settings.smtp_url:
        raise RuntimeError("GRADER_SMTP_URL is not set; the e-mail waits until it is")
    send_message(parse_smtp_url(settings.smtp_url), build_message(services, delivery),
                 settings.delivery_timeout_seconds)
