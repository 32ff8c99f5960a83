"""Failures a channel reports to the sender."""

from __future__ import annotations

from cryptography.fernet import InvalidToken

from service.store.sealed import Sealer


class Undeliverable(Exception):
    """Retrying cannot help (the webhook endpoint was disabled, the interview is gone, a sealed
    secret no longer opens): the sender marks the delivery failed at once."""


def unseal(sealer: Sealer, sealed: str, what: str) -> str:
    """Open a stored sealed value; Undeliverable when the server's secret key has changed."""
    try:
        return sealer.open(sealed)
    except InvalidToken:
        raise Undeliverable(f"the {what} was sealed under another secret key") from None
