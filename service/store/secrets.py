"""Random credentials (API keys, invite tokens) and the hashes that are all we store of them."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_secret(prefix: str) -> str:
    """A new credential: `prefix` plus 43 URL-safe random characters (256 bits)."""
    return f"{prefix}{secrets.token_urlsafe(32)}"


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest stored in place of a credential (they are random, not passwords)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def same_hash(secret: str, stored_hash: str) -> bool:
    """Constant-time check that `secret` hashes to `stored_hash`."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)
