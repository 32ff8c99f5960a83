"""Outgoing secrets that must be sent again later (webhook signing secrets, Greenhouse keys) are
sealed with the server's secret key (Fernet: AES-128-CBC + HMAC-SHA256), never stored in clear."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

from service.settings import PROJECT_ROOT, Settings

KEY_FILE = PROJECT_ROOT / "var" / "secret.key"


def server_key(settings: Settings, key_file: Path = KEY_FILE) -> str:
    """GRADER_SECRET_KEY, or the random key kept in `key_file` (created 0600 on first use)."""
    if settings.secret_key:
        return settings.secret_key
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()


class Sealer:
    """Seals and opens short strings with a key derived from the server's secret key."""

    def __init__(self, secret_key: str) -> None:
        digest = hashlib.sha256(f"interview-grader:seal:{secret_key}".encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, value: str) -> str:
        """The sealed form of `value`, safe to store."""
        return self._fernet.encrypt(value.encode()).decode()

    def open(self, sealed: str) -> str:
        """The original value; raises cryptography's InvalidToken under another key."""
        return self._fernet.decrypt(sealed.encode()).decode()
